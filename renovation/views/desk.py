"""The desk's renovation pages: the application, the renovation with its steps, the lists,
the documents, and the printed agreement, permit, passes and notices."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fees.forms import SettleForm
from fees.permissions import DEPOSIT_VIEW_ROLES, PAY_ROLES
from fees.selectors import arrears_for_unit
from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.once import FormUsed
from frontdesk.scoping import desk_estate_ids, desk_estates, has_role, role_required, scope
from owners import selectors as owner_selectors
from owners.models import Unit

from .. import selectors, services
from ..forms import (
    AcceptanceForm,
    AgreementForm,
    ApplicationForm,
    ExtendForm,
    FileForm,
    PassForm,
    PatrolForm,
    ReasonForm,
    RecheckForm,
    ResubmitForm,
    ResumeForm,
    ReviewForm,
    WaterTestForm,
    WorkersForm,
)
from ..models import CHECKLIST, Renovation
from ..permissions import (
    ACCEPT_ROLES,
    APPLY_ROLES,
    FILE_ROLES,
    PATROL_ROLES,
    REFUND_ROLES,
    REVIEW_ROLES,
    SITE_ROLES,
)

LIST_TITLES = {
    "review": gettext_lazy("Awaiting review"),
    "open": gettext_lazy("Open"),
    "working": gettext_lazy("Works running"),
    "patrols": gettext_lazy("Patrols due"),
    "expiring": gettext_lazy("Permits ending"),
    "closed": gettext_lazy("Closed"),
}


def _refused(request, renovation, error: DeskError):
    if error.code == FORBIDDEN:
        raise PermissionDenied
    messages.error(request, error.message)
    return redirect(renovation)


@require_GET
@role_required(*SITE_ROLES)
def renovation_list(request):
    which = request.GET.get("list", "open")
    if which not in selectors.LISTS:
        which = "open"
    page = selectors.renovation_page(
        estate_ids=desk_estate_ids(request), which=which, cursor=request.GET.get("after", "")
    )
    return render(
        request,
        "renovation/list.html",
        {
            "page": page,
            "which": which,
            "tabs": list(LIST_TITLES.items()),
            "title": LIST_TITLES[which],
            "query": urlencode({"list": which}),
            "can_apply": has_role(request.user, *APPLY_ROLES),
        },
    )


def _prefilled_unit(request):
    unit_id = request.GET.get("unit", "")
    if not unit_id.isdigit():
        return None
    return scope(Unit.objects.all(), request.user).filter(pk=unit_id).first()


def _prohibited(estates) -> list[str]:
    items: dict[str, None] = {}
    for estate in estates:
        items.update(dict.fromkeys(selectors.prohibited_items(estate.pk)))
    return list(items)


def _application(data, files) -> services.Application:
    return services.Application(
        applicant=data["applicant"],
        applicant_name=data["applicant_name"],
        id_type=data["id_type"],
        id_number=data["id_number"],
        applicant_phone=data["applicant_phone"],
        contractor=data["contractor"],
        contractor_code=data["contractor_code"],
        contractor_licence=data["contractor_licence"],
        site_manager=data["site_manager"],
        site_manager_phone=data["site_manager_phone"],
        scope=data["scope"],
        description=data["description"],
        planned_start=data["planned_start"],
        planned_end=data["planned_end"],
        workers=data["workers"],
        plans=data["plans"],
        checklist=services.Checklist(**{name: data[name] for name in CHECKLIST}),
        prohibited=data["prohibited"],
        attorney_scan=data["attorney_scan"],
        agent_id_scan=data["agent_id_scan"],
        consent=services.Consent(
            method=data["consent"],
            owner_name=data["consent_owner_name"],
            phone=data["consent_phone"],
            at=data["consent_at"],
        ),
    )


@require_http_methods(["GET", "POST"])
@role_required(*APPLY_ROLES)
def renovation_new(request):
    estates = desk_estates(request)
    prohibited = _prohibited(estates)
    if request.method == "GET":
        initial = {}
        unit = _prefilled_unit(request)
        if unit is not None:
            initial = {"unit_code": unit.code, "estate": unit.estate_id}
        form = ApplicationForm(initial=initial, estates=estates, prohibited=prohibited)
        return render(request, "renovation/form.html", {"form": form, "prohibited": prohibited})
    form = ApplicationForm(request.POST, request.FILES, estates=estates, prohibited=prohibited)
    if form.is_valid():
        data = form.cleaned_data
        estate = next(e for e in estates if e.pk == data["estate"])
        unit = owner_selectors.units_coded(data["unit_code"]).filter(estate=estate).first()
        if unit is None:
            form.add_error(
                "unit_code", _("No unit with this code in %(estate)s.") % {"estate": estate}
            )
        else:
            try:
                renovation = services.renovation_apply(
                    actor=request.user,
                    unit=unit,
                    application=_application(data, request.FILES),
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
                    request,
                    _("Renovation %(number)s opened: it waits for the plan review.")
                    % {"number": renovation.number},
                )
                return redirect(renovation)
    return render(
        request, "renovation/form.html", {"form": form, "prohibited": prohibited}, status=400
    )


@require_GET
@role_required(*SITE_ROLES)
def renovation_detail(request, pk: int):
    return _detail(request, selectors.renovation_get(user=request.user, pk=pk))


def _refund_form(request, renovation) -> SettleForm | None:
    """The deposit's refund, for a supervisor once it is due and the deposit held."""
    deposit = renovation.deposit
    due = services.refund_due_on(renovation)
    if deposit is None or not deposit.is_held or due is None or due > timezone.localdate():
        return None
    if not has_role(request.user, *REFUND_ROLES):
        return None
    return _settle_form(renovation)


def _settle_form(renovation, data=None) -> SettleForm:
    """The refund goes to a name picked from those it may go to, never a name typed in."""
    payer = renovation.deposit.payer_name if renovation.deposit else ""
    form = SettleForm(data, initial={"refund_to": payer, "refund_method": "cash"})
    payees = services.refund_payees(renovation)
    form.fields["refund_to"] = forms.ChoiceField(
        label=form.fields["refund_to"].label, choices=[(name, name) for name in payees]
    )
    return form


def _detail(request, renovation, *, refund_form=None, status: int = 200):
    user = request.user
    dossier = selectors.renovation_dossier(renovation)
    kinds = {f.kind for f in dossier.files}
    context = {
        "renovation": renovation,
        "dossier": dossier,
        "missing": services.missing_documents(renovation, kinds),
        "blockers": services.closing_blockers(renovation) if renovation.status == "working" else [],
        "can_deposit": has_role(user, *DEPOSIT_VIEW_ROLES),
        "can_pay": has_role(user, *PAY_ROLES),
        "on_site": Renovation.ON_SITE,
        "workers_open": Renovation.OPEN,
        "checklist": renovation.checklist_rows(),
        "can_apply": has_role(user, *APPLY_ROLES),
        "can_review": has_role(user, *REVIEW_ROLES),
        "can_patrol": has_role(user, *PATROL_ROLES),
        "can_accept": has_role(user, *ACCEPT_ROLES),
        "can_files": has_role(user, *FILE_ROLES),
        "review_form": ReviewForm(),
        "resubmit_form": ResubmitForm(initial={n: getattr(renovation, n) for n in CHECKLIST}),
        "reason_form": ReasonForm(),
        "file_form": FileForm(),
        "agreement_form": AgreementForm(
            initial={
                "signed_by": renovation.applicant_name,
                "contractor_signed_by": renovation.site_manager,
            }
        ),
        "pass_form": PassForm(),
        "acceptance_form": AcceptanceForm(),
        "water_form": WaterTestForm(),
        "recheck_form": RecheckForm(),
        "extend_form": ExtendForm(),
        "workers_form": WorkersForm(initial={"workers": renovation.workers}),
        "resume_form": ResumeForm(),
        "refund_form": refund_form or _refund_form(request, renovation),
        "refund_due_on": services.refund_due_on(renovation) if renovation.deposit else None,
    }
    if context["refund_form"] is not None:
        context["unit_arrears"] = arrears_for_unit(renovation.unit)
    return render(request, "renovation/detail.html", context, status=status)


def _action(request, pk: int, call, success: str, form_class=None, **fixed):
    """A POST step on the renovation: the service refuses or the step is done."""
    renovation = selectors.renovation_get(user=request.user, pk=pk)
    values = {}
    if form_class is not None:
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
            messages.error(request, errors)
            return redirect(renovation)
        values = form.cleaned_data
    try:
        call(actor=request.user, renovation=renovation, **values, **fixed)
    except DeskError as error:
        return _refused(request, renovation, error)
    messages.success(request, success)
    return redirect(renovation)


@require_POST
@role_required(*APPLY_ROLES)
def file_add(request, pk: int):
    def add(*, actor, renovation, kind, upload, note):
        services.file_add(actor=actor, renovation=renovation, kind=kind, upload=upload, note=note)

    return _action(request, pk, add, _("The document is on file."), FileForm)


@require_POST
@role_required(*REVIEW_ROLES)
def approve(request, pk: int):
    def call(*, actor, renovation, findings, reason):
        services.renovation_approve(actor=actor, renovation=renovation, findings=findings)

    return _action(
        request,
        pk,
        call,
        _("Approved: the garbage transport fee is charged to the unit."),
        ReviewForm,
    )


@require_POST
@role_required(*REVIEW_ROLES)
def send_back(request, pk: int):
    return _action(
        request, pk, services.renovation_return, _("The application is sent back."), ReviewForm
    )


@require_POST
@role_required(*REVIEW_ROLES)
def reject(request, pk: int):
    def call(*, actor, renovation, findings, reason):
        services.renovation_reject(actor=actor, renovation=renovation, reason=reason)

    return _action(request, pk, call, _("The works are refused."), ReviewForm)


@require_POST
@role_required(*APPLY_ROLES)
def resubmit(request, pk: int):
    def call(*, actor, renovation, **flags):
        services.renovation_resubmit(
            actor=actor, renovation=renovation, checklist=services.Checklist(**flags)
        )

    return _action(request, pk, call, _("Back to engineering for review."), ResubmitForm)


@require_POST
@role_required(*APPLY_ROLES)
def withdraw(request, pk: int):
    return _action(
        request, pk, services.renovation_withdraw, _("The application is withdrawn."), ReasonForm
    )


@require_POST
@role_required(*APPLY_ROLES)
def agreement_sign(request, pk: int):
    return _action(
        request, pk, services.agreement_sign, _("The agreement is signed."), AgreementForm
    )


@require_POST
@role_required(*APPLY_ROLES)
def permit_issue(request, pk: int):
    renovation = selectors.renovation_get(user=request.user, pk=pk)
    try:
        renovation = services.permit_issue(actor=request.user, renovation=renovation)
    except DeskError as error:
        if error.code == "already_issued":  # a second click: the first permit stands
            messages.info(request, error.message)
            return redirect(renovation)
        return _refused(request, renovation, error)
    messages.success(
        request,
        _("Construction permit %(number)s issued; maintenance and security are notified.")
        % {"number": renovation.permit_number},
    )
    return redirect(renovation)


@require_POST
@role_required(*APPLY_ROLES)
def pass_new(request, pk: int):
    renovation = selectors.renovation_get(user=request.user, pk=pk)
    form = PassForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(renovation)
    data = form.cleaned_data
    try:
        worker_pass = services.pass_issue(
            actor=request.user,
            renovation=renovation,
            name=data["name"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            trade=data["trade"],
            photo=data["photo"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            form_key=form.form_key,
        )
    except FormUsed as used:
        messages.info(request, used.message)
        return redirect(renovation)
    except DeskError as error:
        return _refused(request, renovation, error)
    messages.success(request, _("Pass %(number)s issued.") % {"number": worker_pass.number})
    return redirect(renovation)


@require_POST
@role_required(*APPLY_ROLES)
def pass_revoke(request, pk: int):
    worker_pass = selectors.pass_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the pass is revoked."))
        return redirect(worker_pass.renovation)
    try:
        services.pass_revoke(
            actor=request.user, worker_pass=worker_pass, reason=form.cleaned_data["reason"]
        )
    except DeskError as error:
        return _refused(request, worker_pass.renovation, error)
    messages.success(request, _("The pass is revoked."))
    return redirect(worker_pass.renovation)


@require_http_methods(["GET", "POST"])
@role_required(*PATROL_ROLES)
def patrol_new(request, pk: int):
    renovation = selectors.renovation_get(user=request.user, pk=pk)
    if request.method == "GET":
        form = PatrolForm()
        return render(
            request, "renovation/patrol_form.html", {"form": form, "renovation": renovation}
        )
    form = PatrolForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.patrol_record(
                actor=request.user,
                renovation=renovation,
                outcome=data["outcome"],
                problems=data["problems"],
                violation=data["violation"],
                requirement=data["requirement"],
                correct_by=data["correct_by"],
                notes=data["notes"],
                photos=data["photos"],
                form_key=form.form_key,
            )
        except FormUsed as used:
            messages.info(request, used.message)
            return redirect(renovation)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            form_error(form, error)
        else:
            messages.success(request, _("The patrol is recorded."))
            return redirect(renovation)
    return render(
        request, "renovation/patrol_form.html", {"form": form, "renovation": renovation}, status=400
    )


@require_POST
@role_required(*PATROL_ROLES)
def notice_recheck(request, pk: int):
    notice = selectors.notice_get(user=request.user, pk=pk)
    form = RecheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Record the re-check."))
        return redirect(notice.renovation)
    try:
        services.rectification_recheck(actor=request.user, notice=notice, **form.cleaned_data)
    except DeskError as error:
        return _refused(request, notice.renovation, error)
    messages.success(request, _("The re-check is recorded."))
    return redirect(notice.renovation)


@require_POST
@role_required(*ACCEPT_ROLES)
def acceptance(request, pk: int):
    def call(*, actor, renovation, **values):
        services.acceptance_record(actor=actor, renovation=renovation, **values)

    return _action(request, pk, call, _("The acceptance is recorded."), AcceptanceForm)


@require_POST
@role_required(*ACCEPT_ROLES)
def water_test(request, pk: int):
    return _action(
        request,
        pk,
        services.water_test_record,
        _("The closed-water test is recorded."),
        WaterTestForm,
    )


@require_POST
@role_required(*APPLY_ROLES)
def close(request, pk: int):
    return _action(request, pk, services.renovation_close, _("The renovation is closed."))


@require_POST
@role_required(*APPLY_ROLES)
def garbage_cleared(request, pk: int):
    return _action(
        request, pk, services.garbage_cleared_record, _("The garbage is recorded as cleared.")
    )


@require_POST
@role_required(*APPLY_ROLES)
def extend(request, pk: int):
    return _action(
        request,
        pk,
        services.renovation_extend,
        _("The period is extended; the passes run to the new end."),
        ExtendForm,
    )


@require_POST
@role_required(*APPLY_ROLES)
def workers(request, pk: int):
    return _action(
        request, pk, services.workers_change, _("The number of workers is changed."), WorkersForm
    )


@require_POST
@role_required(*REVIEW_ROLES)
def resume(request, pk: int):
    return _action(
        request,
        pk,
        services.renovation_resume,
        _("The works resume; the suspended days are added to the period."),
        ResumeForm,
    )


@require_POST
@role_required(*REFUND_ROLES)
def deposit_refund(request, pk: int):
    renovation = selectors.renovation_get(user=request.user, pk=pk)
    deposit = renovation.deposit
    if deposit is not None and deposit.status == deposit.Status.SETTLED:  # a second post
        messages.info(request, _("The deposit is already refunded."))
        return redirect(renovation)
    form = _settle_form(renovation, request.POST)
    if form.is_valid():
        try:
            services.deposit_refund(
                actor=request.user,
                renovation=renovation,
                deductions=[services.DeductionInput(*row) for row in form.deductions()],
                refund_to=form.cleaned_data["refund_to"],
                refund_method=form.cleaned_data["refund_method"],
            )
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            form_error(form, error)
        else:
            messages.success(request, _("The deposit is refunded: print the refund slip."))
            return redirect(renovation)
    renovation = selectors.renovation_get(user=request.user, pk=pk)
    return _detail(request, renovation, refund_form=form, status=400)
