"""Two guards at once, on PostgreSQL: one slip is used exactly once; one desk form posted
many times at once issues one slip and takes one number."""

import uuid

import pytest
from django.db import connection

from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.models import DocumentSequence
from releases import services
from releases.errors import FormUsed
from releases.models import ReleaseSlip
from tests.factories import BuildingFactory, EstateFactory, UnitFactory, staff
from tests.helpers import needs_postgres, run_together

from .helpers import request_slip

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gate():
    needs_postgres()
    estate = EstateFactory(code="PGR")
    unit = UnitFactory(building=BuildingFactory(estate=estate, number="5"))
    desk = staff(estates=[estate], roles=[roles.RECEPTIONIST])
    guards = [staff(estates=[estate], roles=[roles.SECURITY_GUARD]) for _ in range(2)]
    return unit, desk, guards


def test_two_guards_verifying_one_slip_at_once_exactly_one_succeeds(gate):
    unit, desk, guards = gate
    slip = request_slip(desk, unit)
    checks = [services.ItemCheck(item.pk, True) for item in slip.items.all()]

    results, errors = run_together(
        lambda n: services.gate_use(actor=guards[n], slip_id=slip.pk, checks=checks), 2
    )

    assert len(results) == 1
    assert [e.code for e in errors if isinstance(e, DeskError)] == ["used"]
    assert ReleaseSlip.history.filter(id=slip.pk, status="used").count() == 1


def test_one_form_posted_four_times_at_once_issues_one_slip(gate):
    unit, desk, _guards = gate
    key = uuid.uuid4()

    results, errors = run_together(lambda n: request_slip(desk, unit, form_key=key), 4)

    assert len(results) == 1 and all(isinstance(e, FormUsed) for e in errors)
    assert ReleaseSlip.objects.count() == 1
    assert DocumentSequence.objects.get().last_number == 1
    assert connection.vendor == "postgresql"
