"""Custody pages: the list, a custody's page, start and end, keys, inspections, heavy rain.

Every change is a POST through a service; another estate's row is a 404, a role that may
not is a 403."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, XLSX, file_response, private_file_response
from frontdesk.scoping import desk_estate_ids, get_for_user_or_404, has_role, role_required
from frontdesk.sheets import EXPORT_CAP
from owners.selectors import current_owners, estate_list, unit_get

from .. import exports
from ..forms.custody import CustodyEndForm, CustodyStartForm, InspectionForm, KeyTakeForm
from ..pdf.custody import render_agreement
from ..permissions import EXPORT_ROLES, INSPECT_ROLES, MANAGE_ROLES, SUPERVISOR_ROLES, VIEW_ROLES
from ..selectors import custody as selectors
from ..selectors.settings import custody_settings_for
from ..services import custody as services


@require_GET
@role_required(*VIEW_ROLES)
def custody_list(request):
    state = request.GET.get("state", "active")
    state = state if state in selectors.LIST_STATES else "active"
    estate_ids = desk_estate_ids(request)
    page = selectors.custody_page(
        estate_ids=estate_ids,
        state=state,
        today=timezone.localdate(),
        cursor=request.GET.get("after", ""),
    )
    estates = []
    if has_role(request.user, *SUPERVISOR_ROLES):
        estates = list(estate_list(user=request.user).only("id", "name"))
    context = {
        "page": page,
        "count": selectors.custody_count(estate_ids=estate_ids, state=state),
        "query": urlencode({"state": state}),
        "state": state,
        "rain_estates": estates,
        "can_export": has_role(request.user, *EXPORT_ROLES),
    }
    return render(request, "checkin/custody_list.html", context)


@require_GET
@role_required(*EXPORT_ROLES)
def custody_export(request):
    state = request.GET.get("state", "active")
    state = state if state in selectors.LIST_STATES else "active"
    rows = selectors.custody_list(
        estate_ids=desk_estate_ids(request), state=state, today=timezone.localdate()
    )
    data = exports.custodies_workbook(rows[: EXPORT_CAP + 1])
    return file_response(data, XLSX, f"custody-{timezone.localdate():%Y%m%d}.xlsx")


@require_GET
@role_required(*VIEW_ROLES)
def custody_detail(request, pk: int):
    return _render_detail(request, pk, KeyTakeForm())


def _render_detail(request, pk: int, key_form: KeyTakeForm, status: int = 200):
    custody = selectors.custody_get(user=request.user, pk=pk)
    context = {
        "custody": custody,
        "readings": selectors.custody_readings(custody),
        "keys": selectors.custody_keys(custody),
        "events": selectors.custody_timeline(custody),
        "inspections": selectors.custody_inspections(custody),
        "today": timezone.localdate(),
        "can_manage": has_role(request.user, *MANAGE_ROLES),
        "can_inspect": has_role(request.user, *INSPECT_ROLES),
        "key_form": key_form,
    }
    return render(request, "checkin/custody_detail.html", context, status=status)


@require_GET
@role_required(*VIEW_ROLES)
def agreement_pdf(request, pk: int):
    custody = selectors.custody_get(user=request.user, pk=pk)
    filename = f"custody-{custody.unit.code}.pdf"
    return file_response(render_agreement(custody), PDF, filename, inline=True)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def custody_start(request, unit_id: int):
    unit = unit_get(user=request.user, pk=unit_id)
    owners = current_owners(unit)
    if request.method == "GET":
        form = CustodyStartForm(owners=owners)
        return _render_start(request, unit, form, 200)
    form = CustodyStartForm(request.POST, owners=owners)
    if form.is_valid():
        data = form.cleaned_data
        try:
            custody = services.custody_start(
                actor=request.user,
                unit=unit,
                owner=data["owner"],
                readings=form.readings(),
                agreement_signed_on=data["agreement_signed_on"],
                start_date=data["start_date"],
                supervisor_note=data["supervisor_note"],
                keys_deposited=data["keys_deposited"] or 0,
            )
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, _("%(unit)s is in custody.") % {"unit": unit.code})
            return redirect("checkin:custody-detail", custody.pk)
    return _render_start(request, unit, form, 400)


def _render_start(request, unit, form, status):
    water, electricity = custody_settings_for(unit.estate_id)
    context = {"unit": unit, "form": form, "water_max": water, "electricity_max": electricity}
    return render(request, "checkin/custody_start.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def custody_end(request, pk: int):
    custody = selectors.custody_get(user=request.user, pk=pk)
    form = CustodyEndForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.custody_end(
                    actor=request.user,
                    custody=custody,
                    readings=form.readings(),
                    end_date=data["end_date"],
                    unit_status=data["unit_status"],
                )
            except DeskError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Custody ended."))
                return redirect("checkin:custody-detail", custody.pk)
    context = {"custody": custody, "form": form}
    return render(request, "checkin/custody_end.html", context, status=status)


@require_POST
@role_required(*MANAGE_ROLES)
def key_take(request, pk: int):
    custody = selectors.custody_get(user=request.user, pk=pk)
    form = KeyTakeForm(request.POST)
    if form.is_valid():
        try:
            services.key_take(actor=request.user, custody=custody, **form.cleaned_data)
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Keys handed out."))
            return redirect("checkin:custody-detail", custody.pk)
    return _render_detail(request, pk, form, status=400)


@require_POST
@role_required(*MANAGE_ROLES)
def key_return(request, pk: int):
    key_log = selectors.key_log_get(user=request.user, pk=pk)
    try:
        services.key_return(actor=request.user, key_log=key_log)
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Keys back at the office."))
    return redirect("checkin:custody-detail", key_log.custody_id)


@require_http_methods(["GET", "POST"])
@role_required(*INSPECT_ROLES)
def inspection_record(request, pk: int):
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    form = InspectionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.inspection_record(
                    actor=request.user,
                    inspection=inspection,
                    findings=form.findings(),
                    photos=form.cleaned_data["photos"],
                )
            except DeskError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Inspection recorded."))
                return redirect(_back_from_inspection(request, inspection))
    context = {
        "inspection": inspection,
        "custody": inspection.custody,
        "form": form,
        "back_url": _back_from_inspection(request, inspection),
    }
    return render(request, "checkin/inspection_form.html", context, status=status)


def _back_from_inspection(request, inspection) -> str:
    """The custody's page, or the desk home for an inspector who may not see it."""
    if has_role(request.user, *VIEW_ROLES):
        return reverse("checkin:custody-detail", args=[inspection.custody_id])
    return reverse("home")


@require_POST
@role_required(*MANAGE_ROLES)
def inspection_open_order(request, pk: int):
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    try:
        services.inspection_open_order(
            actor=request.user, inspection=inspection, category=request.POST.get("category", "")
        )
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Work order opened."))
    return redirect("checkin:custody-detail", inspection.custody_id)


@require_POST
@role_required(*SUPERVISOR_ROLES)
def rain_warning(request):
    estate_id = request.POST.get("estate", "")
    if not estate_id.isdigit():
        messages.error(request, _("Choose the estate the rain is coming to."))
        return redirect(reverse("checkin:custody-list"))
    estate = get_for_user_or_404(request.user, estate_list(user=request.user), pk=int(estate_id))
    try:
        warning = services.heavy_rain_warning(
            actor=request.user, estate=estate, note=request.POST.get("note", "")
        )
    except DeskError as error:
        messages.error(request, error.message)
    else:
        count = warning.inspections.count()
        messages.success(
            request,
            _("Heavy-rain warning for %(estate)s: %(count)s inspections to do.")
            % {"estate": estate.name, "count": count},
        )
    return redirect(reverse("checkin:custody-list"))


@require_GET
@role_required(*VIEW_ROLES)
def inspection_photo(request, pk: int):
    """A custody inspection's photo, for staff of its estate only; never cached."""
    photo = selectors.inspection_photo_get(user=request.user, pk=pk)
    return private_file_response(photo.file)
