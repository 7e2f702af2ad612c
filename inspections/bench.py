"""Inspections' rows of ``manage.py bench``: 50,000 rounds and 500,000 item results in BIG
(fewer on a small BIG: half a round per unit), spread over the last two years, one finding in
twenty a nonconformity, inserted once in batches; a second run adds nothing. Targets
(issue 20): the monthly report ≤ 2 s, lists p95 ≤ 60 ms with a constant query count."""

import datetime
import random
import time

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from frontdesk.models import Department
from owners.models import Unit

from . import services
from .models import FollowUp, ItemResult, Nonconformity, Place, Round

MAX_ROUNDS = 50_000
PLACES = 5
BATCH = 5_000
SEED = 20261220
LIST = Target(p95_ms=60, max_queries=14)
REPORT = Target(p95_ms=2_000, max_queries=16)


def _places(estate) -> list[Place]:
    return [
        Place.objects.get_or_create(
            estate=estate, name=f"{n + 1}栋", defaults={"kind": "building", "position": n}
        )[0]
        for n in range(PLACES)
    ]


def _seed(estate, inspector, supervisor, total: int) -> int:
    have = Round.objects.filter(estate=estate).count()
    if have >= total:
        return 0
    for kind in ("customer_service", "engineering", "security", "cleaning", "greening"):
        Department.objects.get_or_create(estate=estate, kind=kind)
    departments = {d.kind: d for d in Department.objects.filter(estate=estate)}
    places = _places(estate)
    template = next(
        t for t in services.templates_seed(estate=estate, places=places) if t.kind == "building"
    )
    template.places.set(places)
    items = list(template.items.all())[:2]
    rng = random.Random(SEED + have)
    today = timezone.localdate()
    now = timezone.now()
    for start in range(have, total, BATCH):
        rounds = []
        for n in range(start, min(total, start + BATCH)):
            due = today - datetime.timedelta(days=(total - n) * 730 // total)
            late = rng.random() < 0.1
            done_on = due + datetime.timedelta(days=1 if late else 0)
            missed = rng.random() < 0.03 and due < today
            rounds.append(
                Round(
                    estate=estate,
                    template=template,
                    assignee=inspector,
                    planned_by=supervisor,
                    due_on=due,
                    status=Round.Status.MISSED
                    if missed
                    else (Round.Status.DONE if due < today else Round.Status.PLANNED),
                    completed_on=None if missed or due >= today else done_on,
                )
            )
        rounds = Round.objects.bulk_create(rounds)
        if rounds[0].pk is None:  # a backend that does not return ids
            rounds = list(Round.objects.filter(estate=estate).order_by("-pk")[: len(rounds)])
        results = []
        for round_ in rounds:
            if round_.status != Round.Status.DONE:
                continue
            for place in places:
                for item in items:
                    bad = rng.random() < 0.05
                    results.append(
                        ItemResult(
                            round=round_,
                            place=place,
                            item=item,
                            outcome="nonconforming" if bad else "pass",
                            note="不合格" if bad else "",
                            recorded_by=inspector,
                            recorded_at=now,
                        )
                    )
        results = ItemResult.objects.bulk_create(results, batch_size=BATCH)
        found = []
        for result in results:
            if result.outcome != "nonconforming" or result.pk is None:
                continue
            day = result.round.due_on
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
            closed = day < today - datetime.timedelta(days=7)
            found.append(
                Nonconformity(
                    estate=estate,
                    result=result,
                    place=result.place,
                    item=result.item,
                    department=departments[result.item.department_kind],
                    description=result.note,
                    status="closed" if closed else "open",
                    found_at=at,
                    closed_at=at + datetime.timedelta(days=rng.randint(1, 6)) if closed else None,
                )
            )
        Nonconformity.objects.bulk_create(found, batch_size=BATCH)
    with connection.cursor() as cursor:
        for model in (Round, ItemResult, Nonconformity):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    _seed_follow_ups(estate, supervisor)
    return total - have


def _seed_follow_ups(estate, supervisor) -> None:
    """Every closed nonconformity's resolved follow-up; the open ones handled on the spot,
    their follow-ups due (the supervisor's today panel). Once: a second run adds nothing."""
    if FollowUp.objects.filter(nonconformity__estate=estate).exists():
        return
    rows = Nonconformity.objects.filter(estate=estate).values_list(
        "pk", "status", "found_at", "closed_at"
    )
    follow_ups = []
    for pk, status, found_at, closed_at in rows.iterator(chunk_size=BATCH):
        closed = status == Nonconformity.Status.CLOSED
        follow_ups.append(
            FollowUp(
                nonconformity_id=pk,
                step=1,
                due_on=timezone.localdate(found_at) + datetime.timedelta(days=3),
                result=FollowUp.Result.RESOLVED if closed else "",
                checked_by=supervisor if closed else None,
                checked_at=closed_at,
            )
        )
    FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
    Nonconformity.objects.filter(estate=estate, status=Nonconformity.Status.OPEN).update(
        status=Nonconformity.Status.HANDLED, handled_by_name="班长", handling="已处理"
    )
    with connection.cursor() as cursor:
        for model in (Round, ItemResult, Nonconformity, FollowUp):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def measurements(app_bench: AppBench) -> list[Measurement]:
    estate = app_bench.estate
    units = Unit.objects.filter(estate=estate).count()
    total = min(MAX_ROUNDS, units // 2)
    if not total:
        app_bench.say("inspections: no units in the estate, skipped")
        return []
    inspector = bench_user(estate, roles.RECEPTIONIST)
    supervisor = bench_user(estate, roles.CS_SUPERVISOR)
    started = time.monotonic()
    added = _seed(estate, inspector, supervisor, total)
    _seed_follow_ups(estate, supervisor)  # a bench database seeded before follow-ups had them
    if added:
        app_bench.say(
            f"inspections: added {added} rounds "
            f"({ItemResult.objects.filter(round__estate=estate).count()} item results) "
            f"to {estate.code} in {time.monotonic() - started:.1f} s"
        )
    boss = app_bench.client(roles.CS_SUPERVISOR)
    month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    rows = [
        app_bench.page(
            "inspections: monthly report",
            f"{reverse('inspections:report')}?month={month:%Y-%m}",
            REPORT,
            boss,
        ),
        app_bench.page(
            "inspections: nonconformities", reverse("inspections:nonconformities"), LIST, boss
        ),
        app_bench.page("inspections: plan", reverse("inspections:plan"), LIST, boss),
        app_bench.page(
            "inspections: my rounds",
            reverse("inspections:mine"),
            LIST,
            app_bench.client(roles.RECEPTIONIST),
        ),
    ]
    for key in ("inspections-rounds", "inspections-follow-ups"):
        rows.append(
            app_bench.page(
                f"inspections: panel {key}", reverse("today-panel", args=[key]), LIST, boss
            )
        )
    return rows
