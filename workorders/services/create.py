"""Opening an order and sending it to a department."""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.errors import OTHER_ESTATE
from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from frontdesk.services import notification_send

from .. import permissions
from ..errors import WorkOrderError
from ..models import (
    Category,
    Kind,
    Priority,
    Source,
    Status,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderPhoto,
)
from ..permissions import user_department_id
from .base import (
    check_department,
    check_status,
    department_members,
    locked,
    record,
    refuse_bad_choice,
    save_photos,
    sla_hours,
    step_refused,
    validate_photo,
)

NUMBER_PREFIXES: dict[str, str] = {
    Kind.REPAIR: "WX",
    Kind.ENGINEERING: "GC",
    Kind.COORDINATION: "XT",
}


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
    form_key: uuid.UUID | str | None = None,
) -> WorkOrder:
    """A new order, numbered per estate, kind and year; dispatched at once when a department
    is given, else left open for the desk to dispatch. ``form_key`` is the desk form's
    idempotency key: a second use raises ``FormUsed`` with the first order, and no number is
    taken."""
    check_actor(
        actor,
        estate_id=estate.pk,
        roles=permissions.CREATE_ROLES,
        message=_("Your role may not open work orders."),
    )
    key = form_key_of(
        form_key, error=WorkOrderError, message=_("This form is damaged: open it again.")
    )
    refuse_used_key(WorkOrder, key, _order_used, actor=actor, error=WorkOrderError)
    refuse_bad_choice(kind, Kind, "kind")
    refuse_bad_choice(category, Category, "category")
    refuse_bad_choice(priority, Priority, "priority")
    refuse_bad_choice(source, Source, "source")
    description = (description or "").strip()
    if not description:
        raise WorkOrderError(_("Describe the problem."), code="no_description", field="description")
    location = (location or "").strip()
    if unit is None and not location:
        raise WorkOrderError(
            _("Name the unit or the public location."), code="no_place", field="location"
        )
    if unit is not None and unit.estate_id != estate.pk:
        raise WorkOrderError(_("The unit belongs to another estate."), code=OTHER_ESTATE)
    if department is not None and department.estate_id != estate.pk:
        raise WorkOrderError(_("The department belongs to another estate."), code=OTHER_ESTATE)
    if parent is not None and parent.estate_id != estate.pk:
        raise WorkOrderError(_("The parent order belongs to another estate."), code=OTHER_ESTATE)
    if source_object is not None and source_object.pk is None:
        raise WorkOrderError(_("The source record is not saved."), code="bad_source")
    if source_object is not None:
        _check_source(source_object, estate)
    photos = list(photos)
    for upload in photos:
        validate_photo(upload)

    now = timezone.now()
    order = WorkOrder(
        estate=estate,
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

    def take_number() -> None:  # in save_once's savepoint: a second post gives it back
        order.number = allocate_number(
            estate_id=estate.pk, kind=f"workorder-{kind}", prefix=NUMBER_PREFIXES[kind]
        )

    save_once(order, key, _order_used, actor=actor, error=WorkOrderError, before=take_number)
    WorkOrderEvent.objects.create(
        order=order,
        action=WorkOrderEvent.Action.CREATED,
        to_status=order.status,
        actor=actor,
        at=now,
    )
    save_photos(order, photos, WorkOrderPhoto.Stage.REPORTED, actor)
    if department is not None:
        _dispatch(order, actor=actor, department=department)
    return order


def _order_used(order: WorkOrder) -> str:
    return _("This form was already used: it opened work order %(number)s.") % {
        "number": order.number
    }


def _dispatch(order: WorkOrder, *, actor, department, assignee=None, note: str = "") -> None:
    if department.estate_id != order.estate_id:
        raise WorkOrderError(_("The department belongs to another estate."), code=OTHER_ESTATE)
    if assignee is not None and user_department_id(assignee) != department.pk:
        raise WorkOrderError(
            _("The technician does not work in that department."), code="wrong_assignee"
        )
    from_status = order.status
    order.status = Status.DISPATCHED
    order.department = department
    order.assignee = assignee
    order.dispatched_at = timezone.now()
    record(
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
    allowed = permissions.DISPATCH_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    check_status(order, Status.OPEN, Status.DISPATCHED)
    _dispatch(order, actor=actor, department=department, assignee=assignee, note=note)
    return order


# What an order may come from (app_label.model): a call, a move-in case's acceptance, a
# custody inspection, a unit, another order, an inspection's nonconformity. Any other table's
# row is refused.
SOURCE_MODELS = frozenset(
    {
        "reception.phonecall",
        "checkin.moveincase",
        "checkin.inspection",
        "owners.unit",
        "workorders.workorder",
        "inspections.nonconformity",
    }
)


def _check_source(source_object, estate) -> None:
    model = type(source_object)
    if model._meta.label_lower not in SOURCE_MODELS:
        raise WorkOrderError(
            _("A work order cannot come from this kind of record."), code="bad_source"
        )
    in_estate = model._default_manager.filter(
        pk=source_object.pk, **{model.estate_lookup: estate.pk}
    ).exists()
    if not in_estate:
        raise WorkOrderError(_("The source record belongs to another estate."), code=OTHER_ESTATE)
