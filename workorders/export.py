"""The lists as Excel workbooks (write-only: rows stream out, memory stays flat)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.sheets import Sheet


def orders_workbook(rows, *, title: str, capped: bool) -> bytes:
    sheet = Sheet(_("Work orders"))
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
                order.created_at,
                order.due_at,
                order.completed_at,
                order.amount,
            ]
        )
    return sheet.to_bytes()
