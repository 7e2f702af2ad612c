"""The phone pages of inspections: my rounds, a round (its places, the QR confirmation, the
items), a place's QR landing page, a nonconformity (handled on the spot, a coordination sheet,
the follow-up), the supervisor's plan page and the list of open nonconformities."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import private_file_response
from frontdesk.once import FormUsed
from frontdesk.scoping import desk_estate_ids, has_role, role_required
from frontdesk.text import staff_name
from workorders import selectors as workorder_selectors

from .. import selectors, services
from ..forms import (
    ExcuseForm,
    FollowUpForm,
    HandleForm,
    PlanForm,
    ReassignForm,
    ResultForm,
    SheetForm,
    VisitForm,
)
from ..models import ItemResult, Nonconformity, Round
from ..permissions import (
    FOLLOW_UP_ROLES,
    HANDLE_ROLES,
    NONCONFORMITY_ROLES,
    PAGE_ROLES,
    PLAN_ROLES,
    ROUND_ROLES,
)


def _refused(request, target, error: DeskError):
    if error.code == FORBIDDEN:
        raise PermissionDenied
    messages.error(request, error.message)
    return redirect(target)


@require_GET
@role_required(*ROUND_ROLES)
def my_rounds(request):
    rounds = selectors.my_rounds(user=request.user, estate_ids=desk_estate_ids(request))
    return render(
        request,
        "inspections/mine.html",
        {"rounds": rounds, "can_plan": has_role(request.user, *PLAN_ROLES)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_ROLES)
def plan(request):
    estate_ids = desk_estate_ids(request)
    templates = selectors.templates_for(estate_ids=estate_ids)
    people = selectors.round_people(estate_ids=estate_ids)
    form = PlanForm(request.POST or None, templates=templates, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        template = next(t for t in templates if t.pk == data["template"])
        assignee = next(u for u in people if u.pk == data["assignee"])
        try:
            round_ = services.round_plan(
                actor=request.user,
                template=template,
                assignee=assignee,
                due_on=data["due_on"],
                form_key=form.form_key,
            )
        except FormUsed as used:  # a double click: the round the first click planned
            messages.info(request, used.message)
            return redirect(used.record)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from error
            form_error(form, error)
        else:
            messages.success(request, _("Round planned."))
            return redirect(round_)
    return render(
        request,
        "inspections/plan.html",
        {
            "form": form,
            "rounds": selectors.planned_rounds(estate_ids=estate_ids),
            "estates": {t.estate for t in templates},
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _round_page(request, round_: Round, status: int = 200):
    user = request.user
    mine = round_.assignee_id == user.pk or user.is_superuser
    can_plan = has_role(user, *PLAN_ROLES) and round_.status != Round.Status.DONE
    reassign_form = None
    if can_plan:
        people = selectors.round_people(estate_ids=[round_.estate_id])
        reassign_form = ReassignForm(people=people, initial={"assignee": round_.assignee_id})
    return render(
        request,
        "inspections/round.html",
        {
            "round": round_,
            "stops": selectors.round_stops(round_, page_key=uuid.uuid4()),
            "can_walk": mine and round_.status != Round.Status.DONE,
            "can_excuse": can_plan,
            "reassign_form": reassign_form,
            "outcomes": ItemResult.Outcome.choices,
        },
        status=status,
    )


@require_GET
@role_required(*PAGE_ROLES)
def round_detail(request, pk: int):
    return _round_page(request, selectors.round_get(user=request.user, pk=pk))


@require_POST
@role_required(*ROUND_ROLES)
def visit(request, pk: int):
    round_ = selectors.round_get(user=request.user, pk=pk)
    form = VisitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the code printed under the QR code."))
        return redirect(round_)
    place = selectors.place_of_round(round_, form.cleaned_data["place"])
    if place is None:
        messages.error(request, _("This place is not on the round."))
        return redirect(round_)
    try:
        services.visit_confirm(
            actor=request.user, round=round_, place=place, token=form.cleaned_data["token"]
        )
    except DeskError as error:
        return _refused(request, round_, error)
    messages.success(request, _("%(place)s confirmed.") % {"place": place.name})
    return redirect(round_)


@require_http_methods(["GET", "POST"])
@role_required(*ROUND_ROLES)
def place_visit(request, pk: int):
    """Where a printed QR code leads: the person's open rounds that need this place; one tap
    confirms presence and time."""
    token = request.POST.get("t") or request.GET.get("t", "")
    place = selectors.place_get(user=request.user, pk=pk, token=token)
    rounds = selectors.rounds_needing_place(user=request.user, place=place)
    if request.method == "POST":
        wanted = request.POST.get("round", "")
        round_ = next((r for r in rounds if str(r.pk) == wanted), None)
        if round_ is None:
            messages.error(request, _("No round of yours needs this place now."))
            return redirect(request.get_full_path())
        try:
            services.visit_confirm(actor=request.user, round=round_, place=place, token=token)
        except DeskError as error:
            return _refused(request, round_, error)
        messages.success(request, _("%(place)s confirmed.") % {"place": place.name})
        return redirect(round_)
    return render(
        request, "inspections/place_visit.html", {"place": place, "rounds": rounds, "token": token}
    )


@require_POST
@role_required(*PLAN_ROLES)
def excuse(request, pk: int):
    round_ = selectors.round_get(user=request.user, pk=pk)
    form = ExcuseForm(request.POST)
    place = None
    if form.is_valid():
        place = selectors.place_of_round(round_, form.cleaned_data["place"])
    if place is None:
        messages.error(request, _("Say why the place is excused."))
        return redirect(round_)
    try:
        services.visit_excuse(
            actor=request.user, round=round_, place=place, reason=form.cleaned_data["reason"]
        )
    except DeskError as error:
        return _refused(request, round_, error)
    messages.success(request, _("%(place)s excused.") % {"place": place.name})
    return redirect(round_)


@require_POST
@role_required(*PLAN_ROLES)
def reassign(request, pk: int):
    round_ = selectors.round_get(user=request.user, pk=pk)
    people = selectors.round_people(estate_ids=[round_.estate_id])
    form = ReassignForm(request.POST, people=people)
    if not form.is_valid():
        messages.error(request, _("Choose who walks the round."))
        return redirect(round_)
    assignee = next(u for u in people if u.pk == form.cleaned_data["assignee"])
    try:
        services.round_reassign(actor=request.user, round=round_, assignee=assignee)
    except DeskError as error:
        return _refused(request, round_, error)
    messages.success(request, _("Round assigned to %(name)s.") % {"name": staff_name(assignee)})
    return redirect(round_)


@require_POST
@role_required(*ROUND_ROLES)
def record(request, pk: int):
    round_ = selectors.round_get(user=request.user, pk=pk)
    form = ResultForm(request.POST, request.FILES)
    if not form.is_valid():
        # The first problem, in the field's words (a result not chosen, a note too long).
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else ""
        messages.error(
            request,
            _("%(field)s: %(error)s") % {"field": label, "error": errors[0]}
            if label
            else errors[0],
        )
        return redirect(round_)
    data = form.cleaned_data
    place = selectors.place_of_round(round_, data["place"])
    item = selectors.item_of_round(round_, data["item"])
    if place is None or item is None:
        messages.error(request, _("This item is not on the round."))
        return redirect(round_)
    try:
        result = services.result_record(
            actor=request.user,
            round=round_,
            place=place,
            item=item,
            outcome=data["outcome"],
            note=data["note"],
            photos=data["photos"],
            form_key=data["key"],
        )
    except DeskError as error:
        return _refused(request, round_, error)
    messages.success(
        request,
        _("%(item)s at %(place)s: %(result)s.")
        % {"item": item.text, "place": place.name, "result": result.get_outcome_display()},
    )
    return redirect(f"{round_.get_absolute_url()}#place-{place.pk}")


@require_POST
@role_required(*ROUND_ROLES)
def complete(request, pk: int):
    round_ = selectors.round_get(user=request.user, pk=pk)
    try:
        services.round_complete(actor=request.user, round=round_)
    except DeskError as error:
        return _refused(request, round_, error)
    messages.success(request, _("Round done."))
    return redirect(round_)


@require_GET
@role_required(*NONCONFORMITY_ROLES)
def nonconformity_list(request):
    status = request.GET.get("status", "")
    rows = selectors.nonconformity_list(
        user=request.user, estate_ids=desk_estate_ids(request), status=status
    )
    return render(
        request,
        "inspections/nonconformities.html",
        {"rows": rows, "status": status, "statuses": Nonconformity.Status.choices},
    )


def _nonconformity_page(request, nonconformity, status: int = 200, **forms):
    user = request.user
    is_open = nonconformity.status == Nonconformity.Status.OPEN
    waiting = nonconformity.status in (Nonconformity.Status.HANDLED, Nonconformity.Status.SHEET)
    sheet = None
    if nonconformity.work_order_id:
        sheet = workorder_selectors.orders_by_id([nonconformity.work_order_id]).get(
            nonconformity.work_order_id
        )
    # On a coordination sheet, the follow-up waits for the department to finish it.
    sheet_pending = (
        nonconformity.status == Nonconformity.Status.SHEET
        and sheet is not None
        and sheet.status not in services.SHEET_DONE_STATUSES
    )
    waiting = waiting and not sheet_pending
    return render(
        request,
        "inspections/nonconformity.html",
        {
            "nc": nonconformity,
            "sheet": sheet,
            "sheet_pending": sheet_pending,
            "follow_ups": selectors.follow_ups(nonconformity),
            "photos": selectors.photos_of(nonconformity.result_id),
            # A refused form stays on the page with its message, whatever the status.
            "can_handle": (is_open or "handle_form" in forms or "sheet_form" in forms)
            and has_role(user, *HANDLE_ROLES),
            "can_follow_up": (waiting or "follow_up_form" in forms)
            and has_role(user, *FOLLOW_UP_ROLES),
            "handle_form": forms.get("handle_form") or HandleForm(),
            "sheet_form": forms.get("sheet_form") or SheetForm(),
            "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
        },
        status=status,
    )


@require_GET
@role_required(*NONCONFORMITY_ROLES)
def nonconformity_detail(request, pk: int):
    return _nonconformity_page(request, selectors.nonconformity_get(user=request.user, pk=pk))


def _post(request, pk: int, form_class, call, done: str, form_name: str):
    nonconformity = selectors.nonconformity_get(user=request.user, pk=pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(nonconformity, {**form.cleaned_data, "key": form.form_key})
        except FormUsed as used:  # the same form again (a double tap): already recorded
            messages.info(request, used.message)
            return redirect(nonconformity)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from error
            form_error(form, error)
        else:
            messages.success(request, done)
            return redirect(nonconformity)
    return _nonconformity_page(request, nonconformity, status=400, **{form_name: form})


@require_POST
@role_required(*HANDLE_ROLES)
def handle(request, pk: int):
    return _post(
        request,
        pk,
        HandleForm,
        lambda nc, data: services.nonconformity_handle(
            actor=request.user,
            nonconformity=nc,
            team_leader=data["team_leader"],
            action=data["action"],
            photos=data["photos"],
            form_key=data["key"],
        ),
        _("Handled on the spot: the follow-up check is scheduled."),
        "handle_form",
    )


@require_POST
@role_required(*HANDLE_ROLES)
def sheet(request, pk: int):
    return _post(
        request,
        pk,
        SheetForm,
        lambda nc, data: services.nonconformity_open_sheet(
            actor=request.user, nonconformity=nc, note=data["note"], form_key=data["key"]
        ),
        _(
            "Coordination sheet sent to the department: the follow-up check is due once "
            "it is completed."
        ),
        "sheet_form",
    )


@require_POST
@role_required(*FOLLOW_UP_ROLES)
def follow_up(request, pk: int):
    return _post(
        request,
        pk,
        FollowUpForm,
        lambda nc, data: services.follow_up_record(
            actor=request.user,
            nonconformity=nc,
            resolved=data["result"] == "resolved",
            note=data["note"],
            photos=data["photos"],
            form_key=data["key"],
        ),
        _("Follow-up check recorded."),
        "follow_up_form",
    )


@require_GET
@role_required(*PAGE_ROLES)
def photo(request, pk: int):
    return private_file_response(selectors.photo_get(user=request.user, pk=pk).file)
