"""The arrears summary rebuilt in batches of units, and billing that keeps it batch by
batch: payments between two batches, a rebuild run twice or failing half-way, prepaid
balances put on new charges a few units per transaction."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from fees import arrears, services
from fees.models import ArrearsSnapshot, Charge, Payment, UnitArrears
from fees.selectors import owing_by_unit
from fees.services import billing, summary
from frontdesk import roles
from owners.models import Unit
from tests.factories import BuildingFactory, EstateFactory, UnitFactory, property_fee, staff
from tests.helpers import needs_postgres

JAN, FEB = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)  # long due


@pytest.fixture
def units(estate):
    """Five units owing January's fee (200.00 each), the estate's summary built."""
    building = BuildingFactory(estate=estate)
    units = [
        UnitFactory(building=building, area=Decimal("100.00"), status=Unit.Status.OCCUPIED)
        for _ in range(5)
    ]
    property_fee(estate, rate="2.00")
    services.billing_run(estate_id=estate.pk, period=JAN)
    services.arrears_snapshot_build(estate_id=estate.pk)
    return units


def kept(estate) -> dict[int, tuple[Decimal, datetime.date]]:
    return {
        row.unit_id: (row.total, row.oldest) for row in UnitArrears.objects.filter(estate=estate)
    }


def fresh(estate) -> dict[int, tuple[Decimal, datetime.date]]:
    rows = owing_by_unit(as_of=timezone.localdate(), estate_ids=[estate.pk])
    return {row["unit_id"]: (Decimal(row["total"]).quantize(Decimal("0.01")), row["oldest"])
            for row in rows}  # fmt: skip


def test_it_rebuilds_in_batches_with_progress(estate, units):
    UnitArrears.objects.all().delete()
    seen = []
    rows = services.arrears_snapshot_build(
        estate_id=estate.pk, batch=2, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert rows == 5 and kept(estate) == fresh(estate)


def test_a_rebuild_run_twice_leaves_the_same_rows(estate, units):
    first = kept(estate)
    assert services.arrears_snapshot_build(estate_id=estate.pk, batch=2) == 5
    assert kept(estate) == first == fresh(estate)


def test_payments_between_batches_leave_no_stale_row(estate, units, cashier):
    """The nightly rebuild for a new day, with payments between its batches: on a unit
    already rewritten and on one still to come. Stale rows are rewritten or follow the
    payment, and the end equals a fresh computation."""
    UnitArrears.objects.all().update(total=Decimal("1.00"))  # stale, however
    ArrearsSnapshot.objects.update(as_of=timezone.localdate() - datetime.timedelta(days=1))

    def pay_between(done, total):
        if done == 2:
            services.payment_take(actor=cashier, unit=units[0], amount="50", method="cash")
            services.payment_take(actor=cashier, unit=units[4], amount="200", method="cash")

    services.arrears_snapshot_build(estate_id=estate.pk, batch=2, progress=pay_between)

    assert kept(estate) == fresh(estate)
    assert kept(estate)[units[0].pk][0] == Decimal("150.00")
    assert units[4].pk not in kept(estate)
    assert ArrearsSnapshot.objects.get(estate=estate).as_of == timezone.localdate()


def test_a_rebuild_that_fails_half_way_drops_the_snapshot(estate, units, monkeypatch):
    real = summary.units_rewrite
    calls = []

    def units_rewrite(unit_ids, as_of):
        calls.append(unit_ids)
        if len(calls) == 2:
            raise RuntimeError("the worker died")
        real(unit_ids, as_of)

    monkeypatch.setattr(summary, "units_rewrite", units_rewrite)
    with pytest.raises(RuntimeError):
        services.arrears_snapshot_build(estate_id=estate.pk, batch=2)
    assert not ArrearsSnapshot.objects.filter(estate=estate).exists()
    # the list aggregates live (never a half-built summary) until the next rebuild
    today = timezone.localdate()
    assert arrears.arrears_queryset(estate_ids=[estate.pk], as_of=today).model is Charge


def test_it_rewrites_the_row_of_a_unit_moved_to_another_estate(estate, units, cashier):
    other = EstateFactory(code="OTH")
    Unit.objects.filter(pk=units[0].pk).update(estate=other, building=BuildingFactory(estate=other))
    Charge.objects.filter(unit=units[0]).update(paid_amount=Decimal("50.00"), status="part_paid")
    services.arrears_snapshot_build(estate_id=estate.pk, batch=2)
    assert kept(estate)[units[0].pk][0] == Decimal("150.00")  # its charges are this estate's
    assert kept(estate) == fresh(estate)


def test_billing_a_late_month_keeps_the_summary_batch_by_batch(estate, units, monkeypatch):
    monkeypatch.setattr(billing, "BATCH", 2)
    built_at = ArrearsSnapshot.objects.get(estate=estate).built_at

    result = services.billing_run(estate_id=estate.pk, period=FEB)

    assert result.created == 5
    assert kept(estate) == fresh(estate)
    assert kept(estate)[units[0].pk] == (Decimal("400.00"), datetime.date(2025, 1, 31))
    # no rebuild of the whole estate after billing
    assert ArrearsSnapshot.objects.get(estate=estate).built_at == built_at


def test_billing_a_month_not_yet_due_leaves_the_summary_alone(estate, units):
    before = kept(estate)
    month = timezone.localdate().replace(day=1) + datetime.timedelta(days=62)
    result = services.billing_run(estate_id=estate.pk, period=month)
    assert result.created == 5
    assert kept(estate) == before == fresh(estate)


def test_billing_puts_prepaid_balances_on_new_charges_a_few_units_at_a_time(
    estate, units, cashier, monkeypatch
):
    monkeypatch.setattr(billing, "CREDIT_BATCH", 2)
    for unit in units[:3]:  # January paid, and 100.00 more
        services.payment_take(actor=cashier, unit=unit, amount="300", method="cash")

    services.billing_run(estate_id=estate.pk, period=FEB)

    for unit in units[:3]:
        february = Charge.objects.get(unit=unit, period=FEB)
        assert (february.paid_amount, february.status) == (Decimal("100.00"), "part_paid")
    assert Charge.objects.get(unit=units[3], period=FEB).paid_amount == Decimal("0.00")
    assert Payment.objects.count() == 3
    assert kept(estate) == fresh(estate)
    assert kept(estate)[units[0].pk] == (Decimal("100.00"), datetime.date(2025, 2, 28))


def test_billing_sizes_its_batches_to_hold_the_database_briefly():
    assert billing.next_batch(500, billing.HOLD * 2) == 250
    assert billing.next_batch(60, billing.HOLD * 2) == 50  # never below 50 units
    assert billing.next_batch(500, billing.HOLD / 4) == 1000
    assert billing.next_batch(billing.BATCH, 0.001) == billing.BATCH  # never above BATCH
    assert billing.next_batch(500, billing.HOLD) == 500


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("paced", [True, False])
def test_long_writes_leave_the_desk_a_turn_between_batches_unless_unpaced(paced, monkeypatch):
    """Outside a transaction, on SQLite, billing and the rebuild pause between batches
    (a waiting payment takes the lock meanwhile); the demo and the bench run unpaced."""
    estate = EstateFactory(code="PAC")
    building = BuildingFactory(estate=estate)
    for _ in range(5):
        UnitFactory(building=building, area=Decimal("100.00"), status=Unit.Status.OCCUPIED)
    property_fee(estate, rate="2.00")
    monkeypatch.setattr(billing, "SMALLEST_BATCH", 2)  # paced, it starts at 2 units a batch
    pauses = []
    monkeypatch.setattr(summary.time, "sleep", pauses.append)

    assert services.billing_run(estate_id=estate.pk, period=JAN, paced=paced).created == 5
    services.arrears_snapshot_build(estate_id=estate.pk, batch=2, paced=paced)

    # billing: 2 units, then (quick: the batch doubles) the 3 left; the rebuild: 2, 2, 1
    expected = [summary.DESK_TURN] * (1 + 2) if paced and connection.vendor == "sqlite" else []
    assert pauses == expected
    assert kept(estate) == fresh(estate)


# Desk writes beside a rebuild batch on PostgreSQL, in either order: a waiver (it locks the
# charge, not the unit), a new charge (it locks the unit). Neither fails, nor waits long, and
# the row left is the fresh one, also when the unit owes nothing any more.


@pytest.fixture
def pg_units(transactional_db):
    needs_postgres()
    estate = EstateFactory(code="PGS")
    building = BuildingFactory(estate=estate)
    units = [
        UnitFactory(building=building, area=Decimal("100.00"), status=Unit.Status.OCCUPIED)
        for _ in range(2)
    ]
    fee = property_fee(estate, rate="2.00")
    services.billing_run(estate_id=estate.pk, period=JAN)
    services.arrears_snapshot_build(estate_id=estate.pk)
    people = {
        "cashier": staff(estates=[estate], roles=[roles.CASHIER]),
        "supervisor": staff(estates=[estate], roles=[roles.CS_SUPERVISOR]),
    }
    return estate, units, fee, people


def _waive(unit, people):
    charge = Charge.objects.get(unit=unit, period=JAN)
    services.charge_waive(actor=people["supervisor"], charge=charge, reason="开发商承担")


def _new_charge(estate, unit, fee, people):
    services.charge_create(
        actor=people["cashier"], estate_id=estate.pk, fee_type=fee, amount="80", unit=unit,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip


@pytest.mark.parametrize("write", ["waiver", "new charge"])
def test_a_batch_started_during_a_desk_write_reads_what_it_committed(pg_units, write):
    estate, units, fee, people = pg_units
    done = threading.Event()

    def batch():
        try:
            summary.units_rewrite([u.pk for u in units], timezone.localdate())
            done.set()
        finally:
            connection.close()

    thread = threading.Thread(target=batch)
    with transaction.atomic():  # the desk's write, its row rewritten, not committed yet
        if write == "waiver":
            _waive(units[0], people)
        else:
            _new_charge(estate, units[0], fee, people)
        thread.start()
        time.sleep(0.5)
        assert not done.is_set()  # the batch waits for the desk
    thread.join(10)
    assert done.is_set()
    expected = {"waiver": None, "new charge": Decimal("280.00")}[write]
    assert kept(estate).get(units[0].pk, (None,))[0] == expected
    assert kept(estate) == fresh(estate)


@pytest.mark.parametrize("write", ["waiver", "new charge"])
def test_a_desk_write_during_a_batch_rewrites_the_row_after_it(pg_units, write, monkeypatch):
    estate, units, fee, people = pg_units
    inserted = threading.Event()
    real = summary._insert_owing

    def insert_owing(queryset, *, upsert=False):
        real(queryset, upsert=upsert)
        if not upsert:  # the batch's: it has rewritten the rows and not committed yet
            inserted.set()
            time.sleep(0.5)

    monkeypatch.setattr(summary, "_insert_owing", insert_owing)

    def batch():
        try:
            summary.units_rewrite([u.pk for u in units], timezone.localdate())
        finally:
            connection.close()

    thread = threading.Thread(target=batch)
    thread.start()
    assert inserted.wait(10)
    began = time.monotonic()
    if write == "waiver":
        _waive(units[0], people)  # waits for the batch, then rewrites its row
    else:
        _new_charge(estate, units[0], fee, people)
    assert time.monotonic() - began < 5
    thread.join(10)
    expected = {"waiver": None, "new charge": Decimal("280.00")}[write]
    assert kept(estate).get(units[0].pk, (None,))[0] == expected
    assert kept(estate) == fresh(estate)
