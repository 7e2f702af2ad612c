"""The desk's service pages: the lists, a new request, a request with its steps (the
agreement, the dispatch, the work done, the owner's acceptance, the fee), the catalogue, the
technician's day and the report."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fees.permissions import PAY_ROLES
from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import XLSX, file_response
from frontdesk.months import asked_month, month_navigation
from frontdesk.once import FormUsed
from frontdesk.scoping import desk_estate_ids, desk_estates, has_role, role_required, scope
from owners import selectors as owner_selectors
from owners.models import Unit
from workorders import selectors as workorder_selectors

from .. import exports, revisit, selectors, services
from ..forms import (
    AcceptForm,
    AgreementForm,
    ChargeForm,
    DispatchForm,
    DoneForm,
    ReasonForm,
    RequestForm,
)
from ..models import ServiceRequest
from ..permissions import (
    ACCEPT_ROLES,
    CANCEL_ROLES,
    CATALOGUE_ROLES,
    CHARGE_ROLES,
    DISPATCH_ROLES,
    MINE_ROLES,
    PAGE_ROLES,
    REPORT_ROLES,
    SCAN_ROLES,
    TAKE_ROLES,
    VIEW_ROLES,
    WORK_ROLES,
)

LIST_TITLES = {
    "open": gettext_lazy("Open"),
    "agreement": gettext_lazy("Awaiting agreement"),
    "dispatch": gettext_lazy("To dispatch"),
    "visits": gettext_lazy("Dispatched"),
    "acceptance": gettext_lazy("Awaiting acceptance"),
    "billing": gettext_lazy("Accepted and charged"),
    "closed": gettext_lazy("Closed"),
}
Status = ServiceRequest.Status


def _refused(request, service, error: DeskError):
    if error.code == FORBIDDEN:
        raise PermissionDenied
    messages.error(request, error.message)
    return redirect(service)


@require_GET
@role_required(*VIEW_ROLES)
def service_list(request):
    which = request.GET.get("list", "open")
    if which not in selectors.LISTS:
        which = "open"
    estate_ids = desk_estate_ids(request)
    page = selectors.service_page(
        user=request.user, estate_ids=estate_ids, which=which, cursor=request.GET.get("after", "")
    )
    unscheduled = (
        selectors.unscheduled(user=request.user, estate_ids=estate_ids)
        if which in ("open", "agreement") and page.first
        else []
    )
    return render(
        request,
        "services/list.html",
        {
            "page": page,
            "unscheduled": unscheduled,
            "which": which,
            "tabs": list(LIST_TITLES.items()),
            "title": LIST_TITLES[which],
            "query": urlencode({"list": which}),
            "can_take": has_role(request.user, *TAKE_ROLES),
        },
    )


def _terms(data, item) -> services.Terms:
    return services.Terms(
        item=item,
        item_detail=data["item_detail"],
        area=data["area"],
        slot_start=data["slot_start"],
        slot_end=data["slot_end"],
        cost_kind=data["cost_kind"],
        price_low=data["price_low"],
        price_high=data["price_high"],
        effect=data["effect"],
    )


def _items(estates) -> list:
    return [item for estate in estates for item in selectors.items_for(estate.pk)]


def _prefilled(request) -> dict:
    unit_id = request.GET.get("unit", "")
    if not unit_id.isdigit():
        return {}
    unit = scope(Unit.objects.all(), request.user).filter(pk=unit_id).first()
    if unit is None:
        return {}
    return {"unit_code": unit.code, "estate": unit.estate_id, "source": "dossier"}


@require_http_methods(["GET", "POST"])
@role_required(*TAKE_ROLES)
def service_new(request):
    estates = desk_estates(request)
    items = _items(estates)
    form = RequestForm(
        request.POST or None, initial=_prefilled(request) if request.method == "GET" else None
    )
    form.fields["estate"].choices = [(e.pk, e.name) for e in estates]
    form.set_items(items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        estate = next(e for e in estates if e.pk == data["estate"])
        unit = owner_selectors.units_coded(data["unit_code"]).filter(estate=estate).first()
        item = next((i for i in items if i.pk == data["item"]), None)
        if unit is None:
            form.add_error(
                "unit_code", _("No unit with this code in %(estate)s.") % {"estate": estate}
            )
        else:
            try:
                service = services.service_request_take(
                    actor=request.user,
                    unit=unit,
                    terms=_terms(data, item),
                    requester_name=data["requester_name"],
                    requester_phone=data["requester_phone"],
                    source=data["source"],
                    form_key=form.form_key,
                )
            except FormUsed as used:
                messages.info(request, used.message)
                return redirect(used.record)
            except DeskError as error:
                if error.code == FORBIDDEN:
                    raise PermissionDenied from error
                form_error(form, error)
            else:
                messages.success(
                    request, _("Service %(number)s taken.") % {"number": service.number}
                )
                return redirect(service)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "services/form.html", {"form": form, "items": items}, status=status)


def _agreement_form(service, data=None, files=None) -> AgreementForm:
    initial = {
        "item": service.item_id,
        "item_detail": service.item_detail,
        "area": service.area,
        "slot_start": service.slot_start and timezone.localtime(service.slot_start),
        "slot_end": service.slot_end and timezone.localtime(service.slot_end),
        "cost_kind": service.cost_kind,
        "price_low": service.price_low if service.price_low is not None else "",
        "price_high": service.price_high if service.price_high is not None else "",
        "effect": service.effect,
        "agreement": service.agreement or ServiceRequest.Agreement.ORAL,
        "agreed_by": service.agreed_by or service.requester_name,
        "agreed_via": service.agreed_via,
    }
    form = AgreementForm(data, files, initial=initial, prefix="agreement")
    form.set_items(selectors.items_for(service.estate_id))
    return form


def _detail(request, service, **forms):
    user = request.user
    open_steps = {
        "agreement": service.status in (Status.REQUESTED, Status.AGREED)
        and has_role(user, *TAKE_ROLES),
        "dispatch": service.status in (Status.AGREED, Status.DISPATCHED)
        and has_role(user, *DISPATCH_ROLES),
        "done": service.status == Status.DISPATCHED and has_role(user, *WORK_ROLES),
        "accept": service.status == Status.DONE and has_role(user, *ACCEPT_ROLES),
        "charge": service.status == Status.ACCEPTED and has_role(user, *CHARGE_ROLES),
        "cancel": service.status in (Status.REQUESTED, Status.AGREED, Status.DISPATCHED)
        and has_role(user, *CANCEL_ROLES),
    }
    context = {
        "service": service,
        "steps": selectors.service_steps(service),
        "open": open_steps,
        "can_print": has_role(user, *VIEW_ROLES),
        "can_scan": has_role(user, *SCAN_ROLES),
        "can_pay": has_role(user, *PAY_ROLES),
        "visit_url": revisit.visit_url(service.pk) if service.accepted_at else None,
        "agreement_form": forms.get("agreement_form")
        or (_agreement_form(service) if open_steps["agreement"] else None),
        "dispatch_form": forms.get("dispatch_form")
        or (
            DispatchForm(
                people=services.department_staff(service.department_id),
                initial={"assignee": service.assignee_id},
            )
            if open_steps["dispatch"]
            else None
        ),
        "done_form": forms.get("done_form") or DoneForm(),
        "accept_form": forms.get("accept_form")
        or AcceptForm(initial={"accepted_by": service.requester_name, "how": "signed"}),
        "reject_form": forms.get("reject_form") or ReasonForm(prefix="reject"),
        "charge_form": forms.get("charge_form")
        or ChargeForm(
            initial={
                "amount": service.price_high
                if service.cost_kind == ServiceRequest.CostKind.FIXED
                else ""
            }
        ),
        "cancel_form": forms.get("cancel_form") or ReasonForm(prefix="cancel"),
    }
    return render(request, "services/detail.html", context, status=400 if forms else 200)


@require_GET
@role_required(*PAGE_ROLES)
def service_detail(request, pk: int):
    service = selectors.service_get(user=request.user, pk=pk)
    return _detail(request, service)


@require_POST
@role_required(*TAKE_ROLES)
def agreement(request, pk: int):
    service = selectors.service_get(user=request.user, pk=pk)
    form = _agreement_form(service, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        item = next(i for i in selectors.items_for(service.estate_id) if i.pk == data["item"])
        try:
            services.agreement_record(
                actor=request.user,
                service=service,
                terms=_terms(data, item),
                agreement=services.Agreement(
                    kind=data["agreement"],
                    agreed_by=data["agreed_by"],
                    agreed_at=data["agreed_at"],
                    via=data["agreed_via"],
                    scan=data["scan"],
                ),
            )
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from error
            form_error(form, error, {"scan": "scan"})
        else:
            messages.success(request, _("Agreement recorded; the department head is told."))
            return redirect(service)
    return _detail(request, service, agreement_form=form)


@require_POST
@role_required(*DISPATCH_ROLES)
def dispatch(request, pk: int):
    service = selectors.service_get(user=request.user, pk=pk)
    people = services.department_staff(service.department_id)
    form = DispatchForm(request.POST, people=people)
    if form.is_valid():
        assignee = next((u for u in people if u.pk == form.cleaned_data["assignee"]), None)
        try:
            services.service_dispatch(actor=request.user, service=service, assignee=assignee)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from error
            form_error(form, error)
        else:
            messages.success(request, _("Dispatched."))
            return redirect(service)
    return _detail(request, service, dispatch_form=form)


@require_POST
@role_required(*WORK_ROLES)
def done(request, pk: int):
    service = selectors.service_get(user=request.user, pk=pk)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            services.service_done(
                actor=request.user, service=service, work_done=form.cleaned_data["work_done"]
            )
        except DeskError as error:
            return _refused(request, service, error)
        messages.success(request, _("Work done: the owner checks it next."))
        return redirect(service)
    return _detail(request, service, done_form=form)


@require_POST
@role_required(*ACCEPT_ROLES)
def accept(request, pk: int):
    service = selectors.service_get(user=request.user, pk=pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.service_accept(
                actor=request.user,
                service=service,
                how=form.cleaned_data["how"],
                accepted_by=form.cleaned_data["accepted_by"],
            )
        except DeskError as error:
            return _refused(request, service, error)
        messages.success(request, _("The owner accepted the work."))
        return redirect(service)
    return _detail(request, service, accept_form=form)


@require_POST
@role_required(*ACCEPT_ROLES)
def reject(request, pk: int):
    service = selectors.service_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST, prefix="reject")
    if form.is_valid():
        try:
            services.service_reject(
                actor=request.user, service=service, reason=form.cleaned_data["reason"]
            )
        except DeskError as error:
            return _refused(request, service, error)
        messages.warning(request, _("Not accepted: back to the person sent."))
        return redirect(service)
    return _detail(request, service, reject_form=form)


@require_POST
@role_required(*CHARGE_ROLES)
def charge(request, pk: int):
    service = selectors.service_get(user=request.user, pk=pk)
    form = ChargeForm(request.POST)
    if form.is_valid():
        try:
            services.service_charge(
                actor=request.user,
                service=service,
                amount=form.cleaned_data["amount"] or None,
                owner_agreed=form.cleaned_data["owner_agreed"],
            )
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from error
            if error.code == "wrong_step":  # a second post of the form: charged once
                messages.info(request, error.message)
                return redirect(service)
            form_error(form, error)
        else:
            messages.success(request, _("Fee charged: the cashier takes it like any charge."))
            return redirect(service)
    return _detail(request, service, charge_form=form)


@require_POST
@role_required(*CANCEL_ROLES)
def cancel(request, pk: int):
    service = selectors.service_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.service_cancel(
                actor=request.user, service=service, reason=form.cleaned_data["reason"]
            )
        except DeskError as error:
            return _refused(request, service, error)
        messages.success(request, _("Service cancelled."))
        return redirect(service)
    return _detail(request, service, cancel_form=form)


@require_GET
@role_required(*CATALOGUE_ROLES)
def catalogue(request):
    items = selectors.catalogue(estate_ids=desk_estate_ids(request))
    return render(
        request,
        "services/catalogue.html",
        {"items": items, "estates": desk_estates(request)},
    )


@require_GET
@role_required(*MINE_ROLES)
def mine(request):
    """The technician's phone page: today's services, and beside them their work orders."""
    estate_ids = desk_estate_ids(request)
    ids = list(estate_ids) if estate_ids is not None else None
    orders = workorder_selectors.queue_queryset(
        user=request.user, queue=workorder_selectors.QUEUE_MINE, estate_ids=ids
    )
    page = workorder_selectors.order_page(
        orders, queue=workorder_selectors.QUEUE_MINE, user=request.user
    )
    return render(
        request,
        "services/mine.html",
        {
            "services": selectors.my_day(user=request.user, estate_ids=estate_ids),
            "orders": page.rows,
            "more_orders": bool(page.next_cursor),
            "done_form": DoneForm(),
        },
    )


@require_GET
@role_required(*REPORT_ROLES)
def report(request):
    month = asked_month(request)
    data = selectors.monthly_report(estate_ids=desk_estate_ids(request), month=month)
    return render(
        request,
        "services/report.html",
        {"report": data, **month_navigation(request, month)},
    )


@require_GET
@role_required(*REPORT_ROLES)
def report_export(request):
    month = asked_month(request)
    data = selectors.monthly_report(estate_ids=desk_estate_ids(request), month=month)
    return file_response(exports.report_xlsx(data), XLSX, f"services-{month:%Y-%m}.xlsx")
