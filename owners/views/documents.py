"""The unit's document archive: a paper received at the desk, and the scan behind a check."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontdesk.errors import DeskError
from frontdesk.forms import form_error
from frontdesk.http import private_file_response
from frontdesk.scoping import role_required

from .. import selectors, services
from ..forms import DocumentForm
from ..permissions import CHANGE_ROLES, SCAN_ROLES
from .units import render_dossier


@require_POST
@role_required(*CHANGE_ROLES)
def document_upload(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        document = form.save(commit=False)
        document.estate, document.unit = unit.estate, unit
        try:
            services.document_archive(actor=request.user, document=document)
        except DeskError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Document archived."))
            return redirect("owners:unit-detail", pk=unit.pk)
    return render_dossier(request, pk, form, status=400)


@require_GET
@role_required(*SCAN_ROLES)
def document_file(request, pk: int):
    """The scan of an archived document, for the scan roles of its estate only; never cached."""
    document = selectors.document_get(user=request.user, pk=pk)
    if not document.file:
        raise Http404
    return private_file_response(document.file)
