"""The printed announcement of the catalogue, a request's agreement and service sheet, and
the signed agreement's scan (private)."""

from django.http import Http404
from django.views.decorators.http import require_GET

from frontdesk.http import PDF, file_response, private_file_response
from frontdesk.scoping import desk_estates, role_required

from .. import pdf, selectors
from ..permissions import CATALOGUE_ROLES, SCAN_ROLES, VIEW_ROLES


@require_GET
@role_required(*CATALOGUE_ROLES)
def announcement_pdf(request):
    """One estate's catalogue (the switcher's, else the first of the user's)."""
    estates = desk_estates(request)
    wanted = request.GET.get("estate", "")
    estate = next((e for e in estates if str(e.pk) == wanted), estates[0] if estates else None)
    if estate is None:
        raise Http404
    items = selectors.catalogue(estate_ids=[estate.pk])
    return file_response(
        pdf.render_announcement(estate, items), PDF, f"services-{estate.code}.pdf", inline=True
    )


@require_GET
@role_required(*VIEW_ROLES)
def agreement_pdf(request, pk: int):
    service = selectors.service_get(user=request.user, pk=pk)
    return file_response(
        pdf.render_agreement(service), PDF, f"service-{service.number}.pdf", inline=True
    )


@require_GET
@role_required(*SCAN_ROLES)
def scan(request, pk: int):
    service = selectors.service_get(user=request.user, pk=pk)
    if not service.agreement_scan:
        raise Http404
    return private_file_response(service.agreement_scan)
