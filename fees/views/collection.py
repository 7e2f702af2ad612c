"""Collection of arrears at the desk (催缴): record an attempt, list the follow-ups due."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from frontdesk.errors import DeskError
from frontdesk.forms import form_error
from frontdesk.http import safe_next
from frontdesk.scoping import desk_estate_ids, role_required

from .. import selectors
from ..forms import CollectionAttemptForm
from ..permissions import COLLECTION_ROLES
from ..selectors import follow_ups_due
from ..services import collection_attempt_record
from . import access
from .access import row_required


@require_http_methods(["GET", "POST"])
@row_required(access.unit, *COLLECTION_ROLES)
def collection_add(request, unit):
    if request.method == "GET":
        return _render_form(request, unit, CollectionAttemptForm(), status=200)
    form = CollectionAttemptForm(request.POST)
    if form.is_valid():
        try:
            collection_attempt_record(actor=request.user, unit=unit, **form.cleaned_data)
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Collection attempt for %(unit)s recorded.") % {"unit": unit.code}
            )
            return redirect(safe_next(request) or reverse("owners:unit-detail", args=[unit.pk]))
    return _render_form(request, unit, form, status=400)


def _render_form(request, unit, form, *, status: int):
    back = safe_next(request)
    context = {
        "unit": unit,
        "form": form,
        "arrears": selectors.arrears_for_unit(unit),
        "attempts": selectors.collection_attempts(unit=unit, limit=5),
        "next": back,
        "cancel_url": back or reverse("owners:unit-detail", args=[unit.pk]),
    }
    return render(request, "fees/collection_form.html", context, status=status)


@require_GET
@role_required(*COLLECTION_ROLES)
def collection_list(request):
    estate_ids = desk_estate_ids(request)
    chosen = request.GET.get("estate", "")
    if chosen.isdigit() and (estate_ids is None or int(chosen) in estate_ids):
        estate_ids = frozenset({int(chosen)})  # from a notification about one estate
    due = follow_ups_due(estate_ids=estate_ids, on=timezone.localdate())
    context = {
        "page": selectors.follow_up_page(due, cursor=request.GET.get("after", "")),
        "count": due.count(),
        "query": f"estate={chosen}" if chosen.isdigit() else "",
    }
    return render(request, "fees/collection_list.html", context)
