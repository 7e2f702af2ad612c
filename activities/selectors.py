"""Reads of activities, scoped to the user's estates, in constant query counts."""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from frontdesk.models import Department
from frontdesk.paging import PAGE_SIZE, Page, cursor_parts, page_of
from frontdesk.scoping import get_for_user_or_404, scope
from frontdesk.timeline import Event, timeline

from .models import (
    ArchiveFile,
    Blackout,
    Booking,
    BudgetLine,
    Duty,
    Facility,
    LayoutTask,
    Plan,
    ReplacementReminder,
    SignUp,
)


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


@dataclass(frozen=True, slots=True)
class Held:
    """A booking as the month shows it: its id, its local hours, the unit."""

    pk: int
    hours: str
    unit_code: str


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    closed: str = ""
    bookings: list[Held] = field(default_factory=list)


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
    by_day: dict[datetime.date, list[Held]] = {}
    # Plain tuples, the hours formatted here: a busy month holds a few hundred bookings, and
    # model instances with template filters on each cost more than the query.
    rows = (
        Booking.objects.filter(
            facility=facility, state__in=Booking.HOLDING, start__gte=start, start__lt=end
        )
        .order_by("start")
        .values_list("pk", "start", "end", "unit__code")
    )
    zone = timezone.get_current_timezone()
    for pk, begins, ends, unit_code in rows:
        begins, ends = begins.astimezone(zone), ends.astimezone(zone)
        by_day.setdefault(begins.date(), []).append(
            Held(pk, f"{begins:%H:%M}–{ends:%H:%M}", unit_code)
        )
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


# --- activity plans -------------------------------------------------------------------------


def plan_page(*, estate_ids, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One keyset page of the plans, newest first: one query whatever the page."""
    plans = Plan.objects.select_related("estate")
    if estate_ids is not None:
        plans = plans.filter(estate_id__in=estate_ids)
    parts = cursor_parts(cursor, 1) if cursor else None
    if parts and parts[0].isdigit():
        plans = plans.filter(pk__lt=int(parts[0]))
    rows = list(plans.order_by("-pk")[: size + 1])
    return page_of(rows, size, cursor, key=lambda row: str(row.pk))


def plan_get(*, user: Any, pk: int) -> Plan:
    queryset = Plan.objects.select_related("estate", "created_by", "approved_by")
    return get_for_user_or_404(user, queryset, pk=pk)


@dataclass
class PlanParts:
    """Everything under a plan, one query each."""

    budget: list[BudgetLine]
    budget_total: Decimal
    layout: list[LayoutTask]
    duties: list[Duty]
    placed: list[SignUp]
    waiting: list[SignUp]
    cancelled: list[SignUp]
    photos: list[ArchiveFile]
    media: list[ArchiveFile]

    @property
    def layout_done(self) -> bool:
        return all(task.acknowledged_at for task in self.layout)

    @property
    def placed_people(self) -> int:
        return sum(signup.people for signup in self.placed)

    @property
    def attended(self) -> int:
        return sum(1 for signup in self.placed if signup.attended)


def plan_parts(plan: Plan) -> PlanParts:
    budget = list(plan.budget.all())
    signups = list(plan.signups.select_related("unit").order_by("id"))
    archive = list(plan.archive.select_related("uploaded_by").order_by("id"))
    return PlanParts(
        budget=budget,
        budget_total=sum((line.amount for line in budget), Decimal(0)),
        layout=list(plan.layout_tasks.select_related("department", "acknowledged_by")),
        duties=list(plan.duties.all()),
        placed=[s for s in signups if not s.cancelled and not s.waiting],
        waiting=[s for s in signups if not s.cancelled and s.waiting],
        cancelled=[s for s in signups if s.cancelled],
        photos=[f for f in archive if f.kind == ArchiveFile.Kind.IMAGE],
        media=[f for f in archive if f.kind != ArchiveFile.Kind.IMAGE],
    )


def layout_task_get(*, user: Any, plan: Plan, pk: int) -> LayoutTask:
    return get_for_user_or_404(
        user, LayoutTask.objects.filter(plan=plan).select_related("department"), pk=pk
    )


def signup_get(*, user: Any, plan: Plan, pk: int) -> SignUp:
    return get_for_user_or_404(user, SignUp.objects.filter(plan=plan).select_related("plan"), pk=pk)


def archive_file_get(*, user: Any, pk: int) -> ArchiveFile:
    return get_for_user_or_404(user, ArchiveFile.objects.select_related("plan"), pk=pk)


def acknowledging_department_ids(user: Any) -> set[int]:
    """The departments whose layout tasks ``user`` acknowledges (as head or member)."""
    ids = set(Department.objects.filter(head=user).values_list("pk", flat=True))
    department_id = getattr(getattr(user, "staff_profile", None), "department_id", None)
    if department_id:
        ids.add(department_id)
    return ids


def plans_this_week(*, estate_ids, today: datetime.date | None = None) -> list[Plan]:
    """The plans (approved or awaiting approval) taking place from today to six days on."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    rows = Plan.objects.filter(
        state__in=(Plan.State.SUBMITTED, Plan.State.APPROVED),
        starts_at__lt=start + datetime.timedelta(days=7),
        ends_at__gt=start,
    )
    if estate_ids is not None:
        rows = rows.filter(estate_id__in=estate_ids)
    return list(rows.order_by("starts_at")[:20])


def unit_signups(*, unit) -> list[SignUp]:
    return list(SignUp.objects.filter(unit=unit).select_related("plan").order_by("-id")[:20])


def plan_timeline(plan: Plan) -> list[Event]:
    """Who did what on the plan: the plan (approval, summary), its layout tasks
    (acknowledgements) and its sign-ups (waiting, cancelled, attendance); three queries."""
    return timeline(
        [
            (Plan.history.filter(id=plan.pk), lambda r: r.get_state_display()),
            (LayoutTask.history.filter(plan_id=plan.pk), lambda r: r.task),
            (SignUp.history.filter(plan_id=plan.pk), lambda r: r.name),
        ]
    )
