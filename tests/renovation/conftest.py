import pytest
from django.core.cache import cache

from frontdesk import roles
from frontdesk.models import Department
from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory, staff

from .helpers import garbage_fee


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the gate's rate limit counts per guard and minute
    yield
    cache.clear()


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
    unit = UnitFactory(building=BuildingFactory(estate=other_estate, number="9"))
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=other_estate, name="王芳"))
    return unit


@pytest.fixture
def fee(estate):
    return garbage_fee(estate)


@pytest.fixture
def engineer(estate):
    department = Department.objects.create(estate=estate, kind="engineering")
    return staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="engineer", department=department
    )


@pytest.fixture
def security_head(estate):
    department = Department.objects.create(estate=estate, kind="security")
    return staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="security", department=department
    )


@pytest.fixture
def guard(estate):
    return staff(estates=[estate], roles=[roles.SECURITY_GUARD], username="guard")


@pytest.fixture
def other_guard(other_estate):
    return staff(estates=[other_estate], roles=[roles.SECURITY_GUARD], username="guard-b")
