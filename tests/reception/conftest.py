import datetime

import pytest
from django.utils import timezone

from frontdesk import roles
from frontdesk.models import Department
from reception import services
from reception.models import PhoneCall
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


def record_call(actor, estate, **fields) -> PhoneCall:
    values = {
        "caller_name": "张伟",
        "caller_phone": "13912345678",
        "topic": PhoneCall.Topic.INQUIRY,
        "content": "问物业费怎么交",
        "answered_on_spot": True,
        "answer": "可以在前台或微信缴纳",
    }
    values.update(fields)
    return services.call_record(actor=actor, estate=estate, **values)


def record_visit(actor, estate, **fields):
    values = {
        "name": "王五",
        "purpose": "office",
        "host_name": "李经理",
    }
    values.update(fields)
    return services.visit_record(actor=actor, estate=estate, **values)


def minutes_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=n)
