"""The monthly analysis report: read by the supervisors and the director; edited, reviewed
and submitted by a CS supervisor."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontdesk.errors import DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, file_response
from frontdesk.scoping import has_role, role_required

from .. import pdf, selectors, services
from ..forms import ReportForm
from ..models import AnalysisReport
from ..permissions import KPI_ROLES, SUPERVISOR_ROLES
from ..summary import monthly_summary


def _render(request, report: AnalysisReport, form=None, status: int = 200):
    editable = (
        has_role(request.user, *SUPERVISOR_ROLES)
        and report.status != AnalysisReport.Status.SUBMITTED
    )
    context = {
        "report": report,
        "form": form or (ReportForm(initial={"body": report.body}) if editable else None),
        "editable": editable,
    }
    return render(request, "revisits/report_detail.html", context, status=status)


@require_GET
@role_required(*KPI_ROLES)
def report_detail(request, pk: int):
    return _render(request, selectors.report_get(user=request.user, pk=pk))


@require_GET
@role_required(*KPI_ROLES)
def report_pdf(request, pk: int):
    report = selectors.report_get(user=request.user, pk=pk)
    with pdf.print_language():
        summary = monthly_summary(estate_ids=[report.estate_id], month=report.month)
    data = pdf.render_report(report, summary)
    return file_response(data, PDF, f"return-visit-analysis-{report.month:%Y-%m}.pdf", inline=True)


@require_POST
@role_required(*SUPERVISOR_ROLES)
def report_step(request, pk: int, step: str):
    if step not in ("edit", "review", "submit"):
        raise Http404
    report = selectors.report_get(user=request.user, pk=pk)
    form = ReportForm(request.POST) if step == "edit" else None
    try:
        if step == "edit":
            if form is None or not form.is_valid():
                return _render(request, report, form, status=400)
            services.report_edit(actor=request.user, report=report, body=form.cleaned_data["body"])
        elif step == "review":
            services.report_review(actor=request.user, report=report)
        else:
            services.report_submit(actor=request.user, report=report)
    except DeskError as error:
        if form is not None:
            form_error(form, error)
            return _render(request, report, form, status=400)
        messages.error(request, error.message)
        return redirect(report)
    messages.success(request, _("Saved."))
    return redirect(report)
