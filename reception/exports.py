"""Excel exports of the phone log and the visitor log, as filtered on the page."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from frontdesk.sheets import EXPORT_CAP, Sheet, capped
from frontdesk.text import staff_name

from .models import PhoneCall, Visit

__all__ = ["EXPORT_CAP", "calls_workbook", "visits_workbook"]


def calls_workbook(calls: Iterable[PhoneCall]) -> bytes:
    """The calls given (at most EXPORT_CAP + 1: one more says the list was cut)."""
    sheet = Sheet(_("Phone calls"))
    sheet.append(
        [
            _("No."),
            _("Estate"),
            _("Time of call"),
            _("Caller"),
            _("Caller's name"),
            _("Caller's phone"),
            _("Unit"),
            _("Topic"),
            _("What the caller said"),
            _("What we answered"),
            _("Status"),
            _("Routed to"),
            _("Reply due"),
            _("Reply given"),
            _("Replied at"),
            _("Replied by"),
            _("Taken by"),
        ]
    )
    for call in capped(sheet, calls):
        sheet.append(
            [
                call.pk,
                call.estate.name,
                call.received_at,
                call.get_caller_kind_display(),
                call.caller_name,
                call.caller_phone_masked,
                call.unit.code if call.unit else "",
                call.get_topic_display(),
                call.content,
                call.answer,
                call.get_status_display(),
                str(call.department) if call.department else "",
                call.reply_due,
                call.reply,
                call.replied_at,
                staff_name(call.replied_by),
                staff_name(call.recorded_by),
            ]
        )
    return sheet.to_bytes()


def visits_workbook(visits: Iterable[Visit]) -> bytes:
    sheet = Sheet(_("Visitors"))
    sheet.append(
        [
            _("Visit number"),
            _("Estate"),
            _("Arrived at"),
            _("Left at"),
            _("Visitor's name"),
            _("Phone"),
            _("ID number (masked)"),
            _("People"),
            _("Purpose"),
            _("Details"),
            _("Visiting"),
            _("Vehicle plate"),
            _("Recorded by"),
        ]
    )
    for visit in capped(sheet, visits):
        sheet.append(
            [
                visit.number,
                visit.estate.name,
                visit.arrived_at,
                visit.departed_at,
                visit.name,
                visit.phone_masked,
                visit.id_masked,
                visit.party_size,
                visit.get_purpose_display(),
                visit.purpose_detail,
                visit.visiting,
                visit.vehicle_plate,
                staff_name(visit.recorded_by),
            ]
        )
    return sheet.to_bytes()
