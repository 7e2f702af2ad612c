"""The demo's services and ``manage.py bench --app services`` on a tiny BIG."""

import pytest

from fees.models import FeeType
from frontdesk import roles
from frontdesk.models import Department
from services import demo
from services.models import ServiceItem, ServiceRequest
from tests.factories import OwnershipFactory, UnitFactory, staff
from tests.frontdesk.test_bench import NUMBER, TINY, bench, table_rows

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_catalogue_and_a_request_at_every_step_once(estate):
    engineering = Department.objects.create(estate=estate, kind="engineering")
    Department.objects.create(estate=estate, kind="customer_service")
    staff(estates=[estate], roles=[roles.RECEPTIONIST], username="desk")
    staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="boss")
    staff(estates=[estate], roles=[roles.TECHNICIAN], username="fixer", department=engineering)
    FeeType.objects.create(estate=estate, kind="service", name="有偿服务费", basis="fixed")
    for _n in range(5):
        OwnershipFactory(unit=UnitFactory(building__estate=estate))
    lines = []

    demo.seed([estate], report=lines.append)
    demo.seed([estate], report=lines.append)

    assert ServiceItem.objects.filter(estate=estate, kind="entrusted").exists()
    statuses = sorted(ServiceRequest.objects.values_list("status", flat=True))
    assert statuses == ["agreed", "charged", "dispatched", "done", "requested"], lines
    assert ServiceRequest.objects.get(status="done").rejections == 1
    assert "already seeded" in lines[-1]


def test_it_times_the_lists_panels_and_the_technicians_day_on_the_big_estate():
    output = bench(*TINY, "--app", "services")
    rows = table_rows(output)
    for label in (
        "services: list open",
        "services: list closed",
        "services: panel services-today",
        "services: unit section",
        "services: technician's day",
    ):
        assert "queries" not in rows[label][-1], (label, rows[label])
        assert NUMBER.match(rows[label][0]), (label, rows[label])
    assert ServiceRequest.objects.filter(estate__code="BIG").exists()
    assert bench(*TINY, "--app", "services").count("services: added") == 0
