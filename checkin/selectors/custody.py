"""Reads of custody: the list, a custody's page and timeline, the today panel and the
dossier section; each takes the estates to show and answers in fixed queries."""

import datetime
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from frontdesk.paging import PAGE_SIZE, Page, cursor_parts, page_of
from frontdesk.scoping import get_for_user_or_404, require_role
from frontdesk.timeline import Event, timeline

from ..models import Custody, Inspection, InspectionPhoto, KeyLog, MeterReading
from ..permissions import INSPECT_ROLES, VIEW_ROLES


def _in_estates(queryset: QuerySet, estate_ids, lookup: str) -> QuerySet:
    return queryset if estate_ids is None else queryset.filter(**{f"{lookup}__in": estate_ids})


LIST_COLUMNS = (
    "start_date",
    "end_date",
    "agreement_signed_on",
    "unit__code",
    "owner__name",
    "estate__name",
)
LIST_STATES = ("active", "ended", "all")


def _custodies(estate_ids: frozenset[int] | None, state: str) -> QuerySet[Custody]:
    rows = _in_estates(Custody.objects.all(), estate_ids, "estate_id")
    if state == "active":
        return rows.filter(end_date__isnull=True)
    if state == "ended":
        return rows.filter(end_date__isnull=False)
    return rows


def custody_list(
    *, estate_ids: frozenset[int] | None, state: str, today: datetime.date
) -> QuerySet[Custody]:
    """Custodies of ``estate_ids`` (None: all), those with overdue inspections first, then by
    the next inspection due (none due: last), the latest started first."""
    rows = _custodies(estate_ids, state)
    # Correlated subqueries on the (custody, status, due_date) index: no GROUP BY over the
    # joined unit, owner and estate columns.
    due = Inspection.objects.filter(custody=OuterRef("pk"), status=Inspection.Status.DUE)
    overdue = (
        due.filter(due_date__lt=today)
        .order_by()
        .values("custody")
        .annotate(n=Count("id"))
        .values("n")
    )
    next_due = due.order_by("due_date").values("due_date")[:1]
    return (
        rows.select_related("unit", "owner", "estate")
        .only(*LIST_COLUMNS)
        .annotate(
            overdue=Coalesce(Subquery(overdue), 0),
            next_due=Subquery(next_due),
        )
        .order_by("-overdue", F("next_due").asc(nulls_last=True), "-start_date", "-id")
    )


def _custody_cursor(custody: Any) -> str:
    next_due = custody.next_due.isoformat() if custody.next_due else ""
    return f"{custody.overdue}~{next_due}~{custody.start_date.isoformat()}~{custody.pk}"


def _after_custody(rows: QuerySet, cursor: str) -> QuerySet:
    """The rows after ``cursor`` in ``custody_list``'s order; a bad cursor: from the top."""
    parts = cursor_parts(cursor, 4)
    try:
        assert parts is not None
        overdue = int(parts[0])
        next_due = datetime.date.fromisoformat(parts[1]) if parts[1] else None
        start_date = datetime.date.fromisoformat(parts[2])
        last_id = int(parts[3])
    except (AssertionError, ValueError):
        return rows
    later = Q(start_date__lt=start_date) | Q(start_date=start_date, id__lt=last_id)
    if next_due is None:  # past the last row with a due inspection in this group
        same_overdue = Q(next_due__isnull=True) & later
    else:
        same_overdue = (
            Q(next_due__gt=next_due) | Q(next_due__isnull=True) | (Q(next_due=next_due) & later)
        )
    return rows.filter(Q(overdue__lt=overdue) | (Q(overdue=overdue) & same_overdue))


def custody_page(
    *,
    estate_ids: frozenset[int] | None,
    state: str,
    today: datetime.date,
    cursor: str = "",
    size: int = PAGE_SIZE,
) -> Page:
    """One page of ``custody_list`` after ``cursor``: one query whatever the page."""
    rows = custody_list(estate_ids=estate_ids, state=state, today=today)
    if cursor:
        rows = _after_custody(rows, cursor)
    return page_of(list(rows[: size + 1]), size, cursor, _custody_cursor)


def custody_count(*, estate_ids: frozenset[int] | None, state: str) -> int:
    return _custodies(estate_ids, state).count()


# The custody, its keys and photos are for VIEW_ROLES; an inspector (technician, guard)
# reaches only the inspection itself (a 403 before any lookup, a 404 for another estate).
def custody_get(*, user: Any, pk: int) -> Custody:
    require_role(user, *VIEW_ROLES)
    return get_for_user_or_404(
        user, Custody.objects.select_related("unit", "owner", "estate", "supervisor"), pk=pk
    )


def inspection_get(*, user: Any, pk: int) -> Inspection:
    require_role(user, *INSPECT_ROLES)
    return get_for_user_or_404(
        user, Inspection.objects.select_related("custody__unit", "custody__estate"), pk=pk
    )


def key_log_get(*, user: Any, pk: int) -> KeyLog:
    require_role(user, *VIEW_ROLES)
    return get_for_user_or_404(user, KeyLog.objects.select_related("custody"), pk=pk)


def inspection_photo_get(*, user: Any, pk: int) -> InspectionPhoto:
    require_role(user, *VIEW_ROLES)
    return get_for_user_or_404(user, InspectionPhoto.objects.all(), pk=pk)


def custody_readings(custody: Custody) -> list[MeterReading]:
    return list(
        MeterReading.objects.filter(unit_id=custody.unit_id, read_at__date__gte=custody.start_date)
        .select_related("read_by")
        .order_by("-read_at")[:30]
    )


def custody_start_readings(custody: Custody) -> dict[str, MeterReading]:
    """The readings taken when ``custody`` started, by meter."""
    return {
        reading.meter: reading
        for reading in MeterReading.objects.filter(
            subject_id=custody.pk,
            subject_type__model="custody",
            subject_type__app_label="checkin",
            context=MeterReading.Context.CUSTODY_START,
        )
    }


def custody_inspections(custody: Custody, *, limit: int = 60) -> list[Inspection]:
    return list(
        custody.inspections.select_related("inspector", "owner_notified_by")
        .prefetch_related("photos")
        .order_by("-due_date", "-id")[:limit]
    )


def custody_keys(custody: Custody) -> list[KeyLog]:
    return list(custody.key_logs.select_related("handed_out_by", "received_back_by"))


def inspections_due(
    *, estate_ids: frozenset[int] | None, today: datetime.date
) -> QuerySet[Inspection]:
    """Inspections still to do on houses in custody, the most overdue first."""
    rows = Inspection.objects.filter(
        status=Inspection.Status.DUE, due_date__lte=today + datetime.timedelta(days=6)
    ).filter(custody__end_date__isnull=True)
    return (
        _in_estates(rows, estate_ids, "custody__estate_id")
        .select_related("custody__unit")
        .order_by("due_date", "id")
    )


def unit_custody_section(unit_id: int) -> dict:
    """The dossier's custody section: the current (or last) custody, its readings, keys out and
    last inspections; four queries whatever the history."""
    custody = (
        Custody.objects.filter(unit_id=unit_id)
        .select_related("owner")
        .order_by(F("end_date").desc(nulls_first=True), "-start_date")  # the active one first
        .first()
    )
    readings = list(MeterReading.objects.filter(unit_id=unit_id).order_by("-read_at")[:6])
    if custody is None:
        return {"custody": None, "readings": readings, "keys_out": [], "inspections": []}
    keys_out = list(custody.key_logs.filter(returned_at__isnull=True))
    inspections = list(custody.inspections.order_by("-due_date", "-id")[:5])
    return {
        "custody": custody,
        "readings": readings,
        "keys_out": keys_out,
        "inspections": inspections,
    }


def custody_timeline(custody: Custody) -> list[Event]:
    """What happened to a custody, its keys, inspections and readings: four queries."""
    return timeline(
        [
            (Custody.history.filter(id=custody.pk), lambda r: r.start_date.isoformat()),
            (KeyLog.history.filter(custody_id=custody.pk), lambda r: r.taken_by),
            (
                Inspection.history.filter(custody_id=custody.pk),
                lambda r: f"{r.due_date:%Y-%m-%d} {r.get_kind_display()}",
            ),
            (
                MeterReading.history.filter(
                    unit_id=custody.unit_id, read_at__date__gte=custody.start_date
                ),
                lambda r: f"{r.get_meter_display()} {r.value}",
            ),
        ],
        limit=40,
    )
