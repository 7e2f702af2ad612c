import datetime
from decimal import Decimal

import pytest

from checkin import services
from checkin.policy import custody_ratio
from fees.models import Charge
from fees.services import billing_run
from tests.factories import property_fee

from .helpers import low, start

pytestmark = pytest.mark.django_db


def charge(unit, month):
    return Charge.objects.get(unit=unit, period=month)


def test_custody_bills_the_property_fee_at_70_percent_then_back_to_100(receptionist, estate, unit):
    property_fee(estate, rate="2.00")  # 89.50 m² → 179.00 a month
    start(receptionist, unit, start_date=datetime.date(2026, 3, 15))
    march, april, may = (datetime.date(2026, m, 1) for m in (3, 4, 5))
    billing_run(estate_id=estate.pk, period=march)  # custody began mid-month: full fee
    billing_run(estate_id=estate.pk, period=april)
    assert charge(unit, march).ratio == Decimal(1)
    april_charge = charge(unit, april)
    assert april_charge.ratio == Decimal("0.70")
    assert april_charge.amount == Decimal("125.30")
    assert "custody" in april_charge.ratio_reason
    custody = unit.custodies.get()
    services.custody_end(
        actor=receptionist,
        custody=custody,
        readings=low("4", "13"),
        end_date=datetime.date(2026, 4, 20),
    )
    billing_run(estate_id=estate.pk, period=may)
    assert charge(unit, may).ratio == Decimal(1)
    assert charge(unit, may).amount == Decimal("179.00")


def test_the_policy_answers_a_batch_in_one_query(receptionist, unit, django_assert_num_queries):
    start(receptionist, unit, start_date=datetime.date(2026, 1, 1))
    with django_assert_num_queries(1):
        found = custody_ratio(
            [unit.pk, *range(10_000, 11_000)], "property", datetime.date(2026, 2, 1)
        )
    assert found == {unit.pk: (Decimal("0.70"), found[unit.pk][1])}
    assert custody_ratio([unit.pk], "water", datetime.date(2026, 2, 1)) == {}
