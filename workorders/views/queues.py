"""The lists of orders: the queues with their filters and Excel export, and the technician's
phone page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from frontdesk.http import XLSX, file_response, filter_query
from frontdesk.scoping import desk_estates, require_role, role_required

from .. import export, selectors, services
from ..forms import CompleteForm
from ..permissions import (
    DEPARTMENT_QUEUE_ROLES,
    MINE_ROLES,
    OVERDUE_ROLES,
    OWNER_QUEUE_ROLES,
    VIEW_ROLES,
)

QUEUES = {
    selectors.QUEUE_ALL: (gettext_lazy("Work orders"), VIEW_ROLES),
    selectors.QUEUE_DEPARTMENT: (gettext_lazy("Department queue"), DEPARTMENT_QUEUE_ROLES),
    selectors.QUEUE_OWNER: (gettext_lazy("Awaiting the owner"), OWNER_QUEUE_ROLES),
    selectors.QUEUE_OVERDUE: (gettext_lazy("Overdue orders"), OVERDUE_ROLES),
}
FILTER_FIELDS = ("estate", "department", "kind", "category", "status", "created_from", "created_to")


def _queue_filterset(request, queue: str, data) -> selectors.OrderFilter:
    estates = desk_estates(request)
    queryset = selectors.queue_queryset(
        user=request.user, queue=queue, estate_ids=[e.pk for e in estates]
    )
    return selectors.OrderFilter(
        data, queryset=queryset, estates=estates, departments=selectors.departments_for(estates)
    )


def _check_queue(request, queue: str) -> None:
    if queue not in QUEUES:
        raise Http404
    require_role(request.user, *QUEUES[queue][1])


@require_GET
@login_required
def order_list(request, queue: str):
    _check_queue(request, queue)
    filterset = _queue_filterset(request, queue, request.GET or None)
    page = selectors.order_page(
        filterset.qs, queue=queue, cursor=request.GET.get("after", ""), user=request.user
    )
    context = {
        "queue": queue,
        "title": QUEUES[queue][0],
        "filterset": filterset,
        "page": page,
        "query": filter_query(filterset, FILTER_FIELDS),
        "now": timezone.now(),
        "several_estates": len(filterset.filters["estate"].extra["choices"]) > 1,
    }
    return render(request, "workorders/order_list.html", context)


@require_GET
@login_required
def order_export(request):
    queue = request.GET.get("queue", selectors.QUEUE_ALL)
    _check_queue(request, queue)
    filterset = _queue_filterset(request, queue, request.GET or None)
    rows = selectors.order_rows(filterset.qs, queue=queue, limit=selectors.EXPORT_CAP + 1)
    capped = len(rows) > selectors.EXPORT_CAP
    data = export.orders_workbook(
        rows[: selectors.EXPORT_CAP], title=str(QUEUES[queue][0]), capped=capped
    )
    filename = f"work-orders-{queue}-{timezone.localdate():%Y%m%d}.xlsx"
    return file_response(data, XLSX, filename)


@require_GET
@role_required(*MINE_ROLES)
def my_orders(request):
    """The technician's phone page: assigned orders and the department's new ones, with
    sign / start / complete in place."""
    estates = desk_estates(request)
    queryset = selectors.queue_queryset(
        user=request.user, queue=selectors.QUEUE_MINE, estate_ids=[e.pk for e in estates]
    )
    page = selectors.order_page(queryset, queue=selectors.QUEUE_MINE, user=request.user)
    rows = [(order, services.allowed_steps(request.user, order)) for order in page.rows]
    context = {"rows": rows, "more": bool(page.next_cursor), "complete_form": CompleteForm()}
    return render(request, "workorders/my_orders.html", context)
