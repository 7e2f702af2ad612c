"""The monthly report (page, PDF for the director, Excel) and the printable QR sheet."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontdesk.http import PDF, XLSX, file_response
from frontdesk.months import asked_month, month_navigation
from frontdesk.scoping import desk_estate_ids, desk_estates, role_required

from .. import exports, pdf, selectors
from ..permissions import QR_ROLES, REPORT_ROLES


@require_GET
@role_required(*REPORT_ROLES)
def report(request):
    month = asked_month(request)
    data = selectors.monthly_report(estate_ids=desk_estate_ids(request), month=month)
    return render(
        request, "inspections/report.html", {"report": data, **month_navigation(request, month)}
    )


@require_GET
@role_required(*REPORT_ROLES)
def report_pdf(request):
    month = asked_month(request)
    data = selectors.monthly_report(estate_ids=desk_estate_ids(request), month=month)
    return file_response(
        pdf.render_report(data, desk_estates(request)),
        PDF,
        f"inspections-{month:%Y-%m}.pdf",
        inline=True,
    )


@require_GET
@role_required(*REPORT_ROLES)
def report_export(request):
    month = asked_month(request)
    data = selectors.monthly_report(estate_ids=desk_estate_ids(request), month=month)
    return file_response(exports.report_xlsx(data), XLSX, f"inspections-{month:%Y-%m}.xlsx")


@require_GET
@role_required(*QR_ROLES)
def qr_sheet(request):
    """One estate's QR codes (the switcher's, else the first of the user's), to print and post
    at each place."""
    estates = desk_estates(request)
    wanted = request.GET.get("estate", "")
    estate = next((e for e in estates if str(e.pk) == wanted), estates[0] if estates else None)
    if estate is None:
        raise Http404
    places = selectors.places_for(estate_id=estate.pk)
    return file_response(
        pdf.render_qr_sheet(estate, places, request.build_absolute_uri("/").rstrip("/")),
        PDF,
        f"inspection-qr-{estate.code}.pdf",
        inline=True,
    )
