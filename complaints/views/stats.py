"""The monthly complaint statistics: the page with its chart, the Excel workbook and the
director's PDF."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdesk.http import PDF, XLSX, file_response
from frontdesk.months import asked_month, month_navigation
from frontdesk.pdf import render_pdf
from frontdesk.scoping import desk_estate_ids, desk_estates, role_required

from .. import report
from ..permissions import STATS_ROLES


def _report(request) -> report.MonthReport:
    return report.monthly_report(estate_ids=desk_estate_ids(request), month=asked_month(request))


@require_GET
@role_required(*STATS_ROLES)
def complaint_stats(request):
    result = _report(request)
    context = {
        "report": result,
        "chart": result.chart(),
        **month_navigation(request, result.month),
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
