"""Two cashiers at once, on PostgreSQL: no over-allocation, gapless unique receipt numbers."""

import datetime
from decimal import Decimal

import pytest

from fees import services
from fees.errors import FeesError
from fees.models import Allocation, Charge, Payment
from frontdesk import roles
from owners.models import Unit
from tests.factories import BuildingFactory, EstateFactory, UnitFactory, property_fee, staff
from tests.helpers import needs_postgres, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting():
    needs_postgres()
    estate = EstateFactory(code="PGF")
    property_fee(estate, rate="1.00")
    building = BuildingFactory(estate=estate)
    units = [
        UnitFactory(building=building, area=Decimal("100.00"), status=Unit.Status.OCCUPIED)
        for _ in range(4)
    ]
    services.billing_run(estate_id=estate.pk, period=datetime.date(2026, 5, 1))
    cashiers = [staff(estates=[estate], roles=[roles.CASHIER]) for _ in range(2)]
    return estate, units, cashiers


def test_it_never_over_allocates_one_charge_paid_twice_at_once(setting):
    _estate, units, cashiers = setting
    charge = Charge.objects.get(unit=units[0])

    def pay(n):
        return services.payment_take(
            actor=cashiers[n],
            unit=units[0],
            amount="100",
            method="cash",
            allocations={charge.pk: "100"},
        )

    results, errors = run_together(pay, 2)
    assert len(results) == 1
    assert [e.code for e in errors if isinstance(e, FeesError)] == ["charge_not_open"]
    charge.refresh_from_db()
    assert (charge.paid_amount, charge.status) == (Decimal("100.00"), "paid")
    assert Allocation.objects.filter(charge=charge).count() == 1


def test_it_keeps_receipt_numbers_gapless_under_concurrent_payments(setting):
    estate, units, cashiers = setting

    def pay(n):
        return [
            services.payment_take(
                actor=cashiers[n % 2], unit=units[n], amount="10", method="cash"
            ).receipt_number
            for _ in range(5)
        ]

    results, errors = run_together(pay, 4)
    assert errors == []
    numbers = sorted(number for batch in results for number in batch)
    assert [int(n[-6:]) for n in numbers] == list(range(1, 21))
    assert Payment.objects.filter(estate=estate).count() == 20
