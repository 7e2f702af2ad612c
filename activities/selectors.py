"""Reads of activities, scoped to the user's estates, in constant query counts."""

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from frontdesk.scoping import get_for_user_or_404, scope

from .models import Blackout, Booking, Facility, ReplacementReminder


def facility_list(*, user: Any) -> QuerySet[Facility]:
    return scope(Facility.objects.filter(active=True).select_related("estate"), user).order_by(
        "estate__name", "kind", "name"
    )


def facility_get(*, user: Any, pk: int) -> Facility:
    return get_for_user_or_404(user, Facility.objects.select_related("estate"), pk=pk)


def booking_get(*, user: Any, pk: int) -> Booking:
    queryset = Booking.objects.select_related(
        "facility", "estate", "unit", "charge", "deposit__charge", "created_by", "approved_by"
    )
    return get_for_user_or_404(user, queryset, pk=pk)


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    closed: str = ""
    bookings: list[Booking] = field(default_factory=list)


@dataclass
class Calendar:
    facility: Facility
    month: datetime.date  # the first day
    weeks: list[list[Day]]
    previous: datetime.date
    next: datetime.date


def month_of(text: str) -> datetime.date:
    """``2026-03`` → 2026-03-01; this month for anything else."""
    try:
        year, month = (int(part) for part in text.split("-", 1))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


def facility_calendar(facility: Facility, month: datetime.date) -> Calendar:
    """The month's weeks (Monday first) with the bookings holding a slot and the blackout
    days: two queries whatever the month holds."""
    weeks_raw = calendar.Calendar().monthdatescalendar(month.year, month.month)
    first, last = weeks_raw[0][0], weeks_raw[-1][-1]
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    end = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time())
    )
    by_day: dict[datetime.date, list[Booking]] = {}
    bookings = (
        Booking.objects.filter(
            facility=facility, state__in=Booking.HOLDING, start__gte=start, start__lt=end
        )
        .select_related("unit")
        .order_by("start")
    )
    for booking in bookings:
        by_day.setdefault(timezone.localdate(booking.start), []).append(booking)
    closed: dict[datetime.date, str] = {}
    for blackout in Blackout.objects.filter(
        facility=facility, date_from__lte=last, date_until__gte=first
    ):
        day = max(blackout.date_from, first)
        while day <= min(blackout.date_until, last):
            closed[day] = blackout.reason
            day += datetime.timedelta(days=1)
    weeks = [
        [
            Day(
                date=day,
                in_month=day.month == month.month,
                closed=closed.get(day, ""),
                bookings=by_day.get(day, []),
            )
            for day in week
        ]
        for week in weeks_raw
    ]
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return Calendar(facility, month, weeks, previous, following)


def bookings_today(*, estate_ids, today: datetime.date | None = None) -> list[Booking]:
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    rows = Booking.objects.filter(
        state__in=(Booking.State.REQUESTED, Booking.State.APPROVED, Booking.State.CHECKED_IN),
        start__gte=start,
        start__lt=start + datetime.timedelta(days=1),
    ).select_related("facility", "unit")
    if estate_ids is not None:
        rows = rows.filter(estate_id__in=estate_ids)
    return list(rows.order_by("start")[:20])


def reminders_open(*, estate_ids) -> list[ReplacementReminder]:
    rows = ReplacementReminder.objects.filter(resolved_on__isnull=True).select_related("board")
    if estate_ids is not None:
        rows = rows.filter(estate_id__in=estate_ids)
    return list(rows.order_by("content_since")[:20])


def unit_bookings(*, unit) -> list[Booking]:
    return list(
        Booking.objects.filter(unit=unit).select_related("facility").order_by("-start")[:20]
    )


def board_posts(board: Facility) -> tuple[list, list]:
    """The posts up on a board now, and the last 20 taken down (two queries)."""
    from .models import Post

    current = list(Post.objects.filter(board=board, taken_down_on__isnull=True).order_by("-id"))
    past = list(Post.objects.filter(board=board, taken_down_on__isnull=False)[:20])
    return current, past


def post_get(*, user: Any, pk: int):
    from .models import Post

    return get_for_user_or_404(user, Post.objects.select_related("board", "estate"), pk=pk)
