"""Every write of a move-in case (入伙) but the acceptance: opening, ① papers, ② registration
and agreements, ③ handover, ④ the fee, ⑦ completion, and cancelling. The acceptance and the
re-inspection of its defects are in ``checkin.services.acceptance``.

What a step receives is kept where the rest of the system looks for it: papers in the owners
document archive, the agent as an owners ``Authorization``, the household in owners
(contacts, residents, vehicles), the fee as fees charges. Each service runs in one
transaction, locks the case, and refuses with a ``DeskError`` (nothing changed) when the step
cannot be taken; another app's refusal (owners, fees) comes through as that app's own."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees.services import property_fee_advance
from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from frontdesk.text import check_date
from owners import uploads
from owners.models import Authorization, Document, Owner, Ownership, Resident, Unit, Vehicle
from owners.services import (
    authorization_add,
    document_archive,
    owner_save,
    resident_save,
    unit_status_set,
    vehicle_save,
)

from .. import permissions, requirements
from ..errors import CheckinError
from ..models import (
    Agreement,
    AgreementSigning,
    Custody,
    DocumentWaiver,
    HandoverLine,
    MoveInCase,
)
from ..selectors.movein import case_progress
from ..selectors.settings import move_in_fee_months_for
from .checks import check_current_owner

COMPLETION_STATUSES = (Unit.Status.OCCUPIED, Unit.Status.HANDED_OVER)


def locked_case(
    case: MoveInCase, actor, allowed: tuple[str, ...] = permissions.MANAGE_ROLES
) -> MoveInCase:
    """``case`` locked for a step, once ``actor`` may take it and while the case is open."""
    check_actor(actor, estate_id=case.estate_id, roles=allowed)
    case = MoveInCase.objects.select_for_update().select_related("unit", "owner").get(pk=case.pk)
    if not case.is_open:
        raise CheckinError(
            _("This move-in is %(status)s: nothing more can be done on it.")
            % {"status": case.get_status_display()},
            code="case_closed",
        )
    return case


def required_text(value: str | None, message: str, field: str) -> str:
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
    check_actor(actor, estate_id=unit.estate_id, roles=permissions.MANAGE_ROLES)
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
    case = locked_case(case, actor)
    case.cancel_reason = required_text(reason, _("Give the reason for cancelling."), "reason")
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


def _check_archive_ready(case: MoveInCase, kind: str) -> None:
    """The signed registration form and agreements are archived once there is something
    signed: the registration filled in, every agreement of the estate signed."""
    if kind == Document.Kind.REGISTRATION_BOOK and case.registered_at is None:
        raise CheckinError(
            _("Fill in the household registration form first, then archive it signed."),
            code="not_registered",
            field="kind",
        )
    if kind == Document.Kind.AGREEMENT:
        signed = set(case.signings.values_list("agreement_id", flat=True))
        unsigned = Agreement.objects.filter(estate_id=case.estate_id, active=True).exclude(
            pk__in=signed
        )
        if not signed or unsigned.exists():
            raise CheckinError(
                _("Record the signing of every agreement first, then archive them signed."),
                code="not_signed",
                field="kind",
            )


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
    """Archive one of the papers the move-in asks for, or the signed registration form or
    agreements (step ⑦), linked to the case."""
    case = locked_case(case, actor)
    if kind in requirements.ARCHIVE_DOCUMENTS:
        _check_archive_ready(case, kind)
    else:
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
    case = locked_case(case, actor)
    if case.handler != MoveInCase.Handler.AGENT:
        raise CheckinError(
            _("This move-in is not handled by an agent."), code="not_agent", field="handler"
        )
    if case.authorization_id:
        raise CheckinError(_("The agent is already registered."), code="already_registered")
    _check_scan(scan, original_sighted)
    agent.owner = case.owner
    agent.scope = Authorization.Scope.CHECK_IN  # this power of attorney is for the move-in
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
    case = locked_case(case, actor, permissions.SUPERVISOR_ROLES)
    _check_required(case, kind)
    reason = required_text(reason, _("Give the reason for the waiver."), "reason")
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
    case = locked_case(case, actor)
    if owner.pk != case.owner_id:
        raise CheckinError(_("This is another owner."), code="invalid", field="owner")
    if any(resident.unit_id != case.unit_id for resident in residents):
        raise CheckinError(_("A resident of another unit."), code="invalid")
    if any(vehicle.unit_id != case.unit_id for vehicle in vehicles):
        raise CheckinError(_("A vehicle of another unit."), code="invalid")
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
    case = locked_case(case, actor)
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
                code="other_estate",
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
    # requirements.KEYS (how many, which in the note), BOOK or DIAGRAM; "" for the estate's own
    kind: str = ""


@transaction.atomic
def handover_record(*, actor, case: MoveInCase, lines: Sequence[Handed]) -> MoveInCase:
    """What was handed to the owner (keys: how many and which; the registration book; the
    water and electricity diagram; the estate's own items), for the confirmation to sign."""
    case = locked_case(case, actor)
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
    handed = {line.kind: line.quantity for line in lines if line.kind}
    if handed.get(requirements.KEYS, 0) < 1:
        raise CheckinError(
            _("Say how many keys were handed over."), code="no_keys", field="quantity"
        )
    left_out = [
        name
        for kind, name, _quantity in requirements.default_handover()
        if kind != requirements.KEYS and handed.get(kind, 0) < 1
    ]
    if left_out:
        raise CheckinError(
            _("Every handover includes %(items)s: hand them over before recording it.")
            % {"items": ", ".join(left_out)},
            code="handover_incomplete",
            field="quantity",
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
def fee_charge(*, actor, case: MoveInCase, months: int | None = None) -> list[Any]:
    """Charge the property fee due at move-in (the estate's number of months from this one)
    through fees; it is then paid with the fees payment flow. Returns fees' new charges."""
    case = locked_case(case, actor)
    if case.fee_first_month is not None:
        raise CheckinError(_("The move-in fee is already charged."), code="already_charged")
    months = move_in_fee_months_for(case.estate_id) if months is None else months
    first = timezone.localdate().replace(day=1)
    charges = []
    if months:
        charges = property_fee_advance(
            actor=actor, unit=case.unit, first_month=first, months=months
        )
    case.fee_first_month = first
    case.fee_months = months
    stamp(case, actor)
    case.save(update_fields=["fee_first_month", "fee_months"])
    return charges


# --- ⑦ archive and completion --------------------------------------------------------------


def _check_owned_by(case: MoveInCase, move_in_date: datetime.date) -> None:
    """Nobody moves in before owning the unit: refused (``before_ownership``) when
    ``move_in_date`` is before the case owner's ownership began."""
    since = (
        Ownership.objects.filter(unit_id=case.unit_id, owner_id=case.owner_id)
        .current()
        .order_by("since")
        .values_list("since", flat=True)
        .first()
    )
    if since is not None and move_in_date < since:
        raise CheckinError(
            _("The move-in date %(date)s is before %(owner)s owned the unit (%(since)s).")
            % {"date": move_in_date.isoformat(), "owner": case.owner, "since": since.isoformat()},
            code="before_ownership",
            field="move_in_date",
        )


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
    case = locked_case(case, actor)
    move_in_date = move_in_date or timezone.localdate()
    if unit_status not in COMPLETION_STATUSES:
        raise CheckinError(
            _("Choose occupied or handed over."), code="invalid", field="unit_status"
        )
    if move_in_date > timezone.localdate():
        raise CheckinError(
            _("The move-in date is in the future."), code="invalid", field="move_in_date"
        )
    try:
        check_date(move_in_date)
    except ValidationError as error:
        raise CheckinError(error.messages[0], code="invalid", field="move_in_date") from None
    _check_owned_by(case, move_in_date)
    missing = case_progress(case).missing()
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
