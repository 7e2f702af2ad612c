"""Complaints' rows of ``manage.py bench``: the queues, the monthly statistics and the
escalation sweep in the big estate.

BIG gets one complaint per unit first (100,000 over its 100,000 units: two years of them,
mostly closed), inserted once in batches; a second run adds none. The rows are seeded as the
sweep would have left them (late ones already escalated), so the sweep's row measures its
steady state: finding the few that became late since its last run, over every row.
"""

import datetime
import random

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from frontdesk.models import Department
from owners.models import Unit

from . import services
from .choices import (
    COMMUNICATION_CAUSES,
    EFFECTIVE_CAUSES,
    UNRESOLVED_STATUSES,
    Channel,
    Escalation,
    Severity,
    Status,
    Verdict,
)
from .models import Complaint
from .services.base import clock_for, due_times

PER_UNIT = 1
BATCH = 5_000
SEED = 20261204
LIST = Target(p95_ms=60, max_queries=12)
SWEEP = Target(p95_ms=5_000)
STATUS_WEIGHTS = {
    Status.CLOSED: 80,
    Status.INVALID: 4,
    Status.HANDLED: 4,
    Status.HANDLING: 6,
    Status.WAITING_ORDER: 1,
    Status.RECEIVED: 5,
}
DESCRIPTIONS = (
    "楼道垃圾没人清理",
    "地下车库乱停车无人管理",
    "保安夜间巡逻不到位",
    "绿化带杂草丛生",
    "电梯经常停运",
    "物业费多收了停车费",
    "咨询房屋保修期",
    "对维修师傅态度不满",
)


def _seed(app_bench: AppBench, user) -> int:
    estate = app_bench.estate
    unit_ids = list(Unit.objects.filter(estate=estate).values_list("id", flat=True))
    total = PER_UNIT * len(unit_ids)
    have = Complaint.objects.filter(estate=estate).count()
    if have >= total:
        return 0
    departments = [
        Department.objects.get_or_create(estate=estate, kind=kind)[0]
        for kind in ("cleaning", "security", "engineering", "greening", "customer_service")
    ]
    rng = random.Random(SEED)
    statuses = [s for s, weight in STATUS_WEIGHTS.items() for _ in range(weight)]
    clocks = {s: clock_for(estate_id=estate.pk, severity=s) for s in Severity.values}
    now = timezone.now()
    rows = []
    for n in range(have, total):
        status = rng.choice(statuses)
        days = 730 if status in (Status.CLOSED, Status.INVALID) else 20
        received = now - datetime.timedelta(seconds=rng.randrange(days * 86_400))
        severity = Severity.URGENT if rng.random() < 0.1 else Severity.ORDINARY
        respond_due, resolve_due = due_times(clocks[severity], received)
        if status == Status.RECEIVED:
            verdict, cause = Verdict.PENDING, ""
        elif status == Status.INVALID:
            verdict, cause = Verdict.INVALID, ""
        elif rng.random() < 0.55:
            verdict, cause = Verdict.EFFECTIVE, rng.choice(EFFECTIVE_CAUSES)
        else:
            verdict, cause = Verdict.COMMUNICATION, rng.choice(COMMUNICATION_CAUSES)
        judged = received + datetime.timedelta(hours=rng.randint(1, 40))
        responded = None if status == Status.RECEIVED else judged
        late = status in UNRESOLVED_STATUSES and resolve_due < now
        if late and verdict == Verdict.COMMUNICATION:  # the sweep has converted it already
            verdict, cause = Verdict.EFFECTIVE, "service"
        escalation = Escalation.DESK
        if late:
            escalation = Escalation.DIRECTOR
        elif responded is None and respond_due < now:
            escalation = Escalation.SUPERVISOR
        done = judged + datetime.timedelta(hours=rng.randint(2, 150))
        rows.append(
            Complaint(
                estate=estate,
                number=f"BT{n + 1:08d}",
                channel=rng.choice(Channel.values),
                complainant_kind="owner",
                complainant_name=f"业主{n}",
                contact_phone=f"137{n:08d}",
                unit_id=rng.choice(unit_ids) if unit_ids and rng.random() < 0.8 else None,
                description=rng.choice(DESCRIPTIONS),
                received_by=user,
                received_at=received,
                severity=severity,
                verdict=verdict,
                cause=cause,
                judged_at=responded,
                department=None
                if verdict in (Verdict.PENDING, Verdict.INVALID)
                else rng.choice(departments),
                status=status,
                respond_due=respond_due,
                resolve_due=resolve_due,
                responded_at=responded,
                handled_at=done if status in (Status.HANDLED, Status.CLOSED) else None,
                closed_at=done if status in (Status.CLOSED, Status.INVALID) else None,
                reopen_count=1 if status == Status.CLOSED and rng.random() < 0.05 else 0,
                escalation=escalation,
                visit_result="satisfied" if status == Status.CLOSED else "",
            )
        )
        if len(rows) == BATCH:
            Complaint.objects.bulk_create(rows)
            rows = []
    Complaint.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Complaint._meta.db_table}")
    return total - have


def measurements(app_bench: AppBench) -> list[Measurement]:
    estate = app_bench.estate
    receptionist = bench_user(estate)
    added = _seed(app_bench, receptionist)
    if added:
        app_bench.say(f"complaints: added {added:,} complaints to {estate.code}")
    cleaning = Department.objects.get_or_create(estate=estate, kind="cleaning")[0]
    head = bench_user(estate, roles.DEPARTMENT_HEAD)
    head.staff_profile.department = cleaning
    head.staff_profile.save(update_fields=["department"])
    bench_user(estate, roles.CS_SUPERVISOR)
    desk = app_bench.client(roles.RECEPTIONIST)
    supervisor = app_bench.client(roles.CS_SUPERVISOR)
    head_client = app_bench.client(roles.DEPARTMENT_HEAD)
    month = timezone.localdate().replace(day=1).strftime("%Y-%m")
    return [
        app_bench.page("complaints: open", reverse("complaints:complaint-list"), LIST, desk),
        app_bench.page("complaints: overdue", reverse("complaints:overdue"), LIST, supervisor),
        app_bench.page(
            "complaints: department's queue",
            reverse("complaints:department-queue"),
            LIST,
            head_client,
        ),
        app_bench.page("complaints: all, newest", reverse("complaints:all"), LIST, desk),
        app_bench.page(
            "complaints: monthly statistics",
            f"{reverse('complaints:stats')}?month={month}",
            LIST,
            supervisor,
        ),
        app_bench.call(
            "complaints: escalation sweep",
            services.escalation_sweep,
            SWEEP,
            rounds=min(app_bench.requests, 5),
        ),
    ]
