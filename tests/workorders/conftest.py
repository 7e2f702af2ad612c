import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from frontdesk import roles
from frontdesk.models import Department
from tests.factories import DepartmentFactory, UnitFactory, staff
from workorders import services


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


def photo(name="leak.png", fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_order(actor, estate, **extra):
    values = {
        "kind": "repair",
        "category": "plumbing",
        "description": "厨房水龙头漏水",
        "reporter_name": "张伟",
        "reporter_phone": "13900000000",
    }
    values.update(extra)
    return services.order_create(actor=actor, estate=estate, **values)


@pytest.fixture
def order(receptionist, estate, unit, engineering, head, tech):
    """A repair order in a unit, dispatched to engineering."""
    return make_order(receptionist, estate, unit=unit, department=engineering)
