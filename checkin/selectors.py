"""Reads of the check-in app; each takes the estates to show and answers in fixed queries."""

import datetime
from typing import Any

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from frontdesk.scoping import get_for_user_or_404
from frontdesk.timeline import Event, timeline

from .models import Custody, Inspection, KeyLog, MeterReading


def _in_estates(queryset: QuerySet, estate_ids, lookup: str) -> QuerySet:
    return queryset if estate_ids is None else queryset.filter(**{f"{lookup}__in": estate_ids})


LIST_COLUMNS = ("start_date", "end_date", "unit__code", "owner__name", "estate__name")


def custody_list(
    *, estate_ids: frozenset[int] | None, state: str, today: datetime.date
) -> QuerySet[Custody]:
    """Custodies of ``estate_ids`` (None: all), those with overdue inspections first."""
    rows = _in_estates(Custody.objects.all(), estate_ids, "estate_id")
    if state == "active":
        rows = rows.filter(end_date__isnull=True)
    elif state == "ended":
        rows = rows.filter(end_date__isnull=False)
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
        .order_by("-overdue", "next_due", "-start_date", "-id")
    )


def custody_get(*, user: Any, pk: int) -> Custody:
    return get_for_user_or_404(
        user, Custody.objects.select_related("unit", "owner", "estate", "supervisor"), pk=pk
    )


def inspection_get(*, user: Any, pk: int) -> Inspection:
    return get_for_user_or_404(
        user, Inspection.objects.select_related("custody__unit", "custody__estate"), pk=pk
    )


def key_log_get(*, user: Any, pk: int) -> KeyLog:
    return get_for_user_or_404(user, KeyLog.objects.select_related("custody"), pk=pk)


def custody_readings(custody: Custody) -> list[MeterReading]:
    return list(
        MeterReading.objects.filter(unit_id=custody.unit_id, read_at__date__gte=custody.start_date)
        .select_related("read_by")
        .order_by("-read_at")[:30]
    )


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
