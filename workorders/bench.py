"""Work orders' rows of ``manage.py bench``: the department queue, the overdue list and a
unit's orders in the big estate.

BIG gets two orders per unit first (200,000 over its 100,000 units: two years of work, mostly
closed, the rest spread over every step), inserted once in batches; a second run adds none.
"""

import datetime
import random

from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from frontdesk.models import Department, StaffProfile
from owners.models import Unit

from . import selectors
from .models import DEFAULT_SLA_HOURS, Category, Kind, Source, Status, WorkOrder

# Two per unit: 200,000 orders in the 100,000-unit BIG.
ORDERS_PER_UNIT = 2
TECHNICIANS = 5
BATCH = 5_000
SEED = 20261128
LIST = Target(p95_ms=60, max_queries=12)
DEPARTMENT_KINDS = (
    Department.Kind.ENGINEERING,
    Department.Kind.SECURITY,
    Department.Kind.CLEANING,
    Department.Kind.GREENING,
)
# How many of each hundred orders are at each step (two years of work: most are closed).
STATUS_WEIGHTS = {
    Status.CLOSED: 70,
    Status.CANCELLED: 3,
    Status.OWNER_CONFIRMED: 2,
    Status.BOOKED: 2,
    Status.VERIFIED: 3,
    Status.COMPLETED: 3,
    Status.IN_PROGRESS: 4,
    Status.SIGNED: 4,
    Status.DISPATCHED: 6,
    Status.OPEN: 3,
}
DESCRIPTIONS = (
    "卫生间水管漏水，楼下天花板渗水",
    "厨房水龙头滴水",
    "客厅插座无电",
    "楼道灯不亮",
    "电梯按钮失灵",
    "外墙渗水",
    "消防栓箱门损坏",
    "绿化带枯死需补种",
)
LOCATIONS = ("地下车库", "1号楼大堂", "中心花园", "南门岗亭", "会所")


def _departments(estate) -> list[Department]:
    return [
        Department.objects.get_or_create(estate=estate, kind=kind)[0] for kind in DEPARTMENT_KINDS
    ]


def _technicians(estate, departments: list[Department]) -> dict[int, list]:
    """Five technicians per department (created once), by department id."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    group = Group.objects.get_or_create(name=roles.TECHNICIAN)[0]
    by_department: dict[int, list] = {}
    for department in departments:
        for n in range(TECHNICIANS):
            user, created = get_user_model().objects.get_or_create(
                username=f"bench-tech-{department.kind}-{n}"
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.add(group)
                profile = StaffProfile.objects.create(user=user, department=department)
                profile.estates.add(estate)
            by_department.setdefault(department.pk, []).append(user)
    return by_department


def _seed(app_bench: AppBench, departments: list[Department], user) -> int:
    estate = app_bench.estate
    unit_ids = list(Unit.objects.filter(estate=estate).values_list("id", flat=True))
    total = ORDERS_PER_UNIT * len(unit_ids)
    have = WorkOrder.objects.filter(estate=estate).count()
    if have >= total:
        return 0
    rng = random.Random(SEED)
    technicians = _technicians(estate, departments)
    statuses = [s for s, weight in STATUS_WEIGHTS.items() for _ in range(weight)]
    categories = list(Category.values)
    kinds = [Kind.REPAIR] * 8 + [Kind.ENGINEERING, Kind.COORDINATION]
    now = timezone.now()
    rows = []
    for n in range(have, total):
        status = rng.choice(statuses)
        category = rng.choice(categories)
        # Orders still at an early step are recent; closed ones from any time in two years.
        days = 730 if status in (Status.CLOSED, Status.CANCELLED) else 20
        created = now - datetime.timedelta(seconds=rng.randrange(days * 86_400))
        in_unit = rng.random() < 0.75
        department = None if status == Status.OPEN else rng.choice(departments)
        later = created + datetime.timedelta(hours=rng.randint(1, 48))
        rows.append(
            WorkOrder(
                estate=estate,
                number=f"BX{n + 1:08d}",
                kind=rng.choice(kinds),
                category=category,
                source=rng.choice(Source.values),
                unit_id=rng.choice(unit_ids) if in_unit and unit_ids else None,
                location="" if in_unit and unit_ids else rng.choice(LOCATIONS),
                reporter_name=f"报修人{n}",
                reporter_phone=f"138{n:08d}",
                description=rng.choice(DESCRIPTIONS),
                department=department,
                assignee=rng.choice(technicians[department.pk])
                if department and status not in (Status.OPEN, Status.DISPATCHED)
                else None,
                status=status,
                created_by=user,
                created_at=created,
                due_at=created + datetime.timedelta(hours=DEFAULT_SLA_HOURS[category]),
                dispatched_at=created if department else None,
                completed_at=later
                if status not in (Status.OPEN, Status.DISPATCHED, Status.SIGNED)
                else None,
                closed_at=later if status in (Status.CLOSED, Status.CANCELLED) else None,
            )
        )
        if len(rows) == BATCH:
            WorkOrder.objects.bulk_create(rows)
            rows = []
    WorkOrder.objects.bulk_create(rows)
    # Fresh statistics, or the planners take the estate column for a selective one.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {WorkOrder._meta.db_table}")
    return total - have


def measurements(app_bench: AppBench) -> list[Measurement]:
    estate = app_bench.estate
    departments = _departments(estate)
    engineering = departments[0]
    receptionist = bench_user(estate)
    added = _seed(app_bench, departments, receptionist)
    if added:
        app_bench.say(f"workorders: added {added:,} work orders to {estate.code}")

    head = bench_user(estate, roles.DEPARTMENT_HEAD)
    head.staff_profile.department = engineering
    head.staff_profile.save(update_fields=["department"])
    bench_user(estate, roles.CS_SUPERVISOR)

    busiest = (
        WorkOrder.objects.filter(estate=estate, unit__isnull=False)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    unit_id = busiest["unit_id"] if busiest else Unit.objects.filter(estate=estate).first().pk
    head_client = app_bench.client(roles.DEPARTMENT_HEAD)
    supervisor_client = app_bench.client(roles.CS_SUPERVISOR)
    desk = app_bench.client(roles.RECEPTIONIST)
    overdue = selectors.queue_queryset(user=head, queue=selectors.QUEUE_OVERDUE).count()
    app_bench.say(f"workorders: {overdue:,} overdue orders in {estate.code}")
    return [
        app_bench.page(
            "orders: department queue", reverse("workorders:department-queue"), LIST, head_client
        ),
        app_bench.page(
            "orders: overdue list", reverse("workorders:overdue"), LIST, supervisor_client
        ),
        app_bench.page(
            "orders: a unit's orders",
            reverse("owners:unit-section", args=[unit_id, "workorders"]),
            LIST,
            desk,
        ),
        app_bench.page("orders: all, newest", reverse("workorders:order-list"), LIST, desk),
        app_bench.page(
            "orders: technician's page", reverse("workorders:my-orders"), LIST, head_client
        ),
    ]
