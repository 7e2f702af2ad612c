"""An office moving in: its buildings, units, owners, ownerships, residents and vehicles,
written row by row from an import (the imports app), each write a no-op when the row says
what the database already holds, so re-importing a file writes nothing, not even history.

Each function checks the actor (``permissions.INTAKE_ROLES``) and the estate, and returns
what it did (``CREATED``, ``CHANGED``, ``UNCHANGED``) with the warnings the supervisor should
read: a merge that would change an owner's name or phone keeps what the desk holds and says so.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from frontdesk.errors import OTHER_ESTATE
from frontdesk.history import stamp
from frontdesk.permissions import check_actor

from .. import permissions
from ..errors import OwnersError
from ..models import Building, Estate, Owner, Ownership, Resident, Unit, Vehicle
from ..validators import IdType, normalize_id_number, normalize_phone, normalize_plate
from . import _full_clean

CREATED, CHANGED, UNCHANGED = "created", "changed", "unchanged"


@dataclass
class Outcome:
    obj: Any
    what: str
    warnings: list[str] = field(default_factory=list)


def check_intake(actor, estate: Estate) -> None:
    check_actor(
        actor,
        estate_id=estate.pk,
        roles=permissions.INTAKE_ROLES,
        message=_("Only a customer-service supervisor can import an office's data."),
    )


def _apply(instance, values: dict) -> list[str]:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def _save(actor, instance, created: bool, changed: list[str]) -> str:
    if not created and not changed:
        return UNCHANGED
    _full_clean(instance)
    stamp(instance, actor)
    instance.save()
    return CREATED if created else CHANGED


@transaction.atomic
def intake_unit(
    *,
    actor,
    estate: Estate,
    building: str,
    entrance: str,
    room: str,
    area: Decimal | None,
    floor: int | None = None,
    building_floors: int | None = None,
    use: str = Unit.Use.RESIDENTIAL,
    status: str | None = None,
) -> Outcome:
    """The unit ``building-entrance-room`` (and its building), created or brought in step."""
    check_intake(actor, estate)
    block, made = Building.objects.get_or_create(estate=estate, number=building)
    if building_floors and block.floors != building_floors:
        block.floors = building_floors
        stamp(block, actor)
        block.save(update_fields=["floors"])
    code = Unit.make_code(building, entrance, room)
    unit = Unit.objects.select_for_update().filter(estate=estate, code=code).first()
    created = unit is None
    if unit is None:
        unit = Unit(estate=estate, building=block, entrance=entrance, room=room, code=code)
    if created and area is None:
        raise OwnersError(
            _("Unit %(code)s is new: give its area.") % {"code": code}, code="invalid", field="area"
        )
    values: dict[str, Any] = {"area": area, "use": use, "floor": floor if floor is not None else 1}
    if not created and floor is None:
        values.pop("floor")
    if area is None:
        values.pop("area")
    if status:
        values["status"] = status
    changed = _apply(unit, values)
    return Outcome(unit, _save(actor, unit, created, changed))


def _find_owner(estate: Estate, *, kind, id_type, id_number, name, phone) -> Owner | None:
    owners = Owner.objects.select_for_update().filter(estate=estate)
    if id_number:
        return owners.filter(id_type=id_type, id_number=id_number).first()
    if phone:
        return owners.filter(name=name, phone=phone, kind=kind).first()
    return None


@transaction.atomic
def intake_owner(
    *,
    actor,
    estate: Estate,
    name: str,
    kind: str = Owner.Kind.PERSON,
    id_type: str = IdType.RESIDENT_ID,
    id_number: str = "",
    phone: str = "",
    contact_person: str = "",
    unit: Unit | None = None,
) -> Outcome:
    """The owner named, found by ID number, else by name and phone, else (no number, no
    phone) by name among the unit's owners; created when none is found."""
    check_intake(actor, estate)
    if unit is not None and unit.estate_id != estate.pk:
        raise OwnersError(_("The unit belongs to another estate."), code=OTHER_ESTATE)
    id_number, phone = normalize_id_number(id_number), normalize_phone(phone)
    owner = _find_owner(
        estate, kind=kind, id_type=id_type, id_number=id_number, name=name, phone=phone
    )
    if owner is None and not id_number and not phone and unit is not None:
        owner = Owner.objects.filter(estate=estate, name=name, ownerships__unit=unit).first()
    warnings: list[str] = []
    if owner is None:
        owner = Owner(estate=estate, kind=kind, id_type=id_type, id_number=id_number)
        changed = _apply(owner, {"name": name, "phone": phone, "contact_person": contact_person})
        return Outcome(owner, _save(actor, owner, True, changed))
    if owner.name != name:
        warnings.append(
            _(
                "The owner with this ID number is called %(held)s here; the file says %(file)s. "
                "The name was kept."
            )
            % {"held": owner.name, "file": name}
        )
    if phone and owner.phone and owner.phone != phone:
        warnings.append(
            _("%(name)s's phone here is %(held)s; the file says %(file)s. The phone was kept.")
            % {
                "name": owner.name,
                "held": owner.phone_masked,
                "file": phone[:3] + "****" + phone[-4:],
            }
        )
    values = {
        "phone": owner.phone or phone,
        "contact_person": owner.contact_person or contact_person,
    }
    changed = _apply(owner, values)
    return Outcome(owner, _save(actor, owner, False, changed), warnings)


@transaction.atomic
def intake_ownership(
    *, actor, unit: Unit, owner: Owner, share: Decimal, since: datetime.date
) -> Outcome:
    """One current ownership per owner and unit: an existing one keeps its start (an earlier
    date in the file does not make a second one), its share follows the file."""
    check_intake(actor, unit.estate)
    if owner.estate_id != unit.estate_id:
        raise OwnersError(
            _("The owner and the unit belong to different estates."), code=OTHER_ESTATE
        )
    current = Ownership.objects.current().select_for_update().filter(unit=unit, owner=owner).first()
    if current is None:
        current = (
            Ownership.objects.select_for_update()
            .filter(unit=unit, owner=owner, until__isnull=True)
            .first()
        )
    if current is not None:
        changed = _apply(current, {"share": share})
        return Outcome(current, _save(actor, current, False, changed))
    ownership = Ownership(unit=unit, owner=owner, share=share, since=since)
    return Outcome(ownership, _save(actor, ownership, True, ["share"]))


@transaction.atomic
def intake_resident(
    *,
    actor,
    unit: Unit,
    name: str,
    kind: str = Resident.Kind.FAMILY,
    relation: str = "",
    phone: str = "",
    id_type: str = IdType.RESIDENT_ID,
    id_number: str = "",
) -> Outcome:
    """A resident of the unit, found by name among those living there."""
    check_intake(actor, unit.estate)
    resident = (
        Resident.objects.select_for_update()
        .filter(unit=unit, name=name, moved_out_on__isnull=True)
        .first()
    )
    created = resident is None
    if resident is None:
        resident = Resident(unit=unit, name=name)
    values = {
        "kind": kind,
        "relation": relation or resident.relation,
        "phone": normalize_phone(phone) or resident.phone,
        "id_type": id_type if id_number else resident.id_type,
        "id_number": normalize_id_number(id_number) or resident.id_number,
    }
    changed = _apply(resident, values)
    return Outcome(resident, _save(actor, resident, created, changed))


@transaction.atomic
def intake_vehicle(
    *, actor, unit: Unit, plate: str, description: str = "", parking_space: str = ""
) -> Outcome:
    check_intake(actor, unit.estate)
    plate = normalize_plate(plate)
    vehicle = Vehicle.objects.select_for_update().filter(unit=unit, plate=plate).first()
    created = vehicle is None
    if vehicle is None:
        vehicle = Vehicle(unit=unit, plate=plate)
    values = {
        "description": description or vehicle.description,
        "parking_space": parking_space or vehicle.parking_space,
        "active": True,
    }
    changed = _apply(vehicle, values)
    return Outcome(vehicle, _save(actor, vehicle, created, changed))
