from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontdesk import registry, roles
from frontdesk.http import private_file_response
from frontdesk.pdf import render_pdf
from frontdesk.scoping import desk_estate_ids, role_required

from . import search as unit_search
from . import selectors, services
from .errors import OwnersError
from .forms import DocumentForm

DESK_ROLES = (
    roles.RECEPTIONIST,
    roles.CS_SUPERVISOR,
    roles.CASHIER,
    roles.DIRECTOR,
    roles.DEPARTMENT_HEAD,
)


@require_GET
@role_required(*DESK_ROLES)
def search(request):
    results = unit_search.search(
        estate_ids=desk_estate_ids(request), query=request.GET.get("q", "")
    )
    template = "owners/_search_results.html" if request.htmx else "owners/search.html"
    return render(request, template, {"results": results})


@require_GET
@role_required(*DESK_ROLES)
def unit_detail(request, pk: int):
    return _render_dossier(request, pk, DocumentForm())


def _render_dossier(request, pk: int, document_form, status: int = 200):
    dossier = selectors.unit_dossier(user=request.user, pk=pk)
    context = {
        "dossier": dossier,
        "unit": dossier.unit,
        "document_form": document_form,
        # Each app's section loads on its own request, so the page's queries stay fixed
        # however many apps plug in.
        "sections": registry.dossier_sections.for_user(request.user),
    }
    return render(request, "owners/unit_detail.html", context, status=status)


@require_GET
@role_required(*DESK_ROLES)
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
@role_required(*DESK_ROLES)
def unit_history(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    events = selectors.unit_timeline(unit=unit)
    return render(request, "frontdesk/_timeline.html", {"events": events})


@require_POST
@role_required(roles.RECEPTIONIST, roles.CS_SUPERVISOR)
def document_upload(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        document = form.save(commit=False)
        document.estate, document.unit = unit.estate, unit
        try:
            services.document_archive(actor=request.user, document=document)
        except OwnersError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Document archived."))
            return redirect("owners:unit-detail", pk=unit.pk)
    return _render_dossier(request, pk, form, status=400)


@require_GET
@role_required(*DESK_ROLES)
def registration_pdf(request, pk: int):
    dossier = selectors.unit_dossier(user=request.user, pk=pk)
    pdf = render_pdf(
        "owners/pdf/household_registration.html", {"dossier": dossier, "unit": dossier.unit}
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="registration-{dossier.unit.code}.pdf"'
    return response


@require_GET
@login_required
def document_file(request, pk: int):
    """The scan of an archived document, for staff of its estate only; never cached."""
    document = selectors.document_get(user=request.user, pk=pk)
    if not document.file:
        raise Http404
    return private_file_response(document.file)
