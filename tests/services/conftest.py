import pytest

from frontdesk import roles
from frontdesk.models import Department
from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory, staff

from .helpers import item, service_fee


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
        status="occupied",
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
    return unit


@pytest.fixture
def other_unit(other_estate):
    return UnitFactory(building=BuildingFactory(estate=other_estate, number="9"))


@pytest.fixture
def engineering(estate):
    return Department.objects.create(estate=estate, kind="engineering")


@pytest.fixture
def head(estate, engineering):
    user = staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="head", department=engineering
    )
    engineering.head = user
    engineering.save(update_fields=["head"])
    return user


@pytest.fixture
def worker(estate, engineering):
    return staff(
        estates=[estate], roles=[roles.TECHNICIAN], username="worker", department=engineering
    )


@pytest.fixture
def fee(estate):
    return service_fee(estate)


@pytest.fixture
def unblock(estate, engineering):
    return item(estate, engineering)
