"""What every step shares: the order's locked row, the status and department checks, the
event row of the timeline, the photos, the department's people and the time allowed."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.errors import FORBIDDEN
from frontdesk.history import stamp
from frontdesk.models import Department
from owners import uploads

from ..errors import WorkOrderError
from ..models import (
    DEFAULT_SLA_HOURS,
    CategorySLA,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderPhoto,
)
from ..permissions import can_act


def step_refused() -> str:
    return _("You may not take this step on this order (another department, or not your role).")


def check_department(actor: Any, order: WorkOrder, allowed: tuple[str, ...]) -> None:
    """After the kernel's ``check_actor``: a department head or technician acts on their own
    department's orders only."""
    if not can_act(actor, order, allowed):
        raise WorkOrderError(step_refused(), code=FORBIDDEN)


def check_status(order: WorkOrder, *expected: str) -> None:
    if order.status not in expected:
        raise WorkOrderError(
            _("This step is not possible while the order is %(status)s.")
            % {"status": order.get_status_display()},
            code="wrong_step",
        )


def refuse_bad_choice(value: str, choices: Any, field: str) -> None:
    if value not in choices.values:
        raise WorkOrderError(
            _("%(value)r is not a valid %(field)s.") % {"value": value, "field": field},
            code=f"bad_{field}",
            field=field,
        )


def locked(order: WorkOrder) -> WorkOrder:
    """The order's row, locked, as it is now (another desk may have moved it meanwhile);
    read into the caller's instance, so it follows the step too."""
    order.refresh_from_db(from_queryset=WorkOrder.objects.select_for_update())
    return order


def reason_given(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkOrderError(_("Give a reason."), code="no_reason", field="reason")
    return reason


def person(user: Any) -> str:
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def validate_photo(upload: Any) -> None:
    """An image no larger than the upload limit; PDFs and other files are refused."""
    try:
        uploads.validate_photo(upload)
    except ValidationError as error:
        raise WorkOrderError(error.messages[0], code="bad_photo", field="photos") from None


def save_photos(order: WorkOrder, photos: Iterable[Any], stage: str, actor: Any) -> None:
    for upload in photos:
        WorkOrderPhoto.objects.create(order=order, stage=stage, file=upload, uploaded_by=actor)


def record(
    order: WorkOrder,
    *,
    actor: Any,
    action: str,
    from_status: str,
    note: str = "",
    fields: Iterable[str] = (),
    at: datetime.datetime | None = None,
) -> WorkOrderEvent:
    """Save the order's changed fields (with history) and the step's event row."""
    stamp(order, actor)
    order.save(update_fields=["status", *fields])
    return WorkOrderEvent.objects.create(
        order=order,
        action=action,
        from_status=from_status,
        to_status=order.status,
        actor=actor,
        at=at or timezone.now(),
        note=note,
    )


def sla_hours(*, estate_id: int, category: str) -> int:
    hours = (
        CategorySLA.objects.filter(estate_id=estate_id, category=category)
        .values_list("hours", flat=True)
        .first()
    )
    return hours or DEFAULT_SLA_HOURS.get(category, 72)


def department_members(department: Department) -> list:
    """The head and the staff of ``department``, once each, active users only."""
    users = get_user_model().objects.filter(is_active=True, staff_profile__department=department)
    members = {user.pk: user for user in users}
    head = department.head if department.head_id else None
    if head is not None and head.is_active:
        members.setdefault(head.pk, head)
    return list(members.values())
