"""One complaint's pages: a new complaint, the complaint with its procedure checklist and the
steps it offers, its files and its printed record."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, file_response, private_file_response
from frontdesk.models import Department
from frontdesk.once import FormUsed
from frontdesk.scoping import desk_estates, has_role, role_required, scope
from owners import selectors as owner_selectors
from owners.models import Ownership, Unit
from workorders import selectors as workorder_selectors

from .. import pdf, permissions, selectors, services
from ..checklist import next_step
from ..choices import NO_PROMISE_REMINDER, Cause, Status, Step, Verdict
from ..errors import ComplaintError
from ..forms import (
    AssignForm,
    ChangeVerdictForm,
    ComplaintForm,
    EmptyForm,
    HandleForm,
    JudgeForm,
    NotesForm,
    NotifyForm,
    ReasonForm,
    SiteVisitForm,
    VisitForm,
)
from ..models import Complaint
from ..revisit import engine_visit_url, record_return_visit

# action -> (form, label, roles)
ACTIONS = {
    "judge": (JudgeForm, gettext_lazy("Judge the nature"), permissions.JUDGE_ROLES),
    "assign": (
        AssignForm,
        gettext_lazy("Change the department or handler"),
        permissions.JUDGE_ROLES,
    ),
    "identity": (NotesForm, gettext_lazy("Identity confirmed"), permissions.DESK_STEP_ROLES),
    "payment": (NotesForm, gettext_lazy("Check payment status"), permissions.DESK_STEP_ROLES),
    "work-order": (EmptyForm, gettext_lazy("Open a work order"), permissions.DESK_STEP_ROLES),
    "notify": (
        NotifyForm,
        gettext_lazy("Notify departments or record the reply"),
        permissions.DESK_STEP_ROLES,
    ),
    "site-visit": (
        SiteVisitForm,
        gettext_lazy("Record the site visit"),
        permissions.DEPARTMENT_STEP_ROLES,
    ),
    "handle": (HandleForm, gettext_lazy("Record the handling"), permissions.DEPARTMENT_STEP_ROLES),
    "return-visit": (VisitForm, gettext_lazy("Record the return visit"), permissions.VISIT_ROLES),
    "close": (NotesForm, gettext_lazy("Close the complaint"), permissions.CLOSE_ROLES),
    "change-verdict": (
        ChangeVerdictForm,
        gettext_lazy("Change the verdict"),
        permissions.CHANGE_VERDICT_ROLES,
    ),
    "mishandled": (
        ReasonForm,
        gettext_lazy("Judge mishandled (becomes effective)"),
        permissions.MISHANDLED_ROLES,
    ),
}
STEP_ACTIONS = {
    Step.IDENTITY: "identity",
    Step.PAYMENT: "payment",
    Step.NOTIFY: "notify",
    Step.SITE_VISIT: "site-visit",
    Step.HANDLE: "handle",
}


def _offered(complaint: Complaint, items) -> list[str]:
    """The actions the complaint's state offers (each service still checks); the return
    visit only when no return-visit engine makes it."""
    if complaint.status not in (
        Status.RECEIVED,
        Status.HANDLING,
        Status.WAITING_ORDER,
        Status.HANDLED,
    ):
        return ["change-verdict"] if complaint.verdict != Verdict.PENDING else []
    if complaint.verdict == Verdict.PENDING:
        return ["judge"]
    offered = []
    step = next_step(items)
    if step in STEP_ACTIONS:
        offered.append(STEP_ACTIONS[step])
    if (
        complaint.cause == Cause.HELP
        and complaint.work_order_id is None
        and complaint.status != Status.HANDLED
    ):
        offered.append("work-order")
    if complaint.status == Status.HANDLED:
        if step != Step.RETURN_VISIT:
            offered.append("close")
        elif engine_visit_url(complaint) is None:
            offered.append("return-visit")
    if complaint.status != Status.HANDLED:
        offered.append("assign")
    if complaint.verdict == Verdict.COMMUNICATION:
        offered.append("mishandled")
    offered.append("change-verdict")
    return offered


def _departments(complaint: Complaint) -> list[Department]:
    return list(Department.objects.filter(estate_id=complaint.estate_id))


def _handlers(complaint: Complaint) -> list:
    """The people of the estate's departments, who may handle a complaint."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_profile__department__estate_id=complaint.estate_id,
        )
        .order_by("username")
    )


def _form(action: str, complaint: Complaint, data=None, files=None):
    form_class = ACTIONS[action][0]
    if form_class in (JudgeForm, NotifyForm):
        return form_class(data, files, departments=_departments(complaint))
    if form_class is AssignForm:
        initial = {"department": complaint.department_id, "handler": complaint.handler_id}
        return AssignForm(
            data,
            departments=_departments(complaint),
            handlers=_handlers(complaint),
            initial=initial,
        )
    return form_class(data, files)


def _render_detail(request, complaint: Complaint, bound: dict | None = None, status: int = 200):
    steps = selectors.complaint_steps(complaint)
    items = selectors.complaint_checklist(complaint, steps)
    actions = []
    for action in _offered(complaint, items):
        form_class, label, roles = ACTIONS[action]
        if not has_role(request.user, *roles):
            continue
        form = (bound or {}).get(action) or _form(action, complaint)
        actions.append((action, label, form))
    shown = {a for a, _l, _f in actions}
    refused = [
        error
        for action, form in (bound or {}).items()
        if action not in shown
        for errors in form.errors.values()
        for error in errors
    ]
    selectors.with_labels([complaint])
    context = {
        "complaint": complaint,
        "items": items,
        "log": steps[::-1],
        "files": selectors.complaint_files(complaint),
        "changes": selectors.verdict_changes(complaint),
        "actions": actions,
        "refused": refused,
        "reminder": NO_PROMISE_REMINDER,
        "visit_url": (
            engine_visit_url(complaint)
            if complaint.status == Status.HANDLED and next_step(items) == Step.RETURN_VISIT
            else None
        ),
    }
    return render(request, "complaints/complaint_detail.html", context, status=status)


@require_GET
@role_required(*permissions.VIEW_ROLES)
def complaint_detail(request, pk: int):
    return _render_detail(request, selectors.complaint_get(user=request.user, pk=pk))


def _run(action: str, request, complaint: Complaint, data: dict):
    actor = request.user
    if action == "judge":
        department = None
        if data["department"]:
            department = Department.objects.filter(
                pk=data["department"], estate_id=complaint.estate_id
            ).first()
        return services.complaint_judge(
            actor=actor,
            complaint=complaint,
            verdict=data["verdict"],
            cause=data["cause"],
            department=department,
            invalid_reason=data["invalid_reason"],
            resolve_due=data["resolve_due"],
        )
    if action == "assign":
        department = Department.objects.get(pk=data["department"], estate_id=complaint.estate_id)
        handler = next((u for u in _handlers(complaint) if u.pk == data["handler"]), None)
        return services.complaint_assign(
            actor=actor,
            complaint=complaint,
            department=department,
            handler=handler,
            note=data["note"],
        )
    if action == "identity":
        return services.complaint_confirm_identity(
            actor=actor, complaint=complaint, notes=data["notes"]
        )
    if action == "payment":
        return services.complaint_check_payment(
            actor=actor, complaint=complaint, notes=data["notes"]
        )
    if action == "notify":
        departments = list(
            Department.objects.filter(pk__in=data["departments"], estate_id=complaint.estate_id)
        )
        return services.complaint_notify(
            actor=actor,
            complaint=complaint,
            departments=departments,
            reply=data["reply"],
            notes=data["notes"],
        )
    if action == "work-order":
        services.complaint_open_work_order(actor=actor, complaint=complaint)
        return complaint
    if action == "site-visit":
        return services.complaint_site_visit(
            actor=actor,
            complaint=complaint,
            arrived_at=data["arrived_at"],
            attendees=data["attendees"],
            findings=data["findings"],
            files=data["files"],
        )
    if action == "handle":
        return services.complaint_handle(
            actor=actor, complaint=complaint, actions=data["actions"], result=data["result"]
        )
    if action == "return-visit":
        if engine_visit_url(complaint) is not None:
            raise ComplaintError(
                _("The return visit is recorded on its return-visit page."), code="engine"
            )
        return record_return_visit(
            actor=actor, complaint=complaint, result=data["result"], notes=data["notes"]
        )
    if action == "close":
        return services.complaint_close(actor=actor, complaint=complaint, notes=data["notes"])
    if action == "change-verdict":
        return services.complaint_change_verdict(
            actor=actor,
            complaint=complaint,
            verdict=data["verdict"],
            cause=data["cause"],
            reason=data["reason"],
        )
    return services.complaint_mark_mishandled(
        actor=actor, complaint=complaint, reason=data["reason"]
    )


@require_POST
@role_required(*permissions.STEP_ROLES)
def complaint_step(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    if not has_role(request.user, *ACTIONS[action][2]):
        raise PermissionDenied
    form = _form(action, complaint, request.POST, request.FILES)
    if form.is_valid():
        try:
            complaint = _run(action, request, complaint, form.cleaned_data)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(number)s: %(status)s.")
                % {"number": complaint.number, "status": complaint.get_status_display()},
            )
            return redirect(complaint)
    complaint.refresh_from_db()
    return _render_detail(request, complaint, bound={action: form}, status=400)


# --- a new complaint ------------------------------------------------------------------------


def _prefill(request) -> dict:
    initial = {}
    order_id = request.GET.get("work_order", "")
    if order_id.isdigit():
        order = workorder_selectors.parent_get(user=request.user, pk=int(order_id))
        if order is not None:
            initial["work_order"] = order.pk
            initial["estate"] = order.estate_id
            initial["description"] = order.description
            if order.unit_id:
                initial["unit_code"] = order.unit.code
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        unit = scope(Unit.objects.all(), request.user).filter(pk=unit_id).first()
        if unit is not None:
            initial["unit_code"] = unit.code
            initial["estate"] = unit.estate_id
    return initial


def _unit_and_owner(form, estate):
    code = form.cleaned_data["unit_code"].strip()
    if not code:
        return None, None
    unit = owner_selectors.units_coded(code).filter(estate=estate).first()
    if unit is None:
        form.add_error("unit_code", _("No unit with this code in %(estate)s.") % {"estate": estate})
        return None, None
    ownership = (
        Ownership.objects.current()
        .filter(unit=unit)
        .select_related("owner")
        .order_by("-share")
        .first()
    )
    return unit, ownership.owner if ownership is not None else None


@require_http_methods(["GET", "POST"])
@role_required(*permissions.RECORD_ROLES)
def complaint_new(request):
    estates = desk_estates(request)
    context = {"reminder": NO_PROMISE_REMINDER}
    if request.method == "GET":
        form = ComplaintForm(initial=_prefill(request), estates=estates)
        return render(request, "complaints/complaint_form.html", {**context, "form": form})
    form = ComplaintForm(request.POST, request.FILES, estates=estates)
    if form.is_valid():
        data = form.cleaned_data
        estate = next(e for e in estates if e.pk == data["estate"])
        unit, owner = _unit_and_owner(form, estate)
        work_order = None
        if data["work_order"]:
            work_order = workorder_selectors.parent_get(user=request.user, pk=data["work_order"])
            if work_order is None:
                form.add_error(None, _("The work order was not found."))
        if not form.errors:
            try:
                complaint = services.complaint_record(
                    actor=request.user,
                    estate=estate,
                    channel=data["channel"],
                    complainant_kind=data["complainant_kind"],
                    complainant_name=data["complainant_name"],
                    contact_phone=data["contact_phone"],
                    unit=unit,
                    owner=owner,
                    description=data["description"],
                    happened_at=data["happened_at"],
                    place=data["place"],
                    severity=data["severity"],
                    files=data["files"],
                    work_order=work_order,
                    form_key=form.form_key,
                )
            except FormUsed as used:
                messages.info(request, used.message)
                return redirect(used.record)
            except DeskError as error:
                if error.code == FORBIDDEN:
                    raise PermissionDenied from None
                form_error(form, error)
            else:
                messages.success(
                    request, _("Complaint %(number)s recorded.") % {"number": complaint.number}
                )
                return redirect(complaint)
    return render(request, "complaints/complaint_form.html", {**context, "form": form}, status=400)


@require_GET
@role_required(*permissions.VIEW_ROLES)
def complaint_file(request, pk: int):
    """A photo or file of a complaint, for staff who see the complaint; never cached."""
    return private_file_response(selectors.file_get(user=request.user, pk=pk).file)


@require_GET
@role_required(*permissions.VIEW_ROLES)
def complaint_pdf(request, pk: int):
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    data = pdf.render_complaint(complaint)
    return file_response(data, PDF, f"{complaint.number}.pdf", inline=True)
