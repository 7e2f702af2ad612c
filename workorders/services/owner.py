"""The owner's steps on an order in a unit: the re-inspection booked with the owner, and the
owner's signature on the printed order."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.permissions import check_actor
from frontdesk.services import notification_send

from .. import permissions
from ..errors import WorkOrderError
from ..models import Status, WorkOrder, WorkOrderEvent
from .base import (
    check_department,
    check_status,
    department_members,
    locked,
    record,
    step_refused,
)


def _check_owner_steps(order: WorkOrder) -> None:
    if not order.has_owner_steps:
        raise WorkOrderError(
            _("An order for a public location has no owner re-inspection: close it."),
            code="no_owner_steps",
        )


@transaction.atomic
def order_book_reinspection(
    *, actor, order: WorkOrder, at: datetime.datetime, note: str = ""
) -> WorkOrder:
    """The time agreed with the owner for the re-inspection (booked again to change it)."""
    allowed = permissions.OWNER_STEP_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    _check_owner_steps(order)
    check_status(order, Status.VERIFIED, Status.BOOKED)
    if at is None or at < timezone.now() - datetime.timedelta(hours=1):
        raise WorkOrderError(
            _("Agree a re-inspection time that is still to come."),
            code="bad_reinspection_time",
            field="at",
        )
    from_status = order.status
    order.status = Status.BOOKED
    order.reinspection_at = at
    record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.BOOKED,
        from_status=from_status,
        note=note or timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
        fields=["reinspection_at"],
    )
    if order.department is not None:
        # Maintenance accompanies the owner at the agreed time.
        notification_send(
            users=department_members(order.department),
            title=_("Re-inspection of %(number)s with the owner on %(at)s")
            % {
                "number": order.number,
                "at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
            },
            url=order.get_absolute_url(),
        )
    return order


@transaction.atomic
def order_confirm_by_owner(*, actor, order: WorkOrder, signed_by: str, note: str = "") -> WorkOrder:
    """The owner re-inspected and signed the printed order."""
    allowed = permissions.OWNER_STEP_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    _check_owner_steps(order)
    if order.status == Status.VERIFIED:
        raise WorkOrderError(_("Book the re-inspection with the owner first."), code="not_booked")
    check_status(order, Status.BOOKED)
    if order.reinspection_at is not None and timezone.now() < order.reinspection_at:
        raise WorkOrderError(
            _(
                "The re-inspection is booked for %(at)s: record the owner's confirmation after "
                "it (book it again if the owner came earlier)."
            )
            % {"at": timezone.localtime(order.reinspection_at).strftime("%Y-%m-%d %H:%M")},
            code="too_early",
        )
    signed_by = (signed_by or "").strip()
    if not signed_by:
        raise WorkOrderError(
            _("Enter the name of the owner who signed."), code="no_signature", field="signed_by"
        )
    order.status = Status.OWNER_CONFIRMED
    order.owner_confirmed_at = timezone.now()
    order.owner_signed_name = signed_by
    record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.OWNER_CONFIRMED,
        from_status=Status.BOOKED,
        note=note or signed_by,
        fields=["owner_confirmed_at", "owner_signed_name"],
        at=order.owner_confirmed_at,
    )
    return order
