"""A unit at the desk: the search, its dossier, each app's section of it, its history and the
household registration form."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontdesk import registry
from frontdesk.http import PDF, file_response
from frontdesk.pdf import render_pdf
from frontdesk.scoping import desk_estate_ids, role_required

from .. import search as unit_search
from .. import selectors
from ..forms import DocumentForm
from ..permissions import VIEW_ROLES, sees_scans


@require_GET
@role_required(*VIEW_ROLES)
def search(request):
    results = unit_search.search(
        estate_ids=desk_estate_ids(request), query=request.GET.get("q", "")
    )
    template = "owners/_search_results.html" if request.htmx else "owners/search.html"
    return render(request, template, {"results": results})


@require_GET
@role_required(*VIEW_ROLES)
def unit_detail(request, pk: int):
    return render_dossier(request, pk, DocumentForm())


def render_dossier(request, pk: int, document_form, status: int = 200):
    dossier = selectors.unit_dossier(user=request.user, pk=pk)
    context = {
        "dossier": dossier,
        "unit": dossier.unit,
        "document_form": document_form,
        "can_see_scans": sees_scans(request.user),
        # Each app's section loads on its own request, so the page's queries stay fixed
        # however many apps plug in.
        "sections": registry.dossier_sections.for_user(request.user),
        # The header's actions (take payment, new call…), each app's, with its one key.
        "unit_actions": [
            (action, action.url_for(dossier.unit))
            for action in registry.unit_actions.for_user(request.user)
        ],
    }
    return render(request, "owners/unit_detail.html", context, status=status)


@require_GET
@role_required(*VIEW_ROLES)
def unit_section(request, pk: int, key: str):
    """One app's section of the dossier (fees, work orders…), loaded by the page."""
    entry = registry.dossier_sections.get(key)
    if entry is None:
        raise Http404
    if not entry.visible_to(request.user):
        raise PermissionDenied
    unit = selectors.unit_get(user=request.user, pk=pk)
    section = registry.panel_context(entry, request, unit=unit)
    return render(request, entry.template, {"section": section, "unit": unit})


@require_GET
@role_required(*VIEW_ROLES)
def unit_history(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    events = selectors.unit_timeline(unit=unit)
    return render(request, "frontdesk/_timeline.html", {"events": events})


@require_GET
@role_required(*VIEW_ROLES)
def registration_pdf(request, pk: int):
    dossier = selectors.unit_dossier(user=request.user, pk=pk)
    pdf = render_pdf(
        "owners/pdf/household_registration.html", {"dossier": dossier, "unit": dossier.unit}
    )
    return file_response(pdf, PDF, f"registration-{dossier.unit.code}.pdf", inline=True)
