"""The lists of complaints: open, overdue, by department (a department head's queue), all."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from frontdesk.http import filter_query
from frontdesk.scoping import desk_estates, require_role

from .. import selectors
from ..permissions import QUEUE_ROLES, VIEW_ROLES

QUEUES = {
    selectors.QUEUE_OPEN: (gettext_lazy("Open complaints"), VIEW_ROLES),
    selectors.QUEUE_OVERDUE: (gettext_lazy("Overdue complaints"), VIEW_ROLES),
    selectors.QUEUE_DEPARTMENT: (gettext_lazy("Department's complaints"), QUEUE_ROLES),
    selectors.QUEUE_ALL: (gettext_lazy("All complaints"), VIEW_ROLES),
}
FILTER_FIELDS = ("estate", "department", "verdict", "cause", "status", "severity", "channel")


@require_GET
@login_required
def complaint_list(request, queue: str):
    if queue not in QUEUES:
        raise Http404
    require_role(request.user, *QUEUES[queue][1])
    estates = desk_estates(request)
    queryset = selectors.queue_queryset(
        user=request.user, queue=queue, estate_ids=[e.pk for e in estates]
    )
    filterset = selectors.ComplaintFilter(
        request.GET or None,
        queryset=queryset,
        estates=estates,
        departments=selectors.departments_for(estates),
    )
    page = selectors.complaint_page(filterset.qs, queue=queue, cursor=request.GET.get("after", ""))
    context = {
        "queue": queue,
        "title": QUEUES[queue][0],
        "filterset": filterset,
        "page": page,
        "query": filter_query(filterset, FILTER_FIELDS),
        "several_estates": len(estates) > 1,
    }
    return render(request, "complaints/complaint_list.html", context)
