"""Reads of convenience services, scoped to the user's estates; constant query counts."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from frontdesk import roles
from frontdesk.models import StaffProfile
from frontdesk.money import MoneySum, round_money
from frontdesk.months import midnight, next_month
from frontdesk.paging import PAGE_SIZE, Page, deadline_page
from frontdesk.scoping import get_for_user_or_404, has_role, scope

from .models import ServiceItem, ServiceRequest, ServiceStep

Status = ServiceRequest.Status
PANEL_ROWS = 8
RELATED = ("unit", "item", "assignee", "department")
# The lists of the desk: which statuses each shows, and the order it is read in.
LISTS = {
    "open": (Status.REQUESTED, Status.AGREED, Status.DISPATCHED, Status.DONE, Status.ACCEPTED),
    "agreement": (Status.REQUESTED,),
    "dispatch": (Status.AGREED,),
    "visits": (Status.DISPATCHED,),
    "acceptance": (Status.DONE,),
    "billing": (Status.ACCEPTED, Status.CHARGED),
    "closed": (Status.CLOSED, Status.CANCELLED),
}


def catalogue(*, estate_ids) -> list[ServiceItem]:
    items = ServiceItem.objects.filter(active=True).select_related("department", "estate")
    if estate_ids is not None:
        items = items.filter(estate_id__in=estate_ids)
    return list(items.order_by("estate_id", "position", "id"))


def items_for(estate_id: int) -> list[ServiceItem]:
    return list(
        ServiceItem.objects.filter(estate_id=estate_id, active=True).order_by("position", "id")
    )


def _narrowed(queryset: QuerySet, user: Any) -> QuerySet:
    """A department head sees their department's services; a technician those assigned to
    them; the desk, supervisors, cashiers and the director all of their estates'."""
    if user.is_superuser or has_role(
        user, roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.CASHIER, roles.DIRECTOR
    ):
        return queryset
    if has_role(user, roles.DEPARTMENT_HEAD):
        profile = StaffProfile.objects.filter(user=user).first()
        department_id = profile.department_id if profile else None
        return queryset.filter(Q(department_id=department_id) | Q(assignee=user))
    return queryset.filter(assignee=user)


def service_get(*, user: Any, pk: int) -> ServiceRequest:
    queryset = ServiceRequest.objects.select_related(
        *RELATED, "estate", "charge", "created_by", "agreement_recorded_by", "department__head"
    )
    return get_for_user_or_404(user, _narrowed(queryset, user), pk=pk)


def service_steps(service: ServiceRequest) -> list[ServiceStep]:
    return list(service.steps.select_related("by"))


def service_page(*, user: Any, estate_ids, which: str, cursor: str = "") -> Page:
    """A list, earliest agreed time first (requests without one last, newest first)."""
    queryset = _narrowed(ServiceRequest.objects.filter(status__in=LISTS[which]), user)
    if estate_ids is not None:
        queryset = queryset.filter(estate_id__in=estate_ids)
    if which == "closed":
        return deadline_page(queryset, field=None, cursor=cursor, related=(*RELATED, "charge"))
    queryset = queryset.filter(slot_start__isnull=False)
    return deadline_page(
        queryset, field="slot_start", cursor=cursor, size=PAGE_SIZE, related=(*RELATED, "charge")
    )


def unscheduled(*, user: Any, estate_ids) -> list[ServiceRequest]:
    """Requests taken with no agreed time yet (from the phone log): the first of the open
    list, whatever their number."""
    queryset = _narrowed(
        ServiceRequest.objects.filter(status=Status.REQUESTED, slot_start__isnull=True), user
    )
    if estate_ids is not None:
        queryset = queryset.filter(estate_id__in=estate_ids)
    return list(queryset.select_related(*RELATED).order_by("-id")[:PAGE_SIZE])


@dataclass
class Panel:
    count: int = 0
    rows: list = field(default_factory=list)


def _panel(queryset: QuerySet, order: str) -> Panel:
    rows = list(queryset.select_related(*RELATED, "charge").order_by(order, "id")[:PANEL_ROWS])
    count = len(rows) if len(rows) < PANEL_ROWS else queryset.count()
    return Panel(count=count, rows=rows)


def _day(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return midnight(today), midnight(today + datetime.timedelta(days=1))


def today_panel(*, estate_ids, today: datetime.date | None = None) -> Panel:
    start, end = _day(today or timezone.localdate())
    queryset = ServiceRequest.objects.filter(
        status__in=(Status.AGREED, Status.DISPATCHED, Status.DONE),
        slot_start__gte=start,
        slot_start__lt=end,
    )
    if estate_ids is not None:
        queryset = queryset.filter(estate_id__in=estate_ids)
    return _panel(queryset, "slot_start")


def acceptance_panel(*, estate_ids) -> Panel:
    queryset = ServiceRequest.objects.filter(status=Status.DONE)
    if estate_ids is not None:
        queryset = queryset.filter(estate_id__in=estate_ids)
    return _panel(queryset, "done_at")


def unpaid_panel(*, estate_ids) -> Panel:
    """Accepted but not paid: not yet charged, or charged with money outstanding."""
    queryset = ServiceRequest.objects.filter(
        Q(status=Status.ACCEPTED)
        | Q(status=Status.CHARGED, charge__status__in=("open", "part_paid"))
    )
    if estate_ids is not None:
        queryset = queryset.filter(estate_id__in=estate_ids)
    return _panel(queryset, "accepted_at")


def my_day(*, user: Any, estate_ids, today: datetime.date | None = None) -> list[ServiceRequest]:
    """The technician's services of the day (and those left from earlier days not done)."""
    start, end = _day(today or timezone.localdate())
    queryset = ServiceRequest.objects.filter(
        assignee=user, status=Status.DISPATCHED, slot_start__lt=end
    ) | ServiceRequest.objects.filter(
        assignee=user, status=Status.DONE, slot_start__gte=start, slot_start__lt=end
    )
    if estate_ids is not None:
        queryset = queryset.filter(estate_id__in=estate_ids)
    return list(queryset.select_related(*RELATED).order_by("slot_start", "id")[:PAGE_SIZE])


def unit_services(*, unit) -> list[ServiceRequest]:
    return list(
        ServiceRequest.objects.filter(unit=unit)
        .select_related("item", "charge")
        .order_by("-created_at", "-id")[:10]
    )


def awaiting_revisit(ids=None) -> QuerySet:
    """Services the owner accepted, for the return-visit engine (revisits)."""
    queryset = ServiceRequest.objects.filter(accepted_at__isnull=False).exclude(
        status=Status.CANCELLED
    )
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset


def scoped_services(user: Any) -> QuerySet:
    return scope(ServiceRequest.objects.all(), user)


@dataclass
class ReportRow:
    label: str
    services: int = 0
    accepted: int = 0
    first_time: int = 0
    revenue: Any = 0

    @property
    def first_time_rate(self) -> float | None:
        return None if not self.accepted else round(100 * self.first_time / self.accepted, 1)


@dataclass
class Report:
    month: datetime.date
    by_kind: list[ReportRow]
    by_department: list[ReportRow]
    by_item: list[ReportRow]
    total: ReportRow
    satisfaction: Any


def _rows(queryset: QuerySet, key: str, labels) -> list[ReportRow]:
    rows = (
        queryset.values(key)
        .annotate(
            n=Count("id"),
            accepted=Count("id", filter=Q(accepted_at__isnull=False)),
            first_time=Count("id", filter=Q(accepted_at__isnull=False, rejections=0)),
            revenue=MoneySum("final_amount", filter=Q(charge__isnull=False)),
        )
        .order_by(key)
    )
    return [
        ReportRow(
            label=labels(row[key]),
            services=row["n"],
            accepted=row["accepted"],
            first_time=row["first_time"],
            revenue=round_money(row["revenue"]),
        )
        for row in rows
    ]


def monthly_report(*, estate_ids, month: datetime.date) -> Report:
    """The month's services (by the month they were taken), by kind, department and item:
    how many, accepted, accepted at the first attempt, revenue charged; the owners'
    satisfaction from the return visits."""
    from frontdesk.models import Department

    from .revisit import satisfaction

    start = midnight(month)
    end = midnight(next_month(month))
    queryset = ServiceRequest.objects.filter(created_at__gte=start, created_at__lt=end).exclude(
        status=Status.CANCELLED
    )
    if estate_ids is not None:
        queryset = queryset.filter(estate_id__in=estate_ids)
    kinds = dict(ServiceItem.Kind.choices)
    departments = {
        d.pk: str(d) for d in Department.objects.filter(pk__in=queryset.values("department_id"))
    }
    items = {i.pk: i.name for i in ServiceItem.objects.filter(pk__in=queryset.values("item_id"))}
    total = queryset.aggregate(
        n=Count("id"),
        accepted=Count("id", filter=Q(accepted_at__isnull=False)),
        first_time=Count("id", filter=Q(accepted_at__isnull=False, rejections=0)),
        revenue=MoneySum("final_amount", filter=Q(charge__isnull=False)),
    )
    return Report(
        month=month,
        by_kind=_rows(queryset, "item__kind", lambda v: str(kinds.get(v, v))),
        by_department=_rows(queryset, "department_id", lambda v: departments.get(v, "")),
        by_item=_rows(queryset, "item_id", lambda v: items.get(v, "")),
        total=ReportRow(
            label="",
            services=total["n"],
            accepted=total["accepted"],
            first_time=total["first_time"],
            revenue=round_money(total["revenue"]),
        ),
        satisfaction=satisfaction(
            queryset.filter(accepted_at__isnull=False).values_list("pk", flat=True)
        ),
    )
