"""Reads of work orders, scoped to the user's estates. Lists are cut in keyset pages: a page
costs the same few queries whatever its number and however many orders there are."""

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.models import Department
from frontdesk.months import midnight
from frontdesk.paging import PAGE_SIZE, Page, by_deadline, deadline_page
from frontdesk.scoping import get_for_user_or_404, has_role, scope

from .models import (
    ACTIVE_STATUSES,
    DEPARTMENT_STATUSES,
    OWNER_STATUSES,
    Category,
    Kind,
    Status,
    WorkOrder,
)
from .permissions import DEPARTMENT_ROLES, sees_every_order, user_department_id

EXPORT_CAP = 20_000
LIST_RELATED = ("estate", "unit", "department", "assignee")

# The lists: which orders, and in which order (a field and the id, for the keyset).
QUEUE_ALL = "all"
QUEUE_DEPARTMENT = "department"
QUEUE_MINE = "mine"
QUEUE_OWNER = "owner"
QUEUE_OVERDUE = "overdue"


def visible(queryset: QuerySet, user: Any, prefix: str = "") -> QuerySet:
    """Rows of ``queryset`` (orders, or rows of an order through ``prefix``, e.g.
    "order__") whose order ``user`` sees besides the estate rule: every order for the desk,
    the supervisors and the director; their department's, those assigned to them and those
    they opened for department heads and technicians (``permissions.sees_order``)."""
    if sees_every_order(user):
        return queryset
    if not has_role(user, *DEPARTMENT_ROLES):
        return queryset.none()
    mine = Q(**{f"{prefix}assignee": user}) | Q(**{f"{prefix}created_by": user})
    department_id = user_department_id(user)
    if department_id is not None:
        mine |= Q(**{f"{prefix}department_id": department_id})
    return queryset.filter(mine)


def _orders(user: Any) -> QuerySet[WorkOrder]:
    return visible(scope(WorkOrder.objects.all(), user), user)


def order_get(*, user: Any, pk: int) -> WorkOrder:
    """One order the user sees (their estates, and their department's for a department
    role); any other is a 404."""
    queryset = WorkOrder.objects.select_related(
        *LIST_RELATED, "unit__building", "created_by", "parent", "source_type"
    )
    return get_for_user_or_404(user, visible(queryset, user), pk=pk)


def parent_get(*, user: Any, pk: int) -> WorkOrder | None:
    """The parent order named on the new-order form, if the user sees it."""
    return _orders(user).filter(pk=pk).first()


def orders_for_unit(*, user: Any, unit: Any, limit: int = 10) -> list[WorkOrder]:
    """A unit's latest orders, newest first: one query."""
    queryset = (
        _orders(user)
        .filter(unit=unit)
        .select_related("department", "assignee")
        .order_by("-created_at", "-id")
    )
    return with_labels(list(queryset[:limit]))


def with_labels(rows: list[WorkOrder]) -> list[WorkOrder]:
    """Give list rows their labels once per page: resolving lazy choice labels row by row
    (``get_status_display`` in a template) costs more than the page's queries."""
    statuses = {key: str(label) for key, label in Status.choices}
    categories = {key: str(label) for key, label in Category.choices}
    now = timezone.now()
    departments: dict[int | None, str] = {}
    for order in rows:
        if order.department_id is not None and order.department_id not in departments:
            departments[order.department_id] = str(order.department)
        order.department_label = departments.get(order.department_id, "")  # type: ignore[attr-defined]
        order.status_label = statuses.get(order.status, order.status)  # type: ignore[attr-defined]
        order.category_label = categories.get(order.category, order.category)  # type: ignore[attr-defined]
        order.overdue = order.status in ACTIVE_STATUSES and order.due_at < now  # type: ignore[attr-defined]
    return rows


def order_events(order: WorkOrder) -> list:
    return list(order.events.select_related("actor").order_by("at", "id"))


def order_photos(order: WorkOrder) -> list:
    return list(order.photos.all())


def order_children(order: WorkOrder, *, user: Any) -> list[WorkOrder]:
    """The order's child orders the user sees."""
    children = order.children.select_related("department").order_by("id")
    return list(visible(children, user))


def photo_get(*, user: Any, pk: int):
    """A photo of an order the user sees; any other is a 404."""
    from .models import WorkOrderPhoto

    photos = visible(WorkOrderPhoto.objects.select_related("order"), user, prefix="order__")
    return get_for_user_or_404(user, photos, pk=pk)


# Filters


class OrderFilter(django_filters.FilterSet):
    """The lists' filters. Estate and department choices are the user's only, so a foreign
    id is a form error; the base queryset is scoped to them anyway."""

    estate = django_filters.ChoiceFilter(
        label=_("Estate"), method="filter_estate", empty_label=_("All my estates")
    )
    department = django_filters.ChoiceFilter(
        label=_("Department"), method="filter_department", empty_label=_("Any department")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Kind.choices, empty_label=_("Any kind")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("Any category")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any status")
    )
    created_from = django_filters.DateFilter(
        label=_("Created from"), field_name="created_at", method="filter_from"
    )
    created_to = django_filters.DateFilter(
        label=_("Created until"), field_name="created_at", method="filter_to"
    )

    class Meta:
        model = WorkOrder
        fields: list[str] = []

    def __init__(self, data=None, *, queryset, estates, departments, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["estate"].extra["choices"] = [(e.pk, e.name) for e in estates]
        self.filters["department"].extra["choices"] = [
            (d.pk, f"{d} · {d.estate.name}" if len(estates) > 1 else str(d)) for d in departments
        ]
        # Plain Bootstrap widgets: crispy's per-field templates cost more than the list.
        for name, field in self.form.fields.items():
            if name.startswith("created_"):
                field.widget.input_type = "date"
                field.widget.attrs["class"] = "form-control form-control-sm"
            else:
                field.widget.attrs["class"] = "form-select form-select-sm"

    def filter_estate(self, queryset, name, value):
        return queryset.filter(estate_id=int(value)) if value else queryset

    def filter_department(self, queryset, name, value):
        return queryset.filter(department_id=int(value)) if value else queryset

    def filter_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=midnight(value)) if value else queryset

    def filter_to(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(created_at__lt=midnight(value + datetime.timedelta(days=1)))


def departments_for(estates: list) -> list[Department]:
    ids = [e.pk for e in estates]
    return list(Department.objects.filter(estate_id__in=ids).select_related("estate"))


def queue_queryset(*, user: Any, queue: str, estate_ids=None) -> QuerySet[WorkOrder]:
    """The orders of one list before the user's filters. ``estate_ids``: the desk's choice
    (None: all the user's estates)."""
    orders = _orders(user)
    if estate_ids is not None:
        orders = orders.filter(estate_id__in=estate_ids)
    if queue == QUEUE_DEPARTMENT:
        orders = orders.filter(status__in=DEPARTMENT_STATUSES)
        department_id = user_department_id(user)
        if department_id is not None and not user.is_superuser:
            orders = orders.filter(department_id=department_id)
    elif queue == QUEUE_MINE:
        department_id = user_department_id(user)
        mine = Q(assignee=user)
        if department_id is not None:
            mine |= Q(department_id=department_id, status=Status.DISPATCHED)
        orders = orders.filter(mine, status__in=DEPARTMENT_STATUSES)
    elif queue == QUEUE_OWNER:
        orders = orders.filter(status__in=OWNER_STATUSES, unit__isnull=False)
    elif queue == QUEUE_OVERDUE:
        orders = orders.filter(status__in=ACTIVE_STATUSES, due_at__lt=timezone.now())
    return orders


def _due_field(queue: str) -> str | None:
    """Queues: the earliest due first (so the overdue lead); the whole list: newest first."""
    return None if queue == QUEUE_ALL else "due_at"


# The statuses each queue sorted by due time is read in: one ordered index range per status
# ((estate, status, due_at) or (department, status, due_at)), merged here. One query over all
# the statuses at once would sort every matching row (tens of thousands in a big estate) to
# find the first fifty.
QUEUE_STATUSES = {
    QUEUE_DEPARTMENT: DEPARTMENT_STATUSES,
    QUEUE_MINE: DEPARTMENT_STATUSES,
    QUEUE_OWNER: OWNER_STATUSES,
    QUEUE_OVERDUE: ACTIVE_STATUSES,
}


def queue_parts(*, user: Any, queue: str) -> list[Q] | None:
    """The index ranges a queue is read in (see QUEUE_STATUSES); None: one query."""
    statuses = QUEUE_STATUSES.get(queue)
    if statuses is None:
        return None
    if queue == QUEUE_MINE:
        parts = [Q(assignee=user, status=status) for status in statuses]
        department_id = user_department_id(user)
        if department_id is not None:
            parts.append(Q(department_id=department_id, status=Status.DISPATCHED))
        return parts
    return [Q(status=status) for status in statuses]


def order_page(
    queryset: QuerySet,
    *,
    queue: str,
    cursor: str = "",
    size: int = PAGE_SIZE,
    user: Any = None,
) -> Page:
    """One page after ``cursor``: a query per index range of the queue, whatever the page."""
    field = _due_field(queue)
    parts = queue_parts(user=user, queue=queue) if field else None
    page = deadline_page(
        queryset, field=field, cursor=cursor, size=size, parts=parts, related=LIST_RELATED
    )
    page.rows = with_labels(page.rows)
    return page


def order_rows(queryset: QuerySet, *, queue: str, limit: int) -> list[WorkOrder]:
    """Up to ``limit`` orders for an export, in the list's order."""
    return list(by_deadline(queryset, _due_field(queue)).select_related(*LIST_RELATED)[:limit])


def orders_by_id(ids: list[int]) -> dict[int, WorkOrder]:
    """The orders of ``ids`` by id (another app's links to its orders, e.g. a move-in's
    defects); one query, none without ids."""
    if not ids:
        return {}
    return WorkOrder.objects.in_bulk(ids)


def orders_with_status(ids: list[int] | QuerySet, statuses: tuple[str, ...]) -> list[WorkOrder]:
    """The orders of ``ids`` (a list, or a query of ids) now in one of ``statuses``, oldest
    first; one query."""
    return list(WorkOrder.objects.filter(pk__in=ids, status__in=statuses).order_by("id"))


def orders_from_source(*, source_type: Any, statuses: tuple[str, ...]) -> QuerySet[WorkOrder]:
    """Orders opened from rows of ``source_type`` (a ContentType) now in ``statuses``; the
    caller narrows them by ``source_id`` (e.g. in an ``Exists`` over its own rows)."""
    return WorkOrder.objects.filter(source_type=source_type, status__in=statuses)


def order_source(order_id: int) -> tuple[str, int | None, WorkOrder | None]:
    """What an order came from, as ("app_label.model", its id) with the order (no user scope:
    for other apps' receivers of the order's signals)."""
    order = WorkOrder.objects.select_related("source_type").filter(pk=order_id).first()
    if order is None or order.source_type is None:
        return "", None, order
    return f"{order.source_type.app_label}.{order.source_type.model}", order.source_id, order
