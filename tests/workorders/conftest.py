import pytest

from frontdesk import roles
from frontdesk.models import Department
from tests.factories import DepartmentFactory, UnitFactory, staff

from .helpers import make_order


@pytest.fixture
def engineering(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.ENGINEERING, name="工程部")


@pytest.fixture
def security_dept(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.SECURITY, name="保安部")


@pytest.fixture
def head(estate, engineering):
    user = staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="head", department=engineering
    )
    engineering.head = user
    engineering.save(update_fields=["head"])
    return user


@pytest.fixture
def tech(estate, engineering):
    return staff(
        estates=[estate], roles=[roles.TECHNICIAN], username="tech", department=engineering
    )


@pytest.fixture
def tech2(estate, engineering):
    return staff(
        estates=[estate], roles=[roles.TECHNICIAN], username="tech2", department=engineering
    )


@pytest.fixture
def guard_tech(estate, security_dept):
    """A technician of another department (security)."""
    return staff(
        estates=[estate], roles=[roles.TECHNICIAN], username="guardtech", department=security_dept
    )


@pytest.fixture
def unit(estate):
    return UnitFactory(building__estate=estate, building__number="3", room="1201")


@pytest.fixture
def order(receptionist, estate, unit, engineering, head, tech):
    """A repair order in a unit, dispatched to engineering."""
    return make_order(receptionist, estate, unit=unit, department=engineering)
