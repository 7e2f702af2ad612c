"""The lists as Excel workbooks (write-only: rows stream out, memory stays flat)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def orders_workbook(rows, *, title: str, capped: bool) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Work orders"))
    sheet.append([title, timezone.localdate().isoformat()])
    if capped:
        sheet.append(
            [
                _("Only the first %(n)s orders are listed; narrow the filters to see the rest.")
                % {"n": f"{len(rows):,}"}
            ]
        )
    sheet.append(
        [
            _("Number"),
            _("Estate"),
            _("Kind"),
            _("Category"),
            _("Status"),
            _("Priority"),
            _("Unit or location"),
            _("Reported by"),
            _("Contact phone"),
            _("Description"),
            _("Department"),
            _("Assigned to"),
            _("Created at"),
            _("Due by"),
            _("Completed at"),
            _("Amount (CNY)"),
        ]
    )
    for order in rows:
        sheet.append(
            [
                order.number,
                order.estate.name,
                order.get_kind_display(),
                order.get_category_display(),
                order.get_status_display(),
                order.get_priority_display(),
                order.where,
                order.reporter_name,
                order.reporter_phone,
                order.description,
                str(order.department) if order.department else "",
                order.assignee.get_username() if order.assignee else "",
                _local(order.created_at),
                _local(order.due_at),
                _local(order.completed_at),
                order.amount,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
