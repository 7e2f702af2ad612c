"""Activities' rows of ``manage.py bench``: 50 bookable facilities in BIG with 4,000 bookings
each (200,000; fewer on a small BIG: two per unit), spread over the last two years and the
next weeks, inserted once in batches; a second run adds nothing. Targets (issue 18): a
facility's month calendar and the booking check p95 ≤ 60 ms with a constant query count."""

import datetime
import time

from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from owners.models import Unit

from .models import Booking, Facility
from .services import booking as booking_service

FACILITIES = 50
PER_FACILITY = 4_000
PER_DAY = 5
BATCH = 5_000
UNITS = 2_000
NUMBER_PREFIX = "BENCH"
CALENDAR = Target(p95_ms=60, max_queries=12)
CHECK = Target(p95_ms=60, max_queries=3)
LIST = Target(p95_ms=60, max_queries=12)


def _facilities(estate) -> list[Facility]:
    rows = []
    for n in range(FACILITIES):
        facility, _created = Facility.objects.get_or_create(
            estate=estate,
            name=f"基准场地{n + 1:02d}",
            defaults={
                "kind": Facility.Kind.COURT if n % 2 else Facility.Kind.GYM,
                "location": "会所",
                "opens_at": datetime.time(6, 0),
                "closes_at": datetime.time(22, 0),
                "bookable": True,
                "capacity": 20,
                "min_minutes": 30,
                "max_minutes": 120,
                "buffer_minutes": 10,
                "max_days_ahead": 60,
                "min_notice_hours": 0,
                "weekly_limit": 50,
            },
        )
        rows.append(facility)
    return rows


def _slot(day: datetime.date, hour: int) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return start, start + datetime.timedelta(hours=1)


def _seed(estate, facilities: list[Facility], unit_ids: list[int], actor, per: int) -> int:
    """The missing bookings of each facility: five a day at 8, 10, 12, 14 and 16 o'clock
    (an hour each), from about two years back to five weeks ahead."""
    have = dict(
        Booking.objects.filter(facility__in=facilities)
        .values_list("facility")
        .annotate(n=Count("id"))
    )
    first_day = timezone.localdate() - datetime.timedelta(days=per // PER_DAY - 40)
    today = timezone.localdate()
    added = 0
    rows: list[Booking] = []
    for f, facility in enumerate(facilities):
        for i in range(have.get(facility.pk, 0), per):
            day = first_day + datetime.timedelta(days=i // PER_DAY)
            start, end = _slot(day, 8 + (i % PER_DAY) * 2)
            past = day < today
            state = Booking.State.APPROVED
            if i % 17 == 0:
                state = Booking.State.CANCELLED
            elif past:
                state = Booking.State.NO_SHOW if i % 23 == 0 else Booking.State.CHECKED_IN
            rows.append(
                Booking(
                    estate=estate,
                    number=f"{NUMBER_PREFIX}-{facility.pk}-{i:05d}",
                    facility=facility,
                    unit_id=unit_ids[(f * per + i) % len(unit_ids)],
                    booked_for="业主",
                    start=start,
                    end=end,
                    people=2,
                    state=state,
                    created_by=actor,
                    approved_by=actor,
                    checked_in_at=start if state == Booking.State.CHECKED_IN else None,
                )
            )
            if len(rows) >= BATCH:
                Booking.objects.bulk_create(rows)
                added += len(rows)
                rows = []
    if rows:
        Booking.objects.bulk_create(rows)
        added += len(rows)
    if added:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Booking._meta.db_table}")
    return added


def measurements(app_bench: AppBench) -> list[Measurement]:
    estate = app_bench.estate
    units = Unit.objects.filter(estate=estate).order_by("pk")
    unit_ids = list(units.values_list("pk", flat=True)[:UNITS])
    if not unit_ids:
        app_bench.say("activities: no units in the estate, skipped")
        return []
    actor = bench_user(estate, roles.RECEPTIONIST)
    per = max(PER_DAY, min(PER_FACILITY, units.count() * 2 // FACILITIES))
    started = time.monotonic()
    facilities = _facilities(estate)
    added = _seed(estate, facilities, unit_ids, actor, per)
    if added:
        app_bench.say(
            f"activities: added {added} bookings to {estate.code} "
            f"({len(facilities)} facilities) in {time.monotonic() - started:.1f} s"
        )
    facility = facilities[len(facilities) // 2]
    unit = Unit.objects.get(pk=unit_ids[0])
    month = timezone.localdate().replace(day=1)
    client = app_bench.client(roles.RECEPTIONIST)
    # A free hour tomorrow evening: every rule is checked and passes (three queries).
    start, end = _slot(timezone.localdate() + datetime.timedelta(days=1), 19)
    slot = booking_service.Slot(start=start, end=end, people=2)

    def check() -> None:
        booking_service.booking_check(facility, unit=unit, slot=slot)

    return [
        app_bench.page(
            "activities: facility month calendar",
            f"{reverse('activities:calendar', args=[facility.pk])}?month={month:%Y-%m}",
            CALENDAR,
            client,
        ),
        app_bench.call("activities: booking check", check, CHECK),
        app_bench.page("activities: plans", reverse("activities:plans"), LIST, client),
        app_bench.page(
            "activities: panel bookings today",
            reverse("today-panel", args=["activities-bookings-today"]),
            LIST,
            client,
        ),
    ]
