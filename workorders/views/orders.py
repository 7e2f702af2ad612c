"""One order's pages: a new order (prefilled from other apps), the order with its steps and
timeline, its photos and its print."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, file_response, private_file_response, safe_next
from frontdesk.models import Department
from frontdesk.once import FormUsed
from frontdesk.scoping import desk_estates, role_required, scope
from frontdesk.timeline import Change, Event
from owners import selectors as owner_selectors
from owners.models import Unit

from .. import pdf, selectors, services
from ..errors import WorkOrderError
from ..forms import (
    BookForm,
    CompleteForm,
    ConfirmForm,
    DispatchForm,
    EmptyForm,
    FollowUpForm,
    NoteForm,
    OrderForm,
    ReasonForm,
    ReassignForm,
    technicians_of,
)
from ..models import Source, WorkOrder
from ..permissions import CREATE_ROLES, STEP_ROLES, VIEW_ROLES

STEP_FORMS = {
    "dispatch": DispatchForm,
    "sign": EmptyForm,
    "start": EmptyForm,
    "complete": CompleteForm,
    "verify": NoteForm,
    "book": BookForm,
    "confirm": ConfirmForm,
    "close": NoteForm,
    "reopen": ReasonForm,
    "cancel": ReasonForm,
    "follow_up": FollowUpForm,
    "reassign": ReassignForm,
}
STEP_LABELS = {
    "dispatch": gettext_lazy("Dispatch"),
    "sign": gettext_lazy("Sign for"),
    "start": gettext_lazy("Start work"),
    "complete": gettext_lazy("Complete"),
    "verify": gettext_lazy("Verify"),
    "book": gettext_lazy("Book re-inspection"),
    "confirm": gettext_lazy("Record owner's confirmation"),
    "close": gettext_lazy("Close order"),
    "reopen": gettext_lazy("Reopen"),
    "cancel": gettext_lazy("Cancel order"),
    "follow_up": gettext_lazy("Follow up"),
    "reassign": gettext_lazy("Hand to another technician"),
}


# New order


def _prefill(request, estates) -> dict:
    """Initial values from the query string, so another app can send the desk here."""
    get = request.GET
    initial = {
        key: get[key]
        for key in (
            "description",
            "reporter_name",
            "reporter_phone",
            "location",
            "kind",
            "category",
            "priority",
            "source_type",
            "source_id",
            "parent",
        )
        if get.get(key)
    }
    if get.get("source") in Source.values:
        initial["source"] = get["source"]
    unit_id = get.get("unit", "")
    if unit_id.isdigit():
        unit = scope(Unit.objects.select_related("estate"), request.user).filter(pk=unit_id).first()
        if unit is not None:
            initial["unit_code"] = unit.code
            initial["estate"] = unit.estate_id
    return initial


def _source_object(request, form: OrderForm, estate):
    label, object_id = form.cleaned_data["source_type"], form.cleaned_data["source_id"]
    if not label or not object_id:
        return None
    app_label, _dot, model = label.lower().partition(".")
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    model_class = content_type.model_class() if content_type else None
    if model_class is None:
        form.add_error(None, _("The record this order comes from no longer exists."))
        return None
    queryset = model_class._default_manager.all()
    if hasattr(model_class, "estate_lookup"):
        queryset = scope(queryset, request.user)
    found = queryset.filter(pk=object_id).first()
    if found is None:
        form.add_error(None, _("The record this order comes from no longer exists."))
    return found


@require_http_methods(["GET", "POST"])
@role_required(*CREATE_ROLES)
def order_new(request):
    estates = desk_estates(request)
    departments = selectors.departments_for(estates)
    if request.method == "GET":
        form = OrderForm(
            initial=_prefill(request, estates), estates=estates, departments=departments
        )
        return render(request, "workorders/order_form.html", {"form": form})
    form = OrderForm(request.POST, request.FILES, estates=estates, departments=departments)
    if form.is_valid():
        try:
            order = _create(request, form, estates, departments)
        except FormUsed as used:  # a double click, Back and resend: the first order, no second
            messages.info(request, used.message)
            return redirect(used.record)
        if order is not None:
            messages.success(
                request, _("Work order %(number)s created.") % {"number": order.number}
            )
            return redirect(order)
    return render(request, "workorders/order_form.html", {"form": form}, status=400)


def _create(request, form: OrderForm, estates, departments) -> WorkOrder | None:
    data = form.cleaned_data
    estate = next(e for e in estates if e.pk == data["estate"])
    unit = None
    if data["unit_code"].strip():
        unit = owner_selectors.units_coded(data["unit_code"]).filter(estate=estate).first()
        if unit is None:
            form.add_error(
                "unit_code", _("No unit with this code in %(estate)s.") % {"estate": estate}
            )
    department = None
    if data["department"]:
        department = next((d for d in departments if d.pk == data["department"]), None)
    parent = None
    if data["parent"]:
        parent = selectors.parent_get(user=request.user, pk=data["parent"])
        if parent is None:
            form.add_error(None, _("The parent order was not found."))
    source_object = _source_object(request, form, estate)
    if form.errors:
        return None
    try:
        return services.order_create(
            actor=request.user,
            estate=estate,
            kind=data["kind"],
            category=data["category"],
            description=data["description"],
            unit=unit,
            location=data["location"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            department=department,
            priority=data["priority"],
            source=data["source"],
            source_object=source_object,
            parent=parent,
            photos=data["photos"],
            form_key=form.form_key,
        )
    except FormUsed:
        raise  # the page shows the first order
    except DeskError as error:
        if error.code == FORBIDDEN:
            raise PermissionDenied from None
        form_error(form, error)
        return None


# One order


def _timeline(events) -> list[Event]:
    """The order's steps in the shape of the desk's history timeline, newest first."""
    rows = []
    for event in events:
        changes = []
        if event.from_status != event.to_status:
            changes.append(
                Change(_("status"), event.get_from_status_display(), event.get_to_status_display())
            )
        rows.append(
            Event(
                at=event.at,
                user=event.actor,
                verb=event.get_action_display(),
                kind="",
                label=event.note,
                changes=changes,
            )
        )
    return rows[::-1]


def _step_forms(request, order: WorkOrder, bound: dict | None = None) -> list[tuple]:
    steps = services.allowed_steps(request.user, order)
    forms = []
    for step in steps:
        if bound and step in bound:
            form = bound[step]
        elif step == "dispatch":
            departments = list(
                Department.objects.filter(estate_id=order.estate_id).select_related("estate")
            )
            form = DispatchForm(
                departments=departments,
                technicians=technicians_of(departments),
                initial={"department": order.department_id},
            )
        elif step == "confirm":
            form = ConfirmForm(initial={"signed_by": order.reporter_name})
        elif step == "reassign":
            others = _others(order)
            if not others:
                continue  # nobody else in the department to hand it to
            form = ReassignForm(technicians=others)
        else:
            form = STEP_FORMS[step]()
        forms.append((step, STEP_LABELS[step], form))
    return forms


def _source_url(order: WorkOrder) -> str:
    """The page of the record the order came from (a call, a move-in case), if it has one;
    its URL needs only the primary key, so the record itself is not read."""
    model = order.source_type.model_class() if order.source_type_id else None
    if model is None or not hasattr(model, "get_absolute_url"):
        return ""
    return model(pk=order.source_id).get_absolute_url()


def _render_detail(request, order: WorkOrder, bound: dict | None = None, status: int = 200):
    steps = _step_forms(request, order, bound)
    shown = {step for step, _label, _form in steps}
    # A refused step no longer offered (the order moved on): say why above the page.
    refused = [
        error
        for step, form in (bound or {}).items()
        if step not in shown
        for errors in form.errors.values()
        for error in errors
    ]
    context = {
        "order": order,
        "refused": refused,
        "timeline": _timeline(selectors.order_events(order)),
        "photos": selectors.order_photos(order),
        "children": selectors.order_children(order, user=request.user),
        "steps": steps,
        "now": timezone.now(),
        "source_url": _source_url(order),
    }
    return render(request, "workorders/order_detail.html", context, status=status)


@require_GET
@role_required(*VIEW_ROLES)
def order_detail(request, pk: int):
    return _render_detail(request, selectors.order_get(user=request.user, pk=pk))


def _bind(step: str, request, order: WorkOrder):
    form_class = STEP_FORMS[step]
    if form_class is DispatchForm:
        departments = list(Department.objects.filter(estate_id=order.estate_id))
        return DispatchForm(
            request.POST, departments=departments, technicians=technicians_of(departments)
        )
    if form_class is ReassignForm:
        return ReassignForm(request.POST, technicians=_others(order))
    return form_class(request.POST, request.FILES)


def _others(order: WorkOrder) -> list:
    """Whom a signed order may be handed to: its department's people but its assignee."""
    department = Department.objects.filter(pk=order.department_id)
    return [u for u in technicians_of(department) if u.pk != order.assignee_id]


def _run(step: str, request, order: WorkOrder, data: dict) -> WorkOrder:
    actor = request.user
    if step == "dispatch":
        department = Department.objects.get(pk=data["department"], estate_id=order.estate_id)
        assignee = None
        if data["assignee"]:
            assignee = next(
                (u for u in technicians_of([department]) if u.pk == data["assignee"]), None
            )
            if assignee is None:
                raise WorkOrderError(
                    _("The technician does not work in that department."),
                    code="wrong_assignee",
                    field="assignee",
                )
        return services.order_dispatch(
            actor=actor, order=order, department=department, assignee=assignee, note=data["note"]
        )
    if step == "sign":
        return services.order_sign(actor=actor, order=order)
    if step == "start":
        return services.order_start(actor=actor, order=order)
    if step == "complete":
        leak_test_at = data["leak_test_at"]
        return services.order_complete(
            actor=actor,
            order=order,
            work_done=data["work_done"],
            materials=data["materials"],
            leak_test_at=leak_test_at,
            paid=data["paid"],
            amount=data["amount"] or None,
            photos=data["photos"],
        )
    if step == "verify":
        return services.order_verify(actor=actor, order=order, note=data["note"])
    if step == "book":
        return services.order_book_reinspection(
            actor=actor, order=order, at=data["at"], note=data["note"]
        )
    if step == "confirm":
        return services.order_confirm_by_owner(
            actor=actor, order=order, signed_by=data["signed_by"], note=data["note"]
        )
    if step == "close":
        return services.order_close(actor=actor, order=order, note=data["note"])
    if step == "reopen":
        return services.order_reopen(actor=actor, order=order, reason=data["reason"])
    if step == "follow_up":
        services.order_follow_up(actor=actor, order=order, note=data["note"])
        return order
    if step == "reassign":
        assignee = next((u for u in _others(order) if u.pk == data["assignee"]), None)
        return services.order_reassign(
            actor=actor, order=order, assignee=assignee, note=data["note"]
        )
    return services.order_cancel(actor=actor, order=order, reason=data["reason"])


@require_POST
@role_required(*STEP_ROLES)
def order_step(request, pk: int, step: str):
    if step not in STEP_FORMS:
        raise Http404
    order = selectors.order_get(user=request.user, pk=pk)
    form = _bind(step, request, order)
    if form.is_valid():
        try:
            order = _run(step, request, order, form.cleaned_data)
        except DeskError as error:
            if error.code == FORBIDDEN:
                raise PermissionDenied from None
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(number)s: %(status)s.")
                % {"number": order.number, "status": order.get_status_display()},
            )
            return redirect(safe_next(request) or order.get_absolute_url())
    back = safe_next(request)
    if back:  # the technician's page: say why there and stay on it
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{order.number}: {error}")
        return redirect(back)
    order.refresh_from_db()
    return _render_detail(request, order, bound={step: form}, status=400)


@require_GET
@role_required(*VIEW_ROLES)
def photo_file(request, pk: int):
    """A photo of an order, for staff of its estate only; never cached."""
    photo = selectors.photo_get(user=request.user, pk=pk)
    return private_file_response(photo.file)


@require_GET
@role_required(*VIEW_ROLES)
def order_pdf(request, pk: int):
    order = selectors.order_get(user=request.user, pk=pk)
    return file_response(pdf.render_order(order), PDF, f"{order.number}.pdf", inline=True)
