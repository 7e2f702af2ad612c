"""The revisit queue: open revisits, the overdue first, then those due today."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdesk.http import filter_query
from frontdesk.scoping import desk_estates, role_required
from frontdesk.templatetags.desk import url_with_id_slot

from .. import selectors
from ..permissions import VIEW_ROLES

FILTER_FIELDS = ("estate", "status", "category", "source_kind", "due_to")


@require_GET
@role_required(*VIEW_ROLES)
def revisit_list(request):
    estates = desk_estates(request)
    queryset = selectors.queue_queryset(user=request.user, estate_ids=[e.pk for e in estates])
    filterset = selectors.RevisitFilter(request.GET or None, queryset=queryset, estates=estates)
    page = selectors.revisit_page(
        filterset.qs,
        cursor=request.GET.get("after", ""),
        parts=selectors.open_parts(filterset),
    )
    context = {
        "filterset": filterset,
        "page": page,
        "query": filter_query(filterset, FILTER_FIELDS),
        "now": timezone.now(),
        "detail_url": url_with_id_slot("revisits:revisit-detail"),
        "several_estates": len(estates) > 1,
    }
    return render(request, "revisits/revisit_list.html", context)
