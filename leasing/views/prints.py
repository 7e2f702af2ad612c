"""Leasing's files and printed documents: the contract summary, the signed scans (private),
photos, and the owners' income ledger with its yearly statement (PDF, Excel)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdesk.http import PDF, file_response, private_file_response
from frontdesk.scoping import desk_estates, role_required

from .. import pdf, selectors
from ..forms import YearForm
from ..permissions import LEDGER_ROLES, SCAN_ROLES, SUPERVISE_ROLES, VIEW_ROLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@role_required(*VIEW_ROLES)
def summary_pdf(request, pk: int):
    contract = selectors.contract_get(user=request.user, pk=pk)
    data = pdf.render_summary(contract, selectors.contract_charges(contract))
    return file_response(data, PDF, f"lease-{contract.number}.pdf", inline=True)


@require_GET
@role_required(*SCAN_ROLES)
def scan_file(request, pk: int):
    return private_file_response(selectors.scan_get(user=request.user, pk=pk).file)


@require_GET
@role_required(*VIEW_ROLES, *SUPERVISE_ROLES)
def supervision_photo(request, pk: int):
    record = selectors.supervision_get(user=request.user, pk=pk)
    if not record.photo:
        raise Http404
    return private_file_response(record.photo)


def _book(request):
    estates = desk_estates(request)
    form = YearForm(
        request.GET or None,
        estates=estates,
        initial={"year": timezone.localdate().year, "estate": estates[0].pk if estates else None},
    )
    if form.is_bound and form.is_valid():
        estate_id, year = form.cleaned_data["estate"], form.cleaned_data["year"]
    elif form.is_bound:
        raise Http404
    elif estates:
        estate_id, year = estates[0].pk, timezone.localdate().year
    else:
        raise Http404
    estate = next(e for e in estates if e.pk == estate_id)
    return form, selectors.ledger(estate=estate, year=year)


@require_GET
@role_required(*LEDGER_ROLES)
def ledger(request):
    form, book = _book(request)
    return render(request, "leasing/ledger.html", {"form": form, "book": book})


@require_GET
@role_required(*LEDGER_ROLES)
def ledger_pdf(request):
    _form, book = _book(request)
    return file_response(pdf.render_ledger(book), PDF, f"ledger-{book.year}.pdf", inline=True)


@require_GET
@role_required(*LEDGER_ROLES)
def ledger_xlsx(request):
    _form, book = _book(request)
    return file_response(pdf.ledger_workbook(book), XLSX, f"ledger-{book.year}.xlsx")
