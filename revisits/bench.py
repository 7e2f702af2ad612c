"""Return visits' rows of ``manage.py bench``: the sweep, the revisit queue and a unit's
revisits in the big estate.

The work-order bench fills BIG first (200,000 orders); the first sweep here creates the
revisits of every completed one (timed and printed: the catch-up after a long outage), and
marks those of closed orders done, as two years of visits would have. A second run adds none.
"""

import datetime
import time

from django.db import connection
from django.db.models import Count, F
from django.urls import reverse

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from owners.models import Unit

from .choices import OPEN_STATUSES, Result, Status
from .models import Revisit
from .services import revisits_sweep
from .sources import work_orders

LIST = Target(p95_ms=60, max_queries=12)
SWEEP = Target(p95_ms=5_000)
SUMMARY = Target(p95_ms=10_000, max_queries=20)


def _seed(app_bench: AppBench) -> None:
    """The sweep catches up with every completed order (nothing on a second run); revisits
    of closed orders are then marked done, as two years of visits would have left them."""
    estate = app_bench.estate
    started = time.perf_counter()
    result = revisits_sweep()
    seconds = time.perf_counter() - started
    if not result["created"]:
        return
    app_bench.say(
        f"revisits: first sweep created {result['created']:,} revisits in {seconds:.1f} s"
    )
    closed = work_orders().filter(estate=estate, status="closed").values("pk")
    # Bench rows, not a business write: visits made before the bench began.
    done = Revisit.objects.filter(
        estate=estate, work_order__in=closed, status__in=OPEN_STATUSES
    ).update(
        status=Status.DONE,
        result=Result.SATISFIED,
        visited_at=F("due_at") - datetime.timedelta(hours=3),
        score_timeliness=5,
        score_attitude=5,
        score_quality=5,
        score_overall=5,
    )
    app_bench.say(f"revisits: {done:,} of them marked done (their orders are closed)")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Revisit._meta.db_table}")


def measurements(app_bench: AppBench) -> list[Measurement]:
    estate = app_bench.estate
    _seed(app_bench)
    bench_user(estate, roles.CS_SUPERVISOR)
    open_count = Revisit.objects.filter(
        estate=estate, status__in=(Status.PENDING, Status.DUE_SOON, Status.OVERDUE)
    ).count()
    app_bench.say(f"revisits: {open_count:,} open revisits in {estate.code}")
    busiest = (
        Revisit.objects.filter(estate=estate, unit__isnull=False)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    unit_id = (
        busiest["unit_id"]
        if busiest
        else Unit.objects.filter(estate=estate).values_list("pk", flat=True).first()
    )
    desk = app_bench.client(roles.RECEPTIONIST)
    supervisor = app_bench.client(roles.CS_SUPERVISOR)
    return [
        app_bench.page("revisits: queue", reverse("revisits:revisit-list"), LIST, desk),
        app_bench.page(
            "revisits: queue, overdue",
            reverse("revisits:revisit-list") + "?status=overdue",
            LIST,
            supervisor,
        ),
        app_bench.page(
            "revisits: a unit's revisits",
            reverse("owners:unit-section", args=[unit_id, "revisits"]),
            LIST,
            desk,
        ),
        app_bench.page(
            "revisits: today panel", reverse("today-panel", args=["revisits-due"]), LIST, desk
        ),
        app_bench.page("revisits: KPIs by department", reverse("revisits:kpi"), LIST, supervisor),
        app_bench.page(
            "revisits: KPIs by technician",
            reverse("revisits:kpi") + "?by=technician",
            LIST,
            supervisor,
        ),
        app_bench.page(
            "revisits: monthly summary", reverse("revisits:summary"), SUMMARY, supervisor
        ),
        app_bench.call("revisits: the sweep", revisits_sweep, SWEEP, rounds=3),
    ]
