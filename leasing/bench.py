"""Leasing's rows of ``manage.py bench``: the lists (in force, expiring, in arrears, spaces),
one rent cycle for every contract, and the yearly ledger.

The estate gets its spaces and contracts first (in BIG: 2,000 spaces and 10,000 contracts,
five consecutive yearly leases per space, the last running this year), inserted once in
batches; a second run adds nothing. The rent cycle is timed once per run, on the contracts
whose cycle starts this month: the first run charges them all, a later run (already charged)
says so instead of timing nothing.
"""

import datetime
import time
from decimal import Decimal

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from fees.demo import one_off_fee_types_ensure
from fees.selectors import fee_type_of_kind
from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user

from . import selectors, services
from .models import Contract, Lessee, Space
from .services.terms import add_months

SPACES_PER_1000_UNITS = 20  # BIG's 100,000 units: 2,000 spaces
MAX_SPACES = 2_000
LEASES_PER_SPACE = 5  # 10,000 contracts
BATCH = 2_000
LIST = Target(p95_ms=60, max_queries=10)
CYCLE = Target(p95_ms=5_000)
LEDGER = Target(p95_ms=1_000)
KINDS = (Space.Kind.ADVERTISING, Space.Kind.WAREHOUSE, Space.Kind.SITE)
FEE_KINDS = ("advertising_rent", "warehouse_rent", "site_rent")


def _seed(app_bench: AppBench, user, total: int) -> int:
    estate = app_bench.estate
    if Space.objects.filter(estate=estate, code__startswith="B-").exists():
        return 0
    this_month = timezone.localdate().replace(day=1)
    spaces = Space.objects.bulk_create(
        [
            Space(
                estate=estate,
                code=f"B-{n:05d}",
                kind=KINDS[n % 3],
                name=f"租赁空间 {n}",
                location=f"{n % 40 + 1}号楼",
                ownership=Space.Ownership.COMMON if n % 4 else Space.Ownership.COMPANY,
            )
            for n in range(total)
        ],
        batch_size=BATCH,
    )
    lessees = Lessee.objects.bulk_create(
        [
            Lessee(
                estate=estate,
                kind=Lessee.Kind.PERSON,
                name=f"承租人{n:05d}",
                id_type="resident_id",
                id_number_masked="110105********0011",
                contact_name=f"承租人{n:05d}",
                phone="13800000000",
            )
            for n in range(total)
        ],
        batch_size=BATCH,
    )
    contracts = []
    serial = Contract.objects.filter(estate=estate).count()
    for space, lessee in zip(spaces, lessees, strict=True):
        for k in range(LEASES_PER_SPACE):
            start = add_months(this_month, -12 * (LEASES_PER_SPACE - 1 - k))
            current = k == LEASES_PER_SPACE - 1
            serial += 1
            contracts.append(
                Contract(
                    estate=estate,
                    number=f"BZL-{serial:07d}",
                    space=space,
                    lessee=lessee,
                    purpose="bench",
                    start=start,
                    end=add_months(start, 12) - datetime.timedelta(days=1),
                    rent=Decimal("1200.30"),
                    cycle=Contract.Cycle.MONTHLY,
                    site_fee=Decimal("100.00") if space.kind == Space.Kind.SITE else Decimal(0),
                    status=Contract.Status.ACTIVE if current else Contract.Status.ENDED,
                    signed_on=start,
                    signed_by=user,
                    next_rent_on=start if current else None,
                )
            )
    Contract.objects.bulk_create(contracts, batch_size=BATCH)
    return len(contracts)


def _fee_types_ready(estate_id: int) -> bool:
    return all(fee_type_of_kind(estate_id=estate_id, kind=kind) for kind in FEE_KINDS)


def measurements(app_bench: AppBench) -> list[Measurement]:
    from owners.models import Unit

    estate = app_bench.estate
    user = bench_user(estate, roles.RECEPTIONIST)
    units = Unit.objects.filter(estate=estate).count()
    total = min(MAX_SPACES, max(3, units * SPACES_PER_1000_UNITS // 1000))
    rows: list[Measurement] = []
    started = time.monotonic()
    added = _seed(app_bench, user, total)
    if added:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        app_bench.say(
            f"leasing: added {total} spaces and {added} contracts to {estate.code} "
            f"in {time.monotonic() - started:.1f} s"
        )
    one_off_fee_types_ensure(estate)  # the rent fee types, where fees' demo did not run
    today = timezone.localdate()
    cycle = Measurement("leasing: one rent cycle, every contract", CYCLE)
    if not _fee_types_ready(estate.pk):
        cycle.note = "no rent fee types in the estate (fees' demo): skipped"
    else:
        due = Contract.objects.filter(estate=estate, next_rent_on__lte=today).count()
        began = time.monotonic()
        made = services.rent_cycle_run(today=today)
        cycle.times_ms.append((time.monotonic() - began) * 1000)
        cycle.remark = f"{made} rent charges made for {due} contracts due"
        if not due:
            cycle.note = "charged by an earlier run"
    rows.append(cycle)
    desk = app_bench.client(roles.CS_SUPERVISOR)
    url = reverse("leasing:list")
    for which in ("active", "expiring", "arrears", "ended"):
        rows.append(app_bench.page(f"leasing: list {which}", f"{url}?list={which}", LIST, desk))
    rows.append(app_bench.page("leasing: spaces", reverse("leasing:spaces"), LIST, desk))
    rows.append(
        app_bench.page(
            "leasing: panel expiring",
            reverse("today-panel", args=["leasing-expiring"]),
            LIST,
            desk,
        )
    )
    rows.append(
        app_bench.call(
            "leasing: yearly owners' ledger",
            lambda: selectors.ledger(estate=estate, year=today.year),
            LEDGER,
            rounds=max(3, app_bench.requests // 10),
        )
    )
    return rows
