"""The department's steps: sign for the order, start, complete (a paid repair is charged to
the unit through the fees app), and the department's own re-check."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees.selectors import fee_type_of_kind, payment_ceiling
from fees.services import charge_create
from frontdesk.errors import DeskError
from frontdesk.money import parse_money
from frontdesk.permissions import check_actor
from frontdesk.scoping import has_role

from .. import permissions
from ..errors import WorkOrderError
from ..models import Category, Status, WorkOrder, WorkOrderEvent, WorkOrderPhoto
from ..signals import order_completed
from .base import (
    check_department,
    check_status,
    locked,
    person,
    record,
    save_photos,
    step_refused,
    validate_photo,
)


@transaction.atomic
def order_sign(*, actor, order: WorkOrder) -> WorkOrder:
    """The department head or a technician accepts the order; the first to sign wins."""
    allowed = permissions.SIGN_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    if order.status in (Status.SIGNED, Status.IN_PROGRESS):
        raise WorkOrderError(
            _("%(who)s has already signed for this order.")
            % {"who": person(order.assignee) or _("Someone")},
            code="already_signed",
        )
    check_status(order, Status.DISPATCHED)
    from_status = order.status
    order.status = Status.SIGNED
    order.signed_at = timezone.now()
    if order.assignee_id is None or has_role(actor, *permissions.ASSIGNEE_ON_SIGN_ROLES):
        order.assignee = actor
    record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.SIGNED,
        from_status=from_status,
        fields=["signed_at", "assignee"],
        at=order.signed_at,
    )
    return order


@transaction.atomic
def order_start(*, actor, order: WorkOrder) -> WorkOrder:
    allowed = permissions.WORK_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    check_status(order, Status.SIGNED)
    order.status = Status.IN_PROGRESS
    order.started_at = timezone.now()
    record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.STARTED,
        from_status=Status.SIGNED,
        fields=["started_at"],
        at=order.started_at,
    )
    return order


def _charge(order: WorkOrder, *, actor, amount: Decimal) -> int:
    """The charge of a paid repair, through the fees app."""
    fee_type = fee_type_of_kind(estate_id=order.estate_id, kind="service")
    if fee_type is None:
        raise WorkOrderError(
            _("This estate has no active service fee type to charge the repair to."),
            code="no_fee_type",
        )
    try:
        charge = charge_create(
            actor=actor,
            estate_id=order.estate_id,
            fee_type=fee_type,
            amount=amount,
            unit=order.unit,
            description=_("Repair %(number)s") % {"number": order.number},
        )
    except DeskError as error:  # the fees app's refusal, or the kernel's on its behalf
        raise WorkOrderError(error.message, code=error.code, field="amount") from None
    return charge.pk


def _repair_amount(order: WorkOrder, amount: Any) -> Decimal:
    """A paid repair's amount: a plain number that fits the order's column, and no more than
    the estate's payment ceiling (a slip of a few zeros would be charged to the owner)."""
    digits = WorkOrder._meta.get_field("amount").max_digits  # type: ignore[union-attr]
    charged = parse_money(amount, field="amount", max_digits=digits, error=WorkOrderError)
    ceiling = payment_ceiling(estate_id=order.estate_id)
    if charged > ceiling:
        raise WorkOrderError(
            _(
                "A repair charged to the unit is at most ¥%(ceiling)s in this estate (its "
                "payment ceiling): check the amount, or have a supervisor raise the ceiling."
            )
            % {"ceiling": f"{ceiling:,}"},
            code="above_ceiling",
            field="amount",
        )
    return charged


@transaction.atomic
def order_complete(
    *,
    actor,
    order: WorkOrder,
    work_done: str,
    materials: str = "",
    leak_test_at: datetime.datetime | None = None,
    paid: bool = False,
    amount: Any = None,
    photos=(),
) -> WorkOrder:
    """The work is done: what was done, with what, photos; a paid repair in a unit is charged
    to the unit. Other apps hear ``order_completed`` after commit."""
    allowed = permissions.WORK_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    check_status(order, Status.IN_PROGRESS)
    work_done = (work_done or "").strip()
    if not work_done:
        raise WorkOrderError(_("Say what was done."), code="no_work_done", field="work_done")
    if order.category == Category.HOUSE_LEAKAGE and leak_test_at is None:
        raise WorkOrderError(
            _("A leakage repair needs the time of its leak test."),
            code="no_leak_test",
            field="leak_test_at",
        )
    # The leak test (闭水试验) proves the repair: not before the leak was reported (to the
    # minute, as the time is typed), not still to come.
    if leak_test_at is not None and (
        leak_test_at < order.created_at.replace(second=0, microsecond=0)
        or leak_test_at > timezone.now()
    ):
        raise WorkOrderError(
            _("The leak test is timed between the report (%(reported)s) and now.")
            % {"reported": timezone.localtime(order.created_at).strftime("%Y-%m-%d %H:%M")},
            code="bad_leak_test_time",
            field="leak_test_at",
        )
    charged = None
    if paid:
        if order.unit_id is None:
            raise WorkOrderError(
                _("Only repairs inside a unit are paid by the owner."),
                code="paid_without_unit",
                field="paid",
            )
        if amount in (None, ""):
            raise WorkOrderError(
                _("Enter the amount of a paid repair."), code="no_amount", field="amount"
            )
        charged = _repair_amount(order, amount)
    photos = list(photos)
    for upload in photos:
        validate_photo(upload)

    order.status = Status.COMPLETED
    order.completed_at = timezone.now()
    order.work_done = work_done
    order.materials = (materials or "").strip()
    order.leak_test_at = leak_test_at
    order.paid = paid
    fields = ["completed_at", "work_done", "materials", "leak_test_at", "paid"]
    # A reopened paid repair was charged on its first completion: never charge it twice.
    if charged is not None and order.charge_id is None:
        order.amount = charged
        order.charge_id = _charge(order, actor=actor, amount=charged)
        fields += ["amount", "charge_id"]
    record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.COMPLETED,
        from_status=Status.IN_PROGRESS,
        note=work_done,
        fields=fields,
        at=order.completed_at,
    )
    save_photos(order, photos, WorkOrderPhoto.Stage.COMPLETED, actor)
    order_id = order.pk
    transaction.on_commit(lambda: order_completed.send(sender=WorkOrder, order_id=order_id))
    return order


@transaction.atomic
def order_verify(*, actor, order: WorkOrder, note: str = "") -> WorkOrder:
    """The department's own re-check of the finished work."""
    allowed = permissions.VERIFY_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    check_status(order, Status.COMPLETED)
    order.status = Status.VERIFIED
    order.verified_at = timezone.now()
    record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.VERIFIED,
        from_status=Status.COMPLETED,
        note=note,
        fields=["verified_at"],
        at=order.verified_at,
    )
    return order
