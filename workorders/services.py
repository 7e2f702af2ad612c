"""Every write on work orders. Each step runs in one transaction on the order's locked row,
checks the actor's role and department, records an event for the timeline (and simple-history
on the order), and leaves nothing behind when it refuses."""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk import roles
from frontdesk.history import stamp
from frontdesk.models import Department
from frontdesk.numbering import allocate_number
from frontdesk.scoping import estate_ids_for, has_role
from frontdesk.services import notification_send
from owners import uploads

from .errors import WorkOrderError
from .models import (
    DEFAULT_SLA_HOURS,
    FINAL_STATUSES,
    Category,
    CategorySLA,
    Kind,
    Priority,
    Source,
    Status,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderPhoto,
)
from .signals import order_completed

NUMBER_PREFIXES: dict[str, str] = {
    Kind.REPAIR: "WX",
    Kind.ENGINEERING: "GC",
    Kind.COORDINATION: "XT",
}
CENT = Decimal("0.01")

# Who may take each step. Department heads and technicians only on their own department's
# orders (see ``_check_actor``); supervisors on any order of their estates.
CREATE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD)
DISPATCH_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
SIGN_ROLES = (roles.DEPARTMENT_HEAD, roles.TECHNICIAN, roles.CS_SUPERVISOR)
WORK_ROLES = (roles.DEPARTMENT_HEAD, roles.TECHNICIAN, roles.CS_SUPERVISOR)
VERIFY_ROLES = (roles.DEPARTMENT_HEAD, roles.CS_SUPERVISOR)
OWNER_STEP_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
CLOSE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
REOPEN_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD)
CANCEL_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
# Roles bound to their own department's orders.
DEPARTMENT_ROLES = (roles.DEPARTMENT_HEAD, roles.TECHNICIAN)

REOPENABLE = (
    Status.COMPLETED,
    Status.VERIFIED,
    Status.BOOKED,
    Status.OWNER_CONFIRMED,
    Status.CLOSED,
)
CANCELLABLE = (Status.OPEN, Status.DISPATCHED, Status.SIGNED, Status.IN_PROGRESS)


# Checks


def _refuse_bad_choice(value: str, choices: Any, field: str) -> None:
    if value not in choices.values:
        raise WorkOrderError(
            _("%(value)r is not a valid %(field)s.") % {"value": value, "field": field},
            code=f"bad_{field}",
            field=field,
        )


def _department_id(user: Any) -> int | None:
    profile = getattr(user, "staff_profile", None)
    return profile.department_id if profile is not None else None


def _person(user: Any) -> str:
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def _check_estate(actor: Any, estate_id: int) -> None:
    ids = estate_ids_for(actor)
    if ids is not None and estate_id not in ids:
        raise WorkOrderError(_("This order belongs to another estate."), code="wrong_estate")


def can_act(actor: Any, order: WorkOrder, allowed: tuple[str, ...]) -> bool:
    """Whether ``actor`` may take a step open to ``allowed`` on ``order`` (no status check)."""
    ids = estate_ids_for(actor)
    if ids is not None and order.estate_id not in ids:
        return False
    if actor.is_superuser:
        return True
    free = tuple(role for role in allowed if role not in DEPARTMENT_ROLES)
    if has_role(actor, *free):
        return True
    bound = tuple(role for role in allowed if role in DEPARTMENT_ROLES)
    return bool(
        bound
        and has_role(actor, *bound)
        and order.department_id is not None
        and order.department_id == _department_id(actor)
    )


def _check_actor(actor: Any, order: WorkOrder, allowed: tuple[str, ...]) -> None:
    _check_estate(actor, order.estate_id)
    if not can_act(actor, order, allowed):
        raise WorkOrderError(
            _("You may not take this step on this order (another department, or not your role)."),
            code="forbidden",
        )


def _check_status(order: WorkOrder, *expected: str) -> None:
    if order.status not in expected:
        raise WorkOrderError(
            _("This step is not possible while the order is %(status)s.")
            % {"status": order.get_status_display()},
            code="wrong_step",
        )


def _locked(order: WorkOrder) -> WorkOrder:
    """The order's row, locked, as it is now (another desk may have moved it meanwhile);
    read into the caller's instance, so it follows the step too."""
    order.refresh_from_db(from_queryset=WorkOrder.objects.select_for_update())
    return order


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkOrderError(_("Give a reason."), code="no_reason", field="reason")
    return reason


def validate_photo(upload: Any) -> None:
    """An image no larger than the upload limit; PDFs and other files are refused."""
    try:
        uploads.validate_photo(upload)
    except ValidationError as error:
        raise WorkOrderError(error.messages[0], code="bad_photo", field="photos") from None


def _save_photos(order: WorkOrder, photos: Iterable[Any], stage: str, actor: Any) -> None:
    for upload in photos:
        WorkOrderPhoto.objects.create(order=order, stage=stage, file=upload, uploaded_by=actor)


def _record(
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
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, staff_profile__department=department)
    members = {user.pk: user for user in users}
    head = department.head if department.head_id else None
    if head is not None and head.is_active:
        members.setdefault(head.pk, head)
    return list(members.values())


# Creating and dispatching


@transaction.atomic
def order_create(
    *,
    actor,
    estate,
    kind: str,
    category: str,
    description: str,
    unit=None,
    location: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    department=None,
    priority: str = "normal",
    source: str = "desk",
    source_object=None,
    parent=None,
    photos=(),
) -> WorkOrder:
    """A new order, numbered per estate, kind and year; dispatched at once when a department
    is given, else left open for the desk to dispatch."""
    _check_estate(actor, estate.pk)
    if not has_role(actor, *CREATE_ROLES):
        raise WorkOrderError(_("Your role may not open work orders."), code="forbidden")
    _refuse_bad_choice(kind, Kind, "kind")
    _refuse_bad_choice(category, Category, "category")
    _refuse_bad_choice(priority, Priority, "priority")
    _refuse_bad_choice(source, Source, "source")
    description = (description or "").strip()
    if not description:
        raise WorkOrderError(_("Describe the problem."), code="no_description", field="description")
    location = (location or "").strip()
    if unit is None and not location:
        raise WorkOrderError(
            _("Name the unit or the public location."), code="no_place", field="location"
        )
    if unit is not None and unit.estate_id != estate.pk:
        raise WorkOrderError(_("The unit belongs to another estate."), code="wrong_estate")
    if department is not None and department.estate_id != estate.pk:
        raise WorkOrderError(_("The department belongs to another estate."), code="wrong_estate")
    if parent is not None and parent.estate_id != estate.pk:
        raise WorkOrderError(_("The parent order belongs to another estate."), code="wrong_estate")
    if source_object is not None and source_object.pk is None:
        raise WorkOrderError(_("The source record is not saved."), code="bad_source")
    photos = list(photos)
    for upload in photos:
        validate_photo(upload)

    now = timezone.now()
    order = WorkOrder(
        estate=estate,
        number=allocate_number(
            estate_id=estate.pk, kind=f"workorder-{kind}", prefix=NUMBER_PREFIXES[kind]
        ),  # noqa: E501
        kind=kind,
        category=category,
        source=source,
        unit=unit,
        location=location,
        reporter_name=(reporter_name or "").strip(),
        reporter_phone=(reporter_phone or "").strip(),
        description=description,
        priority=priority,
        parent=parent,
        created_by=actor,
        created_at=now,
        due_at=now + datetime.timedelta(hours=sla_hours(estate_id=estate.pk, category=category)),
    )
    if source_object is not None:
        order.source_type = ContentType.objects.get_for_model(source_object)
        order.source_id = source_object.pk
    stamp(order, actor)
    order.save()
    WorkOrderEvent.objects.create(
        order=order,
        action=WorkOrderEvent.Action.CREATED,
        to_status=order.status,
        actor=actor,
        at=now,
    )
    _save_photos(order, photos, WorkOrderPhoto.Stage.REPORTED, actor)
    if department is not None:
        _dispatch(order, actor=actor, department=department)
    return order


def _dispatch(order: WorkOrder, *, actor, department, assignee=None, note: str = "") -> None:
    if department.estate_id != order.estate_id:
        raise WorkOrderError(_("The department belongs to another estate."), code="wrong_estate")
    if assignee is not None and _department_id(assignee) != department.pk:
        raise WorkOrderError(
            _("The technician does not work in that department."), code="wrong_assignee"
        )
    from_status = order.status
    order.status = Status.DISPATCHED
    order.department = department
    order.assignee = assignee
    order.dispatched_at = timezone.now()
    _record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.DISPATCHED,
        from_status=from_status,
        note=note or str(department),
        fields=["department", "assignee", "dispatched_at"],
        at=order.dispatched_at,
    )
    recipients = [assignee] if assignee is not None else department_members(department)
    notification_send(
        users=recipients,
        title=_("New work order %(number)s: %(category)s, %(where)s")
        % {"number": order.number, "category": order.get_category_display(), "where": order.where},
        body=order.description,
        url=order.get_absolute_url(),
    )


@transaction.atomic
def order_dispatch(
    *, actor, order: WorkOrder, department, assignee=None, note: str = ""
) -> WorkOrder:
    """Send an open order to a department (or re-send a dispatched one elsewhere)."""
    order = _locked(order)
    _check_actor(actor, order, DISPATCH_ROLES)
    _check_status(order, Status.OPEN, Status.DISPATCHED)
    _dispatch(order, actor=actor, department=department, assignee=assignee, note=note)
    return order


# The department's steps


@transaction.atomic
def order_sign(*, actor, order: WorkOrder) -> WorkOrder:
    """The department head or a technician accepts the order; the first to sign wins."""
    order = _locked(order)
    _check_actor(actor, order, SIGN_ROLES)
    if order.status in (Status.SIGNED, Status.IN_PROGRESS):
        raise WorkOrderError(
            _("%(who)s has already signed for this order.")
            % {"who": _person(order.assignee) or _("Someone")},
            code="already_signed",
        )
    _check_status(order, Status.DISPATCHED)
    from_status = order.status
    order.status = Status.SIGNED
    order.signed_at = timezone.now()
    if order.assignee_id is None or has_role(actor, roles.TECHNICIAN):
        order.assignee = actor
    _record(
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
    order = _locked(order)
    _check_actor(actor, order, WORK_ROLES)
    _check_status(order, Status.SIGNED)
    order.status = Status.IN_PROGRESS
    order.started_at = timezone.now()
    _record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.STARTED,
        from_status=Status.SIGNED,
        fields=["started_at"],
        at=order.started_at,
    )
    return order


def _parse_amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        raise WorkOrderError(
            _("Enter the amount to charge, such as 128.50."), code="bad_amount", field="amount"
        )
    return amount.quantize(CENT)


def _charge(order: WorkOrder, *, actor, amount: Decimal) -> int | None:
    """The charge of a paid repair, through the fees app when it is installed."""
    if not apps.is_installed("fees"):
        return None
    from fees.errors import FeesError
    from fees.selectors import fee_type_of_kind
    from fees.services import charge_create

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
    except FeesError as error:
        raise WorkOrderError(error.message, code=error.code, field="amount") from None
    return charge.pk


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
    order = _locked(order)
    _check_actor(actor, order, WORK_ROLES)
    _check_status(order, Status.IN_PROGRESS)
    work_done = (work_done or "").strip()
    if not work_done:
        raise WorkOrderError(_("Say what was done."), code="no_work_done", field="work_done")
    if order.category == Category.HOUSE_LEAKAGE and leak_test_at is None:
        raise WorkOrderError(
            _("A leakage repair needs the time of its leak test."),
            code="no_leak_test",
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
        charged = _parse_amount(amount)
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
    _record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.COMPLETED,
        from_status=Status.IN_PROGRESS,
        note=work_done,
        fields=fields,
        at=order.completed_at,
    )
    _save_photos(order, photos, WorkOrderPhoto.Stage.COMPLETED, actor)
    order_id = order.pk
    transaction.on_commit(lambda: order_completed.send(sender=WorkOrder, order_id=order_id))
    return order


@transaction.atomic
def order_verify(*, actor, order: WorkOrder, note: str = "") -> WorkOrder:
    """The department's own re-check of the finished work."""
    order = _locked(order)
    _check_actor(actor, order, VERIFY_ROLES)
    _check_status(order, Status.COMPLETED)
    order.status = Status.VERIFIED
    order.verified_at = timezone.now()
    _record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.VERIFIED,
        from_status=Status.COMPLETED,
        note=note,
        fields=["verified_at"],
        at=order.verified_at,
    )
    return order


# The owner's steps (orders in a unit)


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
    order = _locked(order)
    _check_actor(actor, order, OWNER_STEP_ROLES)
    _check_owner_steps(order)
    _check_status(order, Status.VERIFIED, Status.BOOKED)
    if at is None or at < timezone.now() - datetime.timedelta(hours=1):
        raise WorkOrderError(
            _("Agree a re-inspection time that is still to come."),
            code="bad_reinspection_time",
            field="at",
        )
    from_status = order.status
    order.status = Status.BOOKED
    order.reinspection_at = at
    _record(
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
    order = _locked(order)
    _check_actor(actor, order, OWNER_STEP_ROLES)
    _check_owner_steps(order)
    if order.status == Status.VERIFIED:
        raise WorkOrderError(_("Book the re-inspection with the owner first."), code="not_booked")
    _check_status(order, Status.BOOKED)
    signed_by = (signed_by or "").strip()
    if not signed_by:
        raise WorkOrderError(
            _("Enter the name of the owner who signed."), code="no_signature", field="signed_by"
        )
    order.status = Status.OWNER_CONFIRMED
    order.owner_confirmed_at = timezone.now()
    order.owner_signed_name = signed_by
    _record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.OWNER_CONFIRMED,
        from_status=Status.BOOKED,
        note=note or signed_by,
        fields=["owner_confirmed_at", "owner_signed_name"],
        at=order.owner_confirmed_at,
    )
    return order


# Ending


@transaction.atomic
def order_close(*, actor, order: WorkOrder, note: str = "") -> WorkOrder:
    order = _locked(order)
    _check_actor(actor, order, CLOSE_ROLES)
    if order.has_owner_steps:
        if order.status in (Status.VERIFIED, Status.BOOKED):
            raise WorkOrderError(
                _("The owner has not confirmed the repair yet."), code="not_confirmed"
            )
        _check_status(order, Status.OWNER_CONFIRMED)
    else:
        _check_status(order, Status.VERIFIED)
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
    _record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.CLOSED,
        from_status=from_status,
        note=note,
        fields=["closed_at"],
        at=order.closed_at,
    )
    return order


@transaction.atomic
def order_reopen(*, actor, order: WorkOrder, reason: str) -> WorkOrder:
    """Back to the department (to sign for again), when the work did not hold."""
    order = _locked(order)
    _check_actor(actor, order, REOPEN_ROLES)
    _check_status(order, *REOPENABLE)
    reason = _reason(reason)
    from_status = order.status
    order.status = Status.DISPATCHED if order.department_id else Status.OPEN
    order.signed_at = order.started_at = order.completed_at = order.verified_at = None
    order.reinspection_at = order.owner_confirmed_at = order.closed_at = None
    order.owner_signed_name = ""
    _record(
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
    order = _locked(order)
    _check_actor(actor, order, CANCEL_ROLES)
    _check_status(order, *CANCELLABLE)
    reason = _reason(reason)
    from_status = order.status
    order.status = Status.CANCELLED
    order.closed_at = timezone.now()
    _record(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.CANCELLED,
        from_status=from_status,
        note=reason,
        fields=["closed_at"],
        at=order.closed_at,
    )
    return order


# What the pages offer: the steps a user may take on an order as it is now.

STEP_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # step: (statuses it starts from, roles that may take it)
    "dispatch": ((Status.OPEN, Status.DISPATCHED), DISPATCH_ROLES),
    "sign": ((Status.DISPATCHED,), SIGN_ROLES),
    "start": ((Status.SIGNED,), WORK_ROLES),
    "complete": ((Status.IN_PROGRESS,), WORK_ROLES),
    "verify": ((Status.COMPLETED,), VERIFY_ROLES),
    "book": ((Status.VERIFIED, Status.BOOKED), OWNER_STEP_ROLES),
    "confirm": ((Status.BOOKED,), OWNER_STEP_ROLES),
    "close": ((Status.VERIFIED, Status.OWNER_CONFIRMED), CLOSE_ROLES),
    "reopen": (REOPENABLE, REOPEN_ROLES),
    "cancel": (CANCELLABLE, CANCEL_ROLES),
}
OWNER_STEPS = ("book", "confirm")


def allowed_steps(actor: Any, order: WorkOrder) -> list[str]:
    steps = []
    for step, (statuses, allowed) in STEP_RULES.items():
        if order.status not in statuses:
            continue
        if step in OWNER_STEPS and not order.has_owner_steps:
            continue
        if step == "close" and order.has_owner_steps and order.status != Status.OWNER_CONFIRMED:
            continue
        if can_act(actor, order, allowed):
            steps.append(step)
    return steps
