"""Two desks at once (PostgreSQL only: SQLite serialises writers anyway)."""

import pytest

from checkin import services
from checkin.errors import CheckinError
from checkin.models import Custody, Inspection
from frontdesk import roles
from tests.factories import (
    BuildingFactory,
    EstateFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    staff,
)
from tests.helpers import needs_postgres, run_together

from .helpers import START, low

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting():
    needs_postgres()
    estate = EstateFactory(code="PGC")
    unit = UnitFactory(building=BuildingFactory(estate=estate), status="handed_over")
    owner = OwnerFactory(estate=estate)
    OwnershipFactory(unit=unit, owner=owner)
    desks = [staff(estates=[estate], roles=[roles.RECEPTIONIST]) for _ in range(2)]
    return unit, owner, desks


def test_two_desks_cannot_both_take_a_unit_into_custody(setting):
    unit, owner, desks = setting

    def take(n):
        return services.custody_start(
            actor=desks[n], unit=unit, owner=owner, readings=low(), start_date=START
        )

    results, errors = run_together(take, 2)
    assert len(results) == 1
    assert [e.code for e in errors if isinstance(e, CheckinError)] == ["already_in_custody"]
    assert Custody.objects.count() == 1


def test_two_sweeps_at_once_create_each_week_once(setting):
    unit, owner, desks = setting
    services.custody_start(actor=desks[0], unit=unit, owner=owner, readings=low(), start_date=START)
    _results, errors = run_together(lambda n: services.inspections_sweep(today=START), 2)
    assert errors == []
    assert Inspection.objects.count() == 1
