"""Reads of release slips, scoped to the user's estates; constant query counts."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from frontdesk.months import midnight
from frontdesk.paging import PAGE_SIZE, Page, cursor_parts, page_of
from frontdesk.scoping import get_for_user_or_404

from .models import ReleaseItem, ReleaseSlip

LISTS = ("today", "waiting", "used", "expired")
PANEL_ROWS = 8


def slip_get(*, user: Any, pk: int) -> ReleaseSlip:
    queryset = ReleaseSlip.objects.select_related(
        "unit",
        "estate",
        "created_by",
        "issued_by",
        "used_by",
        "override_by",
        "cancelled_by",
        "confirm_recorded_by",
    ).prefetch_related("items")
    return get_for_user_or_404(user, queryset, pk=pk)


def item_get(*, user: Any, pk: int) -> ReleaseItem:
    """One released item of the user's estates; another estate's is a 404."""
    return get_for_user_or_404(user, ReleaseItem.objects.all(), pk=pk)


def _for_estates(estate_ids) -> QuerySet[ReleaseSlip]:
    slips = ReleaseSlip.objects.all()
    if estate_ids is not None:
        slips = slips.filter(estate_id__in=estate_ids)
    return slips


def _list_filter(slips: QuerySet[ReleaseSlip], which: str) -> QuerySet[ReleaseSlip]:
    status = ReleaseSlip.Status
    if which == "today":
        return slips.filter(issued_at__gte=midnight(timezone.localdate()))
    if which == "waiting":
        return slips.filter(status=status.WAITING)
    if which == "used":
        return slips.filter(status=status.USED)
    return slips.filter(status=status.EXPIRED)


def slip_page(*, estate_ids, which: str, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One keyset page of a list, newest first: two queries whatever the page."""
    slips = _list_filter(_for_estates(estate_ids), which).select_related("unit", "estate")
    parts = cursor_parts(cursor, 1) if cursor else None
    if parts and parts[0].isdigit():
        slips = slips.filter(pk__lt=int(parts[0]))
    rows = list(slips.order_by("-pk")[: size + 1])
    # The page's item counts in a query of their own: a COUNT joined into the list would
    # group every matching slip before the LIMIT.
    counts = dict(
        ReleaseItem.objects.filter(slip_id__in=[slip.pk for slip in rows])
        .values("slip_id")
        .annotate(n=Count("pk"))
        .values_list("slip_id", "n")
    )
    for slip in rows:
        slip.item_count = counts.get(slip.pk, 0)  # type: ignore[attr-defined]
    return page_of(rows, size, cursor, key=lambda slip: str(slip.pk))


@dataclass
class Panel:
    count: int = 0
    rows: list = field(default_factory=list)


def waiting_panel(*, estate_ids) -> Panel:
    slips = _for_estates(estate_ids).filter(status=ReleaseSlip.Status.WAITING)
    rows = list(slips.select_related("unit").order_by("pk")[:PANEL_ROWS])  # oldest first
    count = len(rows) if len(rows) < PANEL_ROWS else slips.count()
    return Panel(count=count, rows=rows)


def unit_slips(*, unit: Any, limit: int = 10) -> list[ReleaseSlip]:
    return list(ReleaseSlip.objects.filter(unit=unit).order_by("-pk")[:limit])


@dataclass
class DayRow:
    gate: str
    guard: str
    used: int
    items_held: int


@dataclass
class Reconciliation:
    day: datetime.date
    issued: int = 0
    used: int = 0
    expired: int = 0
    cancelled: int = 0
    paper_missing: int = 0  # used, the guard's paper not yet back at customer service
    by_gate: list[DayRow] = field(default_factory=list)

    @property
    def unaccounted(self) -> int:
        """Slips issued for the day that are neither used, cancelled nor expired."""
        return self.issued - self.used - self.expired - self.cancelled


def reconciliation(*, estate_ids, day: datetime.date) -> Reconciliation:
    """The day's slips (those valid on ``day``) by outcome, and the uses per gate and guard."""
    slips = _for_estates(estate_ids).filter(valid_on=day).exclude(number="")
    status = ReleaseSlip.Status
    totals = slips.aggregate(
        issued=Count("pk"),
        used=Count("pk", filter=Q(status=status.USED)),
        expired=Count("pk", filter=Q(status=status.EXPIRED)),
        cancelled=Count("pk", filter=Q(status=status.CANCELLED)),
        paper_missing=Count("pk", filter=Q(status=status.USED, paper_returned_at__isnull=True)),
    )
    result = Reconciliation(day=day, **totals)
    rows = (
        slips.filter(status=status.USED)
        .values("gate", "used_by__username", "used_by__last_name", "used_by__first_name")
        .annotate(
            used=Count("pk", distinct=True),
            held=Count("items", filter=Q(items__outcome=ReleaseItem.Outcome.HELD)),
        )
        .order_by("gate", "used_by__username")
    )
    result.by_gate = [
        DayRow(
            gate=r["gate"],
            guard=f"{r['used_by__last_name'] or ''}{r['used_by__first_name'] or ''}"
            or r["used_by__username"]
            or "",
            used=r["used"],
            items_held=r["held"],
        )
        for r in rows
    ]
    return result
