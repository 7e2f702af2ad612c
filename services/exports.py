"""The service report as an Excel workbook."""

from django.utils.translation import gettext as _

from frontdesk.sheets import Sheet


def report_xlsx(report) -> bytes:
    sheet = Sheet(_("Services %(month)s") % {"month": f"{report.month:%Y-%m}"})
    head = [_("Services"), _("Accepted"), _("Accepted at the first attempt"), _("Revenue (CNY)")]
    for title, rows in (
        (_("By kind"), report.by_kind),
        (_("By department"), report.by_department),
        (_("By service"), report.by_item),
    ):
        sheet.append([title, *head])
        for row in rows:
            sheet.append([row.label, row.services, row.accepted, row.first_time, row.revenue])
        sheet.append([])
    total = report.total
    sheet.append([_("Total"), total.services, total.accepted, total.first_time, total.revenue])
    rate = report.satisfaction.rate
    sheet.append(
        [
            _("Satisfaction from the return visits"),
            report.satisfaction.visited,
            report.satisfaction.satisfied,
            f"{rate}%" if rate is not None else "",
        ]
    )
    return sheet.to_bytes()
