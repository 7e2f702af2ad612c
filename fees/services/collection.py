"""Collection of arrears (催缴): each door-to-door visit or phone call, as the seed lists it."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from owners.models import Unit

from .. import permissions, selectors
from ..errors import FeesError
from ..models import CollectionAttempt

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
    check_actor(
        actor,
        estate_id=unit.estate_id,
        roles=permissions.COLLECTION_ROLES,
        message=_("You may not record collection attempts."),
    )
    attempt = CollectionAttempt(unit=unit, recorded_by=actor, **fields)
    attempt.contact_name = attempt.contact_name.strip()
    attempt.contact_left = attempt.contact_left.strip()
    attempt.owner_questions = attempt.owner_questions.strip()
    _check_attempt(attempt, today=timezone.localdate())
    attempt.arrears_amount = selectors.arrears_for_unit(unit).amount
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
    if attempt.outcome != Outcome.PAID and attempt.next_follow_up is None:
        # An attempt that did not end in payment brings the unit back on the follow-up list:
        # a promise on the promised day, anything else on the day the collector chooses.
        if attempt.promised_on is None:
            raise FeesError(
                _("Set the next follow-up date: the unit still owes."),
                code="no_follow_up",
                field="next_follow_up",
            )
        attempt.next_follow_up = attempt.promised_on
    if attempt.next_follow_up is not None and attempt.next_follow_up < today:
        raise FeesError(
            _("The next follow-up cannot be in the past."),
            code="follow_up_in_past",
            field="next_follow_up",
        )
