"""The arrears summary: every service that changes a charge keeps its unit's row equal to
the live aggregate; a stale summary is never read."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fees import arrears, services, tasks
from fees.models import ArrearsSnapshot, Charge, UnitArrears
from fees.selectors import owing_by_unit
from frontdesk import roles
from owners.models import Unit
from tests.factories import BuildingFactory, UnitFactory, property_fee, staff

MAY = datetime.date(2026, 5, 1)


@pytest.fixture
def units(estate):
    building = BuildingFactory(estate=estate)
    return [
        UnitFactory(building=building, area=Decimal("100.00"), status=Unit.Status.OCCUPIED)
        for _ in range(3)
    ]


@pytest.fixture
def billed(estate, units):
    """Three units, each owing May's fee (250.00), and the estate's summary built."""
    property_fee(estate, rate="2.50")
    services.billing_run(estate_id=estate.pk, period=MAY)
    services.arrears_snapshot_build(estate_id=estate.pk)
    return units


def summary(estate) -> dict[int, tuple[Decimal, datetime.date]]:
    return {
        row.unit_id: (row.total, row.oldest) for row in UnitArrears.objects.filter(estate=estate)
    }


def live(estate) -> dict[int, tuple[Decimal, datetime.date]]:
    rows = owing_by_unit(as_of=timezone.localdate(), estate_ids=[estate.pk])
    return {row["unit_id"]: (Decimal(row["total"]).quantize(Decimal("0.01")), row["oldest"])
            for row in rows}  # fmt: skip


def test_it_builds_one_row_per_owing_unit(estate, billed):
    assert summary(estate) == live(estate)
    assert summary(estate)[billed[0].pk] == (Decimal("250.00"), datetime.date(2026, 5, 31))
    snapshot = ArrearsSnapshot.objects.get(estate=estate)
    assert snapshot.as_of == timezone.localdate()


def test_it_follows_payments_part_and_full(estate, billed, cashier):
    services.payment_take(actor=cashier, unit=billed[0], amount="100", method="cash")
    services.payment_take(actor=cashier, unit=billed[1], amount="250", method="cash")
    assert summary(estate) == live(estate)
    assert summary(estate)[billed[0].pk][0] == Decimal("150.00")
    assert billed[1].pk not in summary(estate)


def test_it_follows_waivers_new_charges_and_reversals(estate, billed, cashier, supervisor):
    charge = Charge.objects.get(unit=billed[0])
    services.charge_waive(actor=supervisor, charge=charge, reason="开发商承担")
    assert billed[0].pk not in summary(estate)

    fee = property_fee(estate)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.charge_create(
        actor=cashier, estate_id=estate.pk, fee_type=fee, amount="80", unit=billed[0],
        due_date=yesterday,
    )  # fmt: skip
    assert summary(estate)[billed[0].pk] == (Decimal("80.00"), yesterday)

    payment = services.payment_take(actor=cashier, unit=billed[1], amount="250", method="cash")
    assert billed[1].pk not in summary(estate)
    request = services.reversal_request(actor=cashier, payment=payment, reason="收错户")
    services.reversal_approve(actor=supervisor, request=request)
    assert summary(estate)[billed[1].pk][0] == Decimal("250.00")
    assert summary(estate) == live(estate)


def test_it_is_rebuilt_when_a_past_month_is_billed_late(estate, billed):
    services.billing_run(estate_id=estate.pk, period=datetime.date(2026, 4, 1))
    assert summary(estate)[billed[0].pk] == (Decimal("500.00"), datetime.date(2026, 4, 30))
    assert summary(estate) == live(estate)


def test_it_leaves_units_of_other_estates_alone(estate, billed, other_estate):
    other = UnitFactory(
        building=BuildingFactory(estate=other_estate), area=Decimal("50"),
        status=Unit.Status.OCCUPIED,
    )  # fmt: skip
    property_fee(other_estate, rate="2.00")
    services.billing_run(estate_id=other_estate.pk, period=MAY)
    cashier = staff(estates=[other_estate], roles=[roles.CASHIER])
    services.payment_take(actor=cashier, unit=other, amount="10", method="cash")
    assert not UnitArrears.objects.filter(estate=other_estate).exists()  # it keeps no summary
    assert summary(estate) == live(estate)


def test_the_list_reads_the_summary_only_while_it_is_today_s(estate, billed):
    today = timezone.localdate()
    assert arrears.arrears_queryset(estate_ids=[estate.pk], as_of=today).model is UnitArrears
    tomorrow = today + datetime.timedelta(days=1)
    # On a day the summary was not built for (the nightly task has not run yet): live.
    assert arrears.arrears_queryset(estate_ids=[estate.pk], as_of=tomorrow).model is Charge


def test_the_list_reads_live_when_one_of_several_estates_has_no_summary(
    estate, billed, other_estate
):
    today = timezone.localdate()
    both = [estate.pk, other_estate.pk]
    assert arrears.arrears_queryset(estate_ids=both, as_of=today).model is Charge
    services.arrears_snapshot_build(estate_id=other_estate.pk)
    assert arrears.arrears_queryset(estate_ids=both, as_of=today).model is UnitArrears
    assert arrears.arrears_queryset(estate_ids=None, as_of=today).model is UnitArrears


def test_the_nightly_task_rebuilds_every_estate_and_can_run_twice(estate, billed, other_estate):
    UnitArrears.objects.all().delete()  # however it got lost
    assert tasks.arrears_snapshot_sweep.delay().get() == {estate.pk: 3, other_estate.pk: 0}
    assert tasks.arrears_snapshot_sweep.delay().get() == {estate.pk: 3, other_estate.pk: 0}
    assert summary(estate) == live(estate)


def test_a_payment_costs_two_queries_more_with_a_summary(estate, billed, cashier):
    def queries(unit) -> int:
        with CaptureQueriesContext(connection) as captured:
            services.payment_take(actor=cashier, unit=unit, amount="10", method="cash")
        return len(captured)

    ArrearsSnapshot.objects.all().delete()
    queries(billed[0])  # the first receipt of the year creates its number sequence
    without = queries(billed[1])
    services.arrears_snapshot_build(estate_id=estate.pk)
    # with a summary: delete the unit's row and insert it again (which estates keep one is
    # read either way)
    assert queries(billed[2]) == without + 2
