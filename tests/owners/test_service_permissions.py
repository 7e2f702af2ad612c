"""Every write service of owners checks the actor itself: staff of another estate and a role
without the right are refused with the kernel's codes, and nothing is written."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from frontdesk import roles
from frontdesk.errors import FORBIDDEN, OTHER_ESTATE, DeskError
from owners import services
from owners.models import (
    Authorization,
    Document,
    Estate,
    Owner,
    Ownership,
    PersonalDataAccess,
    Resident,
    Unit,
    Vehicle,
)
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    ResidentFactory,
    UnitFactory,
    resident_id,
    staff,
)

AGENT_ID = "440305198506010019"


@dataclass
class Household:
    unit: Unit
    owner: Owner
    ownership: Ownership
    resident: Resident
    newcomer: Owner  # an owner of the estate who owns nothing yet


@pytest.fixture
def household(estate):
    unit = UnitFactory(building=BuildingFactory(estate=estate), status=Unit.Status.HANDED_OVER)
    ownership = OwnershipFactory(unit=unit, share=Decimal("50"))
    resident = ResidentFactory(unit=unit, moved_in_on=datetime.date(2024, 3, 1))
    return Household(unit, ownership.owner, ownership, resident, OwnerFactory(estate=estate))


def _new_owner(h: Household) -> Owner:
    return Owner(estate=h.unit.estate, name="王芳", id_number=resident_id(901), phone="13800001111")


def _edited_owner(h: Household) -> Owner:
    owner = Owner.objects.get(pk=h.owner.pk)
    owner.name = "王五"
    return owner


def _agent(h: Household) -> Authorization:
    return Authorization(owner=h.owner, unit=h.unit, name="赵磊", id_number=AGENT_ID)


# Each write service, called with the household of the actor's estate; the role of that
# estate that may not make it.
CALLS = {
    "owner_save (new)": lambda actor, h: services.owner_save(actor=actor, owner=_new_owner(h)),
    "owner_save (edit)": lambda actor, h: services.owner_save(actor=actor, owner=_edited_owner(h)),
    "ownership_add": lambda actor, h: services.ownership_add(
        actor=actor, unit=h.unit, owner=h.newcomer, share=Decimal("50")
    ),
    "ownership_add_with_new_owner": lambda actor, h: services.ownership_add_with_new_owner(
        actor=actor, unit=h.unit, owner=_new_owner(h), share=Decimal("50")
    ),
    "ownership_end": lambda actor, h: services.ownership_end(
        actor=actor, ownership=h.ownership, until=datetime.date(2025, 1, 1)
    ),
    "unit_status_set": lambda actor, h: services.unit_status_set(
        actor=actor, unit=h.unit, status=Unit.Status.IN_CUSTODY, reason="托管"
    ),
    "resident_save": lambda actor, h: services.resident_save(
        actor=actor, resident=Resident(unit=h.unit, name="李雷", phone="13700001111")
    ),
    "vehicle_save": lambda actor, h: services.vehicle_save(
        actor=actor, vehicle=Vehicle(unit=h.unit, plate="京A12345")
    ),
    "resident_move_out": lambda actor, h: services.resident_move_out(
        actor=actor, resident=h.resident, on=datetime.date(2025, 1, 1)
    ),
    "document_archive": lambda actor, h: services.document_archive(
        actor=actor,
        document=Document(
            estate=h.unit.estate,
            unit=h.unit,
            kind=Document.Kind.OCCUPANCY_NOTICE,
            original_sighted=True,
        ),
    ),
    "authorization_register": lambda actor, h: services.authorization_register(
        actor=actor, authorization=_agent(h)
    ),
    "authorization_add": lambda actor, h: services.authorization_add(
        actor=actor, unit=h.unit, authorization=_agent(h), original_sighted=True
    ),
    "owner_id_reveal": lambda actor, h: services.owner_id_reveal(actor=actor, owner=h.owner),
}
# A role of the actor's own estate that may read owners data but not make this change.
FORBIDDEN_ROLE = {name: roles.CASHIER for name in CALLS} | {"owner_id_reveal": roles.RECEPTIONIST}

MODELS = (
    Estate,
    Unit,
    Owner,
    Ownership,
    Resident,
    Vehicle,
    Document,
    Authorization,
    PersonalDataAccess,
)


def database() -> dict:
    """Every owners row as stored, and the number of history rows of each model."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    history = {
        f"{model.__name__} history": model.history.count()
        for model in MODELS
        if hasattr(model, "history")
    }
    return rows | history


def _refused(call, actor, household, code):
    before = database()
    with pytest.raises(DeskError) as caught:
        call(actor, household)
    assert caught.value.code == code
    assert database() == before


@pytest.mark.parametrize("name", CALLS)
def test_it_refuses_staff_of_another_estate(name, household, other_estate):
    # A supervisor may make every change, in their own estate only.
    other_supervisor = staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR])
    _refused(CALLS[name], other_supervisor, household, OTHER_ESTATE)


@pytest.mark.parametrize("name", CALLS)
def test_it_refuses_a_role_without_the_right(name, household, estate):
    actor = staff(estates=[estate], roles=[FORBIDDEN_ROLE[name]])
    _refused(CALLS[name], actor, household, FORBIDDEN)


@pytest.mark.parametrize("name", CALLS)
def test_it_lets_the_desk_make_the_change(name, household, supervisor):
    """The same calls pass for a supervisor of the estate: the refusals above are the role
    and the estate, not bad data."""
    CALLS[name](supervisor, household)
