"""Plain helpers of the return-visit tests."""

import datetime
import zoneinfo

from django.utils import timezone

from revisits.models import Revisit
from tests.factories.workorders import WorkOrderFactory
from workorders import services as order_services
from workorders.choices import Status

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def completed_order(estate, *, unit=None, completed_at=None, **extra):
    """A completed order as a row (no event sent: as if the event were lost)."""
    completed_at = completed_at or timezone.now()
    values = {
        "estate": estate,
        "status": Status.COMPLETED,
        "completed_at": completed_at,
        "created_at": completed_at - datetime.timedelta(hours=5),
        "work_done": "换了阀芯",
    }
    if unit is not None:
        values.update(unit=unit, location="")
    values.update(extra)
    return WorkOrderFactory(**values)


def complete_through_flow(*, desk, tech, estate, unit, department, **complete):
    """Open, dispatch, sign, start and complete an order through the services."""
    order = order_services.order_create(
        actor=desk,
        estate=estate,
        kind="repair",
        category=complete.pop("category", "plumbing"),
        description="厨房水龙头漏水",
        reporter_name="张伟",
        reporter_phone="13900000000",
        unit=unit,
        department=department,
    )
    order_services.order_sign(actor=tech, order=order)
    order_services.order_start(actor=tech, order=order)
    order_services.order_complete(actor=tech, order=order, work_done="换了阀芯", **complete)
    return order


def revisit_of(order) -> Revisit:
    return Revisit.objects.get(work_order=order)


def snapshot(revisit: Revisit) -> dict:
    """What a refused operation must leave as it was."""
    row = Revisit.objects.filter(pk=revisit.pk).values().get()
    return {**row, "attempts": revisit.attempts.count(), "history": revisit.history.count()}


def failed_try(actor, revisit, *, hours_ago: int, result: str = "no_answer", channel="phone"):
    """A failed try logged through the service, then dated ``hours_ago`` (tries count
    towards the sign-off only an hour or more apart)."""
    import datetime

    from revisits import services
    from revisits.models import Attempt

    attempt = services.attempt_record(actor=actor, revisit=revisit, channel=channel, result=result)
    Attempt.objects.filter(pk=attempt.pk).update(
        at=timezone.now() - datetime.timedelta(hours=hours_ago)
    )
    return attempt
