import pytest
from django.core.cache import cache

from frontdesk import roles
from frontdesk.models import Department
from tests.complaints.conftest import cleaning, head  # noqa: F401  (a resolved complaint's)
from tests.factories import DepartmentFactory, UnitFactory, staff


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The KPI trend is cached by the data's version; ids repeat from test to test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def engineering(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.ENGINEERING, name="工程部")


@pytest.fixture
def tech(estate, engineering):
    return staff(
        estates=[estate], roles=[roles.TECHNICIAN], username="tech", department=engineering
    )


@pytest.fixture
def unit(estate):
    return UnitFactory(building__estate=estate, building__number="3", room="1201")


@pytest.fixture
def other_supervisor(other_estate):
    return staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="other-sup")
