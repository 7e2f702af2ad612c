"""Excel exports of the move-in and custody lists, as filtered on the page (for supervisors)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from frontdesk.sheets import Sheet, capped
from frontdesk.text import staff_name

from .models import Custody, MoveInCase


def moveins_workbook(cases: Iterable[MoveInCase]) -> bytes:
    sheet = Sheet(_("Move-ins"))
    sheet.append(
        [
            _("Estate"),
            _("Unit"),
            _("Owner"),
            _("Handled by"),
            _("Agent's name"),
            _("Opened at"),
            _("Opened by"),
            _("Household registered at"),
            _("Items handed over at"),
            _("Acceptance recorded at"),
            _("Status"),
            _("Move-in date"),
            _("Completed at"),
            _("Reason for cancelling"),
        ]
    )
    for case in capped(sheet, cases):
        sheet.append(
            [
                case.estate.name,
                case.unit.code,
                case.owner.name,
                case.get_handler_display(),
                case.handler_name,
                case.opened_at,
                staff_name(case.opened_by),
                case.registered_at,
                case.handed_over_at,
                case.accepted_at,
                case.get_status_display(),
                case.move_in_date,
                case.completed_at,
                case.cancel_reason,
            ]
        )
    return sheet.to_bytes()


def custodies_workbook(custodies: Iterable[Custody]) -> bytes:
    sheet = Sheet(_("Vacant-house custody"))
    sheet.append(
        [
            _("Estate"),
            _("Unit"),
            _("Owner"),
            _("Agreement signed on"),
            _("Start date"),
            _("End date"),
            _("Overdue inspections"),
            _("Next inspection due"),
        ]
    )
    for custody in capped(sheet, custodies):
        sheet.append(
            [
                custody.estate.name,
                custody.unit.code,
                custody.owner.name,
                custody.agreement_signed_on,
                custody.start_date,
                custody.end_date,
                custody.overdue,
                custody.next_due,
            ]
        )
    return sheet.to_bytes()
