"""The property fee charged in advance at move-in, and monthly billing beside it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fees import services
from fees.errors import FeesError
from fees.models import Charge, FeeRate
from owners.models import Unit
from tests.factories import BuildingFactory, UnitFactory, property_fee

pytestmark = pytest.mark.django_db

NOV, DEC, JAN = datetime.date(2026, 11, 1), datetime.date(2026, 12, 1), datetime.date(2027, 1, 1)


@pytest.fixture
def unit(estate):
    return UnitFactory(
        building=BuildingFactory(estate=estate),
        area=Decimal("100.00"),
        status=Unit.Status.HANDED_OVER,
    )


@pytest.fixture
def fee(estate):
    return property_fee(estate, rate="2.50")


def advance(actor, unit, first_month=NOV, months=3) -> list[Charge]:
    return services.property_fee_advance(
        actor=actor, unit=unit, first_month=first_month, months=months
    )


def periods(unit) -> list[datetime.date]:
    return list(
        Charge.objects.filter(unit=unit).order_by("period").values_list("period", flat=True)
    )


def test_it_charges_area_times_rate_for_each_month_due_today(receptionist, unit, fee):
    charges = advance(receptionist, unit, first_month=datetime.date(2026, 11, 17))
    assert [c.period for c in charges] == [NOV, DEC, JAN]
    assert [c.amount for c in charges] == [Decimal("250.00")] * 3
    assert {c.due_date for c in charges} == {timezone.localdate()}
    assert {c.fee_type for c in charges} == {fee}
    assert [c.description for c in charges] == [
        "Property fee 2026-11",
        "Property fee 2026-12",
        "Property fee 2027-01",
    ]
    assert periods(unit) == [NOV, DEC, JAN]


def test_it_charges_each_month_at_the_rate_in_force_then(receptionist, unit, fee):
    FeeRate.objects.create(fee_type=fee, unit_use="", rate="3.00", effective_from=DEC)
    charges = advance(receptionist, unit)
    assert [c.amount for c in charges] == [
        Decimal("250.00"),
        Decimal("300.00"),
        Decimal("300.00"),
    ]


def test_it_skips_the_months_already_billed(receptionist, estate, unit, fee):
    services.billing_run(estate_id=estate.pk, period=NOV)
    charges = advance(receptionist, unit)
    assert [c.period for c in charges] == [DEC, JAN]
    assert periods(unit) == [NOV, DEC, JAN]
    # the month billed monthly keeps its own due date, the end of that month
    assert Charge.objects.get(unit=unit, period=NOV).due_date == datetime.date(2026, 11, 30)


def test_it_charges_nothing_again_for_months_it_charged(receptionist, unit, fee):
    advance(receptionist, unit, months=2)
    charges = advance(receptionist, unit, months=3)
    assert [c.period for c in charges] == [JAN]
    assert periods(unit) == [NOV, DEC, JAN]


@pytest.mark.parametrize("months", [0, -1])
def test_it_refuses_fewer_than_one_month(receptionist, unit, fee, months):
    with pytest.raises(FeesError) as error:
        advance(receptionist, unit, months=months)
    assert (error.value.code, error.value.field) == ("invalid", "months")
    assert Charge.objects.count() == 0


def test_it_refuses_without_a_property_fee_type(receptionist, unit):
    with pytest.raises(FeesError) as error:
        advance(receptionist, unit)
    assert error.value.code == "no_fee_type"
    assert Charge.objects.count() == 0


def test_monthly_billing_skips_the_months_charged_in_advance(receptionist, estate, unit, fee):
    other = UnitFactory(building=unit.building, area=Decimal("50.00"), status=Unit.Status.OCCUPIED)
    advance(receptionist, unit)
    result = services.billing_run(estate_id=estate.pk, period=DEC)
    assert (result.created, result.skipped) == (1, 1)
    assert periods(unit) == [NOV, DEC, JAN]
    assert Charge.objects.get(unit=unit, period=DEC).due_date == timezone.localdate()
    assert periods(other) == [DEC]
