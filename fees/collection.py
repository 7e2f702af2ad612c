"""Collection of arrears (催缴): recording an attempt and reading the follow-ups that are due.

Kept out of ``services.py``/``selectors.py`` while those are being worked on; the write is a
service like the others (atomic, validated, history user), the read a scoped selector.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk import roles
from frontdesk.history import stamp
from frontdesk.scoping import has_role
from owners.models import Unit

from .errors import FeesError
from .models import Charge, CollectionAttempt
from .selectors import OPEN, OUTSTANDING, arrears_for_unit

COLLECTION_ROLES = (roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR, roles.DIRECTOR)

# What the desk form fills in; everything else (who, when, the arrears) the service sets.
ATTEMPT_FIELDS = (
    "channel",
    "identity_shown",
    "contact_name",
    "owner_questions",
    "answered_on_spot",
    "contact_left",
    "promised_on",
    "outcome",
    "next_follow_up",
)


@transaction.atomic
def collection_attempt_record(*, actor, unit: Unit, **fields) -> CollectionAttempt:
    """Record one door-to-door visit or phone call about a unit's arrears.

    The arrears are copied as they stand now, so the record keeps what was asked for even
    after the unit pays.
    """
    unknown = set(fields) - set(ATTEMPT_FIELDS)
    if unknown:
        raise TypeError(f"unknown collection attempt fields: {sorted(unknown)}")
    if not has_role(actor, *COLLECTION_ROLES):
        raise FeesError(_("You may not record collection attempts."), code="forbidden")
    attempt = CollectionAttempt(unit=unit, recorded_by=actor, **fields)
    attempt.contact_name = attempt.contact_name.strip()
    attempt.contact_left = attempt.contact_left.strip()
    attempt.owner_questions = attempt.owner_questions.strip()
    _check_attempt(attempt, today=timezone.localdate())
    attempt.arrears_amount = arrears_for_unit(unit).amount
    attempt.full_clean()
    stamp(attempt, actor)
    attempt.save()
    return attempt


def _check_attempt(attempt: CollectionAttempt, *, today: datetime.date) -> None:
    Outcome = CollectionAttempt.Outcome
    reached = attempt.outcome != Outcome.UNREACHABLE
    if attempt.channel == CollectionAttempt.Channel.PHONE and reached and not attempt.contact_name:
        raise FeesError(
            _("Name the person you spoke with on the phone."),
            code="no_contact_name",
            field="contact_name",
        )
    if reached and not attempt.identity_shown:
        # The seed's first step, door or phone: say who you are and why you come or call.
        raise FeesError(
            _("Show your identity and state the purpose before asking for payment."),
            code="identity_not_shown",
            field="identity_shown",
        )
    if attempt.owner_questions and not attempt.answered_on_spot and not attempt.contact_left:
        raise FeesError(
            _("Answer the owner's questions on the spot, or leave a contact for the reply."),
            code="questions_unanswered",
            field="contact_left",
        )
    if attempt.outcome == Outcome.PROMISED and attempt.promised_on is None:
        raise FeesError(
            _("Enter the date the owner promised to pay."),
            code="no_promised_date",
            field="promised_on",
        )
    if attempt.promised_on is not None and attempt.promised_on < today:
        raise FeesError(
            _("The promised payment date cannot be in the past."),
            code="promised_in_past",
            field="promised_on",
        )
    if attempt.next_follow_up is not None and attempt.next_follow_up < today:
        raise FeesError(
            _("The next follow-up cannot be in the past."),
            code="follow_up_in_past",
            field="next_follow_up",
        )


def due_attempts(
    *, estate_ids: Iterable[int] | None, on: datetime.date | None = None
) -> QuerySet[CollectionAttempt]:
    """The latest attempt of each unit whose next follow-up is due on ``on`` (today) or
    before; ``estate_ids`` None means every estate.

    An older attempt's follow-up is superseded by any newer attempt on the same unit, so a
    unit appears at most once.
    """
    on = on or timezone.localdate()
    latest = CollectionAttempt.objects.filter(unit=OuterRef("unit")).order_by(
        "-contacted_at", "-id"
    )
    attempts = CollectionAttempt.objects.filter(next_follow_up__lte=on)
    if estate_ids is not None:
        attempts = attempts.filter(unit__estate_id__in=list(estate_ids))
    return attempts.filter(pk=Subquery(latest.values("pk")[:1]))


def follow_ups_due(
    *, estate_ids: Iterable[int] | None, on: datetime.date | None = None
) -> QuerySet[CollectionAttempt]:
    """``due_attempts`` for a page: with the unit, the recorder and what the unit owes now
    (``owed_now``), oldest follow-up first, in a fixed number of queries."""
    on = on or timezone.localdate()
    owed = (
        Charge.objects.filter(unit=OuterRef("unit"), status__in=OPEN, due_date__lte=on)
        .values("unit")
        .annotate(total=Sum(OUTSTANDING))
        .values("total")
    )
    return (
        due_attempts(estate_ids=estate_ids, on=on)
        .annotate(owed_now=Subquery(owed))
        .select_related("unit", "unit__estate", "recorded_by")
        .order_by("next_follow_up", "unit__code", "pk")
    )
