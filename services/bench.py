"""Services' rows of ``manage.py bench``: the lists, the today panels, the unit's section and
the technician's day, with 100,000 services in BIG (one per unit, most of them closed in past
years, the newest few hundred open), inserted once in batches; a second run adds nothing.
Target (issue 19): p95 ≤ 60 ms with a constant query count."""

import datetime
import random
import time
from decimal import Decimal

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from frontdesk.models import Department
from owners.models import Unit

from .models import ServiceItem, ServiceRequest

MAX_SERVICES = 100_000
BATCH = 2_000
SEED = 20261219
LIST = Target(p95_ms=60, max_queries=12)
OPEN_TAIL = 400


def _items(estate) -> list[ServiceItem]:
    department, _new = Department.objects.get_or_create(estate=estate, kind="engineering")
    rows = []
    for n, (name, low, high) in enumerate(
        (("管道疏通", "80", "150"), ("家电安装", "50", "50"), ("家政保洁", "40", "60"))
    ):
        item, _new = ServiceItem.objects.get_or_create(
            estate=estate,
            name=name,
            defaults={
                "department": department,
                "price_low": Decimal(low),
                "price_high": Decimal(high),
                "position": n,
            },
        )
        rows.append(item)
    return rows


def _seed(estate, desk, worker, unit_ids: list[int]) -> int:
    have = ServiceRequest.objects.filter(estate=estate).count()
    total = len(unit_ids)
    if have >= total:
        return 0
    items = _items(estate)
    rng = random.Random(SEED + have)
    now = timezone.now()
    Status = ServiceRequest.Status
    batch: list[ServiceRequest] = []
    for n in range(have, total):
        recent = n >= total - OPEN_TAIL
        status = (
            rng.choice((Status.AGREED, Status.DISPATCHED, Status.DONE, Status.ACCEPTED))
            if recent
            else Status.CLOSED
        )
        start = (
            now + datetime.timedelta(hours=rng.randint(-20, 72))
            if recent
            else now - datetime.timedelta(days=rng.randint(30, 1000))
        )
        item = items[n % len(items)]
        accepted = status in (Status.ACCEPTED, Status.CLOSED)
        batch.append(
            ServiceRequest(
                estate=estate,
                number=f"FWB-{n:07d}",
                unit_id=unit_ids[n],
                requester_name=f"业主{n}",
                requester_phone="13900001111",
                item=item,
                area="厨房",
                slot_start=start,
                slot_end=start + datetime.timedelta(hours=1),
                cost_kind="range",
                price_low=item.price_low,
                price_high=item.price_high,
                effect="排水通畅",
                agreement="oral",
                agreed_by=f"业主{n}",
                agreed_at=start,
                agreed_via="phone",
                department_id=item.department_id,
                assignee=worker if status != Status.AGREED else None,
                accepted_at=start if accepted else None,
                accepted_how="signed" if accepted else "",
                final_amount=item.price_high if status == Status.CLOSED else None,
                status=status,
                created_by=desk,
                created_at=start - datetime.timedelta(days=1),
            )
        )
        if len(batch) == BATCH:
            ServiceRequest.objects.bulk_create(batch)
            batch.clear()
    ServiceRequest.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ServiceRequest._meta.db_table}")
    return total - have


def measurements(app_bench: AppBench) -> list[Measurement]:
    estate = app_bench.estate
    unit_ids = list(
        Unit.objects.filter(estate=estate)
        .order_by("pk")
        .values_list("pk", flat=True)[:MAX_SERVICES]
    )
    if not unit_ids:
        app_bench.say("services: no units in the estate, skipped")
        return []
    desk = bench_user(estate, roles.RECEPTIONIST)
    worker = bench_user(estate, roles.TECHNICIAN)
    started = time.monotonic()
    added = _seed(estate, desk, worker, unit_ids)
    if added:
        app_bench.say(
            f"services: added {added} services to {estate.code} "
            f"in {time.monotonic() - started:.1f} s"
        )
    client = app_bench.client(roles.CS_SUPERVISOR)
    url = reverse("services:list")
    rows = [
        app_bench.page(f"services: list {which}", f"{url}?list={which}", LIST, client)
        for which in ("open", "dispatch", "visits", "acceptance", "billing", "closed")
    ]
    deep = (
        ServiceRequest.objects.filter(estate=estate, status=ServiceRequest.Status.CLOSED)
        .order_by("-pk")
        .values_list("pk", flat=True)[50_000:50_001]
    )
    if deep:
        rows.append(
            app_bench.page(
                "services: list closed, deep page",
                f"{url}?list=closed&after={deep[0]}",
                LIST,
                client,
            )
        )
    for key in ("services-today", "services-acceptance", "services-unpaid"):
        rows.append(
            app_bench.page(
                f"services: panel {key}", reverse("today-panel", args=[key]), LIST, client
            )
        )
    rows.append(
        app_bench.page(
            "services: unit section",
            reverse("owners:unit-section", args=[unit_ids[-1], "services"]),
            LIST,
            client,
        )
    )
    rows.append(
        app_bench.page(
            "services: technician's day",
            reverse("services:mine"),
            LIST,
            app_bench.client(roles.TECHNICIAN),
        )
    )
    return rows
