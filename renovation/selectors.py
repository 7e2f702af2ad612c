"""Reads of renovations, scoped to the user's estates; constant query counts."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from frontdesk.paging import PAGE_SIZE, Page, cursor_parts, page_of
from frontdesk.scoping import get_for_user_or_404

from .models import (
    DEFAULT_PROHIBITED,
    Patrol,
    ProhibitedItem,
    Rectification,
    Renovation,
    RenovationFile,
    WorkerPass,
)

LISTS = ("review", "open", "working", "patrols", "expiring", "closed")
PANEL_ROWS = 8
EXPIRING_DAYS = 3


def prohibited_items(estate_id: int) -> list[str]:
    """The estate's prohibited works: its own list in the admin, else the Measures' defaults."""
    rows = list(
        ProhibitedItem.objects.filter(estate_id=estate_id, active=True).values_list(
            "text", flat=True
        )
    )
    return rows or [str(text) for text in DEFAULT_PROHIBITED]


def renovation_get(*, user: Any, pk: int) -> Renovation:
    queryset = Renovation.objects.select_related(
        "unit",
        "estate",
        "owner",
        "fee_charge",
        "deposit__charge",
        "created_by",
        "reviewed_by",
        "permit_issued_by",
        "agreement_recorded_by",
        "consent_recorded_by",
        "closed_by",
    )
    return get_for_user_or_404(user, queryset, pk=pk)


def file_get(*, user: Any, pk: int) -> RenovationFile:
    return get_for_user_or_404(user, RenovationFile.objects.all(), pk=pk)


def pass_get(*, user: Any, pk: int) -> WorkerPass:
    return get_for_user_or_404(
        user, WorkerPass.objects.select_related("renovation__unit", "estate"), pk=pk
    )


def notice_get(*, user: Any, pk: int) -> Rectification:
    queryset = Rectification.objects.select_related(
        "renovation__unit", "renovation__estate", "patrol__inspector"
    )
    return get_for_user_or_404(user, queryset, pk=pk)


def patrol_photo_get(*, user: Any, pk: int):
    from .models import PatrolPhoto

    return get_for_user_or_404(user, PatrolPhoto.objects.all(), pk=pk)


@dataclass
class Dossier:
    """What a renovation's page shows beside the renovation itself."""

    files: list = field(default_factory=list)
    passes: list = field(default_factory=list)
    patrols: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    acceptances: list = field(default_factory=list)
    period_changes: list = field(default_factory=list)
    history: list = field(default_factory=list)


def renovation_dossier(renovation: Renovation) -> Dossier:
    return Dossier(
        files=list(renovation.files.select_related("uploaded_by").order_by("kind", "pk")),
        passes=list(renovation.passes.order_by("pk")),
        patrols=list(
            renovation.patrols.select_related("inspector", "rectification")
            .prefetch_related("photos")
            .order_by("-at", "-pk")[:30]
        ),
        notices=list(renovation.rectifications.select_related("rechecked_by").order_by("-pk")),
        acceptances=list(renovation.acceptances.select_related("inspector").order_by("attempt")),
        period_changes=list(
            renovation.period_changes.select_related("recorded_by", "resumed_by").order_by(
                "recorded_at", "pk"
            )
        ),
        history=list(
            renovation.history.select_related("history_user").order_by("-history_date")[:20]
        ),
    )


def _for_estates(estate_ids) -> QuerySet[Renovation]:
    renovations = Renovation.objects.all()
    if estate_ids is not None:
        renovations = renovations.filter(estate_id__in=estate_ids)
    return renovations


def _list_filter(renovations: QuerySet[Renovation], which: str) -> QuerySet[Renovation]:
    status = Renovation.Status
    today = timezone.localdate()
    if which == "review":
        return renovations.filter(status=status.SUBMITTED)
    if which == "open":
        return renovations.filter(status__in=Renovation.OPEN)
    if which == "working":
        return renovations.filter(status__in=Renovation.ON_SITE)
    if which == "patrols":
        return renovations.filter(status__in=Renovation.ON_SITE, next_patrol_on__lte=today)
    if which == "expiring":
        return renovations.filter(
            status=status.WORKING,
            planned_end__lte=today + datetime.timedelta(days=EXPIRING_DAYS),
        )
    return renovations.filter(status__in=(status.COMPLETED, status.REJECTED, status.WITHDRAWN))


def renovation_page(*, estate_ids, which: str, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One keyset page of a list, newest first: one query whatever the page."""
    renovations = _list_filter(_for_estates(estate_ids), which).select_related("unit", "estate")
    parts = cursor_parts(cursor, 1) if cursor else None
    if parts and parts[0].isdigit():
        renovations = renovations.filter(pk__lt=int(parts[0]))
    rows = list(renovations.order_by("-pk")[: size + 1])
    return page_of(rows, size, cursor, key=lambda row: str(row.pk))


@dataclass
class Panel:
    count: int = 0
    rows: list = field(default_factory=list)


def _panel(renovations: QuerySet[Renovation], order: tuple[str, ...]) -> Panel:
    rows = list(renovations.select_related("unit").order_by(*order)[:PANEL_ROWS])
    count = len(rows) if len(rows) < PANEL_ROWS else renovations.count()
    return Panel(count=count, rows=rows)


def review_panel(*, estate_ids) -> Panel:
    """Applications awaiting the plan review, oldest first."""
    return _panel(_list_filter(_for_estates(estate_ids), "review"), ("pk",))


def patrol_panel(*, estate_ids) -> Panel:
    """Running works whose patrol is due today or overdue, the most overdue first."""
    return _panel(_list_filter(_for_estates(estate_ids), "patrols"), ("next_patrol_on", "pk"))


def expiring_panel(*, estate_ids) -> Panel:
    """Permits ending within a week or overrun, the soonest first."""
    return _panel(_list_filter(_for_estates(estate_ids), "expiring"), ("planned_end", "pk"))


def unit_renovations(*, unit: Any, limit: int = 10) -> list[Renovation]:
    return list(Renovation.objects.filter(unit=unit).order_by("-pk")[:limit])


def pass_sheet(renovation: Renovation) -> list[WorkerPass]:
    """The active passes of a renovation, for printing as cards."""
    return list(renovation.passes.filter(status=WorkerPass.Status.ACTIVE).order_by("pk"))


def recent_patrols(renovation: Renovation) -> list[Patrol]:
    return list(renovation.patrols.order_by("-at")[:5])
