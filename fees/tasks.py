"""Celery tasks of the fees app. Each is a sweep over the database: safe to run twice or late."""

import datetime
import logging
from urllib.parse import urlencode

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontdesk.maintenance import vacuum_tables
from frontdesk.models import Notification
from frontdesk.services import notification_send
from owners.models import Estate

from . import services
from .errors import FeesError
from .models import FeeType, UnitArrears
from .permissions import FOLLOW_UP_NOTICE_ROLES
from .selectors import due_attempts

logger = logging.getLogger(__name__)

NOTIFICATION_LINES = 10


@shared_task
def billing_sweep(period: str | None = None) -> dict[int, int]:
    """Bill the month of ``period`` (today) for every estate with an active property fee type.

    Billing is idempotent per unit and month, so a repeated or late run adds only what is
    missing. Each estate is billed on its own, in short batches that leave the desk's writes
    their turn: one that fails is logged and the others are still billed. Returns the charges
    created per estate id.
    """
    day = datetime.date.fromisoformat(period) if period else timezone.localdate()
    estate_ids = (
        FeeType.objects.filter(kind=FeeType.Kind.PROPERTY, active=True)
        .order_by("estate_id")
        .values_list("estate_id", flat=True)
        .distinct()
    )
    created: dict[int, int] = {}
    for estate_id in estate_ids:
        try:
            result = services.billing_run(estate_id=estate_id, period=day)
        except FeesError as error:
            logger.warning("billing %s for estate %s refused: %s", day, estate_id, error.code)
        except Exception:
            logger.exception("billing %s for estate %s failed", day, estate_id)
        else:
            created[estate_id] = result.created
            logger.info(
                "billed %s for estate %s: %s created, %s already billed, %s without a rate",
                day,
                estate_id,
                result.created,
                result.skipped,
                result.without_rate,
            )
    return created


@shared_task
def arrears_snapshot_sweep() -> dict[int, int]:
    """Just after midnight: rebuild each estate's arrears summary for the new day (charges
    fall due by the day, not by a write). Until it has run the list aggregates live, so a
    late or missed run costs speed, never correctness. Each rebuild goes in short batches of
    units, so payments taken meanwhile never wait for a whole estate. Returns the rows per
    estate id."""
    today = timezone.localdate()
    built = {}
    for estate_id in Estate.objects.order_by("pk").values_list("pk", flat=True):
        built[estate_id] = services.arrears_snapshot_build(estate_id=estate_id, as_of=today)
    vacuum_tables(UnitArrears)  # each rebuild leaves the night before's rows dead
    return built


@shared_task
def collection_follow_ups_sweep() -> int:
    """Daily: tell each estate's customer-service supervisors how many collection follow-ups
    are due. One notification per supervisor, estate and day (its link names the day), so a
    second run the same day sends nothing. Returns the number of notifications sent."""
    today = timezone.localdate()
    counts = dict(
        due_attempts(estate_ids=None, on=today)
        .order_by()
        .values_list("unit__estate_id")
        .annotate(n=Count("pk"))
    )
    estates = Estate.objects.in_bulk(list(counts))
    sent = 0
    for estate_id, count in sorted(counts.items()):
        sent += _notify_supervisors(estates[estate_id], count, today)
    return sent


def _notify_supervisors(estate: Estate, count: int, today: datetime.date) -> int:
    url = "{}?{}".format(
        reverse("fees:collection-list"), urlencode({"estate": estate.pk, "due": today})
    )
    already = Notification.objects.filter(url=url).values("user_id")
    supervisors = list(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=FOLLOW_UP_NOTICE_ROLES,
            staff_profile__estates=estate,
        )
        .exclude(pk__in=already)
        .distinct()
    )
    if not supervisors:
        return 0
    first = due_attempts(estate_ids=[estate.pk], on=today).select_related("unit")
    lines = [
        f"{attempt.unit.code} · {attempt.next_follow_up:%Y-%m-%d} · {attempt.get_outcome_display()}"
        for attempt in first.order_by("next_follow_up", "unit__code")[:NOTIFICATION_LINES]
    ]
    if count > len(lines):
        lines.append(_("… and %(more)s more") % {"more": count - len(lines)})
    title = ngettext(
        "%(estate)s: %(count)s collection follow-up due",
        "%(estate)s: %(count)s collection follow-ups due",
        count,
    ) % {"estate": estate.name, "count": count}
    notification_send(users=supervisors, title=title, body="\n".join(lines), url=url)
    return len(supervisors)
