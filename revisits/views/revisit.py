"""One revisit: its source, attempts and visit, with the forms to log a try, record the
visit, and (supervisors) sign off an unreached owner or exempt it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontdesk.errors import DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, file_response
from frontdesk.scoping import has_role, role_required

from .. import pdf, selectors, services
from ..forms import AttemptForm, ReasonForm, RecordForm
from ..models import Revisit
from ..permissions import SUPERVISOR_ROLES, VIEW_ROLES, VISIT_ROLES


def _render(request, revisit: Revisit, *, status: int = 200, **forms):
    attempts = selectors.revisit_attempts(revisit)
    may_visit = has_role(request.user, *VISIT_ROLES) and revisit.is_open
    is_supervisor = has_role(request.user, *SUPERVISOR_ROLES)
    supervisor = is_supervisor and revisit.is_open
    failed = selectors.failed_attempt_count(attempts)
    context = {
        "revisit": revisit,
        "attempts": attempts,
        "failed": failed,
        "attempt_form": forms.get("attempt") or (AttemptForm() if may_visit else None),
        "record_form": forms.get("record")
        or (
            RecordForm(supervisor=has_role(request.user, *SUPERVISOR_ROLES)) if may_visit else None
        ),
        "close_form": forms.get("close")
        or (ReasonForm() if supervisor and failed >= services.FAILED_ATTEMPTS_TO_CLOSE else None),
        # A complaint is never exempted: its complainant is reached or signed off.
        "exempt_form": forms.get("exempt")
        or (ReasonForm() if supervisor and revisit.complaint_id is None else None),
        "supervisor": supervisor,
    }
    return render(request, "revisits/revisit_detail.html", context, status=status)


@require_GET
@role_required(*VIEW_ROLES)
def revisit_detail(request, pk: int):
    return _render(request, selectors.revisit_get(user=request.user, pk=pk))


@require_GET
@role_required(*VIEW_ROLES)
def for_complaint(request, complaint_id: int):
    """The return visit of a complaint's latest resolution (the complaint's page links here);
    planned now if its event was lost. Another estate's complaint: 404."""
    revisit = selectors.complaint_revisit(
        user=request.user, complaint_id=complaint_id
    ) or services.revisit_for_complaint(complaint_id=complaint_id)
    if revisit is None:
        messages.info(request, _("This complaint is not waiting for a return visit."))
        return redirect("complaints:complaint-detail", pk=complaint_id)
    return redirect(revisit)


@require_POST
@role_required(*VISIT_ROLES)
def attempt_new(request, pk: int):
    revisit = selectors.revisit_get(user=request.user, pk=pk)
    form = AttemptForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.attempt_record(
                actor=request.user,
                revisit=revisit,
                channel=data["channel"],
                result=data["result"],
                next_try_at=data["next_try_at"],
                note=data["note"],
                form_key=data["form_key"],
            )
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Attempt logged."))
            return redirect(revisit)
    return _render(request, revisit, status=400, attempt=form)


@require_POST
@role_required(*VISIT_ROLES)
def revisit_record(request, pk: int):
    revisit = selectors.revisit_get(user=request.user, pk=pk)
    if not revisit.is_open:  # a second post of the same form: show the first result
        messages.info(request, _("This return visit is already recorded."))
        return redirect(revisit)
    form = RecordForm(request.POST, supervisor=has_role(request.user, *SUPERVISOR_ROLES))
    if form.is_valid():
        data = form.cleaned_data
        try:
            revisit = services.revisit_record(
                actor=request.user,
                revisit=revisit,
                channel=data["channel"],
                result=data["result"],
                scores={name: data[name] for name in data if name.startswith("score_")},
                owner_words=data["owner_words"],
                manner=data["manner"],
                problem_found=data["problem_found"],
                no_rectification_reason=data.get("no_rectification_reason", ""),
            )
        except DeskError as error:
            form_error(form, error)
        else:
            if revisit.rectification_order is not None:
                messages.success(
                    request,
                    _("Visit recorded; rectification order %(number)s sent to maintenance.")
                    % {"number": revisit.rectification_order.number},
                )
            else:
                messages.success(request, _("Visit recorded."))
            return redirect(revisit)
    return _render(request, revisit, status=400, record=form)


def _with_reason(request, pk: int, service, done: str, form_name: str):
    """A supervisor's step that needs only a reason (closing unreached, exempting)."""
    revisit = selectors.revisit_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, revisit=revisit, reason=form.cleaned_data["reason"])
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, done)
            return redirect(revisit)
    return _render(request, revisit, status=400, **{form_name: form})


@require_POST
@role_required(*SUPERVISOR_ROLES)
def revisit_close(request, pk: int):
    done = _("Closed: the owner could not be reached.")
    return _with_reason(request, pk, services.revisit_close_unreached, done, "close")


@require_POST
@role_required(*SUPERVISOR_ROLES)
def revisit_exempt(request, pk: int):
    done = _("Return visit exempted.")
    return _with_reason(request, pk, services.revisit_exempt, done, "exempt")


@require_GET
@role_required(*VIEW_ROLES)
def revisit_pdf(request, pk: int):
    revisit = selectors.revisit_get(user=request.user, pk=pk)
    data = pdf.render_record(revisit, selectors.revisit_attempts(revisit))
    return file_response(data, PDF, f"return-visit-{revisit.pk}.pdf", inline=True)
