"""Reception's rows of ``manage.py bench``: the two logs and their panels in the big estate,
and turning a call into a work order.

The estate gets a modest log first (in BIG: 50,000 calls, 20,000 visits over the past year),
inserted once in batches; a second run finds them and adds nothing.
"""

import datetime
import random
import time
from urllib.parse import urlencode

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from frontdesk.models import Department
from owners.models import Unit

from . import conversions, services
from .models import PhoneCall, Visit

# Per unit of the estate: 50,000 calls and 20,000 visits in the 100,000-unit BIG.
CALLS_PER_UNIT = 0.5
VISITS_PER_UNIT = 0.2
BATCH = 5_000
SEED = 20261128
LIST = Target(p95_ms=60, max_queries=12)
CONVERT = Target(p95_ms=50)

CONTENTS = (
    "卫生间水管漏水，楼下天花板渗水",
    "询问本月物业费金额",
    "楼道灯不亮",
    "邻居装修噪音太大",
    "建议增加儿童游乐设施",
    "门禁卡失效",
    "电梯异响",
)


def _spread(rng: random.Random, now: datetime.datetime, days: int) -> datetime.datetime:
    return now - datetime.timedelta(seconds=rng.randrange(days * 86_400))


def _seed_calls(
    app_bench: AppBench, user, unit_ids: list[int], departments: list, *, total: int
) -> int:
    estate = app_bench.estate
    have = PhoneCall.objects.filter(estate=estate).count()
    if have >= total:
        return 0
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    topics = list(PhoneCall.Topic.values)
    Status = PhoneCall.Status
    statuses = [Status.ANSWERED] * 80 + [Status.REPLIED] * 12 + [Status.PENDING] * 5
    statuses += [Status.TRANSFERRED] * 3
    rows = []
    for n in range(have, total):
        status = rng.choice(statuses)
        received = _spread(rng, now, 365)
        awaiting = status in PhoneCall.AWAITING
        if status == Status.TRANSFERRED and not departments:
            status = Status.PENDING
        department = rng.choice(departments) if status == Status.TRANSFERRED else None
        rows.append(
            PhoneCall(
                estate=estate,
                received_at=received,
                caller_kind=rng.choice(PhoneCall.CallerKind.values),
                caller_name=f"来电人{n}",
                caller_phone=f"139{n:08d}",
                unit_id=rng.choice(unit_ids) if rng.random() < 0.8 else None,
                topic=rng.choice(topics),
                content=rng.choice(CONTENTS),
                answer="" if awaiting else "已当场答复",
                status=status,
                awaiting_reply=awaiting,
                contact_phone=f"139{n:08d}" if status != Status.ANSWERED else "",
                reply_method=PhoneCall.ReplyMethod.CALL if status != Status.ANSWERED else "",
                reply_due=today + datetime.timedelta(days=rng.randint(-5, 3))
                if status != Status.ANSWERED
                else None,
                department=department,
                routed_at=received if department else None,
                recorded_by=user,
                replied_at=received + datetime.timedelta(hours=4)
                if status == Status.REPLIED
                else None,
                replied_by=user if status == Status.REPLIED else None,
                reply="已回电" if status == Status.REPLIED else "",
            )
        )
        if len(rows) == BATCH:
            PhoneCall.objects.bulk_create(rows)
            rows = []
    PhoneCall.objects.bulk_create(rows)
    return total - have


def _seed_visits(
    app_bench: AppBench, user, unit_ids: list[int], departments: list, *, total: int
) -> int:
    estate = app_bench.estate
    have = Visit.objects.filter(estate=estate).count()
    if have >= total:
        return 0
    rng = random.Random(SEED + 1)
    now = timezone.now()
    rows = []
    for n in range(have, total):
        arrived = _spread(rng, now, 365)
        # The last few dozen are still on site; the rest left within a few hours.
        on_site = n >= total - 40
        to_unit = rng.random() < 0.6
        rows.append(
            Visit(
                estate=estate,
                number=f"BENCH-{n:06d}",
                arrived_at=now - datetime.timedelta(minutes=n % 180) if on_site else arrived,
                name=f"访客{n}",
                phone=f"137{n:08d}",
                purpose=rng.choice(Visit.Purpose.values),
                unit_id=rng.choice(unit_ids) if to_unit else None,
                department=None if to_unit or not departments else rng.choice(departments),
                departed_at=None
                if on_site
                else arrived + datetime.timedelta(minutes=rng.randint(5, 240)),
                departure_recorded_by=None if on_site else user,
                recorded_by=user,
            )
        )
        if len(rows) == BATCH:
            Visit.objects.bulk_create(rows)
            rows = []
    Visit.objects.bulk_create(rows)
    return total - have


def _analyze() -> None:
    """Fresh planner statistics after a bulk insert: PostgreSQL's autovacuum may not have
    come round yet, and with the statistics of an empty table it joins before it sorts."""
    with connection.cursor() as cursor:
        for model in (PhoneCall, Visit):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _conversion(app_bench: AppBench, user, unit_id: int):
    """Turn a call about a leak into a work order, rolled back so each round starts over."""
    call = PhoneCall.objects.filter(estate=app_bench.estate, unit_id=unit_id).first()
    if call is None:
        call = services.call_record(
            actor=user,
            estate=app_bench.estate,
            caller_name="张伟",
            caller_phone="13912345678",
            unit=Unit.objects.get(pk=unit_id),
            topic=PhoneCall.Topic.REPAIR,
            content=CONTENTS[0],
            answered_on_spot=False,
            contact_phone="13912345678",
        )

    def convert() -> None:
        with transaction.atomic():
            services.call_convert(actor=user, call=call, action=conversions.WORK_ORDER)
            transaction.set_rollback(True)

    return convert


def measurements(app_bench: AppBench) -> list[Measurement]:
    estate = app_bench.estate
    user = bench_user(estate, roles.RECEPTIONIST)
    unit_ids = list(
        Unit.objects.filter(estate=estate).order_by("pk").values_list("pk", flat=True)[:5_000]
    )
    departments = list(Department.objects.filter(estate=estate))
    units = Unit.objects.filter(estate=estate).count()
    started = time.monotonic()
    added_calls = _seed_calls(
        app_bench, user, unit_ids, departments, total=int(units * CALLS_PER_UNIT)
    )
    added_visits = _seed_visits(
        app_bench, user, unit_ids, departments, total=int(units * VISITS_PER_UNIT)
    )
    if added_calls or added_visits:
        _analyze()
        app_bench.say(
            f"reception: added {added_calls} calls and {added_visits} visits to {estate.code} "
            f"in {time.monotonic() - started:.1f} s"
        )
    client = app_bench.client(roles.RECEPTIONIST)
    calls = reverse("reception:calls")
    visits = reverse("reception:visits")
    # A cursor 2,000 rows down: a deep page costs what the first one does.
    deep = (
        PhoneCall.objects.filter(estate=estate)
        .order_by("-received_at", "-id")
        .values_list("received_at", "pk")[2_000:2_001]
    )
    rows = [
        app_bench.page("reception: call log", calls, LIST, client),
        app_bench.page(
            "reception: calls, repair awaiting",
            f"{calls}?topic=repair&status=awaiting",
            LIST,
            client,
        ),
    ]
    if deep:
        at, pk = deep[0]
        deep_url = f"{calls}?{urlencode({'after': f'{at.isoformat()}~{pk}'})}"
        rows.append(app_bench.page("reception: call log, deep page", deep_url, LIST, client))
    rows += [
        app_bench.page("reception: visitor log", visits, LIST, client),
        app_bench.page("reception: visitors on site", f"{visits}?status=on_site", LIST, client),
        app_bench.page(
            "reception: awaiting-reply panel",
            reverse("today-panel", args=["reception-awaiting"]),
            LIST,
            client,
        ),
        app_bench.page(
            "reception: dossier section",
            reverse("owners:unit-section", args=[unit_ids[0], "reception"]),
            LIST,
            client,
        ),
    ]
    convert = _conversion(app_bench, user, unit_ids[0])
    rows.append(app_bench.call("reception: call → work order", convert, CONVERT))
    return rows
