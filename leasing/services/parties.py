"""Spaces, lessees and negotiations: what is let, to whom, and the talks before a contract."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.once import refuse_used_key, save_once
from owners.uploads import validate_photo
from owners.validators import (
    IdType,
    mask_id_number,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)

from .. import permissions
from ..errors import LeasingError
from ..models import Contact, Contract, Lessee, Negotiation, Space
from .common import actor_check, day, error, text


def _used(record) -> str:
    return _("This form was already used: %(record)s is recorded.") % {"record": record}


@dataclass
class SpaceInput:
    code: str
    kind: str
    name: str
    location: str
    ownership: str
    area: Decimal | None = None
    size: str = ""
    lit: bool = False
    note: str = ""
    photo: Any = None


@transaction.atomic
def space_create(*, actor, estate_id: int, data: SpaceInput, form_key=None) -> Space:
    actor_check(actor, estate_id, permissions.DESK_ROLES, _("Your role may not register spaces."))
    refuse_used_key(Space, form_key, _used, actor=actor, error=LeasingError)
    if data.kind not in Space.Kind.values:
        raise error(_("Choose the kind of space."), "bad_kind", "kind")
    if data.ownership not in Space.Ownership.values:
        raise error(
            _("Say whether the space is a common part of the owners or the company's own."),
            "bad_ownership",
            "ownership",
        )
    code = text(data.code, "code", max_length=20, required=_("Give the space a code."))
    if Space.objects.filter(estate_id=estate_id, code=code).exists():
        raise error(
            _("Another space of this estate has code %(code)s.") % {"code": code},
            "duplicate_code",
            "code",
        )
    space = Space(estate_id=estate_id, code=code, kind=data.kind, ownership=data.ownership)
    _describe(space, data)
    stamp(space, actor)
    return save_once(space, _key(form_key), _used, actor=actor, error=LeasingError)


def _describe(space: Space, data: SpaceInput) -> None:
    """What a space looks like and where it is: checked alike when it is registered or edited."""
    if data.area is not None and data.area <= 0:
        raise error(_("The area must be more than zero."), "bad_area", "area")
    if data.photo:
        try:
            validate_photo(data.photo)
        except ValidationError as exc:
            raise error(exc.messages[0], "bad_file", "photo") from None
        space.photo = data.photo
    space.name = text(data.name, "name", max_length=100, required=_("Name the space."))
    space.location = text(
        data.location, "location", max_length=200, required=_("Say where the space is.")
    )
    space.area = data.area
    space.size = text(data.size, "size", max_length=60)
    space.lit = bool(data.lit) and space.kind == Space.Kind.ADVERTISING
    space.note = text(data.note, "note", max_length=200)


@transaction.atomic
def space_update(*, actor, space: Space, data: SpaceInput, active: bool = True) -> Space:
    """Correct a space's description, change its photo, or take it out of letting. Its code,
    kind and ownership stay: contracts and the owners' ledger are kept under them."""
    actor_check(actor, space.estate_id, permissions.DESK_ROLES, _("Your role may not edit spaces."))
    space = Space.objects.select_for_update().get(pk=space.pk)
    _describe(space, data)
    if not active and space.contracts.filter(status=Contract.Status.ACTIVE).exists():
        raise error(
            _("The space is let: end its contract before taking it out of letting."),
            "space_let",
            "active",
        )
    space.active = active
    stamp(space, actor)
    space.save()
    return space


def _key(value) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise error(_("This form is damaged: open it again."), "bad_form_key") from None


@dataclass
class LesseeInput:
    kind: str
    name: str
    contact_name: str
    phone: str
    credit_code: str = ""
    id_type: str = ""
    id_number: str = ""
    address: str = ""


def _credit_code(value: str) -> str:
    code = normalize_id_number(value)
    if not code:
        raise error(_("Enter the company's unified social credit code."), "required", "credit_code")
    try:
        validate_id_number(IdType.CREDIT_CODE, code)
    except ValidationError as exc:
        message = exc.message_dict.get("id_number", exc.messages)[0]
        raise error(message, "invalid_credit_code", "credit_code") from None
    return code


def _identity(id_type: str, id_number: str) -> str:
    if id_type not in IdType.values or id_type == IdType.CREDIT_CODE:
        raise error(_("Choose the type of identity document."), "bad_id_type", "id_type")
    number = normalize_id_number(id_number)
    if not number:
        raise error(_("Enter the ID number from the document shown."), "required", "id_number")
    try:
        validate_id_number(id_type, number)
    except ValidationError as exc:
        message = exc.message_dict.get("id_number", exc.messages)[0]
        raise error(message, "invalid_id", "id_number") from None
    return number


@transaction.atomic
def lessee_create(*, actor, estate_id: int, data: LesseeInput, form_key=None) -> Lessee:
    """A company (its credit code checked, one lessee per code and estate) or a person (the
    ID number checked, kept only masked)."""
    actor_check(actor, estate_id, permissions.DESK_ROLES, _("Your role may not register lessees."))
    refuse_used_key(Lessee, form_key, _used, actor=actor, error=LeasingError)
    lessee = Lessee(
        estate_id=estate_id,
        kind=data.kind,
        name=text(data.name, "name", max_length=100, required=_("Enter the lessee's name.")),
        contact_name=text(
            data.contact_name, "contact_name", max_length=50, required=_("Name the contact.")
        ),
        address=text(data.address, "address", max_length=200),
    )
    if data.kind == Lessee.Kind.COMPANY:
        lessee.credit_code = _credit_code(data.credit_code)
        if Lessee.objects.filter(estate_id=estate_id, credit_code=lessee.credit_code).exists():
            raise error(
                _("A lessee with this credit code is registered already."),
                "duplicate_lessee",
                "credit_code",
            )
    elif data.kind == Lessee.Kind.PERSON:
        lessee.id_type = data.id_type
        lessee.id_number_masked = mask_id_number(_identity(data.id_type, data.id_number))
    else:
        raise error(_("Choose a company or a person."), "bad_kind", "kind")
    lessee.phone = _phone(data.phone)
    stamp(lessee, actor)
    return save_once(lessee, _key(form_key), _used, actor=actor, error=LeasingError)


def _phone(value: str) -> str:
    phone = normalize_phone(value)
    if not phone:
        raise error(_("Enter a phone number."), "required", "phone")
    try:
        validate_phone(phone)
    except ValidationError as exc:
        raise error(exc.messages[0], "invalid_phone", "phone") from None
    return phone


@transaction.atomic
def lessee_update(
    *, actor, lessee: Lessee, name: str, contact_name: str, phone: str, address: str = ""
) -> Lessee:
    """A lessee's name, contact, phone and address change; who it is (the credit code, the
    ID number kept masked) does not: another company or person is another lessee."""
    actor_check(
        actor, lessee.estate_id, permissions.DESK_ROLES, _("Your role may not edit lessees.")
    )
    lessee = Lessee.objects.select_for_update().get(pk=lessee.pk)
    lessee.name = text(name, "name", max_length=100, required=_("Enter the lessee's name."))
    lessee.contact_name = text(
        contact_name, "contact_name", max_length=50, required=_("Name the contact.")
    )
    lessee.phone = _phone(phone)
    lessee.address = text(address, "address", max_length=200)
    stamp(lessee, actor)
    lessee.save(update_fields=["name", "contact_name", "phone", "address"])
    return lessee


def _same_estate(estate_id: int, *rows) -> None:
    if any(row.estate_id != estate_id for row in rows):
        raise error(_("This belongs to another estate."), "other_estate")


@transaction.atomic
def negotiation_open(
    *, actor, space: Space, lessee: Lessee, purpose: str, form_key=None
) -> Negotiation:
    actor_check(
        actor, space.estate_id, permissions.DESK_ROLES, _("Your role may not negotiate leases.")
    )
    refuse_used_key(Negotiation, form_key, _used, actor=actor, error=LeasingError)
    _same_estate(space.estate_id, lessee)
    if not space.active:
        raise error(_("This space is no longer let."), "space_inactive", "space")
    negotiation = Negotiation(
        estate_id=space.estate_id,
        space=space,
        lessee=lessee,
        purpose=text(purpose, "purpose", max_length=200, required=_("Say what the space is for.")),
        opened_by=actor,
    )
    stamp(negotiation, actor)
    return save_once(negotiation, _key(form_key), _used, actor=actor, error=LeasingError)


def _open(negotiation: Negotiation) -> Negotiation:
    negotiation = Negotiation.objects.select_for_update().get(pk=negotiation.pk)
    if negotiation.status != Negotiation.Status.OPEN:
        raise error(
            _("This negotiation is %(status)s already.")
            % {"status": negotiation.get_status_display()},
            "closed",
        )
    return negotiation


@transaction.atomic
def contact_record(
    *,
    actor,
    negotiation: Negotiation,
    on: datetime.date | None,
    counterpart: str,
    asked: str,
    offered: str = "",
    next_step: str = "",
    next_on: datetime.date | None = None,
    form_key=None,
) -> Contact:
    actor_check(
        actor,
        negotiation.estate_id,
        permissions.DESK_ROLES,
        _("Your role may not negotiate leases."),
    )
    refuse_used_key(Contact, form_key, _used, actor=actor, error=LeasingError)
    negotiation = _open(negotiation)
    on = day(on, "on", _("Enter the date of the contact."))
    if on > timezone.localdate():
        raise error(_("A contact cannot be in the future."), "in_future", "on")
    if next_on is not None and day(next_on, "next_on", "") < on:
        raise error(_("The next step is before this contact."), "next_before", "next_on")
    contact = Contact(
        negotiation=negotiation,
        on=on,
        counterpart=text(
            counterpart, "counterpart", max_length=50, required=_("Say whom you spoke with.")
        ),
        asked=text(
            asked, "asked", max_length=1000, multiline=True, required=_("Record what was asked.")
        ),
        offered=text(offered, "offered", max_length=1000, multiline=True),
        next_step=text(next_step, "next_step", max_length=200),
        next_on=next_on,
        recorded_by=actor,
    )
    stamp(contact, actor)
    return save_once(contact, _key(form_key), _used, actor=actor, error=LeasingError)


@transaction.atomic
def negotiation_drop(*, actor, negotiation: Negotiation, reason: str) -> Negotiation:
    actor_check(
        actor,
        negotiation.estate_id,
        permissions.DESK_ROLES,
        _("Your role may not negotiate leases."),
    )
    reason = text(reason, "reason", max_length=200, required=_("Give the reason it is dropped."))
    negotiation = _open(negotiation)
    negotiation.status = Negotiation.Status.DROPPED
    negotiation.drop_reason = reason
    stamp(negotiation, actor)
    negotiation.save(update_fields=["status", "drop_reason"])
    return negotiation
