"""The cashier's desk: take a payment for a unit, the receipt on screen and on paper,
reversals with a supervisor's approval, waivers."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, file_response, safe_next
from frontdesk.scoping import desk_estate_ids, has_role, role_required
from owners import search as unit_search

from .. import pdf, selectors, services
from ..errors import PaymentFormUsed
from ..forms import PaymentForm, ReasonForm
from ..models import Charge, Payment, ReversalRequest
from ..permissions import APPROVE_ROLES, PAY_ROLES, VIEW_ROLES
from . import access
from .access import row_required


@require_GET
@role_required(*PAY_ROLES)
def pay_search(request):
    """The desk's "take payment" action: find the unit, then open its pay page."""
    results = unit_search.search(
        estate_ids=desk_estate_ids(request), query=request.GET.get("q", "")
    )
    if request.htmx:
        return render(request, "fees/_pay_search_results.html", {"results": results})
    units = {unit.pk for unit in results.units}
    units.update(unit.pk for person in results.people for unit in person.units)
    if len(units) == 1:  # Enter on a single match goes straight to the cashier's page
        return redirect("fees:unit-pay", pk=units.pop())
    return render(request, "fees/pay_search.html", {"results": results})


@require_http_methods(["GET", "POST"])
@row_required(access.unit, *PAY_ROLES)
def unit_pay(request, unit):
    """The pay page in two steps: the form, then a confirmation showing the amount, the method
    and the split (so Enter in a field never takes money); the confirmation commits, once per
    form (its idempotency key)."""
    charges = list(selectors.open_charges(unit=unit))
    chosen = _chosen(request)
    if request.method == "GET":
        return _render_pay(request, unit, PaymentForm(charges=charges, chosen=chosen))
    form = PaymentForm(request.POST, charges=charges, chosen=chosen)
    if "edit" in request.POST:  # back from the confirmation to change something
        return _render_pay(request, unit, form)
    if not form.is_valid():
        return _render_pay(request, unit, form, status=400)
    data = form.cleaned_data
    used = selectors.payment_for_key(key=data["key"])
    if used is not None:
        return _already_used(request, used)
    arguments = {
        "actor": request.user,
        "unit": unit,
        "amount": data["amount"],
        "method": data["method"],
        "reference": data["reference"],
        "allocations": form.allocations(),
    }
    try:
        preview = services.payment_preview(**arguments)
        if not (request.POST.get("confirm") and form.key_given):
            return _render_confirm(request, unit, form, preview)
        payment = services.payment_take(
            **arguments,
            note=data["note"],
            form_key=data["key"],
            charge_ids=form.charge_ids(),
            prepayment=data["prepayment"],
            above_ceiling_confirmed=data["above_ceiling_confirmed"],
        )
    except PaymentFormUsed as error:
        return _already_used(request, error.payment)
    except DeskError as error:
        if error.code == "above_ceiling":
            return _render_confirm(request, unit, form, preview, error=error.message)
        form_error(form, error)  # an allocation's error shows above the charges table
        return _render_pay(request, unit, form, status=400)
    messages.success(
        request, _("Payment received: receipt %(number)s.") % {"number": payment.receipt_number}
    )
    return _to_receipt(request, payment)


def _chosen(request) -> set[int]:
    """``?charges=1,2,3``: the charges the page that links here is about (the move-in's fee);
    ids of other units or charges no longer open are left out with the rest of the list."""
    return {int(part) for part in request.GET.get("charges", "").split(",") if part.isdigit()}


def _to_receipt(request, payment: Payment):
    back = safe_next(request)
    target = reverse("fees:payment-detail", args=[payment.pk])
    return redirect(f"{target}?{urlencode({'next': back})}" if back else target)


def _already_used(request, payment: Payment):
    """A second post of one form (double click, Enter, resend): the first receipt, nothing
    recorded."""
    messages.warning(
        request,
        _("This payment form was already used: receipt %(number)s. Nothing new was recorded.")
        % {"number": payment.receipt_number},
    )
    return _to_receipt(request, payment)


def _render_confirm(request, unit, form: PaymentForm, preview, error: str = ""):
    context = {
        "unit": unit,
        "owners": pdf.owner_names(unit.pk),
        "preview": preview,
        "carried": form.carried(),
        "note": form.cleaned_data["note"],
        "prepayment": form.cleaned_data["prepayment"],
        "error": error,
        "chosen": ",".join(str(pk) for pk in sorted(form.chosen)),
        "chosen_ids": form.chosen,
    }
    return render(request, "fees/pay_confirm.html", context, status=400 if error else 200)


def _render_pay(request, unit, form: PaymentForm, status: int = 200):
    context = {
        "unit": unit,
        "owners": pdf.owner_names(unit.pk),
        "arrears": selectors.arrears_for_unit(unit),
        "credit": selectors.unit_credit(unit=unit),
        "form": form,
        "rows": form.allocation_rows,
        "chosen": ",".join(str(pk) for pk in sorted(form.chosen)),
        "can_waive": has_role(request.user, *APPROVE_ROLES),
        "back": safe_next(request),
    }
    return render(request, "fees/unit_pay.html", context, status=status)


@require_POST
@row_required(access.unit, *PAY_ROLES)
def unit_apply_credit(request, unit):
    settled = services.credit_apply(actor=request.user, unit=unit)
    if settled:
        messages.success(
            request,
            ngettext(
                "The prepaid balance settled %(count)d charge.",
                "The prepaid balance settled %(count)d charges.",
                settled,
            )
            % {"count": settled},
        )
    else:
        messages.info(request, _("Nothing to settle: no prepaid balance or no open charge."))
    return redirect("fees:unit-pay", pk=unit.pk)


@require_POST
@row_required(access.charge, *APPROVE_ROLES)
def charge_waive(request, charge: Charge):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
    else:
        try:
            services.charge_waive(
                actor=request.user, charge=charge, reason=form.cleaned_data["reason"]
            )
        except DeskError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(charge)s waived.") % {"charge": charge})
    if charge.unit_id is None:
        return redirect("home")
    if has_role(request.user, *PAY_ROLES):
        return redirect("fees:unit-pay", pk=charge.unit_id)
    return redirect("owners:unit-detail", pk=charge.unit_id)


@require_GET
@row_required(access.payment, *VIEW_ROLES)
def payment_detail(request, payment: Payment):
    return _render_payment(request, payment, ReasonForm())


def _render_payment(request, payment: Payment, reversal_form: ReasonForm, status: int = 200):
    # The original's page links to its reversal (one query; the selector does not join it).
    reversed_by = None if payment.is_reversal else Payment.objects.filter(reverses=payment).first()
    requests = list(payment.reversal_requests.select_related("requested_by", "decided_by"))
    pending = next((r for r in requests if r.status == ReversalRequest.Status.PENDING), None)
    context = {
        **pdf.receipt_context(payment),
        "back": safe_next(request),
        "later": list(
            payment.allocations.filter(from_prepaid=True)
            .select_related("charge__fee_type")
            .order_by("id")
        ),
        "reversed_by": reversed_by,
        "requests": requests,
        "pending": pending,
        "reversal_form": reversal_form,
        "can_request": (
            has_role(request.user, *PAY_ROLES)
            and not payment.is_reversal
            and reversed_by is None
            and pending is None
        ),
        "can_decide": pending is not None and has_role(request.user, *APPROVE_ROLES),
        "can_pay": has_role(request.user, *PAY_ROLES),
    }
    return render(request, "fees/payment_detail.html", context, status=status)


@require_GET
@row_required(access.payment, *VIEW_ROLES)
def receipt_pdf(request, payment: Payment):
    layout = request.GET.get("layout", "a5")
    if layout not in pdf.LAYOUTS:
        raise Http404
    return file_response(
        pdf.render_receipt(payment, layout, copies=request.GET.get("copies") == "3"),
        PDF,
        f"{payment.receipt_number}-{layout}.pdf",
        inline=True,
    )


@require_POST
@row_required(access.payment, *PAY_ROLES)
def reversal_request(request, payment: Payment):
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.reversal_request(
                actor=request.user, payment=payment, reason=form.cleaned_data["reason"]
            )
        except DeskError as error:
            if error.field != "reason":  # already reversed, pending…: nothing to fix in the form
                messages.error(request, error.message)
                return redirect("fees:payment-detail", pk=payment.pk)
            form_error(form, error)
        else:
            messages.success(request, _("Reversal requested: a supervisor must approve it."))
            return redirect("fees:payment-detail", pk=payment.pk)
    return _render_payment(request, payment, form, status=400)


@require_POST
@row_required(access.reversal_request, *APPROVE_ROLES)
def reversal_approve(request, reversal_request: ReversalRequest):
    try:
        reversal = services.reversal_approve(actor=request.user, request=reversal_request)
    except DeskError as error:
        messages.error(request, error.message)
        return redirect("fees:payment-detail", pk=reversal_request.payment_id)
    messages.success(
        request,
        _("Receipt %(original)s reversed by %(reversal)s; its charges are open again.")
        % {"original": reversal.reverses.receipt_number, "reversal": reversal.receipt_number},
    )
    return redirect("fees:payment-detail", pk=reversal.pk)


@require_POST
@row_required(access.reversal_request, *APPROVE_ROLES)
def reversal_refuse(request, reversal_request: ReversalRequest):
    try:
        services.reversal_refuse(actor=request.user, request=reversal_request)
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Reversal refused."))
    return redirect("fees:payment-detail", pk=reversal_request.payment_id)
