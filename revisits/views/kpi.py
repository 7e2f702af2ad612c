"""The KPI page: one month's visit and on-time rates by estate, department or technician,
and the twelve months before it as a chart."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontdesk.months import parse_month
from frontdesk.scoping import desk_estates, role_required

from .. import kpis
from ..permissions import KPI_ROLES


@require_GET
@role_required(*KPI_ROLES)
def kpi(request):
    raw = request.GET.get("month", "")
    month = parse_month(raw) if raw else None
    bad_month = bool(raw) and month is None
    month = month or timezone.localdate()
    estates = desk_estates(request)
    report = kpis.kpi_report(
        estate_ids=[e.pk for e in estates], month=month, group=request.GET.get("by", "")
    )
    names = {"visit_rate": _("Visit rate (%)"), "on_time_rate": _("On-time rate (%)")}
    context = {
        "report": report,
        "bad_month": bad_month,
        "groups": [
            ("estate", _("Estate")),
            ("department", _("Department")),
            ("technician", _("Technician")),
        ],
        "chart": kpis.chart_data(report, names),
        "previous": kpis.months_back(report.month, 1),
        "next": kpis.next_month(report.month),
    }
    return render(request, "revisits/kpi.html", context)
