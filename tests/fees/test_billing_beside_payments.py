"""Long writes beside the desk: a month billed for a large estate, and its arrears summary
rebuilt, while a cashier takes payments through the real service. Each long write commits
in short batches, so no payment waits more than a second (on SQLite one writer holds the
database at a time; a write in one transaction of the whole estate would make each payment
wait for all of it), billing stays exact, and the summary equals a fresh computation.

Real concurrency needs a database that two connections share: PostgreSQL, or on SQLite a
file (the test database is in memory: ``file_database`` copies it to a file for the test).
"""

import datetime
import os
import sqlite3
import statistics
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from fees import services, tasks
from fees.models import ArrearsSnapshot, Charge, Payment, UnitArrears
from fees.selectors import owing_by_unit
from frontdesk import roles
from owners.models import Building, Unit
from tests.factories import BuildingFactory, EstateFactory, property_fee, staff

pytestmark = pytest.mark.django_db(transaction=True)

# Enough units that billing takes several seconds here, and each test under a minute.
UNITS = {"sqlite": 8000, "postgresql": 16000}


def units_count() -> int:
    return int(os.environ.get("BESIDE_UNITS") or UNITS.get(connection.vendor, 8000))


PER_BUILDING = 400
MAX_WAIT = 1.0  # seconds a payment may take, however long the write beside it
JAN, FEB = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)  # long due


@pytest.fixture
def file_database(tmp_path):
    """On SQLite, the test database copied into a file for the length of the test, with the
    settings the desk runs with (WAL, IMMEDIATE transactions, a 20 s busy timeout)."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    memory, settings_dict = connection.connection, connections.settings["default"]
    name, path = settings_dict["NAME"], str(tmp_path / "beside.sqlite3")
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    connection.connection = None  # kept open: closing it would drop the memory database
    settings_dict["NAME"] = connection.settings_dict["NAME"] = path
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = connection.settings_dict["NAME"] = name
        connection.connection = memory


@pytest.fixture
def large_estate(file_database):
    """An estate of ``units_count()`` units, nine in ten billable (bulk-created), January
    billed and its arrears summary built; and a cashier."""
    estate = EstateFactory(code="BIG")
    fee_type = property_fee(estate, rate="2.00")
    buildings = [
        BuildingFactory(estate=estate, number=str(n + 1))
        for n in range((units_count() + PER_BUILDING - 1) // PER_BUILDING)
    ]
    units = []
    for n in range(units_count()):
        building: Building = buildings[n // PER_BUILDING]
        room = f"{n % PER_BUILDING:04d}"
        unit = Unit(
            estate=estate,
            building=building,
            entrance="1",
            floor=1 + (n % PER_BUILDING) // 10,
            room=room,
            code=Unit.make_code(building.number, "1", room),
            area=Decimal("80.00") + n % 40,
            status=Unit.Status.UNSOLD if n % 10 == 9 else Unit.Status.OCCUPIED,
        )
        unit.refresh_derived()
        units.append(unit)
    Unit.objects.bulk_create(units, batch_size=2000)
    services.billing_run(estate_id=estate.pk, period=JAN)
    services.arrears_snapshot_build(estate_id=estate.pk)
    cashier = staff(estates=[estate], roles=[roles.CASHIER])
    billable = list(
        Unit.objects.filter(estate=estate, status=Unit.Status.OCCUPIED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return estate, fee_type, billable, cashier


class Cashier(threading.Thread):
    """Takes payments one after another, through ``payment_take``, until told to stop;
    each payment's duration is kept."""

    def __init__(self, actor, unit_ids):
        super().__init__()
        self.actor, self.unit_ids = actor, unit_ids
        self.stop, self.started = threading.Event(), threading.Event()
        self.waits: list[float] = []
        self.spans: list[tuple[float, float]] = []  # (began, ended) of each payment
        self.errors: list[BaseException] = []
        self.beside: list[float] = []  # durations of the payments overlapping the work

    def run(self):
        try:
            units = Unit.objects.in_bulk(self.unit_ids)
            step = max(1, len(self.unit_ids) // 997)  # spread over the estate's batches
            n = 0
            while not self.stop.is_set():
                unit = units[self.unit_ids[(n * step) % len(self.unit_ids)]]
                began = time.monotonic()
                services.payment_take(actor=self.actor, unit=unit, amount="50", method="cash")
                ended = time.monotonic()
                self.waits.append(ended - began)
                self.spans.append((began, ended))
                self.started.set()
                n += 1
                time.sleep(0.005)  # a cashier's next customer, give or take
        except BaseException as error:  # reported by the test
            self.errors.append(error)
        finally:
            self.started.set()
            connection.close()


def beside_payments(actor, unit_ids, work):
    """Run ``work()`` while a cashier takes payments; returns its result, its duration and
    the cashier."""
    cashier = Cashier(actor, unit_ids)
    cashier.start()
    cashier.started.wait(30)
    began = time.monotonic()
    try:
        result = work()
    finally:
        ended = time.monotonic()
        cashier.stop.set()
        cashier.join()
    cashier.beside = [b - a for a, b in cashier.spans if b > began and a < ended]
    return result, ended - began, cashier


def figures(what: str, took: float, cashier: Cashier) -> str:
    waits = sorted(cashier.beside)  # the payments taken while it ran
    p95 = waits[int(len(waits) * 0.95) - 1] if len(waits) >= 20 else max(waits, default=0)
    line = (
        f"{what} on {connection.vendor}, {units_count()} units: {took:.1f} s; "
        f"{len(waits)} payments beside it, wait max {max(waits, default=0) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, median {statistics.median(waits or [0]) * 1000:.0f} ms"
    )
    print(line)
    return line


def summary_is_fresh(estate) -> None:
    as_of = ArrearsSnapshot.objects.get(estate=estate).as_of
    fresh = {
        row["unit_id"]: (Decimal(row["total"]).quantize(Decimal("0.01")), row["oldest"])
        for row in owing_by_unit(as_of=as_of, estate_ids=[estate.pk])
    }
    kept = {
        row.unit_id: (row.total, row.oldest) for row in UnitArrears.objects.filter(estate=estate)
    }
    assert kept == fresh


def test_billing_a_large_estate_keeps_payments_under_a_second(large_estate):
    estate, fee_type, billable, cashier = large_estate
    before = Payment.objects.count()

    result, took, desk = beside_payments(
        cashier, billable, lambda: services.billing_run(estate_id=estate.pk, period=FEB)
    )

    line = figures("billing", took, desk)
    assert desk.errors == []
    assert len(desk.beside) >= 10, line  # payments were really taken meanwhile
    assert max(desk.waits) < MAX_WAIT, line
    assert Payment.objects.count() == before + len(desk.waits)
    # exact: one February charge per billable unit, none for the others
    assert result.created == len(billable)
    february = Charge.objects.filter(fee_type=fee_type, period=FEB)
    assert sorted(february.values_list("unit_id", flat=True)) == billable
    # February is long due: the summary follows it, batch by batch, beside the payments
    summary_is_fresh(estate)
    assert UnitArrears.objects.filter(estate=estate).count() > 0


def test_the_nightly_rebuild_of_a_large_estate_keeps_payments_under_a_second(large_estate):
    estate, _fee_type, billable, cashier = large_estate
    UnitArrears.objects.filter(estate=estate).update(total=Decimal("1.00"))  # stale, however
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ArrearsSnapshot.objects.filter(estate=estate).update(as_of=yesterday)

    built, took, desk = beside_payments(
        cashier, billable, lambda: tasks.arrears_snapshot_sweep.delay().get()
    )

    line = figures("arrears summary rebuild", took, desk)
    assert desk.errors == []
    assert len(desk.beside) >= 3, line
    assert max(desk.waits) < MAX_WAIT, line
    assert ArrearsSnapshot.objects.get(estate=estate).as_of == timezone.localdate()
    assert built[estate.pk] == UnitArrears.objects.filter(estate=estate).count()
    summary_is_fresh(estate)
