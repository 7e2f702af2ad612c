"""The desk's activity-plan pages: the list, a new plan with every seed field, the plan with
its steps (approval, the layout tasks acknowledged, sign-ups and the waiting list,
attendance, the summary, the archive), the gallery, the plan and summary PDFs."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from PIL import Image, UnidentifiedImageError

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, file_response, private_file_response
from frontdesk.once import FormUsed
from frontdesk.scoping import desk_estate_ids, desk_estates, has_role, role_required
from owners import selectors as owner_selectors

from .. import pdf, selectors
from ..forms import ArchiveForm, BudgetFormSet, PlanForm, SignUpForm, SummaryForm
from ..models import Plan
from ..permissions import APPROVE_PLAN_ROLES, PLAN_ROLES, VIEW_ROLES
from ..services import plans as services

THUMBNAIL = (320, 320)


def _refused(request, plan: Plan, error: DeskError):
    if error.code == FORBIDDEN:
        raise PermissionDenied
    messages.error(request, error.message)
    return redirect(plan)


@require_GET
@role_required(*VIEW_ROLES)
def plan_list(request):
    page = selectors.plan_page(
        estate_ids=desk_estate_ids(request), cursor=request.GET.get("after", "")
    )
    return render(
        request,
        "activities/plan_list.html",
        {"page": page, "query": "", "can_plan": has_role(request.user, *PLAN_ROLES)},
    )


def _plan_input(form: PlanForm, budget: BudgetFormSet) -> services.PlanInput:
    data = form.cleaned_data
    return services.PlanInput(
        theme=data["theme"],
        items=data["items"],
        location=data["location"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        participants=data["participants"],
        expected_headcount=data["expected_headcount"],
        process=data["process"],
        cooperating=data["cooperating"],
        prizes=data["prizes"],
        budget=[
            (row["item"], row["amount"])
            for row in budget.cleaned_data
            if row and not row.get("DELETE")
        ],
        layout=form.layout(),
        duties=data["duties"],
        signup_capacity=data["signup_capacity"],
    )


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_ROLES)
def plan_new(request):
    estates = desk_estates(request)
    if request.method == "GET":
        form = PlanForm(estates=estates)
        budget = BudgetFormSet(prefix="budget")
        return render(request, "activities/plan_form.html", {"form": form, "budget": budget})
    form = PlanForm(request.POST, estates=estates)
    budget = BudgetFormSet(request.POST, prefix="budget")
    if form.is_valid() and budget.is_valid():
        estate = next(e for e in estates if e.pk == form.cleaned_data["estate"])
        try:
            plan = services.plan_create(
                actor=request.user,
                estate=estate,
                plan=_plan_input(form, budget),
                form_key=form.form_key,
            )
        except FormUsed as used:
            messages.info(request, used.message)
            return redirect(used.record)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            if error.field == "budget":
                budget._non_form_errors = budget.error_class([error.message])
            else:
                form_error(form, error, {"layout": "layout_engineering"})
        else:
            messages.success(
                request,
                _("Plan “%(theme)s” drawn up: it waits for the management office's approval.")
                % {"theme": plan.theme},
            )
            return redirect(plan)
    return render(
        request, "activities/plan_form.html", {"form": form, "budget": budget}, status=400
    )


def _detail(request, plan: Plan, *, status: int = 200, **forms):
    parts = selectors.plan_parts(plan)
    can_plan = has_role(request.user, *PLAN_ROLES)
    context = {
        "plan": plan,
        "parts": parts,
        "can_plan": can_plan,
        "can_approve": has_role(request.user, *APPROVE_PLAN_ROLES),
        "my_departments": selectors.acknowledging_department_ids(request.user),
        "signup_form": forms.get("signup_form") or SignUpForm(),
        "summary_form": forms.get("summary_form") or SummaryForm(),
        "archive_form": forms.get("archive_form") or ArchiveForm(),
        "events": selectors.plan_timeline(plan),
        "begun": timezone.now() >= plan.starts_at,  # attendance is recorded from then on
    }
    return render(request, "activities/plan_detail.html", context, status=status)


@require_GET
@role_required(*VIEW_ROLES)
def plan_detail(request, pk: int):
    return _detail(request, selectors.plan_get(user=request.user, pk=pk))


@require_POST
@role_required(*APPROVE_PLAN_ROLES)
def plan_approve(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    try:
        services.plan_approve(actor=request.user, plan=plan)
    except DeskError as error:
        return _refused(request, plan, error)
    messages.success(request, _("Plan approved: the layout tasks went to the departments."))
    return redirect(plan)


@require_POST
@role_required(*VIEW_ROLES)
def layout_acknowledge(request, pk: int, task_pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    task = selectors.layout_task_get(user=request.user, plan=plan, pk=task_pk)
    try:
        services.layout_acknowledge(actor=request.user, task=task)
    except DeskError as error:
        if error.code == FORBIDDEN:
            raise PermissionDenied from None
        return _refused(request, plan, error)
    messages.success(request, _("Layout task acknowledged."))
    return redirect(plan)


@require_POST
@role_required(*PLAN_ROLES)
def signup_add(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = SignUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        unit = (
            owner_selectors.units_coded(data["unit_code"]).filter(estate_id=plan.estate_id).first()
        )
        if unit is None:
            form.add_error(
                "unit_code", _("No unit with this code in %(estate)s.") % {"estate": plan.estate}
            )
        else:
            try:
                signup = services.signup_add(
                    actor=request.user,
                    plan=plan,
                    unit=unit,
                    name=data["name"],
                    people=data["people"],
                )
            except DeskError as error:
                if error.code == FORBIDDEN:
                    raise PermissionDenied from None
                form_error(form, error)
            else:
                if signup.waiting:
                    messages.warning(
                        request,
                        _("The places are taken: %(unit)s is on the waiting list.")
                        % {"unit": unit.code},
                    )
                else:
                    messages.success(request, _("%(unit)s signed up.") % {"unit": unit.code})
                return redirect(plan)
    return _detail(request, plan, status=400, signup_form=form)


@require_POST
@role_required(*PLAN_ROLES)
def signup_cancel(request, pk: int, signup_pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    signup = selectors.signup_get(user=request.user, plan=plan, pk=signup_pk)
    try:
        moved = services.signup_cancel(actor=request.user, signup=signup)
    except DeskError as error:
        return _refused(request, plan, error)
    messages.success(request, _("Sign-up cancelled."))
    if moved is not None:
        messages.info(
            request,
            _("%(unit)s moves up from the waiting list.") % {"unit": moved.unit.code},
        )
    return redirect(plan)


@require_POST
@role_required(*PLAN_ROLES)
def attendance(request, pk: int, signup_pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    signup = selectors.signup_get(user=request.user, plan=plan, pk=signup_pk)
    value = request.POST.get("attended", "")
    if value not in ("yes", "no"):
        messages.error(request, _("Say whether the household came."))
        return redirect(plan)
    try:
        services.attendance_record(actor=request.user, signup=signup, attended=value == "yes")
    except DeskError as error:
        return _refused(request, plan, error)
    messages.success(request, _("Attendance recorded."))
    return redirect(plan)


@require_POST
@role_required(*PLAN_ROLES)
def summary(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = SummaryForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.summary_record(
                actor=request.user,
                plan=plan,
                headcount=data["headcount"],
                spending=data["spending"],
                response=data["response"],
            )
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            form_error(form, error)
        else:
            messages.success(request, _("Summary recorded."))
            return redirect(plan)
    return _detail(request, plan, status=400, summary_form=form)


@require_POST
@role_required(*PLAN_ROLES)
def archive_add(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = ArchiveForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.archive_add(
                actor=request.user,
                plan=plan,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Added to the archive."))
            return redirect(plan)
    return _detail(request, plan, status=400, archive_form=form)


@require_GET
@role_required(*VIEW_ROLES)
def gallery(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    return render(
        request,
        "activities/plan_gallery.html",
        {"plan": plan, "parts": selectors.plan_parts(plan)},
    )


@require_GET
@role_required(*VIEW_ROLES)
def archive_file(request, pk: int):
    row = selectors.archive_file_get(user=request.user, pk=pk)
    response = private_file_response(row.file)
    # The type the bytes were checked to be (``services.MEDIA_TYPES``), never one guessed
    # from a name; a file stored before that check is only downloaded.
    content_type = services.MEDIA_TYPES.get(row.file.name.rsplit(".", 1)[-1].lower())
    if content_type is None:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = response["Content-Disposition"].replace(
            "inline", "attachment", 1
        )
    else:
        response["Content-Type"] = content_type
    return response


@require_GET
@role_required(*VIEW_ROLES)
def archive_thumbnail(request, pk: int):
    """A photo made small for the gallery (the original can be many megabytes)."""
    row = selectors.archive_file_get(user=request.user, pk=pk)
    if row.kind != row.Kind.IMAGE:
        raise Http404
    try:
        with row.file.open("rb") as source, Image.open(source) as image:
            image.thumbnail(THUMBNAIL)
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=80)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise Http404 from None
    response = HttpResponse(buffer.getvalue(), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@role_required(*VIEW_ROLES)
def plan_pdf(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    return file_response(pdf.render_plan(plan), PDF, f"plan-{plan.pk}.pdf", inline=True)


@require_GET
@role_required(*VIEW_ROLES)
def summary_pdf(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    if plan.state != Plan.State.DONE:
        messages.info(request, _("The summary is written after the approved activity."))
        return redirect(plan)
    return file_response(pdf.render_summary(plan), PDF, f"summary-{plan.pk}.pdf", inline=True)
