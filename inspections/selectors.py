"""Reads of inspections, scoped to the user's estates (another estate's row is a 404), with
query counts that do not grow with the rows."""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from frontdesk.models import Department
from frontdesk.months import midnight, next_month
from frontdesk.scoping import get_for_user_or_404, has_role, scope

from .models import FollowUp, Nonconformity, Photo, Place, Round, Template, TemplateItem
from .permissions import NONCONFORMITY_ROLES, ROUND_ROLES, WIDE_ROLES

LIST_LIMIT = 50
OPEN_ROUNDS = (Round.Status.PLANNED, Round.Status.IN_PROGRESS, Round.Status.MISSED)


def _in(queryset: QuerySet, estate_ids, lookup: str = "estate_id") -> QuerySet:
    return queryset if estate_ids is None else queryset.filter(**{f"{lookup}__in": estate_ids})


def _department_id(user: Any) -> int | None:
    profile = getattr(user, "staff_profile", None)
    return profile.department_id if profile else None


def visible_rounds(user: Any) -> QuerySet[Round]:
    rounds = scope(Round.objects.all(), user)
    if not has_role(user, *WIDE_ROLES):
        rounds = rounds.filter(assignee=user)
    return rounds


def round_get(*, user: Any, pk: int) -> Round:
    return get_for_user_or_404(
        user, visible_rounds(user).select_related("template", "assignee", "estate"), pk=pk
    )


def visible_nonconformities(user: Any) -> QuerySet[Nonconformity]:
    rows = scope(Nonconformity.objects.all(), user)
    if not has_role(user, *WIDE_ROLES):
        rows = rows.filter(department_id=_department_id(user) or 0)
    return rows


def nonconformity_get(*, user: Any, pk: int) -> Nonconformity:
    return get_for_user_or_404(
        user,
        visible_nonconformities(user).select_related(
            "place", "item", "department", "estate", "work_order", "result__round__template"
        ),
        pk=pk,
    )


def place_get(*, user: Any, pk: int, token: str) -> Place:
    place = get_for_user_or_404(user, Place.objects.filter(active=True), pk=pk)
    if (token or "").strip().upper() != place.token:
        raise Http404
    return place


def photo_get(*, user: Any, pk: int) -> Photo:
    photo = get_for_user_or_404(user, Photo.objects.select_related("result__round"), pk=pk)
    round_ = photo.result.round
    seen_on_its_nonconformity = (
        has_role(user, *NONCONFORMITY_ROLES)
        and visible_nonconformities(user).filter(result_id=photo.result_id).exists()
    )
    if not seen_on_its_nonconformity and not visible_rounds(user).filter(pk=round_.pk).exists():
        raise Http404
    return photo


@dataclass
class Cell:
    place: Any
    item: Any
    result: Any = None
    nonconformity: Any = None
    key: Any = None  # the idempotency key of this rendering of the cell's form


@dataclass
class Stop:
    visit: Any
    cells: list = field(default_factory=list)


def round_stops(round_: Round, page_key: uuid.UUID | None = None) -> list[Stop]:
    """The round's places in order, each with its items and what was recorded: four queries.
    With ``page_key`` (one per rendering), each cell's form gets a key of its own."""
    visits = list(round_.visits.select_related("place", "excused_by"))
    items = list(round_.template.items.filter(active=True))
    results = {
        (r.place_id, r.item_id): r
        for r in round_.results.select_related("nonconformity").prefetch_related("photos")
    }
    stops = []
    for visit in visits:
        stop = Stop(visit=visit)
        for item in items:
            result = results.get((visit.place_id, item.pk))
            nonconformity = getattr(result, "nonconformity", None) if result else None
            key = uuid.uuid5(page_key, f"{visit.place_id}-{item.pk}") if page_key else None
            stop.cells.append(Cell(visit.place, item, result, nonconformity, key))
        stops.append(stop)
    return stops


def my_rounds(*, user: Any, estate_ids) -> list[Round]:
    today = timezone.localdate()
    rows = _in(Round.objects.filter(assignee=user), estate_ids).filter(
        Q(status__in=OPEN_ROUNDS, due_on__lte=today + datetime.timedelta(days=7))
        | Q(status=Round.Status.DONE, due_on__gte=today - datetime.timedelta(days=3))
    )
    return list(rows.select_related("template").order_by("due_on", "pk")[:LIST_LIMIT])


def planned_rounds(*, estate_ids) -> list[Round]:
    today = timezone.localdate()
    rows = _in(Round.objects.all(), estate_ids).filter(
        due_on__gte=today - datetime.timedelta(days=7),
        due_on__lte=today + datetime.timedelta(days=31),
    )
    return list(rows.select_related("template", "assignee").order_by("due_on", "pk")[:LIST_LIMIT])


def templates_for(*, estate_ids) -> list[Template]:
    return list(_in(Template.objects.filter(active=True), estate_ids).select_related("estate"))


def nonconformity_list(*, user: Any, estate_ids, status: str = "") -> list[Nonconformity]:
    rows = _in(visible_nonconformities(user), estate_ids)
    if status in Nonconformity.Status.values:
        rows = rows.filter(status=status)
    else:
        rows = rows.exclude(status=Nonconformity.Status.CLOSED)
    return list(rows.select_related("place", "item", "department")[:LIST_LIMIT])


def follow_ups(nonconformity: Nonconformity) -> list[FollowUp]:
    return list(nonconformity.follow_ups.select_related("checked_by"))


def photos_of(result_id: int) -> list[Photo]:
    return list(Photo.objects.filter(result_id=result_id))


# --- today panels ------------------------------------------------------------------------


@dataclass
class Panel:
    count: int
    rows: list


def rounds_panel(*, user: Any, estate_ids) -> Panel:
    """Rounds due today, late (past due, not done) and missed."""
    today = timezone.localdate()
    rows = _in(visible_rounds(user), estate_ids).filter(status__in=OPEN_ROUNDS, due_on__lte=today)
    listed = list(rows.select_related("template", "assignee").order_by("due_on", "pk")[:10])
    for round_ in listed:
        round_.late = round_.due_on < today
    return Panel(count=rows.count(), rows=listed)


def follow_ups_panel(*, user: Any, estate_ids) -> Panel:
    """Follow-up checks due by today and not recorded (a sheet's once it is completed)."""
    today = timezone.localdate()
    # Driven by the partial index of the open checks: a few rows, however many closed ones.
    rows = scope(FollowUp.objects.filter(result="", due_on__lte=today), user)
    if not has_role(user, *WIDE_ROLES):
        rows = rows.filter(nonconformity__department_id=_department_id(user) or 0)
    rows = _in(rows, estate_ids, "nonconformity__estate_id")
    listed = list(
        rows.select_related("nonconformity__place", "nonconformity__item").order_by("due_on")[:10]
    )
    return Panel(count=rows.count(), rows=listed)


# --- the monthly report ---------------------------------------------------------------------


def monthly_report(*, estate_ids, month: datetime.date) -> dict:
    """Nonconformities found in ``month`` by department, item and place; rounds due in it and
    how many were done on time; days to close; findings repeated at the same place and item.
    A fixed number of grouped queries, whatever the rows."""
    start, end = midnight(month), midnight(next_month(month))
    found = _in(Nonconformity.objects.filter(found_at__gte=start, found_at__lt=end), estate_ids)
    closed = Count("pk", filter=Q(status=Nonconformity.Status.CLOSED))

    def grouped(*fields):
        return list(
            found.values(*fields).annotate(count=Count("pk"), closed=closed).order_by("-count")
        )

    by_department = grouped("department__kind", "department__name")
    for row in by_department:
        row["label"] = row["department__name"] or Department.Kind(row["department__kind"]).label
    by_item = grouped("item__text", "item__template__name")[:20]
    by_place = grouped("place__name")[:20]
    repeats = list(
        found.values("place__name", "item__text")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
        .order_by("-count")[:20]
    )
    close_times = [
        (closed_at - found_at).total_seconds() / 86400
        for found_at, closed_at in found.filter(closed_at__isnull=False)
        .values_list("found_at", "closed_at")
        .iterator()
    ]
    rounds = _in(Round.objects.filter(due_on__gte=month, due_on__lt=next_month(month)), estate_ids)
    tally = rounds.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Round.Status.DONE)),
        missed=Count("pk", filter=Q(status=Round.Status.MISSED)),
    )
    on_time = rounds.filter(status=Round.Status.DONE, completed_on__lte=F("due_on")).count()
    total_found = sum(row["count"] for row in by_department)
    biggest = max((row["count"] for row in by_department), default=0)
    for row in by_department:
        row["width"] = round(100 * row["count"] / biggest) if biggest else 0
    return {
        "month": month,
        "found": total_found,
        "closed": sum(row["closed"] for row in by_department),
        "by_department": by_department,
        "by_item": by_item,
        "by_place": by_place,
        "repeats": repeats,
        "average_days_to_close": round(sum(close_times) / len(close_times), 1)
        if close_times
        else None,
        "rounds": {
            **tally,
            "on_time": on_time,
            "late": tally["done"] - on_time,
            "on_time_rate": round(100 * on_time / tally["total"]) if tally["total"] else None,
        },
    }


def round_people(*, estate_ids) -> list:
    """Whom a round may be assigned to: staff of the estates in a round-walking role."""
    users = get_user_model().objects.filter(groups__name__in=ROUND_ROLES, is_active=True)
    if estate_ids is not None:
        users = users.filter(staff_profile__estates__in=estate_ids)
    return list(users.distinct().order_by("username"))


def places_for(*, estate_id: int) -> list[Place]:
    return list(Place.objects.filter(estate_id=estate_id, active=True))


def rounds_needing_place(*, user: Any, place: Place) -> list[Round]:
    """The user's open rounds (due by tomorrow) that still need ``place`` confirmed, soonest
    due first: what a scanned QR code offers."""
    return list(
        Round.objects.filter(
            assignee=user,
            estate_id=place.estate_id,
            status__in=OPEN_ROUNDS,
            visits__place=place,
            visits__confirmed_at__isnull=True,
            due_on__lte=timezone.localdate() + datetime.timedelta(days=1),
        )
        .select_related("template")
        .order_by("due_on", "pk")
    )


def place_of_round(round_: Round, pk: int | None) -> Place | None:
    """A place of the round's estate named by a posted form (None: not one)."""
    return Place.objects.filter(estate_id=round_.estate_id, pk=pk).first() if pk else None


def item_of_round(round_: Round, pk: int | None) -> TemplateItem | None:
    return (
        TemplateItem.objects.filter(template_id=round_.template_id, pk=pk).first() if pk else None
    )
