"""Arrears: the list with its Excel export, payment notices (one unit, or the whole list as a
background job), and the monthly collection-rate report for the director."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontdesk.errors import DeskError
from frontdesk.http import PDF, XLSX, file_response, filter_query, filter_values
from frontdesk.months import asked_month, month_navigation
from frontdesk.pdf import render_pdf
from frontdesk.scoping import (
    desk_estates,
    has_role,
    role_required,
)
from frontdesk.templatetags.desk import url_with_id_slot

from .. import arrears, notices, report, services
from ..permissions import ARREARS_ROLES, PAY_ROLES, REPORT_ROLES
from . import access
from .access import row_required

FILTER_FIELDS = ("estate", "building", "age", "min_amount", "sort")


def _filterset(request, data) -> arrears.ArrearsFilter:
    return arrears.ArrearsFilter(data, estates=desk_estates(request), as_of=timezone.localdate())


@require_GET
@role_required(*ARREARS_ROLES)
def arrears_list(request):
    filterset = _filterset(request, request.GET or None)
    page = arrears.arrears_page(filterset, cursor=request.GET.get("after", ""))
    context = {
        "filterset": filterset,
        "page": page,
        "urls": {
            "unit": url_with_id_slot("owners:unit-detail"),
            "notice": url_with_id_slot("fees:unit-notice"),
            "pay": url_with_id_slot("fees:unit-pay"),
        },
        "query": filter_query(filterset, FILTER_FIELDS),
        "filters": filter_values(filterset, FILTER_FIELDS),
        "as_of": filterset.as_of,
        "several_estates": len(filterset.filters["estate"].extra["choices"]) > 1,
        "can_pay": has_role(request.user, *PAY_ROLES),
        "can_report": has_role(request.user, *REPORT_ROLES),
        "batch_cap": notices.BATCH_CAP,
    }
    return render(request, "fees/arrears.html", context)


@require_GET
@role_required(*ARREARS_ROLES)
def arrears_totals(request):
    """The list's total line, on a request of its own: summing a whole estate's arrears takes
    as long as drawing the page, and the cashier reads the rows first."""
    filterset = _filterset(request, request.GET or None)
    totals = arrears.arrears_totals(filterset)
    return render(request, "fees/_arrears_totals.html", {"totals": totals})


@require_GET
@role_required(*ARREARS_ROLES)
def arrears_export(request):
    filterset = _filterset(request, request.GET or None)
    rows = arrears.arrears_rows(filterset, limit=arrears.EXPORT_CAP + 1)
    capped = len(rows) > arrears.EXPORT_CAP
    data = arrears.arrears_workbook(
        rows[: arrears.EXPORT_CAP], as_of=filterset.as_of, capped=capped
    )
    return file_response(data, XLSX, f"arrears-{filterset.as_of:%Y%m%d}.xlsx")


@require_POST
@role_required(*ARREARS_ROLES)
def arrears_notices(request):
    """Print the notices of the list as filtered: a background job makes one PDF."""
    filterset = _filterset(request, request.POST)
    back = f"{reverse('fees:arrears')}?{filter_query(filterset, FILTER_FIELDS)}"
    if not filterset.is_valid():
        messages.error(request, _("Check the filters of the list and try again."))
        return redirect(back)
    count = arrears.capped_count(filterset, notices.BATCH_CAP)
    if count == 0:
        messages.info(request, _("No unit in this list owes anything: nothing to print."))
        return redirect(back)
    if count > notices.BATCH_CAP:
        messages.error(
            request,
            _(
                "A batch prints at most %(cap)s notices and this list has more: narrow it "
                "(an estate, a building, an age or a minimum amount) and print again."
            )
            % {"cap": f"{notices.BATCH_CAP:,}"},
        )
        return redirect(back)
    try:
        job = services.notices_job_start(
            actor=request.user,
            estates=desk_estates(request),
            filters=filter_values(filterset, FILTER_FIELDS),
            as_of=filterset.as_of,
            count=count,
            language=translation.get_language(),
        )
    except DeskError as error:
        messages.error(request, error.message)
        return redirect(back)
    return redirect("job-detail", pk=job.pk)


@require_GET
@row_required(access.unit, *ARREARS_ROLES)
def unit_notice(request, unit):
    (notice,) = notices.notices_for([unit], as_of=timezone.localdate())
    return file_response(notices.render_notice(notice), PDF, f"notice-{unit.code}.pdf", inline=True)


# The collection-rate report


def _report(request) -> report.Report:
    return report.collection_report(estates=desk_estates(request), month=asked_month(request))


@require_GET
@role_required(*REPORT_ROLES)
def collection_report(request):
    result = _report(request)
    context = {
        "report": result,
        "chart": result.chart(),
        **month_navigation(request, result.month),
    }
    return render(request, "fees/report.html", context)


@require_GET
@role_required(*REPORT_ROLES)
def report_export(request):
    result = _report(request)
    return file_response(
        report.report_workbook(result), XLSX, f"collection-rate-{result.month:%Y-%m}.xlsx"
    )


@require_GET
@role_required(*REPORT_ROLES)
def report_pdf(request):
    result = _report(request)
    pdf = render_pdf("fees/pdf/report.html", {"report": result, "printed_on": timezone.localdate()})
    return file_response(pdf, PDF, f"collection-rate-{result.month:%Y-%m}.pdf", inline=True)
