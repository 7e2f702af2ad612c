"""The visitor log: log an arrival, one click for the departure, the badge, the lists."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, XLSX, file_response, filter_query, safe_next
from frontdesk.scoping import desk_estates, has_role, role_required
from owners.permissions import sees_full_id_numbers
from owners.selectors import unit_get

from .. import exports, selectors, services
from ..errors import FormUsed
from ..forms import VisitForm
from ..pdf import render_badge
from ..permissions import VISIT_ROLES, VISIT_VIEW_ROLES

FILTER_FIELDS = ("date_from", "date_to", "purpose", "status", "estate")


@require_GET
@role_required(*VISIT_VIEW_ROLES)
def visit_list(request):
    filterset = selectors.VisitFilter(request.GET or None, estates=desk_estates(request))
    page = selectors.visit_page(filterset, cursor=request.GET.get("after", ""))
    context = {
        "filterset": filterset,
        "page": page,
        "query": filter_query(filterset, FILTER_FIELDS),
        "several_estates": filterset.several_estates,
        "can_record": has_role(request.user, *VISIT_ROLES),
    }
    return render(request, "reception/visit_list.html", context)


@require_GET
@role_required(*VISIT_VIEW_ROLES)
def visit_export(request):
    filterset = selectors.VisitFilter(request.GET or None, estates=desk_estates(request))
    rows = selectors.visit_rows(filterset, limit=exports.EXPORT_CAP + 1)
    data = exports.visits_workbook(rows)
    return file_response(data, XLSX, f"visits-{timezone.localdate():%Y%m%d}.xlsx")


@require_GET
@role_required(*VISIT_VIEW_ROLES)
def on_site(request):
    """The visitors still on site, oldest arrival first (the "still on site" list)."""
    visits = selectors.visitors_on_site(estate_ids=[e.pk for e in desk_estates(request)])
    context = {
        "visits": list(visits[:200]),
        "can_record": has_role(request.user, *VISIT_ROLES),
    }
    return render(request, "reception/on_site.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*VISIT_ROLES)
def visit_new(request):
    estates = desk_estates(request)
    if request.method == "GET":
        initial = {}
        unit_id = request.GET.get("unit", "")
        if unit_id.isdigit():
            unit = unit_get(user=request.user, pk=int(unit_id))
            initial = {"unit": unit.pk, "estate": unit.estate_id}
        return _render_form(request, VisitForm(estates=estates, initial=initial), status=200)
    used = selectors.visit_for_key(user=request.user, key=request.POST.get("key"))
    if used is not None:  # Back and resend, a double click: the first visit, nothing new
        return _already_logged(request, used)
    form = VisitForm(request.POST, estates=estates)
    if form.is_valid():
        try:
            visit = services.visit_record(actor=request.user, **form.service_kwargs())
        except FormUsed as error:  # the same form posted twice at once
            return _already_logged(request, error.record)
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s logged in as visit %(number)s.")
                % {"name": visit.name, "number": visit.number},
            )
            return redirect(visit)
    return _render_form(request, form, status=400)


def _already_logged(request, visit):
    messages.warning(request, services.visit_used_message(visit))
    return redirect(visit)


def _render_form(request, form, *, status: int):
    context = {"form": form, "cancel_url": reverse("reception:visits")}
    return render(request, "reception/visit_form.html", context, status=status)


@require_GET
@role_required(*VISIT_VIEW_ROLES)
def visit_detail(request, pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk)
    return _render_visit(request, visit)


def _render_visit(request, visit, *, full_id_number: str = "", status: int = 200):
    context = {
        "visit": visit,
        "events": selectors.visit_timeline(visit),
        "can_record": has_role(request.user, *VISIT_ROLES),
        "can_reveal": bool(visit.id_number) and sees_full_id_numbers(request.user),
        "full_id_number": full_id_number,
    }
    return render(request, "reception/visit_detail.html", context, status=status)


@require_POST
@role_required(*VISIT_ROLES)
def visit_left(request, pk: int):
    """One click: the visitor left now."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    try:
        visit = services.visit_depart(actor=request.user, visit=visit)
    except DeskError as error:
        if error.code == FORBIDDEN:
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
        return redirect(safe_next(request, visit.get_absolute_url()))
    messages.success(
        request,
        _("%(name)s left at %(at)s.")
        % {"name": visit.name, "at": timezone.localtime(visit.departed_at).strftime("%H:%M")},
    )
    return redirect(safe_next(request, visit.get_absolute_url()))


@require_POST
@role_required(*VISIT_VIEW_ROLES)
def visit_reveal_id(request, pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk)
    try:
        number = services.visit_id_reveal(actor=request.user, visit=visit)
    except DeskError as error:
        raise PermissionDenied(error.message) from error
    response = _render_visit(request, visit, full_id_number=number)
    add_never_cache_headers(response)
    return response


@require_GET
@role_required(*VISIT_VIEW_ROLES)
def visit_badge(request, pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk)
    return file_response(render_badge(visit), PDF, f"visitor-{visit.number}.pdf", inline=True)
