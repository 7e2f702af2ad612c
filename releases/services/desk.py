"""The desk's side of a release slip: the request (identity, arrears, items, plate, day), the
owner's phone confirmation, issuing (number and one-time code) and cancelling."""

import datetime
import secrets
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees.selectors import arrears_for_unit
from frontdesk.errors import OTHER_ESTATE, DeskError
from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from owners.selectors import current_owners
from owners.uploads import validate_photo
from owners.validators import (
    IdType,
    mask_id_number,
    normalize_id_number,
    normalize_phone,
    normalize_plate,
    validate_id_number,
    validate_phone,
    validate_plate,
)

from .. import permissions
from ..errors import ReleaseError
from ..models import ReleaseItem, ReleaseSlip

# How far ahead a slip may be dated: the office allows a slip for one day, up to a week out.
MAX_DAYS_AHEAD = 7
MAX_ITEMS = 50
MAX_QUANTITY = 9999
NUMBER_KIND, NUMBER_PREFIX = "release", "FX"
# No 0/O, 1/I/L: a guard types the code from paper. 31 symbols, 8 places: ~8.5e11 codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


@dataclass(frozen=True)
class ItemInput:
    description: str
    quantity: int
    photo: Any = None


def _error(message: str, code: str, field: str | None = None) -> ReleaseError:
    return ReleaseError(message, code=code, field=field)


def slip_used_message(slip: ReleaseSlip) -> str:
    if slip.number:
        return _("This form was already used: it issued release slip %(number)s.") % {
            "number": slip.number
        }
    return _("This form was already used: its slip is waiting for the owner.")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _check_identity(id_type: str, id_number: str) -> str:
    if id_type not in IdType.values:
        raise _error(_("Choose the type of identity document."), "bad_id_type", "id_type")
    number = normalize_id_number(id_number)
    if not number:
        raise _error(
            _("The requester must show an identity document: enter its number."),
            "no_id",
            "id_number",
        )
    try:
        validate_id_number(id_type, number)
    except ValidationError as error:
        message = error.message_dict.get("id_number", error.messages)[0]
        raise _error(message, "invalid_id", "id_number") from None
    return number


def _check_items(items: list[ItemInput]) -> list[ItemInput]:
    cleaned = []
    for item in items:
        description = (item.description or "").strip()
        if not description:
            continue
        if item.quantity is None or item.quantity <= 0:
            raise _error(
                _("The quantity of “%(item)s” must be at least 1.") % {"item": description},
                "bad_quantity",
                "items",
            )
        if item.quantity > MAX_QUANTITY:
            raise _error(
                _("The quantity of “%(item)s” is too large.") % {"item": description},
                "bad_quantity",
                "items",
            )
        if item.photo:
            try:
                validate_photo(item.photo)
            except ValidationError:
                raise _error(
                    _("Upload the photo as an image (JPEG, PNG)."), "bad_photo", "items"
                ) from None
        cleaned.append(ItemInput(description, item.quantity, item.photo))
    if not cleaned:
        raise _error(_("List the items leaving the estate."), "no_items", "items")
    if len(cleaned) > MAX_ITEMS:
        raise _error(
            _("At most %(n)s items on one slip.") % {"n": MAX_ITEMS}, "too_many_items", "items"
        )
    return cleaned


def _check_day(valid_on: datetime.date) -> None:
    today = timezone.localdate()
    if valid_on < today:
        raise _error(_("The slip cannot be for a day in the past."), "day_in_past", "valid_on")
    if valid_on > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise _error(
            _("A slip is valid for one day at most %(days)s days ahead.")
            % {"days": MAX_DAYS_AHEAD},
            "day_too_far",
            "valid_on",
        )


def _check_arrears(slip: ReleaseSlip, *, actor, override_reason: str) -> None:
    """Snapshot the unit's arrears now (inside the transaction that issues the slip): with
    arrears the slip needs a payment first or a CS supervisor's override with a reason."""
    arrears = arrears_for_unit(slip.unit)
    slip.arrears_amount = arrears.amount.quantize(Decimal("0.01"))
    slip.arrears_checked_at = timezone.now()
    if not arrears:
        return
    override_reason = (override_reason or "").strip()
    if not override_reason:
        raise _error(
            _(
                "The unit owes %(amount)s yuan: take the payment first, or a CS supervisor "
                "overrides with a reason."
            )
            % {"amount": slip.arrears_amount},
            "arrears",
            "override_reason",
        )
    try:
        check_actor(actor, estate_id=slip.estate_id, roles=permissions.OVERRIDE_ROLES)
    except DeskError:
        raise _error(
            _("Only a CS supervisor may issue a slip despite arrears."),
            "override_forbidden",
            "override_reason",
        ) from None
    slip.override_reason = override_reason
    slip.override_by = actor


def _issue(slip: ReleaseSlip, *, actor) -> None:
    """Number (gapless, per estate and year) and a one-time code unique in the estate."""
    slip.status = ReleaseSlip.Status.ISSUED
    slip.issued_at = timezone.now()
    slip.issued_by = actor
    slip.number = allocate_number(estate_id=slip.estate_id, kind=NUMBER_KIND, prefix=NUMBER_PREFIX)
    code = new_code()
    while ReleaseSlip.objects.filter(estate_id=slip.estate_id, code=code).exists():
        code = new_code()  # about one in 10^11 per slip; the unique index is the last word
    slip.code = code


def _check_confirmation(
    *, unit, confirmed_by_name: str, confirm_phone: str, confirm_answer: str
) -> tuple[str, str]:
    """The owner's answer by phone: who answered must be an owner of the unit on file, by
    name or by the number called (anyone else's word does not let goods out)."""
    name = (confirmed_by_name or "").strip()
    phone = normalize_phone(confirm_phone)
    if not name:
        raise _error(_("Name the owner who answered."), "no_confirmer", "confirmed_by_name")
    if not phone:
        raise _error(_("Enter the number called."), "no_phone", "confirm_phone")
    try:
        validate_phone(phone)
    except ValidationError as error:
        raise _error(error.messages[0], "invalid_phone", "confirm_phone") from None
    if confirm_answer not in ReleaseSlip.Answer.values:
        raise _error(_("Record the owner's answer."), "no_answer", "confirm_answer")
    owners = list(current_owners(unit))
    if not any(name == o.name or phone in (o.phone, o.phone2) for o in owners):
        raise _error(
            _(
                "%(name)s at %(phone)s is not an owner of %(unit)s on file (%(owners)s): call "
                "an owner on file."
            )
            % {
                "name": name,
                "phone": phone,
                "unit": unit.code,
                "owners": "、".join(o.name for o in owners) or _("no owner on file"),
            },
            "not_owner",
            "confirmed_by_name",
        )
    return name, phone


@transaction.atomic
def slip_request(
    *,
    actor,
    unit,
    requester_name: str,
    relation: str,
    id_type: str,
    id_number: str,
    reason: str,
    items: list[ItemInput],
    valid_on: datetime.date | None = None,
    plate: str = "",
    reason_note: str = "",
    override_reason: str = "",
    confirmed_by_name: str = "",
    confirm_phone: str = "",
    confirm_answer: str = "",
    form_key: uuid.UUID | str | None = None,
) -> ReleaseSlip:
    """A requester at the desk asks for a slip. An owner's slip is issued at once; anyone
    else's waits for the owner's phone confirmation, unless the call is recorded with the
    request (``confirmed_by_name``…). Arrears: see ``_check_arrears``. Nothing is written
    when anything is refused; a second post of one form raises ``FormUsed``."""
    estate_id = unit.estate_id
    check_actor(
        actor,
        estate_id=estate_id,
        roles=permissions.ISSUE_ROLES,
        message=_("Your role may not issue release slips."),
    )
    key = form_key_of(
        form_key, error=ReleaseError, message=_("This form is damaged: open it again.")
    )
    refuse_used_key(ReleaseSlip, key, slip_used_message, actor=actor, error=ReleaseError)
    requester_name = (requester_name or "").strip()
    if not requester_name:
        raise _error(_("Enter the requester's name."), "no_name", "requester_name")
    if relation not in ReleaseSlip.Relation.values:
        raise _error(_("Choose the requester's relation to the unit."), "bad_relation", "relation")
    if reason not in ReleaseSlip.Reason.values:
        raise _error(_("Choose the reason."), "bad_reason", "reason")
    number = _check_identity(id_type, id_number)
    items = _check_items(list(items))
    plate = normalize_plate(plate)
    try:
        validate_plate(plate)
    except ValidationError as error:
        raise _error(error.messages[0], "invalid_plate", "plate") from None
    valid_on = valid_on or timezone.localdate()
    _check_day(valid_on)
    now = timezone.now()
    slip = ReleaseSlip(
        estate_id=estate_id,
        unit=unit,
        requester_name=requester_name,
        relation=relation,
        id_type=id_type,
        id_masked=mask_id_number(number),
        reason=reason,
        reason_note=(reason_note or "").strip(),
        plate=plate,
        valid_on=valid_on,
        created_by=actor,
        created_at=now,
    )
    _check_arrears(slip, actor=actor, override_reason=override_reason)
    confirming = slip.needs_owner and any((confirmed_by_name, confirm_phone, confirm_answer))
    if confirming:
        name, phone = _check_confirmation(
            unit=unit,
            confirmed_by_name=confirmed_by_name,
            confirm_phone=confirm_phone,
            confirm_answer=confirm_answer,
        )
        _record_call(slip, actor=actor, name=name, phone=phone, answer=confirm_answer, at=now)
    stamp(slip, actor)

    def issue_now() -> None:  # in save_once's savepoint: a second post gives the number back
        if not slip.needs_owner or slip.confirm_answer == ReleaseSlip.Answer.AGREED:
            _issue(slip, actor=actor)
        elif slip.confirm_answer == ReleaseSlip.Answer.REFUSED:
            _refused_by_owner(slip, actor=actor, at=now)

    save_once(slip, key, slip_used_message, actor=actor, error=ReleaseError, before=issue_now)
    for item in items:
        ReleaseItem.objects.create(
            slip=slip,
            description=item.description,
            quantity=item.quantity,
            photo=item.photo or "",
        )
    return slip


def _record_call(slip: ReleaseSlip, *, actor, name: str, phone: str, answer: str, at) -> None:
    slip.confirmed_by_name = name
    slip.confirm_phone = phone
    slip.confirm_answer = answer
    slip.confirmed_at = at
    slip.confirm_recorded_by = actor


def _refused_by_owner(slip: ReleaseSlip, *, actor, at) -> None:
    slip.status = ReleaseSlip.Status.CANCELLED
    slip.cancelled_at = at
    slip.cancelled_by = actor
    slip.cancel_reason = _("The owner did not agree on the phone.")


def _locked(slip: ReleaseSlip) -> ReleaseSlip:
    return (
        ReleaseSlip.objects.select_for_update(of=("self",)).select_related("unit").get(pk=slip.pk)
    )


@transaction.atomic
def slip_confirm(
    *,
    actor,
    slip: ReleaseSlip,
    confirmed_by_name: str,
    confirm_phone: str,
    confirm_answer: str,
    override_reason: str = "",
) -> ReleaseSlip:
    """Record the owner's phone answer for a waiting slip: agreed issues it (arrears checked
    again, now), refused cancels it."""
    check_actor(
        actor,
        estate_id=slip.estate_id,
        roles=permissions.ISSUE_ROLES,
        message=_("Your role may not issue release slips."),
    )
    slip = _locked(slip)
    if slip.status != ReleaseSlip.Status.WAITING:
        raise _error(_("This slip is not waiting for the owner."), "not_waiting")
    name, phone = _check_confirmation(
        unit=slip.unit,
        confirmed_by_name=confirmed_by_name,
        confirm_phone=confirm_phone,
        confirm_answer=confirm_answer,
    )
    now = timezone.now()
    if slip.valid_on < timezone.localdate():
        raise _error(_("The slip's day has passed: open a new one."), "expired")
    _record_call(slip, actor=actor, name=name, phone=phone, answer=confirm_answer, at=now)
    if confirm_answer == ReleaseSlip.Answer.AGREED:
        _check_arrears(slip, actor=actor, override_reason=override_reason or slip.override_reason)
        _issue(slip, actor=actor)
    else:
        _refused_by_owner(slip, actor=actor, at=now)
    stamp(slip, actor)
    try:
        with transaction.atomic():
            slip.save()
    except IntegrityError:  # the code met another slip's at the same instant
        raise _error(_("Please try again."), "retry") from None
    return slip


@transaction.atomic
def slip_cancel(*, actor, slip: ReleaseSlip, reason: str) -> ReleaseSlip:
    """Cancel a waiting or issued slip (the requester changed plans, the paper was lost)."""
    check_actor(
        actor,
        estate_id=slip.estate_id,
        roles=permissions.ISSUE_ROLES,
        message=_("Your role may not cancel release slips."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise _error(_("Say why the slip is cancelled."), "no_reason", "reason")
    slip = _locked(slip)
    if slip.status not in (ReleaseSlip.Status.WAITING, ReleaseSlip.Status.ISSUED):
        raise _error(
            _("A slip that is %(status)s cannot be cancelled.")
            % {"status": slip.get_status_display()},
            "bad_status",
        )
    slip.status = ReleaseSlip.Status.CANCELLED
    slip.cancelled_at = timezone.now()
    slip.cancelled_by = actor
    slip.cancel_reason = reason
    stamp(slip, actor)
    slip.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    return slip


@transaction.atomic
def slip_paper_returned(*, actor, slip: ReleaseSlip) -> ReleaseSlip:
    """Tick off the guard's paper part of a used slip, handed back to customer service."""
    check_actor(
        actor,
        estate_id=slip.estate_id,
        roles=permissions.ISSUE_ROLES,
        message=_("Your role may not receive slips back."),
    )
    slip = _locked(slip)
    if slip.status != ReleaseSlip.Status.USED:
        raise _error(_("Only a used slip comes back from the gate."), "not_used")
    if slip.paper_returned_at is not None:
        raise _error(_("This slip's paper was already ticked off."), "already_returned")
    slip.paper_returned_at = timezone.now()
    slip.paper_returned_by = actor
    stamp(slip, actor)
    slip.save(update_fields=["paper_returned_at", "paper_returned_by"])
    return slip


def unit_in_estate(unit, estate_id: int) -> None:
    if unit.estate_id != estate_id:
        raise _error(_("The unit belongs to another estate."), OTHER_ESTATE)
