"""Reads of complaints, scoped to the user's estates (and a department head's department).
Lists are keyset pages: the same few queries whatever the page and however many rows."""

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk import roles
from frontdesk.models import Department
from frontdesk.paging import PAGE_SIZE, Page, deadline_page
from frontdesk.scoping import get_for_user_or_404, has_role, scope

from .checklist import Item, checklist
from .choices import (
    OPEN_STATUSES,
    UNRESOLVED_STATUSES,
    Cause,
    Channel,
    Escalation,
    Severity,
    Status,
    Verdict,
)
from .models import Complaint, ComplaintFile, ComplaintStep, VerdictChange
from .permissions import user_department_id

LIST_RELATED = ("estate", "unit", "department")
# A complaint to resolve within this is flagged "due soon".
DUE_SOON = datetime.timedelta(hours=24)

QUEUE_OPEN = "open"
QUEUE_OVERDUE = "overdue"
QUEUE_DEPARTMENT = "department"
QUEUE_ALL = "all"
QUEUES = (QUEUE_OPEN, QUEUE_OVERDUE, QUEUE_DEPARTMENT, QUEUE_ALL)
# A department's queue: judged, sent to it and not yet handled (the return visit is the desk's).
DEPARTMENT_STATUSES = (Status.HANDLING, Status.WAITING_ORDER)

# Who sees every complaint of their estates; a department head sees their department's.
ESTATE_WIDE = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DIRECTOR)


def visible(queryset: QuerySet, user: Any) -> QuerySet:
    queryset = scope(queryset, user)
    if user.is_superuser or has_role(user, *ESTATE_WIDE):
        return queryset
    department_id = user_department_id(user)
    if department_id is None:
        return queryset.none()
    return queryset.filter(department_id=department_id)


def complaint_get(*, user: Any, pk: int) -> Complaint:
    """One complaint the user sees; any other is a 404."""
    queryset = Complaint.objects.select_related(
        *LIST_RELATED,
        "handler",
        "unit__building",
        "owner",
        "received_by",
        "judged_by",
        "work_order",
        "phone_call",
    )
    return get_for_user_or_404(user, visible(queryset, user), pk=pk)


def complaint_steps(complaint: Complaint) -> list[ComplaintStep]:
    """The complaint's log, oldest first; a site visit's arrival as a datetime."""
    steps = list(ComplaintStep.objects.filter(complaint=complaint).select_related("actor"))
    for step in steps:
        arrived = step.data.get("arrived_at") if isinstance(step.data, dict) else None
        try:
            step.arrived_at = datetime.datetime.fromisoformat(arrived) if arrived else None  # type: ignore[attr-defined]
        except ValueError:
            step.arrived_at = None  # type: ignore[attr-defined]
    return steps


def complaint_checklist(complaint: Complaint, steps: list[ComplaintStep]) -> list[Item]:
    return checklist(complaint, steps)


def complaint_files(complaint: Complaint) -> list[ComplaintFile]:
    return list(ComplaintFile.objects.filter(complaint=complaint))


def verdict_changes(complaint: Complaint) -> list[VerdictChange]:
    return list(VerdictChange.objects.filter(complaint=complaint).select_related("actor"))


def file_get(*, user: Any, pk: int) -> ComplaintFile:
    queryset = ComplaintFile.objects.select_related("complaint")
    file = get_for_user_or_404(user, queryset, pk=pk)
    # A department head sees the files of their department's complaints only.
    if not visible(Complaint.objects.filter(pk=file.complaint_id), user).exists():
        from django.http import Http404

        raise Http404
    return file


def departments_for(estates: list) -> list[Department]:
    return list(
        Department.objects.filter(estate_id__in=[e.pk for e in estates]).select_related("estate")
    )


def complaints_for_unit(*, user: Any, unit: Any, limit: int = 10) -> list[Complaint]:
    return with_labels(
        list(
            visible(Complaint.objects.filter(unit=unit), user)
            .select_related(*LIST_RELATED)
            .order_by("-id")[:limit]
        )
    )


# --- the lists ------------------------------------------------------------------------------


class ComplaintFilter(django_filters.FilterSet):
    estate = django_filters.ChoiceFilter(
        label=_("Estate"), method="filter_estate", empty_label=_("All my estates")
    )
    department = django_filters.ChoiceFilter(
        label=_("Department"), method="filter_department", empty_label=_("Any department")
    )
    verdict = django_filters.ChoiceFilter(
        label=_("Verdict"), choices=Verdict.choices, empty_label=_("Any verdict")
    )
    cause = django_filters.ChoiceFilter(
        label=_("Cause"), choices=Cause.choices, empty_label=_("Any cause")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any status")
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity"), choices=Severity.choices, empty_label=_("Any severity")
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("Any channel")
    )

    class Meta:
        model = Complaint
        fields: list[str] = []

    def __init__(self, data=None, *, queryset, estates, departments, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["estate"].extra["choices"] = [(e.pk, e.name) for e in estates]
        self.filters["department"].extra["choices"] = [
            (d.pk, f"{d} · {d.estate.name}" if len(estates) > 1 else str(d)) for d in departments
        ]
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filter_estate(self, queryset, name, value):
        return queryset.filter(estate_id=int(value)) if value else queryset

    def filter_department(self, queryset, name, value):
        return queryset.filter(department_id=int(value)) if value else queryset


def queue_queryset(*, user: Any, queue: str, estate_ids=None) -> QuerySet[Complaint]:
    complaints = visible(Complaint.objects.all(), user)
    if estate_ids is not None:
        complaints = complaints.filter(estate_id__in=estate_ids)
    if queue == QUEUE_OPEN:
        complaints = complaints.filter(status__in=OPEN_STATUSES)
    elif queue == QUEUE_OVERDUE:
        now = timezone.now()
        complaints = complaints.filter(
            Q(status__in=UNRESOLVED_STATUSES, resolve_due__lt=now)
            | Q(status=Status.RECEIVED, responded_at__isnull=True, respond_due__lt=now)
        )
    elif queue == QUEUE_DEPARTMENT:
        complaints = complaints.filter(status__in=DEPARTMENT_STATUSES)
        department_id = user_department_id(user)
        if department_id is not None and not user.is_superuser:
            complaints = complaints.filter(department_id=department_id)
        else:
            complaints = complaints.filter(department__isnull=False)
    return complaints


def _due_field(queue: str) -> str | None:
    """The queues by resolve-by time (the overdue lead); the whole list newest first."""
    return None if queue == QUEUE_ALL else "resolve_due"


def queue_parts(queue: str, now: datetime.datetime | None = None) -> list[Q] | None:
    """The index ranges ((estate or department, status, resolve_due)) a queue is read in,
    each in resolve-by order, merged here; None for the whole list (one query). One query
    over all the statuses at once would sort every matching row to find the first fifty."""
    if queue == QUEUE_OPEN:
        return [Q(status=status) for status in OPEN_STATUSES]
    if queue == QUEUE_DEPARTMENT:
        return [Q(status=status) for status in DEPARTMENT_STATUSES]
    if queue == QUEUE_OVERDUE:
        now = now or timezone.now()
        # Only a complaint not yet judged has no response (judging is the response).
        return [Q(status=status, resolve_due__lt=now) for status in UNRESOLVED_STATUSES] + [
            Q(status=Status.RECEIVED, responded_at__isnull=True, respond_due__lt=now)
        ]
    return None


def complaint_page(
    queryset: QuerySet, *, queue: str, cursor: str = "", size: int = PAGE_SIZE
) -> Page:
    """One page after ``cursor``: the queues by resolve-by time (the overdue lead), a query
    per index range and one for the rows; the whole list newest first, one query."""
    field = _due_field(queue)
    page = deadline_page(
        queryset,
        field=field,
        cursor=cursor,
        size=size,
        parts=queue_parts(queue) if field else None,
        related=LIST_RELATED,
    )
    page.rows = with_labels(page.rows)
    return page


def with_labels(rows: list[Complaint]) -> list[Complaint]:
    """Give list rows their labels and flags once per page: resolving lazy choice labels row
    by row (``get_cause_display`` in a template) costs more than the page's queries."""
    labels = {
        "status": {key: str(label) for key, label in Status.choices},
        "verdict": {key: str(label) for key, label in Verdict.choices},
        "cause": {key: str(label) for key, label in Cause.choices},
        "escalation": {key: str(label) for key, label in Escalation.choices},
    }
    departments: dict[int | None, str] = {}
    now = timezone.now()
    soon = now + DUE_SOON
    for row in rows:
        if row.department_id is not None and row.department_id not in departments:
            departments[row.department_id] = str(row.department)
        row.department_label = departments.get(row.department_id, "")  # type: ignore[attr-defined]
        row.status_label = labels["status"].get(row.status, row.status)  # type: ignore[attr-defined]
        row.verdict_label = labels["verdict"].get(row.verdict, row.verdict)  # type: ignore[attr-defined]
        row.cause_label = labels["cause"].get(row.cause, "")  # type: ignore[attr-defined]
        row.escalation_label = labels["escalation"].get(row.escalation, "")  # type: ignore[attr-defined]
        overdue = row.respond_overdue(now) or row.resolve_overdue(now)
        row.overdue = overdue  # type: ignore[attr-defined]
        row.due_soon = (  # type: ignore[attr-defined]
            not overdue and row.status in UNRESOLVED_STATUSES and row.resolve_due < soon
        )
    return rows


def today_rows(*, user: Any, estate_ids=None, limit: int = 10) -> list[Complaint]:
    """The desk's today panel: open complaints, the overdue first, then the soonest due."""
    page = complaint_page(
        queue_queryset(user=user, queue=QUEUE_OPEN, estate_ids=estate_ids),
        queue=QUEUE_OPEN,
        size=limit,
    )
    return sorted(page.rows, key=lambda r: (not r.overdue, r.resolve_due, r.pk))  # type: ignore[attr-defined]


def awaiting_visit(*, ids=None) -> QuerySet[Complaint]:
    """Complaints handled and waiting for their return visit (for the return-visit engine,
    which plans one per resolution and finds those it has none for); ``ids`` narrows them."""
    complaints = Complaint.objects.filter(status=Status.HANDLED)
    return complaints if ids is None else complaints.filter(pk__in=ids)
