import pytest

from frontdesk import roles
from frontdesk.models import Department
from tests.factories import DepartmentFactory, UnitFactory, staff


@pytest.fixture
def cleaning(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.CLEANING, name="保洁部")


@pytest.fixture
def engineering(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.ENGINEERING, name="工程部")


@pytest.fixture
def head(estate, cleaning):
    """The cleaning department's head."""
    user = staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="head", department=cleaning
    )
    cleaning.head = user
    cleaning.save(update_fields=["head"])
    return user


@pytest.fixture
def other_head(estate, engineering):
    """The engineering department's head."""
    user = staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="enghead", department=engineering
    )
    engineering.head = user
    engineering.save(update_fields=["head"])
    return user


@pytest.fixture
def unit(estate):
    return UnitFactory(building__estate=estate, building__number="3", room="1201")


@pytest.fixture
def complaint(receptionist, estate, unit):
    from .helpers import make_complaint

    return make_complaint(receptionist, estate, unit=unit)
