"""The desk's leasing pages: lists, spaces, lessees, negotiations, contracts and their steps."""

import datetime
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fees.errors import PaymentFormUsed
from fees.selectors import payment_for_key
from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.once import FormUsed
from frontdesk.scoping import desk_estate_ids, desk_estates, has_role, role_required, scope

from .. import selectors, services
from ..forms import (
    ContactForm,
    ContractForm,
    LesseeEditForm,
    LesseeForm,
    NegotiationForm,
    PayForm,
    ReasonForm,
    RectifiedForm,
    ScanForm,
    SpaceEditForm,
    SpaceForm,
    SupervisionForm,
    TerminateForm,
)
from ..models import Contract, Lessee, Negotiation, Space
from ..permissions import (
    DESK_ROLES,
    PAY_ROLES,
    SCAN_ROLES,
    SUPERVISE_ROLES,
    TERMINATE_ROLES,
    VIEW_ROLES,
)
from ..services.terms import add_months

TABS = {
    "active": gettext_lazy("In force"),
    "expiring": gettext_lazy("Expiring"),
    "arrears": gettext_lazy("In arrears"),
    "ended": gettext_lazy("Ended"),
}


def _refused(request, row, error: DeskError):
    if error.code == FORBIDDEN:
        raise PermissionDenied
    messages.error(request, error.message)
    return redirect(row)


@require_GET
@role_required(*VIEW_ROLES)
def contract_list(request):
    which = request.GET.get("list", "active")
    if which not in TABS:
        which = "active"
    page = selectors.contract_page(
        estate_ids=desk_estate_ids(request), which=which, cursor=request.GET.get("after", "")
    )
    return render(
        request,
        "leasing/contract_list.html",
        {
            "page": page,
            "which": which,
            "tabs": list(TABS.items()),
            "title": TABS[which],
            "query": urlencode({"list": which}),
            "can_desk": has_role(request.user, *DESK_ROLES),
        },
    )


@require_GET
@role_required(*VIEW_ROLES)
def space_list(request):
    page = selectors.space_page(
        estate_ids=desk_estate_ids(request), cursor=request.GET.get("after", "")
    )
    return render(
        request,
        "leasing/space_list.html",
        {"page": page, "query": "", "can_desk": has_role(request.user, *DESK_ROLES)},
    )


def _form_page(request, template: str, form, title: str, status: int = 200):
    return render(request, template, {"form": form, "title": title}, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*DESK_ROLES)
def space_new(request):
    estates = desk_estates(request)
    form = SpaceForm(request.POST or None, request.FILES or None, estates=estates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            space = services.space_create(
                actor=request.user,
                estate_id=data["estate"],
                data=services.SpaceInput(
                    code=data["code"],
                    kind=data["kind"],
                    name=data["name"],
                    location=data["location"],
                    ownership=data["ownership"],
                    area=data["area"],
                    size=data["size"],
                    lit=data["lit"],
                    note=data["note"],
                    photo=data["photo"],
                ),
                form_key=form.form_key,
            )
        except FormUsed as used:
            return redirect(used.record)
        except DeskError as error:
            form_error(form, error)
        else:
            return redirect(space)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, "leasing/form.html", form, _("New space"), status)


@require_GET
@role_required(*VIEW_ROLES)
def space_detail(request, pk: int):
    space = selectors.space_get(user=request.user, pk=pk)
    contracts = list(space.contracts.select_related("lessee").order_by("-start")[:20])
    return render(
        request,
        "leasing/space_detail.html",
        {"space": space, "contracts": contracts, "can_desk": has_role(request.user, *DESK_ROLES)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*DESK_ROLES)
def space_edit(request, pk: int):
    space = selectors.space_get(user=request.user, pk=pk)
    initial = {
        field: getattr(space, field) for field in SpaceEditForm.base_fields if field != "photo"
    }
    form = SpaceEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.space_update(
                actor=request.user,
                space=space,
                data=services.SpaceInput(
                    code=space.code,
                    kind=space.kind,
                    ownership=space.ownership,
                    name=data["name"],
                    location=data["location"],
                    area=data["area"],
                    size=data["size"],
                    lit=data["lit"],
                    note=data["note"],
                    photo=data["photo"],
                ),
                active=data["active"],
            )
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The space is saved."))
            return redirect(space)
    status = 400 if request.method == "POST" else 200
    title = _("Edit space %(code)s") % {"code": space.code}
    return _form_page(request, "leasing/form.html", form, title, status)


@require_GET
@role_required(*VIEW_ROLES)
def space_photo(request, pk: int):
    from frontdesk.http import private_file_response

    space = selectors.space_get(user=request.user, pk=pk)
    if not space.photo:
        raise Http404
    return private_file_response(space.photo)


@require_http_methods(["GET", "POST"])
@role_required(*DESK_ROLES)
def lessee_new(request):
    form = LesseeForm(request.POST or None, estates=desk_estates(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lessee = services.lessee_create(
                actor=request.user,
                estate_id=data["estate"],
                data=services.LesseeInput(
                    kind=data["kind"],
                    name=data["name"],
                    contact_name=data["contact_name"],
                    phone=data["phone"],
                    credit_code=data["credit_code"],
                    id_type=data["id_type"],
                    id_number=data["id_number"],
                    address=data["address"],
                ),
                form_key=form.form_key,
            )
        except FormUsed as used:
            return redirect(used.record)
        except DeskError as error:
            form_error(form, error)
        else:
            return redirect(lessee)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, "leasing/form.html", form, _("New lessee"), status)


@require_http_methods(["GET", "POST"])
@role_required(*DESK_ROLES)
def lessee_edit(request, pk: int):
    lessee = selectors.lessee_get(user=request.user, pk=pk)
    initial = {field: getattr(lessee, field) for field in LesseeEditForm.base_fields}
    form = LesseeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.lessee_update(actor=request.user, lessee=lessee, **form.cleaned_data)
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The lessee is saved."))
            return redirect(lessee)
    status = 400 if request.method == "POST" else 200
    title = _("Edit lessee %(name)s") % {"name": lessee.name}
    return _form_page(request, "leasing/form.html", form, title, status)


@require_GET
@role_required(*VIEW_ROLES)
def lessee_detail(request, pk: int):
    lessee = selectors.lessee_get(user=request.user, pk=pk)
    return render(
        request,
        "leasing/lessee_detail.html",
        {
            "lessee": lessee,
            "can_desk": has_role(request.user, *DESK_ROLES),
            "owes": selectors.lessee_owes(lessee=lessee),
            "contracts": list(lessee.contracts.select_related("space").order_by("-start")[:20]),
            "negotiations": list(lessee.negotiations.select_related("space")[:20]),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*DESK_ROLES)
def negotiation_new(request):
    spaces = scope(Space.objects.filter(active=True), request.user).order_by("code")[:500]
    lessees = scope(Lessee.objects.all(), request.user).order_by("name")[:500]
    form = NegotiationForm(request.POST or None, spaces=spaces, lessees=lessees)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            negotiation = services.negotiation_open(
                actor=request.user,
                space=selectors.space_get(user=request.user, pk=data["space"]),
                lessee=selectors.lessee_get(user=request.user, pk=data["lessee"]),
                purpose=data["purpose"],
                form_key=form.form_key,
            )
        except FormUsed as used:
            return redirect(used.record)
        except DeskError as error:
            form_error(form, error)
        else:
            return redirect(negotiation)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, "leasing/form.html", form, _("New negotiation"), status)


def _negotiation_page(request, negotiation, *, contact=None, status=200):
    return render(
        request,
        "leasing/negotiation_detail.html",
        {
            "negotiation": negotiation,
            "contacts": list(negotiation.contacts.select_related("recorded_by")),
            "contact_form": contact or ContactForm(initial={"on": timezone.localdate()}),
            "drop_form": ReasonForm(),
            "can_desk": has_role(request.user, *DESK_ROLES),
        },
        status=status,
    )


@require_GET
@role_required(*VIEW_ROLES)
def negotiation_detail(request, pk: int):
    return _negotiation_page(request, selectors.negotiation_get(user=request.user, pk=pk))


@require_POST
@role_required(*DESK_ROLES)
def contact_add(request, pk: int):
    negotiation = selectors.negotiation_get(user=request.user, pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_record(
                actor=request.user,
                negotiation=negotiation,
                **{k: v for k, v in form.cleaned_data.items() if k != "key"},
                form_key=form.form_key,
            )
        except FormUsed:
            return redirect(negotiation)
        except DeskError as error:
            form_error(form, error)
        else:
            return redirect(negotiation)
    return _negotiation_page(request, negotiation, contact=form, status=400)


@require_POST
@role_required(*DESK_ROLES)
def negotiation_drop(request, pk: int):
    negotiation = selectors.negotiation_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason it is dropped."))
        return redirect(negotiation)
    try:
        services.negotiation_drop(
            actor=request.user, negotiation=negotiation, reason=form.cleaned_data["reason"]
        )
    except DeskError as error:
        return _refused(request, negotiation, error)
    return redirect(negotiation)


def _terms(data) -> services.Terms:
    return services.Terms(
        start=data["start"],
        end=data["end"],
        rent=data["rent"],
        cycle=data["cycle"],
        purpose=data["purpose"],
        rent_free_months=data["rent_free_months"],
        escalation=data["escalation"],
        due_days=data["due_days"],
        site_fee=data["site_fee"],
        deposit=data["deposit"],
        signed_on=data["signed_on"],
    )


@require_http_methods(["GET", "POST"])
@role_required(*DESK_ROLES)
def contract_new(request, pk: int):
    """Sign the contract a negotiation has come to."""
    negotiation = selectors.negotiation_get(user=request.user, pk=pk)
    if negotiation.status != Negotiation.Status.OPEN:
        return redirect(negotiation)
    form = ContractForm(
        request.POST or None,
        initial={"purpose": negotiation.purpose, "signed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_sign(
                actor=request.user,
                space=negotiation.space,
                lessee=negotiation.lessee,
                negotiation=negotiation,
                terms=_terms(form.cleaned_data),
                form_key=form.form_key,
            )
        except FormUsed as used:
            return redirect(used.record)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            form_error(form, error)
        else:
            return redirect(contract)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "leasing/contract_form.html",
        {
            "form": form,
            "negotiation": negotiation,
            "space": negotiation.space,
            "lessee": negotiation.lessee,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@role_required(*DESK_ROLES)
def contract_renew(request, pk: int):
    """Renew a contract in force: a new contract from the day after it ends."""
    contract = selectors.contract_get(user=request.user, pk=pk)
    if contract.status != Contract.Status.ACTIVE:
        return redirect(contract)
    start = contract.end + datetime.timedelta(days=1)
    form = ContractForm(
        request.POST or None,
        initial={
            "start": start,
            "end": add_months(start, 12) - datetime.timedelta(days=1),
            "rent": contract.rent,
            "cycle": contract.cycle,
            "escalation": contract.escalation,
            "due_days": contract.due_days,
            "site_fee": contract.site_fee,
            "deposit": "0",
            "purpose": contract.purpose,
            "signed_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            renewal = services.contract_renew(
                actor=request.user,
                contract=contract,
                terms=_terms(form.cleaned_data),
                form_key=form.form_key,
            )
        except FormUsed as used:
            return redirect(used.record)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            form_error(form, error)
        else:
            return redirect(renewal)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "leasing/contract_form.html",
        {"form": form, "renews": contract, "space": contract.space, "lessee": contract.lessee},
        status=status,
    )


def _contract_page(request, contract, *, pay=None, terminate=None, status=200):
    user = request.user
    charges = selectors.contract_charges(contract) if has_role(user, *VIEW_ROLES) else []
    open_rows = [row for row in charges if row.charge.status in selectors.OPEN]
    return render(
        request,
        "leasing/contract_detail.html",
        {
            "contract": contract,
            "charges": charges,
            "pay_form": (pay or PayForm(charges=open_rows + _deposit_rows(contract)))
            if has_role(user, *PAY_ROLES)
            else None,
            "terminate_form": (terminate or TerminateForm())
            if has_role(user, *TERMINATE_ROLES)
            else None,
            # a technician inspecting the space sees its facts, not the lessee's money
            "sees_money": has_role(user, *VIEW_ROLES),
            "scan_form": ScanForm() if has_role(user, *DESK_ROLES) else None,
            "can_renew": has_role(user, *DESK_ROLES)
            and contract.status == Contract.Status.ACTIVE
            and not hasattr(contract, "renewal"),
            "scans": list(contract.scans.all()) if has_role(user, *SCAN_ROLES) else [],
            "supervisions": list(contract.supervisions.select_related("inspector")[:20]),
            "rectified_form": RectifiedForm(initial={"on": timezone.localdate()})
            if has_role(user, *SUPERVISE_ROLES)
            else None,
            "supervise_form": SupervisionForm(initial={"on": timezone.localdate()})
            if has_role(user, *SUPERVISE_ROLES)
            else None,
            "expiring_on": timezone.localdate() + datetime.timedelta(days=selectors.EXPIRING_DAYS),
        },
        status=status,
    )


@require_GET
@role_required(*VIEW_ROLES, *SUPERVISE_ROLES)
def contract_detail(request, pk: int):
    return _contract_page(request, selectors.contract_get(user=request.user, pk=pk))


@require_POST
@role_required(*PAY_ROLES)
def contract_pay(request, pk: int):
    contract = selectors.contract_get(user=request.user, pk=pk)
    used = payment_for_key(key=_posted_key(request))
    if used is not None and used.estate_id == contract.estate_id:
        # posted again (its charges are paid now): the first post's receipt
        return redirect("fees:payment-detail", used.pk)
    charges = selectors.contract_charges(contract)
    open_rows = [row for row in charges if row.charge.status in selectors.OPEN]
    form = PayForm(request.POST, charges=open_rows + _deposit_rows(contract))
    if form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.payment_take(
                actor=request.user,
                contract=contract,
                charge_ids=data["charges"],
                amount=data["amount"],
                method=data["method"],
                reference=data["reference"],
                form_key=form.form_key,
            )
        except PaymentFormUsed as used:
            return redirect("fees:payment-detail", used.payment.pk)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            form_error(form, error)
        else:
            messages.success(
                request, _("Receipt %(number)s issued.") % {"number": payment.receipt_number}
            )
            return redirect(contract)
    return _contract_page(request, contract, pay=form, status=400)


def _posted_key(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("key", ""))
    except ValueError:
        return None


class _DepositRow:
    def __init__(self, charge):
        self.charge = charge
        self.charge_id = charge.pk


def _deposit_rows(contract) -> list:
    if contract.deposit_id and contract.deposit.charge.status in selectors.OPEN:
        return [_DepositRow(contract.deposit.charge)]
    return []


@require_POST
@role_required(*TERMINATE_ROLES)
def contract_terminate(request, pk: int):
    contract = selectors.contract_get(user=request.user, pk=pk)
    form = TerminateForm(request.POST)
    if form.is_valid():
        try:
            services.contract_terminate(actor=request.user, contract=contract, **form.cleaned_data)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            form_error(form, error)
        else:
            return redirect(contract)
    return _contract_page(request, contract, terminate=form, status=400)


@require_POST
@role_required(*DESK_ROLES)
def scan_add(request, pk: int):
    contract = selectors.contract_get(user=request.user, pk=pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the scan to upload."))
        return redirect(contract)
    try:
        services.scan_add(actor=request.user, contract=contract, upload=form.cleaned_data["file"])
    except DeskError as error:
        return _refused(request, contract, error)
    return redirect(contract)


@require_POST
@role_required(*SUPERVISE_ROLES)
def supervision_add(request, pk: int):
    contract = selectors.contract_get(user=request.user, pk=pk)
    form = SupervisionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the inspection's date and finding."))
        return redirect(contract)
    data = {k: v for k, v in form.cleaned_data.items() if k != "key"}
    try:
        services.supervision_record(
            actor=request.user, contract=contract, **data, form_key=form.form_key
        )
    except FormUsed:
        pass
    except DeskError as error:
        return _refused(request, contract, error)
    return redirect(contract)


@require_POST
@role_required(*SUPERVISE_ROLES)
def supervision_rectified(request, pk: int):
    record = selectors.supervision_get(user=request.user, pk=pk)
    form = RectifiedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the day it was rectified and how."))
        return redirect(record.contract)
    try:
        services.supervision_rectified(
            actor=request.user,
            supervision=record,
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )
    except DeskError as error:
        return _refused(request, record.contract, error)
    return redirect(record.contract)
