"""⑤ The house acceptance of a move-in and the re-inspection of its defects: each defect
becomes a repair work order (through workorders' services); once maintenance has verified
the repairs, the desk books a re-inspection with the owner, who signs each order or sends it
back. Each service locks the case and refuses with a ``DeskError`` (nothing changed)."""

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.models import Department
from owners import uploads
from owners.validators import validate_layout
from workorders.choices import Category, Kind, Source
from workorders.choices import Status as OrderStatus
from workorders.selectors import orders_with_status
from workorders.services import (
    order_book_reinspection,
    order_close,
    order_confirm_by_owner,
    order_create,
    order_reopen,
)

from .. import permissions
from ..errors import CheckinError
from ..models import AcceptanceItem, MeterReading, MoveInCase, Reinspection, RoomKind
from ..selectors.movein import case_checklist
from .meters import Readings, readings_record
from .movein import locked_case, required_text


@dataclass(frozen=True)
class Checked:
    room: str
    item: str
    defect: bool | None = None  # True a defect, False all right; None: not looked at yet
    note: str = ""
    photo: Any = None
    category: str = Category.CIVIL


def _engineering(estate_id: int):
    return (
        Department.objects.filter(estate_id=estate_id, kind=Department.Kind.ENGINEERING)
        .order_by("id")
        .first()
    )


def _check_covered(case: MoveInCase, items: Sequence[Checked]) -> None:
    """Every item of the estate's acceptance form, once, each marked all right or defect."""
    expected = case_checklist(case)
    given = [(checked.room.strip(), checked.item.strip()) for checked in items]
    for checked, key in zip(items, given, strict=True):
        if key not in expected or given.count(key) > 1:
            raise CheckinError(
                _("%(room)s · %(item)s is not an item of the estate's acceptance form.")
                % {"room": key[0], "item": key[1]},
                code="not_on_checklist",
            )
        if checked.defect is None:
            raise CheckinError(
                _("%(room)s · %(item)s: mark it all right or a defect.")
                % {"room": key[0], "item": key[1]},
                code="not_marked",
                field="defect",
            )
    missing = [f"{room} · {item}" for room, item in expected if (room, item) not in given]
    if missing:
        raise CheckinError(
            _("The acceptance covers every item of the estate's form; not yet checked: %(items)s.")
            % {"items": "; ".join(missing)},
            code="acceptance_incomplete",
        )


MAX_ADDED_ROOMS = 10


def _unaccepted_case(case: MoveInCase, actor) -> MoveInCase:
    case = locked_case(case, actor, permissions.ACCEPT_ROLES)
    if case.accepted_at is not None:
        raise CheckinError(_("The acceptance is already recorded."), code="already_accepted")
    return case


@transaction.atomic
def acceptance_layout_set(*, actor, case: MoveInCase, layout: str) -> MoveInCase:
    """The unit's layout (户型) as the owner confirms it before the acceptance: its rooms make
    the checklist (主卧, 次卧…, 卫生间1, 卫生间2). Written to the unit."""
    case = _unaccepted_case(case, actor)
    layout = required_text(layout, _("Enter the layout, e.g. 3室2厅2卫."), "layout")
    layout = "".join(layout.split())
    try:
        validate_layout(layout)
    except ValidationError as error:
        raise CheckinError(error.messages[0], code="invalid", field="layout") from None
    unit = case.unit
    if unit.layout != layout:
        unit.layout = layout
        stamp(unit, actor)
        unit.save(update_fields=["layout"])
    return case


@transaction.atomic
def acceptance_room_add(*, actor, case: MoveInCase, name: str, kind: str) -> MoveInCase:
    """A room the layout does not show (a storeroom, a study, a second balcony), checked for
    the items of the kind of room it is like."""
    case = _unaccepted_case(case, actor)
    name = required_text(name, _("Name the room."), "name")
    if len(name) > 50:
        raise CheckinError(_("Keep the room's name short."), code="invalid", field="name")
    if kind not in RoomKind.values:
        raise CheckinError(_("Say what kind of room it is."), code="invalid", field="kind")
    if name in {room for room, _item in case_checklist(case)}:
        raise CheckinError(
            _("%(room)s is on the checklist already.") % {"room": name},
            code="room_exists",
            field="name",
        )
    if len(case.added_rooms) >= MAX_ADDED_ROOMS:
        raise CheckinError(
            _("At most %(n)s rooms can be added.") % {"n": MAX_ADDED_ROOMS},
            code="too_many_rooms",
            field="name",
        )
    case.added_rooms = [*case.added_rooms, {"name": name, "kind": kind}]
    stamp(case, actor)
    case.save(update_fields=["added_rooms"])
    return case


@transaction.atomic
def acceptance_room_remove(*, actor, case: MoveInCase, name: str) -> MoveInCase:
    """A room added by mistake, off the checklist again (the layout's rooms stay)."""
    case = _unaccepted_case(case, actor)
    rooms = [room for room in case.added_rooms if room["name"] != name]
    if len(rooms) == len(case.added_rooms):
        raise CheckinError(_("That room was not added at the desk."), code="invalid")
    case.added_rooms = rooms
    stamp(case, actor)
    case.save(update_fields=["added_rooms"])
    return case


@transaction.atomic
def acceptance_record(
    *,
    actor,
    case: MoveInCase,
    inspector: str,
    present: str,
    items: Sequence[Checked],
    readings: Readings,
) -> list[AcceptanceItem]:
    """The house quality acceptance, item by item, with the meters' base readings; each
    defect becomes a repair order (source: check-in) sent to engineering."""
    case = _unaccepted_case(case, actor)
    inspector = required_text(inspector, _("Name who inspected for maintenance."), "inspector")
    present = required_text(present, _("Name the owner or resident present."), "present")
    if not items:
        raise CheckinError(_("The checklist is empty."), code="invalid")
    _check_covered(case, items)
    for checked in items:
        if checked.defect and not checked.note.strip():
            raise CheckinError(
                _("%(room)s · %(item)s: describe the defect.")
                % {"room": checked.room, "item": checked.item},
                code="defect_without_note",
                field="note",
            )
        if checked.photo is not None:
            try:
                uploads.validate_photo(checked.photo)
            except ValidationError as error:
                raise CheckinError(error.messages[0], code="not_an_image", field="photo") from None
    if readings.gas is None:
        raise CheckinError(_("Read the gas meter too."), code="invalid", field="gas")
    readings_record(
        actor=actor,
        unit=case.unit,
        readings=readings,
        context=MeterReading.Context.MOVE_IN,
        subject=case,
        read_at=None,
    )
    department = _engineering(case.estate_id)
    rows = []
    for position, checked in enumerate(items):
        row = AcceptanceItem(
            case=case,
            room=checked.room.strip(),
            item=checked.item.strip(),
            defect=bool(checked.defect),
            note=checked.note.strip(),
            order=position,
        )
        if checked.photo is not None:
            row.photo = checked.photo
        stamp(row, actor)
        row.save()
        if checked.defect:
            order = order_create(
                actor=actor,
                estate=case.unit.estate,
                kind=Kind.REPAIR,
                category=checked.category,
                description=_("Move-in acceptance, %(room)s · %(item)s: %(note)s")
                % {"room": row.room, "item": row.item, "note": row.note},
                unit=case.unit,
                reporter_name=present,
                department=department,
                source=Source.CHECKIN,
                source_object=case,
                photos=[checked.photo] if checked.photo is not None else [],
            )
            row.work_order_id = order.pk
            row.save(update_fields=["work_order_id"])
        rows.append(row)
    case.accepted_at = timezone.now()
    case.acceptance_inspector = inspector
    case.acceptance_present = present
    stamp(case, actor)
    case.save(update_fields=["accepted_at", "acceptance_inspector", "acceptance_present"])
    return rows


def _defect_orders(case: MoveInCase, *statuses: str) -> list[Any]:
    """The case's repair orders now in one of ``statuses``."""
    ids = case.acceptance_items.filter(work_order_id__isnull=False).values("work_order_id")
    return orders_with_status(ids, statuses)


def _pending_reinspection(case: MoveInCase) -> Reinspection | None:
    """The booking still to be recorded (booking again moves it: there is one at most)."""
    return case.reinspections.filter(done_at__isnull=True).first()


@transaction.atomic
def reinspection_book(
    *, actor, case: MoveInCase, at: datetime.datetime, accompanied_by: str
) -> Reinspection:
    """The time agreed with the owner to re-inspect every repair maintenance has verified;
    maintenance is told on each order to accompany the owner."""
    case = locked_case(case, actor)
    accompanied_by = required_text(
        accompanied_by, _("Name who accompanies the owner for maintenance."), "accompanied_by"
    )
    orders = _defect_orders(case, OrderStatus.VERIFIED, OrderStatus.BOOKED)
    if not orders:
        raise CheckinError(
            _("Maintenance has not verified any repair of this move-in yet."),
            code="nothing_verified",
        )
    note = _("With the owner, accompanied by %(name)s") % {"name": accompanied_by}
    for order in orders:
        order_book_reinspection(actor=actor, order=order, at=at, note=note)
    # Booked again (the owner asked for another time): the pending booking moves.
    reinspection = _pending_reinspection(case) or Reinspection(case=case)
    reinspection.scheduled_at = at
    reinspection.accompanied_by = accompanied_by
    reinspection.booked_by = actor
    reinspection.booked_at = timezone.now()
    stamp(reinspection, actor)
    reinspection.save()
    return reinspection


@transaction.atomic
def reinspection_result(
    *,
    actor,
    case: MoveInCase,
    signed_by: str,
    passed: Collection[int] = (),
    failed: dict[int, str] | None = None,
) -> Reinspection:
    """How the booked re-inspection went, order by order, once its time has come: the owner
    signs off each repaired order named in ``passed`` (confirmed and closed); one in
    ``failed`` (order id → reason) goes back to maintenance and comes back to be re-inspected
    again. Every order re-inspected is named in one of them: nothing passes by default."""
    case = locked_case(case, actor)
    failed = {pk: (reason or "").strip() for pk, reason in (failed or {}).items()}
    passed = set(passed)
    reinspection = _pending_reinspection(case)
    orders = _defect_orders(case, OrderStatus.BOOKED)
    if reinspection is None or not orders:
        raise CheckinError(_("No re-inspection is booked."), code="not_booked")
    if timezone.now() < reinspection.scheduled_at:
        raise CheckinError(
            _("The re-inspection is booked for %(at)s: record how it went after that time.")
            % {"at": timezone.localtime(reinspection.scheduled_at).strftime("%Y-%m-%d %H:%M")},
            code="too_early",
        )
    booked = {order.pk for order in orders}
    if (set(failed) | passed) - booked:
        raise CheckinError(_("That order is not being re-inspected."), code="invalid")
    if passed & set(failed):
        raise CheckinError(
            _("A repair cannot both pass and fail."), code="invalid", field="signed_by"
        )
    unanswered = [order.number for order in orders if order.pk not in passed | set(failed)]
    if unanswered:
        raise CheckinError(
            _("Say for each repair whether the owner signed it off or it failed: %(numbers)s.")
            % {"numbers": ", ".join(unanswered)},
            code="not_every_item",
        )
    if not all(failed.values()):
        raise CheckinError(_("Say why it failed."), code="invalid", field="signed_by")
    signed_by = (signed_by or "").strip()
    if passed and not signed_by:
        raise CheckinError(
            _("Enter the name of the owner who signed."), code="no_signature", field="signed_by"
        )
    for order in orders:
        if order.pk in failed:
            order_reopen(actor=actor, order=order, reason=failed[order.pk])
        else:
            order = order_confirm_by_owner(actor=actor, order=order, signed_by=signed_by)
            order_close(actor=actor, order=order)
    reinspection.done_at = timezone.now()
    reinspection.passed = len(orders) - len(failed)
    reinspection.failed = len(failed)
    reinspection.signed_by = signed_by
    stamp(reinspection, actor)
    reinspection.save(update_fields=["done_at", "passed", "failed", "signed_by"])
    return reinspection
