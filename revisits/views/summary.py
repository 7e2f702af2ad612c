"""The monthly summary page (on demand): last month by default."""

import datetime

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdesk.http import PDF, file_response
from frontdesk.months import parse_month
from frontdesk.scoping import desk_estates, role_required

from .. import kpis, pdf, selectors, summary
from ..permissions import KPI_ROLES


def _summary(request):
    raw = request.GET.get("month", "")
    month = parse_month(raw) if raw else None
    bad_month = bool(raw) and month is None
    if month is None:
        month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    estates = desk_estates(request)
    report = summary.monthly_summary(estate_ids=[e.pk for e in estates], month=month)
    return report, estates, bad_month


@require_GET
@role_required(*KPI_ROLES)
def monthly_summary(request):
    report, estates, bad_month = _summary(request)
    context = {
        "summary": report,
        "reports": selectors.reports_for(
            estate_ids=[e.pk for e in estates], month=report.month.date()
        ),
        "bad_month": bad_month,
        "previous": kpis.months_back(report.month, 1),
        "next": kpis.next_month(report.month),
    }
    return render(request, "revisits/summary.html", context)


@require_GET
@role_required(*KPI_ROLES)
def monthly_summary_pdf(request):
    with pdf.print_language():
        report, estates, _bad = _summary(request)
    data = pdf.render_summary(report, estates=estates)
    return file_response(data, PDF, f"return-visits-{report.month:%Y-%m}.pdf", inline=True)
