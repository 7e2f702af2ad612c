"""Leasing's printed documents, A4, in Simplified Chinese: the contract summary with its
signature lines, and the yearly statement of the owners' leasing income for the owners'
committee; and the statement as an Excel workbook."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frontdesk.pdf import render_pdf
from frontdesk.sheets import Sheet

from .models import Contract
from .selectors import Ledger

PRINT_LANGUAGE = "zh-hans"


def _render(template: str, context: dict) -> bytes:
    with translation.override(PRINT_LANGUAGE):
        return render_pdf(template, {**context, "LANGUAGE_CODE": PRINT_LANGUAGE})


def render_summary(contract: Contract, charges: list) -> bytes:
    return _render(
        "leasing/pdf/summary.html",
        {
            "contract": contract,
            "estate": contract.estate,
            "charges": charges,
            "printed_at": timezone.localtime(),
        },
    )


def render_ledger(book: Ledger) -> bytes:
    return _render(
        "leasing/pdf/ledger.html",
        {"book": book, "estate": book.estate, "printed_at": timezone.localtime()},
    )


def ledger_workbook(book: Ledger) -> bytes:
    with translation.override(PRINT_LANGUAGE):
        sheet = Sheet(_("Owners' leasing income %(year)s") % {"year": book.year})
        sheet.append([book.estate.name, book.year])
        sheet.append([_("Month"), _("Income"), _("Costs"), _("Owners' share")])
        for month in book.months:
            sheet.append([month.month.strftime("%Y-%m"), month.income, month.costs, month.share])
        sheet.append([_("Total"), book.income, book.cost_total, book.share])
        sheet.append([])
        sheet.append([_("Costs"), _("Category"), _("Amount"), _("Description")])
        for cost in book.costs:
            sheet.append(
                [cost.month.strftime("%Y-%m"), cost.category.name, cost.amount, cost.description]
            )
        sheet.append([])
        sheet.append([_("Allocation"), _("Amount"), _("Decided by"), _("Decided on")])
        for allocation in book.allocations:
            sheet.append(
                [
                    str(allocation.get_use_display()),
                    allocation.amount,
                    allocation.decision,
                    allocation.decided_on,
                ]
            )
        sheet.append([_("Not yet allocated"), book.unallocated])
        return sheet.to_bytes()
