"""An owner's record page: what they own, their agents and papers, their full ID number on
request (logged), and editing the owner."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import DeskError
from frontdesk.forms import form_error
from frontdesk.scoping import has_role, role_required

from .. import selectors, services
from ..forms import OwnerForm
from ..permissions import CHANGE_ROLES, VIEW_ROLES, sees_full_id_numbers, sees_scans
from ..validators import mask_phone
from .base import render_form


@require_GET
@role_required(*VIEW_ROLES)
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
        "can_see_scans": sees_scans(request.user),
    }
    return render(request, "owners/owner_detail.html", context)


@require_POST
@role_required(*VIEW_ROLES)
def owner_reveal_id(request, pk: int):
    owner = selectors.owner_get(request.user, pk)
    try:
        number = services.owner_id_reveal(actor=request.user, owner=owner)
    except DeskError as error:
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
            except DeskError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Owner %(name)s saved.") % {"name": owner.name})
                return redirect("owners:owner-detail", pk=owner.pk)
        return render_form(request, "owners/owner_form.html", form, 400, owner=owner, name=name)
    if reveal and owner.id_number:
        # The form shows the full number: that is a look like any other, so it is logged.
        services.owner_id_reveal(actor=request.user, owner=owner)
    form = OwnerForm(instance=owner, reveal_id_number=reveal)
    return render_form(request, "owners/owner_form.html", form, 200, owner=owner, name=name)
