"""The guard's pass check at the gate: small, phone-sized, no scripts. The QR on a pass (and
on the permit) opens this page with the code; a refused pass shows in red and says no more
than why."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.scoping import role_required

from .. import services
from ..forms import GateForm
from ..permissions import GATE_ROLES


@require_GET
@role_required(*GATE_ROLES)
def gate(request):
    form = GateForm(request.GET or None)
    context: dict = {"form": form, "today": timezone.localdate()}
    status = 200
    if form.is_bound and form.is_valid():
        try:
            context["worker_pass"] = services.pass_check(
                actor=request.user, query=form.cleaned_data["q"]
            )
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            context["refusal"] = error.message
            status = 429 if error.code == "rate_limited" else 404
    elif form.is_bound:
        context["refusal"] = next(iter(form.errors.values()))[0]
        status = 400
    return render(request, "renovation/gate.html", context, status=status)
