"""The owner's record page and the desk's forms for owners, residents and agents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk import roles
from frontdesk.scoping import get_for_user_or_404, has_role, role_required

from . import selectors, services
from .errors import OwnersError
from .forms import AuthorizationForm, EndDateForm, OwnerForm, OwnershipForm, ResidentForm
from .models import Authorization, Owner, Ownership, Resident, Unit
from .permissions import sees_full_id_numbers
from .validators import mask_phone
from .views import DESK_ROLES

CHANGE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)


def _form_error(form, error: OwnersError, fields: dict[str, str] | None = None) -> None:
    field = (fields or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


@require_GET
@role_required(*DESK_ROLES)
def owner_detail(request, pk: int):
    return _render_owner(request, pk)


def _render_owner(request, pk: int, *, full_id_number: str = ""):
    record = selectors.owner_record(user=request.user, pk=pk)
    owner = record.owner
    context = {
        "record": record,
        "owner": owner,
        "phone2_masked": mask_phone(owner.phone2),
        "can_change": has_role(request.user, *CHANGE_ROLES),
        "can_reveal": bool(owner.id_number) and sees_full_id_numbers(request.user),
        "full_id_number": full_id_number,
        "today": timezone.localdate(),
    }
    return render(request, "owners/owner_detail.html", context)


@require_POST
@role_required(*DESK_ROLES)
def owner_reveal_id(request, pk: int):
    owner = selectors.owner_get(request.user, pk)
    try:
        number = services.owner_id_reveal(actor=request.user, owner=owner)
    except OwnersError as error:
        raise PermissionDenied(error.message) from error
    if request.htmx:
        context = {"owner": owner, "full_id_number": number}
        response = render(request, "owners/owner_id_number.html", context)
    else:
        response = _render_owner(request, pk, full_id_number=number)
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_ROLES)
def owner_edit(request, pk: int):
    owner = selectors.owner_get(request.user, pk)
    name = owner.name  # the form changes the instance as it validates
    reveal = sees_full_id_numbers(request.user)
    if request.method == "POST":
        form = OwnerForm(request.POST, instance=owner, reveal_id_number=reveal)
        if form.is_valid():
            try:
                services.owner_save(actor=request.user, owner=form.save(commit=False))
            except OwnersError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Owner %(name)s saved.") % {"name": owner.name})
                return redirect("owners:owner-detail", pk=owner.pk)
        return _render_form(request, "owners/owner_form.html", form, 400, owner=owner, name=name)
    if reveal and owner.id_number:
        # The form shows the full number: that is a look like any other, so it is logged.
        services.owner_id_reveal(actor=request.user, owner=owner)
    form = OwnerForm(instance=owner, reveal_id_number=reveal)
    return _render_form(request, "owners/owner_form.html", form, 200, owner=owner, name=name)


def _render_form(request, template: str, form, status: int, **context):
    """A form page; ``cancel_url`` leads back to the owner, else to the unit."""
    if "owner" in context:
        cancel_url = reverse("owners:owner-detail", args=[context["owner"].pk])
    else:
        cancel_url = reverse("owners:unit-detail", args=[context["unit"].pk])
    context = {"form": form, "cancel_url": cancel_url, **context}
    return render(request, template, context, status=status)


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
        except OwnersError as error:
            _form_error(form, error, NEW_OWNER_FIELDS if new_owner else None)
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
    return _render_form(request, "owners/ownership_form.html", form, status, **context)


@require_POST
@role_required(*CHANGE_ROLES)
def ownership_end(request, pk: int):
    ownership = get_for_user_or_404(
        request.user, Ownership.objects.select_related("unit", "owner"), pk=pk
    )

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
        except OwnersError as error:
            messages.error(request, error.message)
    return redirect("owners:unit-detail", pk=unit_id)


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_ROLES)
def resident_add(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    resident = Resident(unit=unit)
    if request.method == "GET":
        form = ResidentForm(instance=resident)
        return _render_form(request, "owners/resident_form.html", form, 200, unit=unit)
    form = ResidentForm(request.POST, instance=resident)
    if form.is_valid():
        try:
            services.resident_save(actor=request.user, resident=form.save(commit=False))
        except OwnersError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s added to %(unit)s.") % {"name": resident.name, "unit": unit.code},
            )
            return redirect("owners:unit-detail", pk=unit.pk)
    return _render_form(request, "owners/resident_form.html", form, 400, unit=unit)


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
    owners = Owner.objects.filter(
        pk__in=Ownership.objects.current().filter(unit=unit).values("owner_id")
    )
    context = {"unit": unit, "has_owners": owners.exists()}
    authorization = Authorization(unit=unit)
    if request.method == "GET":
        form = AuthorizationForm(instance=authorization, owners=owners)
        return _render_form(request, "owners/authorization_form.html", form, 200, **context)
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
        except OwnersError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("%(agent)s registered as agent of %(owner)s.")
                % {"agent": authorization.name, "owner": authorization.owner},
            )
            return redirect("owners:unit-detail", pk=unit.pk)
    return _render_form(request, "owners/authorization_form.html", form, 400, **context)
