import pytest

from frontdesk import roles
from frontdesk.models import Department
from tests.factories import (
    BuildingFactory,
    DepartmentFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    staff,
)


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
    return unit


@pytest.fixture
def other_unit(other_estate):
    return UnitFactory(building=BuildingFactory(estate=other_estate, number="9"))


@pytest.fixture
def engineering(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.ENGINEERING, name="工程维修部")


@pytest.fixture
def other_engineering(other_estate):
    return DepartmentFactory(estate=other_estate, kind=Department.Kind.ENGINEERING)


@pytest.fixture
def engineering_head(estate, engineering):
    user = staff(
        estates=[estate],
        roles=[roles.DEPARTMENT_HEAD],
        username="eng-head",
        department=engineering,
    )
    engineering.head = user
    engineering.save(update_fields=["head"])
    return user


@pytest.fixture
def engineer(estate, engineering):
    return staff(
        estates=[estate], roles=[roles.TECHNICIAN], username="engineer", department=engineering
    )


@pytest.fixture
def guard(estate):
    return staff(estates=[estate], roles=[roles.SECURITY_GUARD], username="guard")
