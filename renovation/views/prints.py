"""The renovation's files (private: plans, approvals, the licence, photos) and its printed
documents: the agreement, the permit, the pass cards, the rectification notice."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontdesk.http import PDF, file_response, private_file_response
from frontdesk.scoping import role_required

from .. import pdf, selectors
from ..permissions import (
    FILE_ROLES,
    SITE_ROLES,
    VIEW_ROLES,
)


@require_GET
@role_required(*FILE_ROLES)
def file_download(request, pk: int):
    document = selectors.file_get(user=request.user, pk=pk)
    return private_file_response(document.file)


@require_GET
@role_required(*FILE_ROLES)
def licence(request, pk: int):
    renovation = selectors.renovation_get(user=request.user, pk=pk)
    return private_file_response(renovation.contractor_licence)


@require_GET
@role_required(*SITE_ROLES)
def patrol_photo(request, pk: int):
    photo = selectors.patrol_photo_get(user=request.user, pk=pk)
    return private_file_response(photo.file)


def _gate_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("renovation:gate")) + "?" + urlencode({"q": code})


@require_GET
@role_required(*VIEW_ROLES)
def agreement_pdf(request, pk: int):
    renovation = selectors.renovation_get(user=request.user, pk=pk)
    if not renovation.agreement_signed:
        # Before signing, the agreement prints with the estate's current terms, to be signed.
        renovation.weekday_hours, renovation.weekend_hours, renovation.hours_note = (
            pdf.current_hours(renovation.estate_id)
        )
        renovation.prohibited_text = "\n".join(selectors.prohibited_items(renovation.estate_id))
    return file_response(
        pdf.render_agreement(renovation), PDF, f"agreement-{renovation.number}.pdf", inline=True
    )


@require_GET
@role_required(*VIEW_ROLES)
def permit_pdf(request, pk: int):
    renovation = selectors.renovation_get(user=request.user, pk=pk)
    if not renovation.permit_number:
        messages.error(request, _("The permit is not issued yet."))
        return redirect(renovation)
    return file_response(
        pdf.render_permit(renovation, gate_url=_gate_url(request, renovation.permit_code)),
        PDF,
        f"permit-{renovation.permit_number}.pdf",
        inline=True,
    )


@require_GET
@role_required(*VIEW_ROLES)
def passes_pdf(request, pk: int):
    renovation = selectors.renovation_get(user=request.user, pk=pk)
    passes = selectors.pass_sheet(renovation)
    if not passes:
        messages.error(request, _("No active passes to print."))
        return redirect(renovation)
    cards = [(p, _gate_url(request, p.code)) for p in passes]
    return file_response(
        pdf.render_passes(renovation, cards), PDF, f"passes-{renovation.number}.pdf", inline=True
    )


@require_GET
@role_required(*VIEW_ROLES)
def notice_pdf(request, pk: int):
    notice = selectors.notice_get(user=request.user, pk=pk)
    return file_response(
        pdf.render_notice(notice), PDF, f"rectification-{notice.number}.pdf", inline=True
    )


@require_GET
@role_required(*FILE_ROLES)
def pass_photo(request, pk: int):
    worker_pass = selectors.pass_get(user=request.user, pk=pk)
    if not worker_pass.photo:
        raise Http404
    return private_file_response(worker_pass.photo)
