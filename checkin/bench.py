"""The check-in rows of ``manage.py bench`` on the large estate BIG (see frontdesk/bench.py).

Data, made once: 1,000 houses of BIG in custody since 60 days ago, with their weekly
inspections swept (about nine weeks each); 2,000 move-in cases (half completed) and one case
taken through every step by the services, with six defects. The sweep of a new week is timed
inside a transaction that is rolled back, so running the bench again measures the same."""

import datetime
import time
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from frontdesk.maintenance import analyze_database
from owners.models import Owner, Ownership, Unit

from . import requirements, services
from .models import Custody, MeterReading, MoveInCase
from .policy import custody_ratio
from .selectors.movein import case_checklist

HOUSES = 1000  # at most half the estate's units: the move-in cases take from the rest
PAGE = Target(p95_ms=60, max_queries=12)
# The detail's timeline reads the history of custody, keys, readings and inspections: four
# queries of its own, whatever the custody's length.
DETAIL = Target(p95_ms=60, max_queries=14)
POLICY = Target(p95_ms=200, max_queries=1)
SWEEP = Target(p95_ms=5_000)
# The case page reads each step's rows and the timeline's seven history tables.
CASE = Target(p95_ms=60, max_queries=23)
PRINTED = Target(p95_ms=1_000)
CASES = 2000


def _unit_owners(ownerships, count: int) -> list[tuple[int, int]]:
    """(unit, owner) of ``count`` units at most, one current owner each."""
    pairs: dict[int, int] = {}
    rows = ownerships.filter(until__isnull=True).values_list("unit_id", "owner_id")
    for unit_id, owner_id in rows[: count * 2]:
        pairs.setdefault(unit_id, owner_id)
    return list(pairs.items())[:count]


def _prepare(app_bench: AppBench) -> None:
    estate = app_bench.estate
    if Custody.objects.filter(estate=estate).exists():
        return
    started = time.monotonic()
    today = timezone.localdate()
    since = today - datetime.timedelta(days=60)
    houses = min(HOUSES, estate.units.count() // 2)
    ownerships = Ownership.objects.filter(unit__estate=estate).order_by("unit_id")
    rows = [
        Custody(
            estate=estate,
            unit_id=unit_id,
            owner_id=owner_id,
            agreement_signed_on=since,
            start_date=since,
            water_max=5,
            electricity_max=20,
        )
        for unit_id, owner_id in _unit_owners(ownerships, houses)
    ]
    Custody.objects.bulk_create(rows, batch_size=500)
    MeterReading.objects.bulk_create(
        [
            MeterReading(unit_id=row.unit_id, meter=meter, value=3, context="custody_start")
            for row in rows
            for meter in ("water", "electricity")
        ],
        batch_size=1000,
    )
    created = services.inspections_sweep(today=today, estate_id=estate.pk)
    analyze_database()  # what the nightly task does: statistics for the new rows
    app_bench.say(
        f"Custody of {len(rows)} houses of {estate.code}, {created} inspections swept, in "
        f"{time.monotonic() - started:.1f} s."
    )


def _prepare_move_ins(app_bench: AppBench) -> MoveInCase:
    """2,000 cases on units after the custody houses, and one case with every step done."""
    estate = app_bench.estate
    busy = MoveInCase.objects.filter(estate=estate, acceptance_items__isnull=False).first()
    if busy is not None:
        return busy
    started = time.monotonic()
    ownerships = (
        Ownership.objects.filter(unit__estate=estate)
        .exclude(unit__custodies__isnull=False)
        .order_by("-unit_id")
    )
    cases = [
        MoveInCase(
            estate=estate,
            unit_id=unit_id,
            owner_id=owner_id,
            status=MoveInCase.Status.COMPLETED if n % 2 == 0 else MoveInCase.Status.OPEN,
        )
        for n, (unit_id, owner_id) in enumerate(_unit_owners(ownerships, CASES))
    ]
    MoveInCase.objects.bulk_create(cases[1:], batch_size=500)
    actor = bench_user(estate)
    unit = Unit.objects.get(pk=cases[0].unit_id)
    case = services.movein_open(
        actor=actor, unit=unit, owner=Owner.objects.get(pk=cases[0].owner_id), handler="owner"
    )
    for kind in requirements.required_documents(case.handler):
        services.document_receive(actor=actor, case=case, kind=kind, original_sighted=True)
    services.handover_record(
        actor=actor,
        case=case,
        lines=[
            services.Handed(name, quantity, kind=kind)
            for kind, name, quantity in requirements.default_handover()
        ],
    )
    items = [
        services.Checked(room, item, defect=n < 6, note="defect" if n < 6 else "")
        for n, (room, item) in enumerate(case_checklist(case))
    ]
    services.acceptance_record(
        actor=actor,
        case=case,
        inspector="bench",
        present="bench",
        items=items,
        readings=services.Readings(Decimal("1"), Decimal("1"), Decimal("1")),
    )
    analyze_database()
    app_bench.say(
        f"{len(cases)} move-in cases of {estate.code}, one with six defects, in "
        f"{time.monotonic() - started:.1f} s."
    )
    return case


def _sweep_rolled_back(app_bench: AppBench) -> Measurement:
    houses = Custody.objects.filter(estate=app_bench.estate, end_date__isnull=True).count()
    row = Measurement(f"checkin: weekly sweep, {houses} houses (rolled back)", SWEEP)
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    with transaction.atomic():
        started = time.perf_counter()
        created = services.inspections_sweep(today=next_week, estate_id=app_bench.estate.pk)
        row.times_ms.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    row.remark = f"{created} inspections created, then rolled back"
    return row


def measurements(app_bench: AppBench) -> list[Measurement]:
    _prepare(app_bench)
    estate = app_bench.estate
    client = app_bench.client(roles.RECEPTIONIST)
    custody = Custody.objects.filter(estate=estate, end_date__isnull=True).order_by("pk").first()
    assert custody is not None
    unit_ids = list(estate.units.values_list("id", flat=True))
    period = timezone.localdate().replace(day=1)
    case = _prepare_move_ins(app_bench)
    return [
        app_bench.page("checkin: move-in list", reverse("checkin:movein-list"), PAGE, client),
        app_bench.page(
            "checkin: move-in case, six defects",
            reverse("checkin:movein-detail", args=[case.pk]),
            CASE,
            client,
        ),
        app_bench.page(
            "checkin: dossier move-in section",
            reverse("owners:unit-section", args=[case.unit_id, "movein"]),
            PAGE,
            client,
        ),
        app_bench.page(
            "checkin: re-inspection panel",
            reverse("today-panel", args=["checkin-reinspections"]),
            PAGE,
            client,
        ),
        *(
            app_bench.page(
                f"checkin: {name} PDF",
                reverse(f"checkin:movein-{name}-pdf", args=[case.pk]),
                PRINTED,
                client,
                pdf=True,
            )
            for name in ("registration", "handover", "acceptance")
        ),
        app_bench.page("checkin: custody list", reverse("checkin:custody-list"), PAGE, client),
        app_bench.page(
            "checkin: custody agreement PDF",
            reverse("checkin:custody-agreement", args=[custody.pk]),
            PRINTED,
            client,
            pdf=True,
        ),
        app_bench.page(
            "checkin: custody detail",
            reverse("checkin:custody-detail", args=[custody.pk]),
            DETAIL,
            client,
        ),
        app_bench.page(
            "checkin: dossier custody section",
            reverse("owners:unit-section", args=[custody.unit_id, "custody"]),
            PAGE,
            client,
        ),
        app_bench.page(
            "checkin: today panel",
            reverse("today-panel", args=["checkin-inspections"]),
            PAGE,
            client,
        ),
        app_bench.call(
            f"checkin: custody ratio, {len(unit_ids)} units",
            lambda: custody_ratio(unit_ids, "property", period),
            POLICY,
        ),
        _sweep_rolled_back(app_bench),
    ]
