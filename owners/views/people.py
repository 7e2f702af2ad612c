"""The people of a unit at the desk: its owners (with their shares), residents and agents."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.errors import DeskError
from frontdesk.forms import form_error
from frontdesk.scoping import get_for_user_or_404, role_required

from .. import selectors, services
from ..forms import AuthorizationForm, EndDateForm, OwnershipForm, ResidentForm
from ..hooks import ownership_end_warnings
from ..models import Authorization, Ownership, Resident, Unit
from ..permissions import CHANGE_ROLES
from .base import render_form

# The ownership form's new-owner fields, by the owner model's field they fill.
NEW_OWNER_FIELDS = {f: f"new_{f}" for f in ("name", "id_type", "id_number", "phone")}


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_ROLES)
def ownership_add(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    if request.method == "GET":
        query = request.GET.get("q", "")
        candidates = selectors.owner_candidates(unit=unit, query=query)
        if request.htmx:  # the owner search under the form's search box
            context = {"candidates": candidates, "query": query}
            return render(request, "owners/owner_search_results.html", context)
        form = OwnershipForm(unit=unit, initial={"q": query, "share": _free_share(unit)})
        return _render_ownership_form(request, unit, form, candidates, status=200)

    form = OwnershipForm(request.POST, unit=unit)
    if form.is_valid():
        data = form.cleaned_data
        new_owner = form.new_owner()
        try:
            if new_owner is None:
                ownership = services.ownership_add(
                    actor=request.user,
                    unit=unit,
                    owner=data["owner"],
                    share=data["share"],
                    since=data["since"],
                )
            else:
                ownership = services.ownership_add_with_new_owner(
                    actor=request.user,
                    unit=unit,
                    owner=new_owner,
                    share=data["share"],
                    since=data["since"],
                )
        except DeskError as error:
            form_error(form, error, NEW_OWNER_FIELDS if new_owner else None)
        else:
            messages.success(
                request,
                _("%(owner)s registered as owner of %(unit)s (%(share)s%%).")
                % {"owner": ownership.owner, "unit": unit.code, "share": ownership.share},
            )
            return redirect("owners:unit-detail", pk=unit.pk)
    selected = request.POST.get("owner", "")
    candidates = selectors.owner_candidates(
        unit=unit,
        query=request.POST.get("q", ""),
        selected=int(selected) if selected.isdigit() else None,
    )
    return _render_ownership_form(request, unit, form, candidates, status=400)


def _free_share(unit: Unit):
    free = services.MAX_SHARE - services.unit_share_total(unit=unit)
    return free if free > 0 else services.MAX_SHARE


def _render_ownership_form(request, unit: Unit, form, candidates, *, status: int):
    selected = str(form["owner"].value() or "")
    context = {
        "unit": unit,
        "candidates": candidates,
        "query": form["q"].value() or "",
        "selected_owner_id": int(selected) if selected.isdigit() else None,
        "share_taken": services.unit_share_total(unit=unit),
    }
    return render_form(request, "owners/ownership_form.html", form, status, **context)


@require_POST
@role_required(*CHANGE_ROLES)
def ownership_end(request, pk: int):
    ownership = get_for_user_or_404(
        request.user, Ownership.objects.select_related("unit", "owner"), pk=pk
    )

    warnings = ownership_end_warnings(ownership.unit)
    if warnings and not request.POST.get("confirmed"):
        # What the unit still owes (or has open) is said first; the desk ends it knowingly.
        form = EndDateForm(request.POST)
        on = form.cleaned_data["on"] if form.is_valid() else None
        context = {"ownership": ownership, "warnings": warnings, "on": on}
        return render(request, "owners/ownership_end_confirm.html", context)

    def end(on):
        services.ownership_end(actor=request.user, ownership=ownership, until=on)
        return _("%(owner)s no longer owns %(unit)s from %(date)s.") % {
            "owner": ownership.owner,
            "unit": ownership.unit.code,
            "date": on.isoformat(),
        }

    return _end_on_date(request, ownership.unit_id, end)


def _end_on_date(request, unit_id: int, end) -> HttpResponseRedirect:
    """Read the date of an ending (ownership, residence), run it, report back on the dossier."""
    form = EndDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["on"]))
    else:
        try:
            messages.success(request, end(form.cleaned_data["on"]))
        except DeskError as error:
            messages.error(request, error.message)
    return redirect("owners:unit-detail", pk=unit_id)


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_ROLES)
def resident_add(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    resident = Resident(unit=unit)
    if request.method == "GET":
        form = ResidentForm(instance=resident)
        return render_form(request, "owners/resident_form.html", form, 200, unit=unit)
    form = ResidentForm(request.POST, instance=resident)
    if form.is_valid():
        try:
            services.resident_save(actor=request.user, resident=form.save(commit=False))
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s added to %(unit)s.") % {"name": resident.name, "unit": unit.code},
            )
            return redirect("owners:unit-detail", pk=unit.pk)
    return render_form(request, "owners/resident_form.html", form, 400, unit=unit)


@require_POST
@role_required(*CHANGE_ROLES)
def resident_move_out(request, pk: int):
    resident = get_for_user_or_404(request.user, Resident.objects.select_related("unit"), pk=pk)

    def move_out(on):
        services.resident_move_out(actor=request.user, resident=resident, on=on)
        return _("%(name)s moved out of %(unit)s on %(date)s.") % {
            "name": resident.name,
            "unit": resident.unit.code,
            "date": on.isoformat(),
        }

    return _end_on_date(request, resident.unit_id, move_out)


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_ROLES)
def authorization_add(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    owners = selectors.current_owners(unit)
    context = {"unit": unit, "has_owners": owners.exists()}
    authorization = Authorization(unit=unit)
    if request.method == "GET":
        form = AuthorizationForm(instance=authorization, owners=owners)
        return render_form(request, "owners/authorization_form.html", form, 200, **context)
    form = AuthorizationForm(request.POST, request.FILES, instance=authorization, owners=owners)
    if form.is_valid():
        try:
            services.authorization_add(
                actor=request.user,
                unit=unit,
                authorization=form.save(commit=False),
                scan=form.cleaned_data["scan"],
                original_sighted=form.cleaned_data["original_sighted"],
            )
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(agent)s registered as agent of %(owner)s.")
                % {"agent": authorization.name, "owner": authorization.owner},
            )
            return redirect("owners:unit-detail", pk=unit.pk)
    return render_form(request, "owners/authorization_form.html", form, 400, **context)
