"""Move-in pages: open a case, its page with the step bar and a form per step, the longer
registration and acceptance pages, the printed forms, the list of cases.

Every change is a POST through a service. A refused step shows the case page again with the
message on its form (400), nothing changed; another estate's case is a 404, a role that may
not is a 403."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fees.permissions import PAY_ROLES
from frontdesk.errors import DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, XLSX, file_response, private_file_response
from frontdesk.scoping import desk_estate_ids, has_role, role_required
from frontdesk.sheets import EXPORT_CAP
from owners.models import Authorization
from owners.selectors import current_owners, unit_get

from .. import exports, requirements, services
from ..forms.movein import (
    AcceptanceForm,
    AddRoomForm,
    AgentForm,
    AgreementsForm,
    CancelForm,
    CompleteForm,
    DocumentForm,
    HandoverForm,
    LayoutForm,
    OpenForm,
    OwnerContactForm,
    ReinspectionBookForm,
    ReinspectionResultForm,
    ResidentFormSet,
    VehicleFormSet,
    WaiverForm,
)
from ..models import Agreement, MoveInCase
from ..pdf import movein as pdf
from ..permissions import ACCEPT_ROLES, EXPORT_ROLES, MANAGE_ROLES, SUPERVISOR_ROLES, VIEW_ROLES
from ..selectors import movein as selectors

# --- list and opening ---------------------------------------------------------------------


@require_GET
@role_required(*VIEW_ROLES)
def movein_list(request):
    """The cases, and the desk's box to start or resume the move-in of a unit by its code."""
    unit_code = request.GET.get("unit", "").strip()
    unit_error = ""
    if unit_code:
        unit = selectors.unit_by_code(estate_ids=desk_estate_ids(request), code=unit_code)
        if unit is not None:
            return redirect("checkin:movein-new", unit.pk)
        unit_error = _("No unit %(code)s in your estates.") % {"code": unit_code}
    state = request.GET.get("state", "open")
    state = state if state in selectors.LIST_STATES else "open"
    estate_ids = desk_estate_ids(request)
    context = {
        "page": selectors.movein_page(
            estate_ids=estate_ids, state=state, cursor=request.GET.get("after", "")
        ),
        "count": selectors.movein_list(estate_ids=estate_ids, state=state).count(),
        "query": urlencode({"state": state}),
        "state": state,
        "can_manage": has_role(request.user, *MANAGE_ROLES),
        "unit_error": unit_error,
        "can_export": has_role(request.user, *EXPORT_ROLES),
    }
    return render(request, "checkin/movein_list.html", context)


@require_GET
@role_required(*EXPORT_ROLES)
def movein_export(request):
    state = request.GET.get("state", "open")
    state = state if state in selectors.LIST_STATES else "open"
    rows = selectors.movein_list(estate_ids=desk_estate_ids(request), state=state)
    data = exports.moveins_workbook(rows.select_related("opened_by")[: EXPORT_CAP + 1])
    return file_response(data, XLSX, f"move-ins-{timezone.localdate():%Y%m%d}.xlsx")


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def movein_new(request, unit_id: int):
    unit = unit_get(user=request.user, pk=unit_id)
    open_case = selectors.open_movein(unit_id=unit.pk)
    if open_case is not None and request.method == "GET":
        messages.info(request, _("This unit's move-in is under way: resume it here."))
        return redirect(open_case)
    form = OpenForm(request.POST or None, owners=current_owners(unit))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.movein_open(
                    actor=request.user,
                    unit=unit,
                    owner=data["owner"],
                    handler=data["handler"],
                    handler_name=data["handler_name"],
                )
            except DeskError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Move-in of %(unit)s opened.") % {"unit": unit.code})
                return redirect(case)
    return render(request, "checkin/movein_new.html", {"unit": unit, "form": form}, status=status)


# --- the case page -------------------------------------------------------------------------


def _forms(case: MoveInCase, progress) -> dict:
    """A blank form for each step still to do."""
    unsigned = [agreement.pk for agreement, signing in progress.agreements if not signing]
    forms = {
        "document_form": DocumentForm(case=case),
        "archive_form": DocumentForm(case=case, archive=True),
        "agent_form": AgentForm(prefix="agent"),
        "waiver_form": WaiverForm(case=case, prefix="waiver"),
        "agreements_form": AgreementsForm(agreements=Agreement.objects.filter(pk__in=unsigned))
        if unsigned
        else None,
        "book_form": ReinspectionBookForm(),
        "result_form": ReinspectionResultForm(orders=progress.booked_orders),
        "complete_form": CompleteForm(),
        "cancel_form": CancelForm(),
    }
    if case.handed_over_at is None:
        forms["handover_form"] = HandoverForm(items=selectors.handover_items(case.estate_id))
    return forms


def _detail(request, case: MoveInCase, status: int = 200, **bound):
    progress = selectors.case_progress(case)
    context = {
        "case": case,
        "progress": progress,
        "events": selectors.movein_timeline(case),
        "can_manage": has_role(request.user, *MANAGE_ROLES) and case.is_open,
        "can_accept": has_role(request.user, *ACCEPT_ROLES) and case.is_open,
        "can_waive": has_role(request.user, *SUPERVISOR_ROLES) and case.is_open,
        "can_pay": has_role(request.user, *PAY_ROLES),
        **_forms(case, progress),
        **bound,
    }
    return render(request, "checkin/movein_detail.html", context, status=status)


@require_GET
@role_required(*VIEW_ROLES)
def movein_detail(request, pk: int):
    return _detail(request, selectors.movein_get(user=request.user, pk=pk))


def _step(request, case: MoveInCase, form_name: str, form, action, done: str):
    """Run one step's service from its form: back to the case on success, the case page with
    the message on the form (400) when the input or the service refuses."""
    if form.is_valid():
        try:
            action(case, form.cleaned_data)
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, done)
            return redirect(case)
    return _detail(request, case, status=400, **{form_name: form})


@require_POST
@role_required(*MANAGE_ROLES)
def document_receive(request, pk: int):
    case = selectors.movein_get(user=request.user, pk=pk)
    # The signed registration form and agreements come from the archive step's own form.
    archive = request.POST.get("kind") in requirements.ARCHIVE_DOCUMENTS
    form = DocumentForm(request.POST, request.FILES, case=case, archive=archive)
    return _step(
        request,
        case,
        "archive_form" if archive else "document_form",
        form,
        lambda case, data: services.document_receive(
            actor=request.user,
            case=case,
            kind=data["kind"],
            scan=data["scan"],
            original_sighted=data["original_sighted"],
            notes=data["notes"],
        ),
        _("Document archived."),
    )


@require_POST
@role_required(*MANAGE_ROLES)
def agent_register(request, pk: int):
    case = selectors.movein_get(user=request.user, pk=pk)
    instance = Authorization(owner=case.owner, unit=case.unit, scope=Authorization.Scope.CHECK_IN)
    form = AgentForm(request.POST, request.FILES, instance=instance, prefix="agent")
    return _step(
        request,
        case,
        "agent_form",
        form,
        lambda case, data: services.agent_register(
            actor=request.user,
            case=case,
            agent=form.instance,
            scan=data["scan"],
            original_sighted=data["original_sighted"],
        ),
        _("Agent and power of attorney registered."),
    )


@require_POST
@role_required(*SUPERVISOR_ROLES)
def document_waive(request, pk: int):
    case = selectors.movein_get(user=request.user, pk=pk)
    return _step(
        request,
        case,
        "waiver_form",
        WaiverForm(request.POST, case=case, prefix="waiver"),
        lambda case, data: services.document_waive(
            actor=request.user, case=case, kind=data["kind"], reason=data["reason"]
        ),
        _("Document waived."),
    )


@require_POST
@role_required(*MANAGE_ROLES)
def agreements_sign(request, pk: int):
    case = selectors.movein_get(user=request.user, pk=pk)
    agreements = Agreement.objects.filter(estate_id=case.estate_id, active=True)
    return _step(
        request,
        case,
        "agreements_form",
        AgreementsForm(request.POST, agreements=agreements),
        lambda case, data: services.agreements_sign(
            actor=request.user,
            case=case,
            agreements=list(data["agreements"]),
            signed_on=data["signed_on"],
        ),
        _("Agreements recorded."),
    )


@require_POST
@role_required(*MANAGE_ROLES)
def handover_record(request, pk: int):
    case = selectors.movein_get(user=request.user, pk=pk)
    form = HandoverForm(request.POST, items=selectors.handover_items(case.estate_id))
    return _step(
        request,
        case,
        "handover_form",
        form,
        lambda case, data: services.handover_record(
            actor=request.user, case=case, lines=form.lines()
        ),
        _("Handover recorded: print the confirmation for the owner to sign."),
    )


@require_POST
@role_required(*MANAGE_ROLES)
def fee_charge(request, pk: int):
    case = selectors.movein_get(user=request.user, pk=pk)
    try:
        charges = services.fee_charge(actor=request.user, case=case)
    except DeskError as error:
        messages.error(request, error.message)
        return _detail(request, case, status=400)
    if not charges:
        messages.success(request, _("Nothing to charge at move-in."))
        return redirect(case)
    if not has_role(request.user, *PAY_ROLES):
        messages.success(request, _("Property fee charged: the cashier takes the payment."))
        return redirect(case)
    messages.success(request, _("Property fee charged: take the payment."))
    # The pay page takes exactly the move-in's charges, not the unit's oldest arrears first.
    pay = reverse("fees:unit-pay", args=[case.unit_id])
    ids = ",".join(str(charge.pk) for charge in charges)
    return redirect(f"{pay}?charges={ids}&{urlencode({'next': case.get_absolute_url()})}")


@require_POST
@role_required(*MANAGE_ROLES)
def reinspection_book(request, pk: int):
    case = selectors.movein_get(user=request.user, pk=pk)
    return _step(
        request,
        case,
        "book_form",
        ReinspectionBookForm(request.POST),
        lambda case, data: services.reinspection_book(
            actor=request.user, case=case, at=data["at"], accompanied_by=data["accompanied_by"]
        ),
        _("Re-inspection booked; maintenance is told."),
    )


@require_POST
@role_required(*MANAGE_ROLES)
def reinspection_result(request, pk: int):
    case = selectors.movein_get(user=request.user, pk=pk)
    progress = selectors.case_progress(case)
    form = ReinspectionResultForm(request.POST, orders=progress.booked_orders)
    return _step(
        request,
        case,
        "result_form",
        form,
        lambda case, data: services.reinspection_result(
            actor=request.user,
            case=case,
            signed_by=data["signed_by"],
            passed=form.passed(),
            failed=form.failed(),
        ),
        _("Re-inspection recorded."),
    )


@require_POST
@role_required(*MANAGE_ROLES)
def movein_complete(request, pk: int):
    case = selectors.movein_get(user=request.user, pk=pk)
    return _step(
        request,
        case,
        "complete_form",
        CompleteForm(request.POST),
        lambda case, data: services.movein_complete(
            actor=request.user,
            case=case,
            move_in_date=data["move_in_date"],
            unit_status=data["unit_status"],
        ),
        _("Move-in completed and archived."),
    )


@require_POST
@role_required(*MANAGE_ROLES)
def movein_cancel(request, pk: int):
    case = selectors.movein_get(user=request.user, pk=pk)
    return _step(
        request,
        case,
        "cancel_form",
        CancelForm(request.POST),
        lambda case, data: services.movein_cancel(
            actor=request.user, case=case, reason=data["reason"]
        ),
        _("Move-in cancelled."),
    )


# --- the longer steps on pages of their own --------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def registration(request, pk: int):
    """② The household registration form: contacts, residents, vehicles, into owners."""
    case = selectors.movein_get(user=request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    owner_form = OwnerContactForm(data, instance=case.owner, prefix="owner")
    residents = ResidentFormSet(
        data,
        instance=case.unit,
        prefix="residents",
        queryset=case.unit.residents.filter(moved_out_on__isnull=True),
    )
    vehicles = VehicleFormSet(
        data, instance=case.unit, prefix="vehicles", queryset=case.unit.vehicles.filter(active=True)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if owner_form.is_valid() and residents.is_valid() and vehicles.is_valid():
            try:
                with transaction.atomic():
                    services.registration_save(
                        actor=request.user,
                        case=case,
                        owner=owner_form.save(commit=False),
                        residents=residents.save(commit=False),
                        vehicles=vehicles.save(commit=False),
                    )
            except DeskError as error:
                owner_form.add_error(None, error.message)
            else:
                messages.success(request, _("Household registration saved."))
                return redirect(case)
    context = {"case": case, "owner_form": owner_form, "residents": residents, "vehicles": vehicles}
    return render(request, "checkin/movein_registration.html", context, status=status)


ROOM_ACTIONS = ("layout", "add_room", "remove_room")


@require_http_methods(["GET", "POST"])
@role_required(*ACCEPT_ROLES)
def acceptance(request, pk: int):
    """⑤ The house quality acceptance, item by item, with the base meter readings; its rooms
    come from the unit's layout, which the desk confirms, and the rooms it adds."""
    case = selectors.movein_get(user=request.user, pk=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ROOM_ACTIONS:
        return _acceptance_rooms(request, case, action)
    form = AcceptanceForm(
        request.POST or None,
        request.FILES or None,
        checklist=selectors.case_checklist(case),
        initial={"present": case.handler_name or case.owner.name},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rows = services.acceptance_record(
                    actor=request.user,
                    case=case,
                    inspector=form.cleaned_data["inspector"],
                    present=form.cleaned_data["present"],
                    items=form.checked(),
                    readings=form.readings(),
                )
            except DeskError as error:
                form_error(form, error)
            else:
                defects = sum(1 for row in rows if row.defect)
                messages.success(
                    request,
                    _("Acceptance recorded; %(n)s defect(s) sent to maintenance as work orders.")
                    % {"n": defects},
                )
                return redirect(case)
    return _acceptance_page(request, case, form, status=status)


def _acceptance_page(request, case, form, *, layout_form=None, room_form=None, status=200):
    layout, estimated = requirements.layout_of(case.unit)
    context = {
        "case": case,
        "form": form,
        "layout": layout,
        "layout_estimated": estimated,
        "layout_form": layout_form or LayoutForm(initial={"layout": layout}),
        "room_form": room_form or AddRoomForm(),
    }
    return render(request, "checkin/movein_acceptance.html", context, status=status)


def _acceptance_rooms(request, case, action: str):
    """The layout confirmed, a room added or one removed: the checklist again."""
    layout_form = LayoutForm(request.POST if action == "layout" else None)
    room_form = AddRoomForm(request.POST if action == "add_room" else None)
    try:
        with transaction.atomic():
            if action == "layout":
                if not layout_form.is_valid():
                    raise _Invalid
                services.acceptance_layout_set(
                    actor=request.user, case=case, layout=layout_form.cleaned_data["layout"]
                )
                messages.success(request, _("Layout saved; the checklist follows its rooms."))
            elif action == "add_room":
                if not room_form.is_valid():
                    raise _Invalid
                services.acceptance_room_add(
                    actor=request.user, case=case, **room_form.cleaned_data
                )
                messages.success(request, _("Room added to the checklist."))
            else:
                services.acceptance_room_remove(
                    actor=request.user, case=case, name=request.POST.get("name", "")
                )
                messages.success(request, _("Room taken off the checklist."))
    except _Invalid:
        pass
    except DeskError as error:
        if action == "remove_room":
            messages.error(request, error.message)
        else:
            form_error(layout_form if action == "layout" else room_form, error)
    else:
        return redirect("checkin:movein-acceptance", case.pk)
    form = AcceptanceForm(
        checklist=selectors.case_checklist(case),
        initial={"present": case.handler_name or case.owner.name},
    )
    return _acceptance_page(
        request, case, form, layout_form=layout_form, room_form=room_form, status=400
    )


class _Invalid(Exception):
    """A rooms form that does not validate: its errors are on it already."""


# --- printed forms ---------------------------------------------------------------------------


def _printed(request, pk: int, name: str, render_document):
    case = selectors.movein_get(user=request.user, pk=pk)
    return file_response(render_document(case), PDF, f"{name}-{case.unit.code}.pdf", inline=True)


@require_GET
@role_required(*VIEW_ROLES)
def registration_pdf(request, pk: int):
    """住户登记表, to sign."""
    return _printed(request, pk, "registration", pdf.render_registration)


@require_GET
@role_required(*VIEW_ROLES)
def handover_pdf(request, pk: int):
    """入伙物品交接确认书, to sign."""
    return _printed(request, pk, "handover", pdf.render_handover)


@require_GET
@role_required(*VIEW_ROLES)
def acceptance_pdf(request, pk: int):
    """房屋质量验收登记表, to sign."""
    return _printed(request, pk, "acceptance", pdf.render_acceptance)


@require_GET
@role_required(*VIEW_ROLES)
def acceptance_photo(request, pk: int):
    """The photo of a defect found at a move-in acceptance, for staff of its estate only."""
    item = selectors.acceptance_photo_get(user=request.user, pk=pk)
    return private_file_response(item.photo)
