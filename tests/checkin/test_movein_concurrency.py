"""Two desks on the same move-in at once (PostgreSQL only: SQLite serialises writers anyway)."""

import pytest

from checkin import services
from checkin.errors import CheckinError
from checkin.models import MoveInCase
from fees.models import Charge
from frontdesk import roles
from tests.factories import (
    BuildingFactory,
    EstateFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    property_fee,
    staff,
)
from tests.helpers import needs_postgres, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting():
    needs_postgres()
    estate = EstateFactory(code="PGM")
    unit = UnitFactory(building=BuildingFactory(estate=estate), status="handed_over")
    owner = OwnerFactory(estate=estate)
    OwnershipFactory(unit=unit, owner=owner)
    desks = [staff(estates=[estate], roles=[roles.RECEPTIONIST]) for _ in range(2)]
    return unit, owner, desks


def test_two_desks_cannot_both_open_a_move_in_for_a_unit(setting):
    unit, owner, desks = setting

    def open_case(n):
        return services.movein_open(actor=desks[n], unit=unit, owner=owner, handler="owner")

    results, errors = run_together(open_case, 2)
    assert len(results) == 1
    assert [e.code for e in errors if isinstance(e, CheckinError)] == ["already_open"]
    assert MoveInCase.objects.count() == 1


def test_two_desks_charge_the_move_in_fee_once(setting):
    unit, owner, desks = setting
    property_fee(unit.estate)
    case = services.movein_open(actor=desks[0], unit=unit, owner=owner, handler="owner")

    def charge(n):
        return services.fee_charge(actor=desks[n], case=MoveInCase.objects.get(pk=case.pk))

    results, errors = run_together(charge, 2)
    assert [len(charges) for charges in results] == [3]
    assert [e.code for e in errors if isinstance(e, CheckinError)] == ["already_charged"]
    assert Charge.objects.filter(unit=unit).count() == 3
    assert MoveInCase.objects.get(pk=case.pk).fee_months == 3
