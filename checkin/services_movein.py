"""Every write of a move-in case (入伙), steps ①–⑤ and ⑦ of the desk's procedure.

What a step receives is kept where the rest of the system looks for it: papers in the owners
document archive, the agent as an owners ``Authorization``, the household in owners
(contacts, residents, vehicles), the fee as fees charges, defects as repair work orders,
meter readings as ``MeterReading`` rows. Each service runs in one transaction, locks the
case, and refuses with a ``CheckinError`` (nothing changed) when the step cannot be taken."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees.errors import FeesError
from fees.models import Charge
from fees.services import property_fee_advance
from frontdesk import roles
from frontdesk.history import stamp
from frontdesk.models import Department
from owners import uploads
from owners.errors import OwnersError
from owners.models import Authorization, Document, Owner, Resident, Unit, Vehicle
from owners.services import (
    authorization_add,
    document_archive,
    owner_save,
    resident_save,
    unit_status_set,
    vehicle_save,
)
from workorders.errors import WorkOrderError
from workorders.models import Status as OrderStatus
from workorders.models import WorkOrder
from workorders.services import (
    order_book_reinspection,
    order_close,
    order_confirm_by_owner,
    order_create,
    order_reopen,
)

from . import requirements
from .errors import CheckinError
from .models import (
    AcceptanceItem,
    Agreement,
    AgreementSigning,
    Custody,
    DocumentWaiver,
    HandoverLine,
    MeterReading,
    MoveInCase,
    Reinspection,
)
from .selectors_movein import case_progress
from .services import (
    MANAGE_ROLES,
    SUPERVISOR_ROLES,
    Readings,
    check_current_owner,
    check_estate,
    check_role,
    move_in_fee_months_for,
    readings_record,
    refusals_of,
)

# Maintenance records the acceptance with the desk; defects become orders, which
# receptionists, CS supervisors and department heads may open.
ACCEPT_ROLES = MANAGE_ROLES + (roles.DEPARTMENT_HEAD,)
COMPLETION_STATUSES = (Unit.Status.OCCUPIED, Unit.Status.HANDED_OVER)


def _locked(case: MoveInCase, actor, allowed: tuple[str, ...] = MANAGE_ROLES) -> MoveInCase:
    check_estate(actor, case.estate_id)
    check_role(actor, allowed)
    case = MoveInCase.objects.select_for_update().select_related("unit", "owner").get(pk=case.pk)
    if not case.is_open:
        raise CheckinError(
            _("This move-in is %(status)s: nothing more can be done on it.")
            % {"status": case.get_status_display()},
            code="case_closed",
        )
    return case


def _text(value: str | None, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CheckinError(message, code="invalid", field=field)
    return value


# --- opening --------------------------------------------------------------------------


@transaction.atomic
def movein_open(
    *, actor, unit: Unit, owner: Owner, handler: str, handler_name: str = ""
) -> MoveInCase:
    """Open the move-in of ``unit`` for one of its current owners."""
    check_estate(actor, unit.estate_id)
    check_role(actor, MANAGE_ROLES)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if handler not in MoveInCase.Handler.values:
        raise CheckinError(_("Say who handles the move-in."), code="invalid", field="handler")
    check_current_owner(unit, owner)
    if handler == MoveInCase.Handler.COMPANY and owner.kind != Owner.Kind.COMPANY:
        raise CheckinError(
            _("%(owner)s is a person: a company purchase needs a company owner.")
            % {"owner": owner},
            code="not_a_company",
            field="handler",
        )
    if MoveInCase.objects.open().filter(unit=unit).exists():
        raise CheckinError(
            _("%(unit)s already has a move-in under way: resume it.") % {"unit": unit.code},
            code="already_open",
        )
    if Custody.objects.active().filter(unit=unit).exists():
        raise CheckinError(
            _("%(unit)s is in custody: end the custody first.") % {"unit": unit.code},
            code="in_custody",
        )
    handler_name = (handler_name or "").strip()
    if handler == MoveInCase.Handler.COMPANY and not handler_name:
        raise CheckinError(
            _("Name the company's handling person."), code="invalid", field="handler_name"
        )
    case = MoveInCase(
        estate_id=unit.estate_id,
        unit=unit,
        owner=owner,
        handler=handler,
        handler_name=handler_name if handler != MoveInCase.Handler.OWNER else "",
        opened_by=actor,
    )
    stamp(case, actor)
    case.save()
    return case


@transaction.atomic
def movein_cancel(*, actor, case: MoveInCase, reason: str) -> MoveInCase:
    case = _locked(case, actor)
    case.cancel_reason = _text(reason, _("Give the reason for cancelling."), "reason")
    case.status = MoveInCase.Status.CANCELLED
    case.closed_by = actor
    case.completed_at = timezone.now()
    stamp(case, actor)
    case.save(update_fields=["status", "cancel_reason", "closed_by", "completed_at"])
    return case


# --- ① identity and documents -----------------------------------------------------------


def _check_required(case: MoveInCase, kind: str) -> None:
    if kind not in requirements.required_documents(case.handler):
        raise CheckinError(
            _("This document is not asked for this move-in."), code="not_required", field="kind"
        )


def _check_scan(scan: Any, original_sighted: bool) -> None:
    if scan is None and not original_sighted:
        raise CheckinError(
            _("Upload a scan or tick 'original sighted'."), code="no_document", field="scan"
        )
    if scan is not None:
        try:
            uploads.validate_scan(scan)
        except ValidationError as error:
            raise CheckinError(error.messages[0], code="not_a_scan", field="scan") from None


@transaction.atomic
def document_receive(
    *,
    actor,
    case: MoveInCase,
    kind: str,
    scan: Any = None,
    original_sighted: bool = False,
    notes: str = "",
) -> Document:
    """Archive one of the papers the move-in asks for, linked to the case."""
    case = _locked(case, actor)
    _check_required(case, kind)
    if kind == Document.Kind.POWER_OF_ATTORNEY:
        raise CheckinError(
            _("Register the agent with the power of attorney."), code="use_agent_form"
        )
    _check_scan(scan, original_sighted)
    return document_archive(
        actor=actor,
        document=Document(
            estate_id=case.estate_id,
            unit=case.unit,
            owner=case.owner,
            kind=kind,
            title=requirements.document_label(case.handler, kind),
            file=scan,
            original_sighted=original_sighted and scan is None,
            notes=(notes or "").strip(),
        ),
        source=case,
    )


@transaction.atomic
def agent_register(
    *,
    actor,
    case: MoveInCase,
    agent: Authorization,
    scan: Any = None,
    original_sighted: bool = False,
) -> Authorization:
    """The agent and the power of attorney (an owners ``Authorization`` for move-in)."""
    case = _locked(case, actor)
    if case.handler != MoveInCase.Handler.AGENT:
        raise CheckinError(
            _("This move-in is not handled by an agent."), code="not_agent", field="handler"
        )
    if case.authorization_id:
        raise CheckinError(_("The agent is already registered."), code="already_registered")
    _check_scan(scan, original_sighted)
    agent.owner = case.owner
    agent.scope = Authorization.Scope.CHECK_IN  # this power of attorney is for the move-in
    with refusals_of(OwnersError):
        authorization = authorization_add(
            actor=actor,
            unit=case.unit,
            authorization=agent,
            scan=scan,
            original_sighted=original_sighted and scan is None,
            source=case,
        )
    case.authorization = authorization
    case.handler_name = authorization.name
    stamp(case, actor)
    case.save(update_fields=["authorization", "handler_name"])
    return authorization


@transaction.atomic
def document_waive(*, actor, case: MoveInCase, kind: str, reason: str) -> DocumentWaiver:
    """A CS supervisor lets the case complete without one required document."""
    case = _locked(case, actor, SUPERVISOR_ROLES)
    _check_required(case, kind)
    reason = _text(reason, _("Give the reason for the waiver."), "reason")
    if case.waivers.filter(kind=kind).exists():
        raise CheckinError(_("This document is already waived."), code="already_waived")
    waiver = DocumentWaiver(case=case, kind=kind, reason=reason, waived_by=actor)
    stamp(waiver, actor)
    waiver.save()
    return waiver


# --- ② registration and agreements --------------------------------------------------------


@transaction.atomic
def registration_save(
    *,
    actor,
    case: MoveInCase,
    owner: Owner,
    residents: Sequence[Resident] = (),
    vehicles: Sequence[Vehicle] = (),
) -> MoveInCase:
    """The household registration form: the owner's contacts and emergency contact, the
    residents and vehicles, written to owners (not a copy); may be filled again to correct."""
    case = _locked(case, actor)
    if owner.pk != case.owner_id:
        raise CheckinError(_("This is another owner."), code="invalid", field="owner")
    if any(resident.unit_id != case.unit_id for resident in residents):
        raise CheckinError(_("A resident of another unit."), code="invalid")
    if any(vehicle.unit_id != case.unit_id for vehicle in vehicles):
        raise CheckinError(_("A vehicle of another unit."), code="invalid")
    with refusals_of(OwnersError):
        owner_save(actor=actor, owner=owner)
        for resident in residents:
            resident_save(actor=actor, resident=resident)
        for vehicle in vehicles:
            vehicle_save(actor=actor, vehicle=vehicle)
    case.registered_at = timezone.now()
    stamp(case, actor)
    case.save(update_fields=["registered_at"])
    return case


@transaction.atomic
def agreements_sign(
    *,
    actor,
    case: MoveInCase,
    agreements: Sequence[Agreement],
    signed_on: datetime.date | None = None,
) -> list[AgreementSigning]:
    """Record that the owner signed these of the estate's agreements."""
    case = _locked(case, actor)
    signed_on = signed_on or timezone.localdate()
    if signed_on > timezone.localdate():
        raise CheckinError(
            _("The signing date is in the future."), code="invalid", field="signed_on"
        )
    if not agreements:
        raise CheckinError(_("Tick the agreements signed."), code="invalid", field="agreements")
    done = set(case.signings.values_list("agreement_id", flat=True))
    signings = []
    for agreement in agreements:
        if agreement.estate_id != case.estate_id or not agreement.active:
            raise CheckinError(
                _("%(title)s is not an agreement of this estate.") % {"title": agreement},
                code="wrong_estate",
                field="agreements",
            )
        if agreement.pk in done:
            continue
        signing = AgreementSigning(
            case=case, agreement=agreement, signed_on=signed_on, recorded_by=actor
        )
        stamp(signing, actor)
        signing.save()
        signings.append(signing)
    return signings


# --- ③ handover ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Handed:
    name: str
    quantity: int
    note: str = ""
    keys: bool = False  # the line of the unit's keys (how many, and which in the note)


@transaction.atomic
def handover_record(*, actor, case: MoveInCase, lines: Sequence[Handed]) -> MoveInCase:
    """What was handed to the owner (keys: how many and which; the registration book; the
    water and electricity diagram; the estate's own items), for the confirmation to sign."""
    case = _locked(case, actor)
    if case.handed_over_at is not None:
        raise CheckinError(_("The handover is already recorded."), code="already_handed_over")
    lines = [line for line in lines if line.name.strip()]
    if not lines:
        raise CheckinError(_("List what was handed over."), code="invalid")
    for line in lines:
        if line.quantity < 0:
            raise CheckinError(_("A quantity cannot be negative."), code="invalid")
        if line.quantity == 0 and not line.note.strip():
            raise CheckinError(
                _("%(item)s: none handed over, say why.") % {"item": line.name},
                code="invalid",
                field="note",
            )
    keys = next((line for line in lines if line.keys), None)
    if keys is None or keys.quantity < 1:
        raise CheckinError(
            _("Say how many keys were handed over."), code="no_keys", field="quantity"
        )
    for order, line in enumerate(lines):
        row = HandoverLine(
            case=case,
            name=line.name.strip(),
            quantity=line.quantity,
            note=line.note.strip(),
            order=order,
        )
        stamp(row, actor)
        row.save()
    case.handed_over_at = timezone.now()
    stamp(case, actor)
    case.save(update_fields=["handed_over_at"])
    return case


# --- ④ fee ---------------------------------------------------------------------------------


@transaction.atomic
def fee_charge(*, actor, case: MoveInCase, months: int | None = None) -> list[Charge]:
    """Charge the property fee due at move-in (the estate's number of months from this one)
    through fees; it is then paid with the fees payment flow."""

    case = _locked(case, actor)
    if case.fee_first_month is not None:
        raise CheckinError(_("The move-in fee is already charged."), code="already_charged")
    months = move_in_fee_months_for(case.estate_id) if months is None else months
    first = timezone.localdate().replace(day=1)
    charges = []
    if months:
        with refusals_of(FeesError, prefix="fees_"):
            charges = property_fee_advance(
                actor=actor, unit=case.unit, first_month=first, months=months
            )
    case.fee_first_month = first
    case.fee_months = months
    stamp(case, actor)
    case.save(update_fields=["fee_first_month", "fee_months"])
    return charges


# --- ⑤ acceptance ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    room: str
    item: str
    defect: bool = False
    note: str = ""
    photo: Any = None
    category: str = "civil"


def _engineering(estate_id: int):
    return (
        Department.objects.filter(estate_id=estate_id, kind=Department.Kind.ENGINEERING)
        .order_by("id")
        .first()
    )


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

    case = _locked(case, actor, ACCEPT_ROLES)
    if case.accepted_at is not None:
        raise CheckinError(_("The acceptance is already recorded."), code="already_accepted")
    inspector = _text(inspector, _("Name who inspected for maintenance."), "inspector")
    present = _text(present, _("Name the owner or resident present."), "present")
    if not items:
        raise CheckinError(_("The checklist is empty."), code="invalid")
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
            defect=checked.defect,
            note=checked.note.strip(),
            order=position,
        )
        if checked.photo is not None:
            row.photo = checked.photo
        stamp(row, actor)
        row.save()
        if checked.defect:
            with refusals_of(WorkOrderError, prefix="work_order_"):
                order = order_create(
                    actor=actor,
                    estate=case.unit.estate,
                    kind="repair",
                    category=checked.category,
                    description=_("Move-in acceptance, %(room)s · %(item)s: %(note)s")
                    % {"room": row.room, "item": row.item, "note": row.note},
                    unit=case.unit,
                    reporter_name=present,
                    department=department,
                    source="checkin",
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


def _defect_orders(case: MoveInCase, *statuses: str) -> list[WorkOrder]:
    """The case's repair orders now in one of ``statuses``."""
    ids = case.acceptance_items.filter(work_order_id__isnull=False).values("work_order_id")
    return list(WorkOrder.objects.filter(pk__in=ids, status__in=statuses).order_by("id"))


def _pending_reinspection(case: MoveInCase) -> Reinspection | None:
    """The booking still to be recorded (booking again moves it: there is one at most)."""
    return case.reinspections.filter(done_at__isnull=True).first()


@transaction.atomic
def reinspection_book(
    *, actor, case: MoveInCase, at: datetime.datetime, accompanied_by: str
) -> Reinspection:
    """The time agreed with the owner to re-inspect every repair maintenance has verified;
    maintenance is told on each order to accompany the owner."""

    case = _locked(case, actor)
    accompanied_by = _text(
        accompanied_by, _("Name who accompanies the owner for maintenance."), "accompanied_by"
    )
    orders = _defect_orders(case, OrderStatus.VERIFIED, OrderStatus.BOOKED)
    if not orders:
        raise CheckinError(
            _("Maintenance has not verified any repair of this move-in yet."),
            code="nothing_verified",
        )
    note = _("With the owner, accompanied by %(name)s") % {"name": accompanied_by}
    with refusals_of(WorkOrderError):
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
    failed: dict[int, str] | None = None,
) -> Reinspection:
    """How the booked re-inspection went: the owner signs each repaired order (confirmed and
    closed); a failed one goes back to maintenance with the reason (``failed``: order id →
    reason) and comes back to be re-inspected again."""

    case = _locked(case, actor)
    failed = failed or {}
    reinspection = _pending_reinspection(case)
    orders = _defect_orders(case, OrderStatus.BOOKED)
    if reinspection is None or not orders:
        raise CheckinError(_("No re-inspection is booked."), code="not_booked")
    unknown = set(failed) - {order.pk for order in orders}
    if unknown:
        raise CheckinError(_("That order is not being re-inspected."), code="invalid")
    signed_by = (signed_by or "").strip()
    if len(failed) < len(orders) and not signed_by:
        raise CheckinError(
            _("Enter the name of the owner who signed."), code="no_signature", field="signed_by"
        )
    with refusals_of(WorkOrderError):
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


# --- ⑦ archive and completion --------------------------------------------------------------


@transaction.atomic
def movein_complete(
    *,
    actor,
    case: MoveInCase,
    move_in_date: datetime.date | None = None,
    unit_status: str = Unit.Status.OCCUPIED,
) -> MoveInCase:
    """Archive and complete: refused, with what is missing, until every step is done; then the
    unit is handed over (or occupied) from ``move_in_date``."""

    case = _locked(case, actor)
    move_in_date = move_in_date or timezone.localdate()
    if unit_status not in COMPLETION_STATUSES:
        raise CheckinError(
            _("Choose occupied or handed over."), code="invalid", field="unit_status"
        )
    if move_in_date > timezone.localdate():
        raise CheckinError(
            _("The move-in date is in the future."), code="invalid", field="move_in_date"
        )
    progress = case_progress(case)
    missing = progress.missing()
    if missing:
        raise CheckinError(
            _("Not yet: %(missing)s.") % {"missing": "; ".join(str(m) for m in missing)},
            code="incomplete",
        )
    case.status = MoveInCase.Status.COMPLETED
    case.completed_at = timezone.now()
    case.move_in_date = move_in_date
    case.closed_by = actor
    stamp(case, actor)
    case.save(update_fields=["status", "completed_at", "move_in_date", "closed_by"])
    unit_status_set(
        actor=actor,
        unit=Unit.objects.select_for_update().get(pk=case.unit_id),
        status=unit_status,
        reason=_("Move-in completed"),
        moved_in_on=move_in_date,
    )
    return case
