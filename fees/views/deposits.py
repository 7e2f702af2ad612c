"""Refundable deposits at the desk: the list (held, awaiting payment, settled), a deposit's
ledger, demanding one, settling it (a CS supervisor), cancelling an unpaid one, and the
refund slip."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, file_response
from frontdesk.once import FormUsed
from frontdesk.scoping import desk_estate_ids, has_role, role_required
from owners import selectors as owner_selectors

from .. import pdf, selectors, services
from ..forms import DepositForm, ReasonForm, SettleForm
from ..models import Deposit
from ..permissions import DEPOSIT_ROLES, DEPOSIT_SETTLE_ROLES, DEPOSIT_VIEW_ROLES, PAY_ROLES
from . import access
from .access import row_required

LIST_TITLES = {
    "held": gettext_lazy("Held"),
    "awaiting": gettext_lazy("Awaiting payment"),
    "settled": gettext_lazy("Settled"),
    "all": gettext_lazy("All"),
}


@require_GET
@role_required(*DEPOSIT_VIEW_ROLES)
def deposit_list(request):
    which = request.GET.get("list", "held")
    if which not in LIST_TITLES:
        which = "held"
    page = selectors.deposit_page(
        estate_ids=desk_estate_ids(request), which=which, cursor=request.GET.get("after", "")
    )
    context = {
        "page": page,
        "which": which,
        "tabs": list(LIST_TITLES.items()),
        "title": LIST_TITLES[which],
        "query": urlencode({"list": which}),
        "can_demand": has_role(request.user, *DEPOSIT_ROLES),
    }
    return render(request, "fees/deposit_list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*DEPOSIT_ROLES)
def deposit_new(request):
    fee_types = list(selectors.deposit_fee_types(estate_ids=desk_estate_ids(request)))
    form = DepositForm(request.POST or None, fee_types=fee_types)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fee_type = form.fee_types[data["fee_type"]]
        code = data["unit_code"].strip()
        unit = owner_selectors.units_coded(code).filter(estate_id=fee_type.estate_id).first()
        if unit is None:
            form.add_error(
                "unit_code",
                _("No unit with this code in %(estate)s.") % {"estate": fee_type.estate},
            )
        else:
            try:
                deposit = services.deposit_require(
                    actor=request.user,
                    estate_id=fee_type.estate_id,
                    fee_type=fee_type,
                    amount=data["amount"],
                    purpose=data["purpose"],
                    unit=unit,
                    payer_name=data["payer_name"],
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
                messages.success(request, _("Deposit demanded: take the payment at the desk."))
                return redirect(deposit)
    status = 400 if form.is_bound else 200
    context = {"form": form, "no_fee_type": not fee_types}
    return render(request, "fees/deposit_form.html", context, status=status)


def _render(request, deposit: Deposit, *, settle=None, cancel=None, status: int = 200):
    supervisor = has_role(request.user, *DEPOSIT_SETTLE_ROLES)
    deductions = list(deposit.deductions.all())
    context = {
        "deposit": deposit,
        "payments": selectors.deposit_payments(deposit),
        "deductions": deductions,
        "settle_form": settle
        or (
            SettleForm(initial={"refund_to": deposit.payer_name, "refund_method": "cash"})
            if supervisor and deposit.is_held
            else None
        ),
        "cancel_form": cancel
        or (
            ReasonForm()
            if supervisor
            and deposit.status == Deposit.Status.OPEN
            and not deposit.charge.paid_amount
            else None
        ),
        "pay_url": (
            reverse("fees:unit-pay", args=[deposit.unit_id])
            + "?"
            + urlencode({"charges": deposit.charge_id, "next": deposit.get_absolute_url()})
            if deposit.status == Deposit.Status.OPEN
            and deposit.unit_id is not None  # an outside payer's: paid where it was demanded
            and not deposit.is_held
            and has_role(request.user, *PAY_ROLES)
            else ""
        ),
    }
    return render(request, "fees/deposit_detail.html", context, status=status)


@require_GET
@row_required(access.deposit, *DEPOSIT_VIEW_ROLES)
def deposit_detail(request, deposit: Deposit):
    return _render(request, deposit)


@require_POST
@row_required(access.deposit, *DEPOSIT_SETTLE_ROLES)
def deposit_settle(request, deposit: Deposit):
    if deposit.status == Deposit.Status.SETTLED:  # a second post of the same form
        messages.info(request, _("This deposit is already settled."))
        return redirect(deposit)
    form = SettleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.deposit_settle(
                actor=request.user,
                deposit=deposit,
                deductions=[services.DeductionInput(*row) for row in form.deductions()],
                refund_to=data["refund_to"],
                refund_method=data["refund_method"],
            )
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Deposit settled: print the refund slip."))
            return redirect(deposit)
    deposit = selectors.deposit_get(user=request.user, pk=deposit.pk)
    return _render(request, deposit, settle=form, status=400)


@require_POST
@row_required(access.deposit, *DEPOSIT_SETTLE_ROLES)
def deposit_cancel(request, deposit: Deposit):
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.deposit_cancel(
                actor=request.user, deposit=deposit, reason=form.cleaned_data["reason"]
            )
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Deposit cancelled; its charge is waived."))
            return redirect(deposit)
    deposit = selectors.deposit_get(user=request.user, pk=deposit.pk)
    return _render(request, deposit, cancel=form, status=400)


@require_GET
@row_required(access.deposit, *DEPOSIT_VIEW_ROLES)
def refund_pdf(request, deposit: Deposit):
    if deposit.status != Deposit.Status.SETTLED:
        raise Http404
    data = pdf.render_refund(deposit, list(deposit.deductions.all()), timezone.localtime())
    return file_response(data, PDF, f"{deposit.refund_number}.pdf", inline=True)
