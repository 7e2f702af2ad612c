"""The unit picker of the call and visit forms: search as the receptionist types, pick one,
change it."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontdesk.scoping import desk_estate_ids, role_required
from owners import search as unit_search
from owners.selectors import unit_get

from ..permissions import UNIT_PICK_ROLES


@require_GET
@role_required(*UNIT_PICK_ROLES)
def unit_pick_search(request):
    """The unit picker's results as the receptionist types (the desk's own search)."""
    results = unit_search.search(
        estate_ids=desk_estate_ids(request), query=request.GET.get("unit_q", "")
    )
    return render(request, "reception/_unit_pick_results.html", {"results": results})


@require_GET
@role_required(*UNIT_PICK_ROLES)
def unit_pick(request, pk: int):
    """The picker with one unit chosen: its hidden input and a way to change it."""
    unit = unit_get(user=request.user, pk=pk)
    return render(request, "reception/_unit_picker.html", {"unit": unit})


@require_GET
@role_required(*UNIT_PICK_ROLES)
def unit_unpick(request):
    return render(request, "reception/_unit_picker.html", {"unit": None})
