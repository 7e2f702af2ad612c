"""How an order ends: closed by the desk, reopened when the work did not hold, cancelled."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.permissions import check_actor
from frontdesk.services import notification_send

from .. import permissions
from ..errors import WorkOrderError
from ..models import FINAL_STATUSES, Status, WorkOrder, WorkOrderEvent
from ..signals import order_closed
from .base import (
    check_department,
    check_status,
    department_members,
    locked,
    reason_given,
    record,
    step_refused,
)

REOPENABLE = (
    Status.COMPLETED,
    Status.VERIFIED,
    Status.BOOKED,
    Status.OWNER_CONFIRMED,
    Status.CLOSED,
)
CANCELLABLE = (Status.OPEN, Status.DISPATCHED, Status.SIGNED, Status.IN_PROGRESS)


@transaction.atomic
def order_close(*, actor, order: WorkOrder, note: str = "") -> WorkOrder:
    allowed = permissions.CLOSE_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    if order.has_owner_steps:
        if order.status in (Status.VERIFIED, Status.BOOKED):
            raise WorkOrderError(
                _("The owner has not confirmed the repair yet."), code="not_confirmed"
            )
        check_status(order, Status.OWNER_CONFIRMED)
    else:
        check_status(order, Status.VERIFIED)
    open_children = order.children.exclude(status__in=FINAL_STATUSES)
    if open_children.exists():
        numbers = ", ".join(open_children.values_list("number", flat=True)[:5])
        raise WorkOrderError(
            _("Close the child orders first: %(numbers)s.") % {"numbers": numbers},
            code="open_children",
        )
    from_status = order.status
    order.status = Status.CLOSED
    order.closed_at = timezone.now()
    record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.CLOSED,
        from_status=from_status,
        note=note,
        fields=["closed_at"],
        at=order.closed_at,
    )
    order_id, actor_id = order.pk, actor.pk
    transaction.on_commit(
        lambda: order_closed.send(sender=WorkOrder, order_id=order_id, actor_id=actor_id)
    )
    return order


@transaction.atomic
def order_reopen(*, actor, order: WorkOrder, reason: str) -> WorkOrder:
    """Back to the department (to sign for again), when the work did not hold."""
    allowed = permissions.REOPEN_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    check_status(order, *REOPENABLE)
    reason = reason_given(reason)
    from_status = order.status
    order.status = Status.DISPATCHED if order.department_id else Status.OPEN
    order.signed_at = order.started_at = order.completed_at = order.verified_at = None
    order.reinspection_at = order.owner_confirmed_at = order.closed_at = None
    order.owner_signed_name = ""
    record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.REOPENED,
        from_status=from_status,
        note=reason,
        fields=[
            "signed_at",
            "started_at",
            "completed_at",
            "verified_at",
            "reinspection_at",
            "owner_confirmed_at",
            "closed_at",
            "owner_signed_name",
        ],
    )
    if order.department is not None:
        notification_send(
            users=department_members(order.department),
            title=_("Work order %(number)s reopened") % {"number": order.number},
            body=reason,
            url=order.get_absolute_url(),
        )
    return order


@transaction.atomic
def order_cancel(*, actor, order: WorkOrder, reason: str) -> WorkOrder:
    allowed = permissions.CANCEL_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    check_status(order, *CANCELLABLE)
    reason = reason_given(reason)
    from_status = order.status
    order.status = Status.CANCELLED
    order.closed_at = timezone.now()
    record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.CANCELLED,
        from_status=from_status,
        note=reason,
        fields=["closed_at"],
        at=order.closed_at,
    )
    return order
