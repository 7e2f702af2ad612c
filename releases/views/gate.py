"""The guard's page at the gate: small, phone-sized, no heavy assets. Find a slip by its
number or code (the QR code opens this page with the code), mark each item, use it once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.scoping import role_required

from .. import selectors, services
from ..forms import GateFindForm
from ..permissions import GATE_ROLES

GATE_SESSION_KEY = "releases_gate"
FIXABLE = ("items_unchecked", "no_note", "bad_photo")


@require_GET
@role_required(*GATE_ROLES)
def gate(request):
    form = GateFindForm(request.GET or None)
    context: dict = {"form": form, "gate": request.session.get(GATE_SESSION_KEY, "")}
    status = 200
    if form.is_bound and form.is_valid():
        try:
            slip = services.gate_find(actor=request.user, query=form.cleaned_data["q"])
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            context["refusal"] = error.message
            status = 404 if error.code != "rate_limited" else 429
        else:
            context["slip"] = slip
            context["items"] = list(slip.items.all())
    return render(request, "releases/gate.html", context, status=status)


@require_POST
@role_required(*GATE_ROLES)
def gate_use(request, pk: int):
    items = [key[len("item_") :] for key in request.POST if key.startswith("item_")]
    checks = []
    for item_id in items:
        if not item_id.isdigit():
            continue
        checks.append(
            services.ItemCheck(
                item_id=int(item_id),
                released=request.POST.get(f"item_{item_id}") == "released",
                note=request.POST.get(f"note_{item_id}", ""),
                photo=request.FILES.get(f"photo_{item_id}"),
            )
        )
    gate_name = request.POST.get("gate", "").strip()[:50]
    request.session[GATE_SESSION_KEY] = gate_name
    try:
        slip = services.gate_use(actor=request.user, slip_id=pk, checks=checks, gate=gate_name)
    except DeskError as error:
        if error.code == FORBIDDEN:
            raise PermissionDenied from None
        context = {"form": GateFindForm(), "refusal": error.message, "gate": gate_name}
        if error.code in FIXABLE:  # the guard corrects the marks on the same slip
            slip = selectors.slip_get(user=request.user, pk=pk)
            context.update(slip=slip, items=list(slip.items.all()))
        return render(request, "releases/gate.html", context, status=409)
    held = [item.description for item in slip.items.all() if item.outcome == item.Outcome.HELD]
    if held:
        messages.warning(
            request,
            _("Slip %(number)s used: the rest may leave; held back: %(held)s.")
            % {"number": slip.number, "held": "、".join(held)},
        )
    else:
        messages.success(
            request, _("Slip %(number)s used: the goods may leave.") % {"number": slip.number}
        )
    return redirect("releases:gate")
