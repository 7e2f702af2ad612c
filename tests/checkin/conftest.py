import pytest

from checkin.models import ChecklistTemplate
from frontdesk import roles
from frontdesk.models import Department
from owners.models import Owner, Unit
from tests.factories import (
    BuildingFactory,
    DepartmentFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    staff,
)

from .helpers import DRAIN, LEAK, WALL, accept, open_case, orders_of, repaired, start


@pytest.fixture
def acceptance_form(estate):
    """The estate's acceptance form: the three items the tests mark (WALL, DRAIN, LEAK)."""
    template = ChecklistTemplate.objects.create(estate=estate, name="验收表")
    for order, checked in enumerate((WALL, DRAIN, LEAK)):
        template.items.create(room=checked.room, item=checked.item, order=order)
    return template


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
        status=Unit.Status.HANDED_OVER,
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
    return unit


@pytest.fixture
def owner(unit):
    return unit.ownerships.get().owner


@pytest.fixture
def other_unit(other_estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=other_estate, number="9"),
        status=Unit.Status.HANDED_OVER,
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=other_estate, name="李娜"))
    return unit


@pytest.fixture
def guard(estate):
    return staff(estates=[estate], roles=[roles.SECURITY_GUARD], username="guard")


@pytest.fixture
def custody(receptionist, unit):
    return start(receptionist, unit)


# --- move-in ------------------------------------------------------------------------------


@pytest.fixture
def case(receptionist, unit, owner, acceptance_form):
    return open_case(receptionist, unit, owner)


@pytest.fixture
def agent_case(receptionist, unit, owner, acceptance_form):
    return open_case(receptionist, unit, owner, handler="agent")


@pytest.fixture
def company_owner(owner):
    Owner.objects.filter(pk=owner.pk).update(kind=Owner.Kind.COMPANY)
    owner.refresh_from_db()
    return owner


@pytest.fixture
def engineering(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.ENGINEERING)


@pytest.fixture
def head(estate, engineering):
    return staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="head", department=engineering
    )


@pytest.fixture
def defects(receptionist, case, engineering):
    """The case accepted with two defects, their orders dispatched to engineering."""
    accept(receptionist, case, WALL, DRAIN, LEAK)
    return orders_of(case)


@pytest.fixture
def verified(head, defects):
    return [repaired(head, order) for order in defects]
