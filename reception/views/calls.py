"""The phone log: take a call, route it, record the reply, turn it into a work order."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import XLSX, file_response, filter_query
from frontdesk.scoping import desk_estates, has_role, role_required
from owners.selectors import unit_get

from .. import conversions, exports, selectors, services
from ..errors import FormUsed
from ..forms import CallForm, ReplyForm, RouteForm, WorkOrderFromCallForm
from ..permissions import CALL_ROLES, CALL_VIEW_ROLES

FILTER_FIELDS = ("date_from", "date_to", "topic", "status", "estate")


@require_GET
@role_required(*CALL_VIEW_ROLES)
def call_list(request):
    filterset = selectors.CallFilter(request.GET or None, estates=desk_estates(request))
    page = selectors.call_page(filterset, cursor=request.GET.get("after", ""))
    context = {
        "filterset": filterset,
        "page": page,
        "query": filter_query(filterset, FILTER_FIELDS),
        "several_estates": filterset.several_estates,
        "can_record": has_role(request.user, *CALL_ROLES),
        "today": timezone.localdate(),
    }
    return render(request, "reception/call_list.html", context)


@require_GET
@role_required(*CALL_VIEW_ROLES)
def call_export(request):
    filterset = selectors.CallFilter(request.GET or None, estates=desk_estates(request))
    rows = selectors.call_rows(filterset, limit=exports.EXPORT_CAP + 1)
    data = exports.calls_workbook(rows)
    return file_response(data, XLSX, f"calls-{timezone.localdate():%Y%m%d}.xlsx")


@require_http_methods(["GET", "POST"])
@role_required(*CALL_ROLES)
def call_new(request):
    estates = desk_estates(request)
    if request.method == "GET":
        initial = {}
        unit_id = request.GET.get("unit", "")
        if unit_id.isdigit():
            unit = unit_get(user=request.user, pk=int(unit_id))
            initial = {"unit": unit.pk, "estate": unit.estate_id}
        form = CallForm(estates=estates, initial=initial)
        return _render_call_form(request, form, status=200)
    used = selectors.call_for_key(user=request.user, key=request.POST.get("key"))
    if used is not None:  # Back and resend, a double click: the first call, nothing new
        return _already_saved(request, used)
    form = CallForm(request.POST, estates=estates)
    if form.is_valid():
        try:
            call = services.call_record(actor=request.user, **form.service_kwargs())
        except FormUsed as error:  # the same form posted twice at once
            return _already_saved(request, error.record)
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, _saved_message(call))
            return redirect(call)
    return _render_call_form(request, form, status=400)


def _already_saved(request, call):
    messages.warning(request, services.call_used_message(call))
    return redirect(call)


def _saved_message(call) -> str:
    return _("Call from %(caller)s saved (%(status)s).") % {
        "caller": call.caller_name,
        "status": call.get_status_display(),
    }


def _render_call_form(request, form, *, status: int):
    context = {"form": form, "cancel_url": reverse("reception:calls")}
    return render(request, "reception/call_form.html", context, status=status)


@require_GET
@role_required(*CALL_VIEW_ROLES)
def call_detail(request, pk: int):
    call = selectors.call_get(user=request.user, pk=pk)
    return _render_call(request, call)


def _render_call(request, call, *, status: int = 200, **forms):
    can_work = has_role(request.user, *CALL_ROLES)
    links = selectors.call_links(call)
    for link in links:
        link.url = selectors.link_url(link)
    done = {link.action for link in links}
    actions = [
        c
        for c in conversions.available()
        if has_role(request.user, *c.roles) and not (c.once and c.key in done)
    ]
    order_form = forms.get("order_form")
    if order_form is None and any(c.key == conversions.WORK_ORDER for c in actions):
        department = conversions.default_department(call)
        order_form = WorkOrderFromCallForm(
            estate=call.estate,
            initial={
                "category": conversions.guess_category(call.content),
                "department": department.pk if department else None,
            },
        )
    context = {
        "call": call,
        "links": links,
        "events": selectors.call_timeline(call),
        "can_work": can_work,
        "actions": actions,
        "order_form": order_form,
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "route_form": forms.get("route_form") or RouteForm(estate=call.estate),
    }
    return render(request, "reception/call_detail.html", context, status=status)


def _refused(request, call, error: DeskError, form_key: str, form):
    if error.code == FORBIDDEN:
        raise PermissionDenied(error.message)
    form_error(form, error)
    messages.error(request, error.message)
    return _render_call(request, call, status=400, **{form_key: form})


@require_POST
@role_required(*CALL_ROLES)
def call_route(request, pk: int):
    call = selectors.call_get(user=request.user, pk=pk)
    form = RouteForm(request.POST, estate=call.estate)
    if not form.is_valid():
        return _render_call(request, call, status=400, route_form=form)
    try:
        services.call_route(actor=request.user, call=call, **form.cleaned_data)
    except DeskError as error:
        return _refused(request, call, error, "route_form", form)
    messages.success(
        request,
        _("Routed to %(department)s; they have been notified.")
        % {"department": form.cleaned_data["department"]},
    )
    return redirect(call)


@require_POST
@role_required(*CALL_ROLES)
def call_reply(request, pk: int):
    call = selectors.call_get(user=request.user, pk=pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _render_call(request, call, status=400, reply_form=form)
    try:
        services.call_reply(actor=request.user, call=call, reply=form.cleaned_data["reply"])
    except DeskError as error:
        return _refused(request, call, error, "reply_form", form)
    messages.success(request, _("Reply recorded."))
    return redirect(call)


@require_POST
@role_required(*CALL_ROLES)
def call_to_work_order(request, pk: int):
    """The call page's "Create work order": one click, then the new order's page."""
    call = selectors.call_get(user=request.user, pk=pk)
    form = WorkOrderFromCallForm(request.POST, estate=call.estate)
    if not form.is_valid():
        return _render_call(request, call, status=400, order_form=form)
    try:
        order = services.call_convert(
            actor=request.user,
            call=call,
            action=conversions.WORK_ORDER,
            form_key=form.form_key,
            **form.options(),
        )
    except FormUsed as error:  # a double click: the first order, no second one
        messages.warning(request, error.message)
        url = getattr(error.record, "get_absolute_url", None)
        return redirect(url() if url else call.get_absolute_url())
    except DeskError as error:
        return _refused(request, call, error, "order_form", form)
    messages.success(
        request,
        _("Work order %(order)s created from the call.")
        % {"order": getattr(order, "number", order)},
    )
    return redirect(order.get_absolute_url())


@require_POST
@role_required(*CALL_ROLES)
def call_convert(request, pk: int, action: str):
    """Any other registered "turn into" action (a complaint…), with its defaults."""
    call = selectors.call_get(user=request.user, pk=pk)
    try:
        target = services.call_convert(actor=request.user, call=call, action=action)
    except FormUsed as used:  # converted before: the document it already became
        messages.info(request, used.message)
        return redirect(used.record)
    except DeskError as error:
        if error.code == FORBIDDEN:
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
        return redirect(call)
    url = getattr(target, "get_absolute_url", None)
    return redirect(url() if url else call.get_absolute_url())
