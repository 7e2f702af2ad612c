"""The desk's pages: a new slip, the slip with its actions and print, the lists, the day's
reconciliation."""

import datetime
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

from fees.permissions import PAY_ROLES
from fees.selectors import arrears_for_unit
from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, file_response, private_file_response
from frontdesk.once import FormUsed
from frontdesk.scoping import desk_estate_ids, desk_estates, has_role, role_required, scope
from owners import selectors as owner_selectors
from owners.models import Unit
from owners.selectors import current_owners

from .. import pdf, selectors, services
from ..forms import CancelForm, ConfirmForm, ReconciliationForm, SlipForm
from ..models import ReleaseSlip
from ..permissions import ISSUE_ROLES, OVERRIDE_ROLES, RECONCILE_ROLES, VIEW_ROLES

LIST_TITLES = {
    "today": gettext_lazy("Issued today"),
    "waiting": gettext_lazy("Waiting for the owner"),
    "used": gettext_lazy("Used"),
    "expired": gettext_lazy("Expired"),
}


def _prefilled_unit(request):
    unit_id = request.GET.get("unit", "")
    if not unit_id.isdigit():
        return None
    return scope(Unit.objects.all(), request.user).filter(pk=unit_id).first()


def _pay_link(request, unit) -> str:
    """The fees payment page that returns to a new slip for the unit, for those who take
    payments (anyone else sends the requester to the cashier)."""
    if not has_role(request.user, *PAY_ROLES):
        return ""
    back = reverse("releases:slip-new") + "?" + urlencode({"unit": unit.pk})
    return reverse("fees:unit-pay", args=[unit.pk]) + "?" + urlencode({"next": back})


@require_GET
@role_required(*ISSUE_ROLES)
def unit_check(request):
    """The unit typed on the slip form, checked at once (htmx): its owners to call and its
    arrears, before anything is written. The slip's own check stands when it is issued."""
    estate_ids = [e.pk for e in desk_estates(request)]
    asked = request.GET.get("estate", "")
    if asked.isdigit() and int(asked) in estate_ids:
        estate_ids = [int(asked)]
    code = request.GET.get("unit_code", "").strip()[:32]
    unit = (
        Unit.objects.filter(estate_id__in=estate_ids, code=code).select_related("estate").first()
        if code
        else None
    )
    context: dict = {"code": code, "unit": unit}
    if unit is not None:
        arrears = arrears_for_unit(unit)
        context.update(
            owners=list(current_owners(unit)),
            arrears=arrears,
            pay_url=_pay_link(request, unit) if arrears else "",
        )
    return render(request, "releases/_unit_check.html", context)


@require_GET
@role_required(*VIEW_ROLES)
def item_photo(request, pk: int, which: str):
    """An item's photo taken at the desk, or the gate's photo of goods held back; private."""
    item = selectors.item_get(user=request.user, pk=pk)
    photo = {"photo": item.photo, "gate": item.gate_photo}.get(which)
    if not photo:
        raise Http404
    return private_file_response(photo)


@require_http_methods(["GET", "POST"])
@role_required(*ISSUE_ROLES)
def slip_new(request):
    estates = desk_estates(request)
    context: dict = {"can_override": has_role(request.user, *OVERRIDE_ROLES)}
    if request.method == "GET":
        initial = {}
        unit = _prefilled_unit(request)
        if unit is not None:
            initial = {"unit_code": unit.code, "estate": unit.estate_id}
        form = SlipForm(initial=initial, estates=estates)
        return render(request, "releases/slip_form.html", {**context, "form": form})
    form = SlipForm(request.POST, request.FILES, estates=estates)
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
                slip = services.slip_request(
                    actor=request.user,
                    unit=unit,
                    requester_name=data["requester_name"],
                    relation=data["relation"],
                    id_type=data["id_type"],
                    id_number=data["id_number"],
                    reason=data["reason"],
                    reason_note=data["reason_note"],
                    items=[services.ItemInput(d, q, p) for d, q, p in form.items()],
                    valid_on=data["valid_on"],
                    plate=data["plate"],
                    override_reason=data["override_reason"],
                    confirmed_by_name=data["confirmed_by_name"],
                    confirm_phone=data["confirm_phone"],
                    confirm_answer=data["confirm_answer"],
                    form_key=form.form_key,
                )
            except FormUsed as used:  # a double click or resend: the first slip, no second
                messages.info(request, used.message)
                return redirect(used.record)
            except DeskError as error:
                if error.code == FORBIDDEN:
                    raise PermissionDenied from None
                form_error(form, error)
                if error.code == "arrears":
                    context.update(arrears_block=True, pay_url=_pay_link(request, unit))
            else:
                if slip.status == ReleaseSlip.Status.ISSUED:
                    messages.success(
                        request, _("Release slip %(number)s issued.") % {"number": slip.number}
                    )
                elif slip.status == ReleaseSlip.Status.WAITING:
                    messages.info(request, _("The slip waits for the owner's confirmation."))
                else:
                    messages.warning(request, _("The owner did not agree: the slip is cancelled."))
                return redirect(slip)
    return render(request, "releases/slip_form.html", {**context, "form": form}, status=400)


@require_GET
@role_required(*VIEW_ROLES)
def slip_detail(request, pk: int):
    slip = selectors.slip_get(user=request.user, pk=pk)
    can_act = has_role(request.user, *ISSUE_ROLES)
    context = {
        "slip": slip,
        "items": list(slip.items.all()),
        "can_act": can_act,
        "can_override": has_role(request.user, *OVERRIDE_ROLES),
        "confirm_form": ConfirmForm(initial={"confirm_answer": ReleaseSlip.Answer.AGREED}),
        "cancel_form": CancelForm(),
        "history": slip.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, "releases/slip_detail.html", context)


def _refused(request, slip, error: DeskError):
    if error.code == FORBIDDEN:
        raise PermissionDenied
    messages.error(request, error.message)
    return redirect(slip)


@require_POST
@role_required(*ISSUE_ROLES)
def slip_confirm(request, pk: int):
    slip = selectors.slip_get(user=request.user, pk=pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Record who answered, the number called and the answer."))
        return redirect(slip)
    try:
        slip = services.slip_confirm(actor=request.user, slip=slip, **form.cleaned_data)
    except DeskError as error:
        return _refused(request, slip, error)
    if slip.status == ReleaseSlip.Status.ISSUED:
        messages.success(request, _("Release slip %(number)s issued.") % {"number": slip.number})
    else:
        messages.warning(request, _("The owner did not agree: the slip is cancelled."))
    return redirect(slip)


@require_POST
@role_required(*ISSUE_ROLES)
def slip_cancel(request, pk: int):
    slip = selectors.slip_get(user=request.user, pk=pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the slip is cancelled."))
        return redirect(slip)
    try:
        services.slip_cancel(actor=request.user, slip=slip, reason=form.cleaned_data["reason"])
    except DeskError as error:
        return _refused(request, slip, error)
    messages.success(request, _("The slip is cancelled."))
    return redirect(slip)


@require_POST
@role_required(*ISSUE_ROLES)
def slip_paper(request, pk: int):
    slip = selectors.slip_get(user=request.user, pk=pk)
    try:
        services.slip_paper_returned(actor=request.user, slip=slip)
    except DeskError as error:
        return _refused(request, slip, error)
    messages.success(request, _("The slip's paper is ticked off."))
    return redirect(slip)


@require_GET
@role_required(*VIEW_ROLES)
def slip_pdf(request, pk: int):
    slip = selectors.slip_get(user=request.user, pk=pk)
    if slip.status != ReleaseSlip.Status.ISSUED:
        messages.error(request, _("Only an issued slip is printed."))
        return redirect(slip)
    gate_url = (
        request.build_absolute_uri(reverse("releases:gate")) + "?" + urlencode({"q": slip.code})
    )
    return file_response(
        pdf.render_slip(slip, gate_url=gate_url), PDF, f"release-{slip.number}.pdf", inline=True
    )


@require_GET
@role_required(*VIEW_ROLES)
def slip_list(request):
    which = request.GET.get("list", "today")
    if which not in selectors.LISTS:
        which = "today"
    page = selectors.slip_page(
        estate_ids=desk_estate_ids(request), which=which, cursor=request.GET.get("after", "")
    )
    return render(
        request,
        "releases/slip_list.html",
        {
            "page": page,
            "which": which,
            "tabs": list(LIST_TITLES.items()),
            "title": LIST_TITLES[which],
            "query": urlencode({"list": which}),
            "can_issue": has_role(request.user, *ISSUE_ROLES),
        },
    )


@require_GET
@role_required(*RECONCILE_ROLES)
def reconciliation(request):
    form = ReconciliationForm(request.GET or None)
    day = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["day"]:
        day = form.cleaned_data["day"]
    report = selectors.reconciliation(estate_ids=desk_estate_ids(request), day=day)
    return render(
        request,
        "releases/reconciliation.html",
        {
            "form": form if form.is_bound else ReconciliationForm(initial={"day": day}),
            "report": report,
            "previous": day - datetime.timedelta(days=1),
        },
    )
