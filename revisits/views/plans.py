"""Visit plans: the supervisor's list and new-plan form, and one plan with its revisits."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from frontdesk.errors import DeskError
from frontdesk.forms import form_error
from frontdesk.scoping import desk_estates, has_role, role_required

from .. import selectors, services
from ..forms import PlanForm
from ..permissions import PLAN_ROLES, PLAN_VIEW_ROLES


@require_GET
@role_required(*PLAN_VIEW_ROLES)
def plan_list(request):
    estates = desk_estates(request)
    plans = selectors.plan_list(estate_ids=[e.pk for e in estates])
    context = {"plans": plans, "perms_plan": has_role(request.user, *PLAN_ROLES)}
    return render(request, "revisits/plan_list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_ROLES)
def plan_new(request):
    estates = desk_estates(request)
    staff = selectors.desk_staff([e.pk for e in estates])
    form = PlanForm(request.POST or None, estates=estates, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        estate = next(e for e in estates if e.pk == data["estate"])
        assignee = next((u for u in staff if u.pk == data["assignee"]), None)
        try:
            plan = services.plan_create(
                actor=request.user,
                estate=estate,
                title=data["title"],
                channel=data["channel"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                units=data["units"],
                assignee=assignee,
                note=data["note"],
            )
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Visit plan saved: its visits are in the queue."))
            return redirect(plan)
    status = 400 if request.method == "POST" else 200
    return render(request, "revisits/plan_form.html", {"form": form}, status=status)


@require_GET
@role_required(*PLAN_VIEW_ROLES)
def plan_detail(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    context = {"plan": plan, "revisits": selectors.plan_revisits(plan)}
    return render(request, "revisits/plan_detail.html", context)
