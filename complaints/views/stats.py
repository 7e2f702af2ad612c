"""The monthly complaint statistics: the page with its chart, the Excel workbook and the
director's PDF."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdesk.http import PDF, XLSX, file_response
from frontdesk.pdf import render_pdf
from frontdesk.scoping import desk_estate_ids, desk_estates, role_required

from .. import report
from ..permissions import STATS_ROLES


def _report(request) -> report.MonthReport:
    month = report.parse_month(request.GET.get("month")) or timezone.localdate().replace(day=1)
    return report.monthly_report(estate_ids=desk_estate_ids(request), month=month)


@require_GET
@role_required(*STATS_ROLES)
def complaint_stats(request):
    result = _report(request)
    context = {
        "report": result,
        "chart": result.chart(),
        "previous": report.previous_month(result.month),
        "next": report.next_month(result.month),
        "bad_month": bool(request.GET.get("month"))
        and report.parse_month(request.GET["month"]) is None,
    }
    return render(request, "complaints/stats.html", context)


@require_GET
@role_required(*STATS_ROLES)
def complaint_stats_export(request):
    result = _report(request)
    return file_response(
        report.report_workbook(result), XLSX, f"complaints-{result.month:%Y-%m}.xlsx"
    )


@require_GET
@role_required(*STATS_ROLES)
def complaint_stats_pdf(request):
    result = _report(request)
    data = render_pdf(
        "complaints/pdf/stats.html",
        {
            "report": result,
            "estates": desk_estates(request),
            "printed_at": timezone.localtime(),
        },
    )
    return file_response(data, PDF, f"complaints-{result.month:%Y-%m}.pdf", inline=True)
