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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

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
    use: str | None = None,
    status: str | None = None,
) -> Outcome:
    """The unit ``building-entrance-room`` (and its building), created or brought in step;
    what is not given (None) is left as the estate holds it (a new unit: the defaults)."""
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
    values: dict[str, Any] = {"area": area, "floor": floor if floor is not None else 1}
    if use:
        values["use"] = use
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


# --- Many new units at once ----------------------------------------------------------------
# An office moving in brings tens of thousands of units that the estate does not have yet.
# Written row by row (above), each costs a dozen queries; written here, a chunk of them costs
# a handful. Only what is plainly new goes this way: a unit the estate has, an owner it holds
# with other details, or anything that fails validation is handed back to the caller for the
# row-by-row functions, which say exactly what they keep, change or refuse.


@dataclass
class NewPerson:
    name: str
    kind: str  # Owner.Kind for owners, Resident.Kind for residents
    id_type: str = IdType.RESIDENT_ID
    id_number: str = ""
    phone: str = ""
    contact_person: str = ""
    share: Decimal = Decimal("100")
    since: datetime.date | None = None

    def __post_init__(self):
        self.id_number = normalize_id_number(self.id_number)
        self.phone = normalize_phone(self.phone)


@dataclass
class NewHousehold:
    """A unit as an import file gives it, with the owners and residents it lists for it."""

    building: str
    entrance: str
    room: str
    area: Decimal | None
    floor: int | None = None
    building_floors: int | None = None
    use: str | None = None  # None: residential when new, as held otherwise
    status: str | None = None
    owners: list[NewPerson] = field(default_factory=list)
    residents: list[NewPerson] = field(default_factory=list)
    key: Any = None  # the caller's, handed back with a household not taken

    @property
    def code(self) -> str:
        return Unit.make_code(self.building, self.entrance, self.room)


def _valid(instance, exclude: list[str]) -> bool:
    """Field validation and the model's ``clean`` without a query per foreign key or
    constraint: the objects it points to are in hand, and the database keeps the constraints."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError:
        return False
    return True


def _owner_keys(person: NewPerson) -> list[tuple]:
    if person.id_number:
        return [("id", person.id_type, person.id_number)]
    if person.phone:
        return [("phone", person.name, person.phone, person.kind)]
    return []


def _known_owners(estate: Estate, people: list[NewPerson]) -> dict[tuple, Owner]:
    numbers = {p.id_number for p in people if p.id_number}
    phones = {p.phone for p in people if not p.id_number and p.phone}
    known: dict[tuple, Owner] = {}
    for owner in Owner.objects.filter(estate=estate, id_number__in=numbers):
        known[("id", owner.id_type, owner.id_number)] = owner
    for owner in Owner.objects.filter(estate=estate, phone__in=phones):
        known.setdefault(("phone", owner.name, owner.phone, owner.kind), owner)
    return known


def _reusable(owner: Owner, person: NewPerson) -> bool:
    """The owner the estate holds is the file's as it stands: nothing to change, nothing to
    warn of (else the row-by-row ``intake_owner`` says what it keeps)."""
    return (
        owner.name == person.name
        and (not person.phone or owner.phone == person.phone)
        and bool(owner.contact_person or not person.contact_person)
    )


def _building(actor, estate: Estate, blocks: dict[str, Building], household: NewHousehold):
    block = blocks.get(household.building)
    if block is None:
        block, _made = Building.objects.get_or_create(estate=estate, number=household.building)
        blocks[block.number] = block
    if household.building_floors and block.floors != household.building_floors:
        block.floors = household.building_floors
        stamp(block, actor)
        block.save(update_fields=["floors"])
    return block


@transaction.atomic
def intake_new_households(
    *, actor, estate: Estate, households: list[NewHousehold], since: datetime.date
) -> tuple[dict[str, int], list[NewHousehold]]:
    """Create the households whose units the estate does not have, in bulk, with history
    (one user, one time). Returns how many of each it created (``reused``: owners the estate
    held already, unchanged) and the households it left to the row-by-row functions."""
    check_intake(actor, estate)
    existing = set(
        Unit.objects.filter(estate=estate, code__in=[h.code for h in households]).values_list(
            "code", flat=True
        )
    )
    known = _known_owners(estate, [p for h in households for p in h.owners])
    blocks = {b.number: b for b in Building.objects.filter(estate=estate)}
    made: dict[tuple, Owner] = {}
    units: list[Unit] = []
    owners: dict[int, Owner] = {}  # by id(): one owner of several units is inserted once
    ownerships: list[Ownership] = []
    residents: list[Resident] = []
    left: list[NewHousehold] = []
    for household in households:
        new = None
        if household.code not in existing and household.area is not None:
            block = _building(actor, estate, blocks, household)
            new = _household(estate, block, household, since, known, made)
        if new is None:
            left.append(household)
            continue
        unit, unit_ownerships, unit_residents = new
        units.append(unit)
        for ownership, person in zip(unit_ownerships, household.owners, strict=True):
            owners.setdefault(id(ownership.owner), ownership.owner)
            for key in _owner_keys(person):
                made.setdefault(key, ownership.owner)
        ownerships += unit_ownerships
        residents += unit_residents
    new_owners = [o for o in owners.values() if o.pk is None]
    for objects, model in (
        (units, Unit),
        (new_owners, Owner),
        (ownerships, Ownership),
        (residents, Resident),
    ):
        bulk_create_with_history(objects, model, batch_size=500, default_user=actor)
    counts = {
        "unit": len(units),
        "owner": len(new_owners),
        "reused": len(ownerships) - len(new_owners),  # each ownership has its owner
        "ownership": len(ownerships),
        "resident": len(residents),
    }
    return counts, left


def _household(estate, block, household: NewHousehold, since, known, made):
    """The unit, ownerships and residents of a new household, validated; None when any of
    them is not plainly new and valid."""
    if household.area is None:
        return None  # a new unit needs its area: the row-by-row function says so
    if len({p.name for p in household.residents}) < len(household.residents):
        return None  # one name twice: the row-by-row function finds the first again
    unit = Unit(
        estate=estate,
        building=block,
        entrance=household.entrance,
        room=household.room,
        code=household.code,
        area=household.area,
        use=household.use or Unit.Use.RESIDENTIAL,
        floor=household.floor if household.floor is not None else 1,
    )
    if household.status:
        unit.status = household.status
    unit.refresh_derived()
    ownerships = []
    for person in household.owners:
        owner = _new_owner(estate, person, known, made)
        if owner is None or (owner.pk is None and not _valid(owner, ["estate"])):
            return None
        ownerships.append(
            Ownership(unit=unit, owner=owner, share=person.share, since=person.since or since)
        )
    residents = [
        Resident(
            unit=unit,
            name=p.name,
            kind=p.kind,
            phone=p.phone,
            id_type=p.id_type,
            id_number=p.id_number,
        )
        for p in household.residents
    ]
    fine = (
        _valid(unit, ["estate", "building"])
        and all(_valid(o, ["unit", "owner"]) for o in ownerships)
        and all(_valid(r, ["unit"]) for r in residents)
    )
    return (unit, ownerships, residents) if fine else None


def _new_owner(estate, person: NewPerson, known, made) -> Owner | None:
    """The owner for a person of the file: one made earlier in this chunk, one the estate
    holds as the file has it, or a new one; None when the estate holds one with other details
    (the row-by-row function then says what it keeps)."""
    for key in _owner_keys(person):
        if key in made:
            return made[key]
        if key in known:
            return known[key] if _reusable(known[key], person) else None
    owner = Owner(
        estate=estate,
        kind=person.kind,
        name=person.name,
        id_type=person.id_type,
        id_number=person.id_number,
        phone=person.phone,
        contact_person=person.contact_person,
    )
    owner.refresh_derived()
    return owner


# --- Many held units, unchanged ------------------------------------------------------------
# A file imported again (the whole file, after correcting its rejected rows) is mostly what
# the estate holds already. Each household found exactly as the file says is counted
# unchanged from a few queries a chunk; anything else goes to the row-by-row functions.


def intake_unchanged_households(
    *, estate: Estate, households: list[NewHousehold]
) -> tuple[dict[str, int], list[NewHousehold]]:
    """The households whose unit, owners, ownerships and residents the estate holds exactly
    as given (so the row-by-row functions would write nothing and warn of nothing). Returns
    their counts by model and the households left to the row-by-row functions."""
    units = {
        u.code: u
        for u in Unit.objects.filter(
            estate=estate, code__in=[h.code for h in households]
        ).select_related("building")
    }
    held = _held_people(estate, list(units.values()), households)
    counts = {"unit": 0, "owner": 0, "ownership": 0, "resident": 0}
    left = []
    for household in households:
        unit = units.get(household.code)
        if (
            unit is None
            or not _unit_as_given(unit, household)
            or not _people_as_given(unit, household, held)
        ):
            left.append(household)
            continue
        counts["unit"] += 1
        counts["owner"] += len(household.owners)
        counts["ownership"] += len(household.owners)
        counts["resident"] += len(household.residents)
    return counts, left


def _unit_as_given(unit: Unit, household: NewHousehold) -> bool:
    given: dict[str, Any] = {"use": household.use} if household.use else {}
    if household.area is not None:
        given["area"] = household.area
    if household.floor is not None:
        given["floor"] = household.floor
    if household.status:
        given["status"] = household.status
    floors = household.building_floors
    return all(getattr(unit, k) == v for k, v in given.items()) and (
        not floors or unit.building.floors == floors
    )


@dataclass
class _Held:
    shares: dict[tuple[int, int], Decimal]  # (unit, owner) → share of a current ownership
    owners: dict[tuple, list[Owner]]  # an owner key (as _owner_keys) → the estate's owners
    residents: dict[tuple[int, str], list[Resident]]  # (unit, name) → living there


def _held_people(estate: Estate, units: list[Unit], households: list[NewHousehold]) -> _Held:
    shares = {
        (o.unit_id, o.owner_id): o.share for o in Ownership.objects.current().filter(unit__in=units)
    }
    people = [p for h in households for p in h.owners]
    owners: dict[tuple, list[Owner]] = {}
    numbers = {p.id_number for p in people if p.id_number}
    phones = {p.phone for p in people if not p.id_number and p.phone}
    for owner in Owner.objects.filter(estate=estate).filter(
        Q(id_number__in=numbers) | Q(phone__in=phones)
    ):
        for key in (
            ("id", owner.id_type, owner.id_number),
            ("phone", owner.name, owner.phone, owner.kind),
        ):
            owners.setdefault(key, []).append(owner)
    residents: dict[tuple[int, str], list[Resident]] = {}
    for resident in Resident.objects.filter(unit__in=units, moved_out_on__isnull=True):
        residents.setdefault((resident.unit_id, resident.name), []).append(resident)
    return _Held(shares, owners, residents)


def _people_as_given(unit: Unit, household: NewHousehold, held: _Held) -> bool:
    for person in household.owners:
        keys = _owner_keys(person)
        found = held.owners.get(keys[0], []) if keys else []
        if len(found) != 1:  # a name alone, none, or two alike: the row-by-row path decides
            return False
        owner = found[0]
        if not _reusable(owner, person) or held.shares.get((unit.pk, owner.pk)) != person.share:
            return False
    for person in household.residents:
        living = held.residents.get((unit.pk, person.name), [])
        if len(living) != 1:
            return False
        resident = living[0]
        if (
            resident.kind != person.kind
            or (person.phone and resident.phone != person.phone)
            or (
                person.id_number
                and (resident.id_number, resident.id_type) != (person.id_number, person.id_type)
            )
        ):
            return False
    return True
