"""Reads of return visits, scoped to the user's estates. The queue is cut in keyset pages
(due time, id): the overdue first, then due today, then the rest, whatever the page."""

import datetime
from typing import Any

import django_filters
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints import selectors as complaint_selectors
from frontdesk.paging import PAGE_SIZE, Page, page_of
from frontdesk.scoping import get_for_user_or_404, scope
from workorders.choices import Category

from .choices import CLOSED_STATUSES, OPEN_STATUSES, SourceKind, Status
from .models import AnalysisReport, Attempt, Revisit, VisitPlan

LIST_RELATED = (
    "estate",
    "unit",
    "work_order",
    "complaint",
    "plan",
    "service",
    "department",
    "technician",
)


def revisit_get(*, user: Any, pk: int) -> Revisit:
    """One revisit of the user's estates; another estate's is a 404."""
    queryset = Revisit.objects.select_related(
        *LIST_RELATED,
        "unit__building",
        "visited_by",
        "rectification_order",
        "plan__assignee",
        "signed_off_by",
        "exempted_by",
    )
    return get_for_user_or_404(user, queryset, pk=pk)


def complaint_revisit(*, user: Any, complaint_id: int) -> Revisit | None:
    """The revisit of the complaint's current resolution, if planned. Another estate's
    complaint: 404."""
    complaint = complaint_selectors.complaint_get(user=user, pk=complaint_id)
    return scope(
        Revisit.objects.filter(complaint=complaint, complaint_round=complaint.reopen_count), user
    ).first()


def revisit_attempts(revisit: Revisit) -> list[Attempt]:
    return list(revisit.attempts.select_related("by").order_by("at", "id"))


# Failed tries count towards the supervisor's sign-off only this far apart: three clicks in
# a minute are one try.
TRIES_APART = datetime.timedelta(hours=1)


def failed_attempt_count(attempts: list[Attempt]) -> int:
    """The failed tries that count (oldest first, each an hour or more after the last one
    counted)."""
    from .choices import FAILED_RESULTS

    counted = 0
    last = None
    for attempt in sorted(attempts, key=lambda a: (a.at, a.pk or 0)):
        if attempt.result not in FAILED_RESULTS:
            continue
        if last is None or attempt.at - last >= TRIES_APART:
            counted += 1
            last = attempt.at
    return counted


def revisits_for_unit(*, user: Any, unit: Any, limit: int = 10) -> list[Revisit]:
    """A unit's latest revisits, newest first: one query."""
    queryset = (
        scope(Revisit.objects.filter(unit=unit), user)
        .select_related("work_order", "complaint", "plan", "service")
        .order_by("-due_at", "-id")
    )
    return with_labels(list(queryset[:limit]))


def with_labels(rows: list[Revisit]) -> list[Revisit]:
    """Labels once per page (a lazy choice label resolved per row costs more than the page)."""
    statuses = {key: str(label) for key, label in Status.choices}
    categories = {key: str(label) for key, label in Category.choices}
    for revisit in rows:
        revisit.status_label = statuses.get(revisit.status, revisit.status)  # type: ignore[attr-defined]
        revisit.category_label = categories.get(revisit.category, revisit.category)  # type: ignore[attr-defined]
    return rows


class RevisitFilter(django_filters.FilterSet):
    """The queue's filters; estates and departments are the user's only."""

    estate = django_filters.ChoiceFilter(
        label=_("Estate"), method="filter_estate", empty_label=_("All my estates")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Open (not done)")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("Any category")
    )
    source_kind = django_filters.ChoiceFilter(
        label=_("Source"), choices=SourceKind.choices, empty_label=_("Any source")
    )
    due_to = django_filters.DateFilter(label=_("Due by"), method="filter_due_to")

    class Meta:
        model = Revisit
        fields: list[str] = []

    def __init__(self, data=None, *, queryset, estates, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["estate"].extra["choices"] = [(e.pk, e.name) for e in estates]
        for name, field in self.form.fields.items():
            if name == "due_to":
                field.widget.input_type = "date"
                field.widget.attrs["class"] = "form-control form-control-sm"
            else:
                field.widget.attrs["class"] = "form-select form-select-sm"

    @property
    def qs(self):
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("status")):
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        return queryset

    def filter_estate(self, queryset, name, value):
        return queryset.filter(estate_id=int(value)) if value else queryset

    def filter_due_to(self, queryset, name, value):
        if not value:
            return queryset
        end = timezone.make_aware(
            datetime.datetime.combine(value + datetime.timedelta(days=1), datetime.time())
        )
        return queryset.filter(due_at__lt=end)


def queue_queryset(*, user: Any, estate_ids=None) -> QuerySet[Revisit]:
    revisits = scope(Revisit.objects.all(), user)
    if estate_ids is not None:
        revisits = revisits.filter(estate_id__in=estate_ids)
    return revisits


def _after(queryset: QuerySet, cursor: str) -> QuerySet:
    key, _sep, last = cursor.rpartition("~")
    try:
        last_id = int(last)
        due = datetime.datetime.fromisoformat(key)
    except ValueError:
        return queryset
    return queryset.filter(Q(due_at__gt=due) | Q(due_at=due, id__gt=last_id))


def open_parts(filterset: "RevisitFilter") -> list[Q] | None:
    """The index ranges the queue is read in when it shows the open revisits (no status
    chosen): one ordered range of (estate, status, due_at) per open status, merged here. One
    query over the three statuses would sort every open revisit to find the first fifty."""
    chosen = filterset.form.is_valid() and filterset.form.cleaned_data.get("status")
    return None if chosen else [Q(status=status) for status in OPEN_STATUSES]


def revisit_page(
    queryset: QuerySet, *, cursor: str = "", size: int = PAGE_SIZE, parts: list[Q] | None = None
) -> Page:
    """One page of the queue after ``cursor``, earliest due first (so the overdue lead, then
    those due today): a query per index range, whatever the page."""
    queryset = queryset.order_by("due_at", "id")
    if cursor:
        queryset = _after(queryset, cursor)
    limit = size + 1
    if parts is None:
        rows = list(queryset.select_related(*LIST_RELATED)[:limit])
    else:
        keys: set[tuple] = set()
        for part in parts:
            keys.update(queryset.filter(part).values_list("due_at", "id")[:limit])
        ids = [pk for _due, pk in sorted(keys)[:limit]]
        by_id = Revisit.objects.select_related(*LIST_RELATED).in_bulk(ids) if ids else {}
        rows = [by_id[pk] for pk in ids if pk in by_id]
    page = page_of(rows, size, cursor, lambda last: f"{last.due_at.isoformat()}~{last.pk}")
    page.rows = with_labels(page.rows)
    return page


def due_today(*, user: Any, estate_ids=None, limit: int = 10) -> list[Revisit]:
    """The today panel: open revisits due by the end of today, overdue first; read as the
    queue is, one index range per open status."""
    end = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=1), datetime.time()
        )
    )
    queryset = queue_queryset(user=user, estate_ids=estate_ids).filter(due_at__lte=end)
    parts = [Q(status=status) for status in OPEN_STATUSES]
    return revisit_page(queryset, size=limit, parts=parts).rows


def plan_list(*, estate_ids, limit: int = 100) -> list[VisitPlan]:
    """The latest plans with their revisits counted: one query."""
    plans = (
        VisitPlan.objects.filter(estate_id__in=list(estate_ids))
        .select_related("estate", "assignee")
        .annotate(
            total=Count("revisits"),
            done=Count("revisits", filter=Q(revisits__status__in=CLOSED_STATUSES)),
        )
        .order_by("-starts_on", "-id")
    )
    return list(plans[:limit])


def plan_get(*, user: Any, pk: int) -> VisitPlan:
    return get_for_user_or_404(
        user, VisitPlan.objects.select_related("estate", "assignee", "created_by"), pk=pk
    )


def plan_revisits(plan: VisitPlan) -> list[Revisit]:
    return with_labels(list(plan.revisits.select_related("unit").order_by("unit__code", "id")))


def desk_staff(estate_ids) -> list:
    """Who may be sent on planned visits: the desk of these estates."""
    from django.contrib.auth import get_user_model

    from .permissions import VISIT_ROLES

    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=VISIT_ROLES,
            staff_profile__estates__in=list(estate_ids),
        )
        .distinct()
        .order_by("username")
    )


def report_get(*, user: Any, pk: int) -> AnalysisReport:
    return get_for_user_or_404(
        user, AnalysisReport.objects.select_related("estate", "reviewed_by"), pk=pk
    )


def reports_for(*, estate_ids, month) -> list[AnalysisReport]:
    return list(
        AnalysisReport.objects.filter(estate_id__in=list(estate_ids), month=month).select_related(
            "estate"
        )
    )
