"""The monthly report as an Excel workbook (one sheet, one block per table)."""

from django.utils.translation import gettext as _

from frontdesk.sheets import Sheet


def report_xlsx(report: dict) -> bytes:
    sheet = Sheet(_("Inspections %(month)s") % {"month": f"{report['month']:%Y-%m}"})
    rounds = report["rounds"]
    sheet.append([_("Month"), f"{report['month']:%Y-%m}"])
    sheet.append([_("Rounds due"), rounds["total"]])
    sheet.append([_("Done on time"), rounds["on_time"]])
    sheet.append([_("Done late"), rounds["late"]])
    sheet.append([_("Missed"), rounds["missed"]])
    sheet.append([_("Nonconformities"), report["found"]])
    sheet.append([_("Closed"), report["closed"]])
    sheet.append([_("Average days to close"), report["average_days_to_close"]])
    sheet.append([])
    sheet.append([_("Department"), _("Found"), _("Closed")])
    for row in report["by_department"]:
        sheet.append([str(row["label"]), row["count"], row["closed"]])
    sheet.append([])
    sheet.append([_("Check item"), _("Template"), _("Found"), _("Closed")])
    for row in report["by_item"]:
        sheet.append([row["item__text"], row["item__template__name"], row["count"], row["closed"]])
    sheet.append([])
    sheet.append([_("Place"), _("Found"), _("Closed")])
    for row in report["by_place"]:
        sheet.append([row["place__name"], row["count"], row["closed"]])
    sheet.append([])
    sheet.append([_("Repeat findings"), _("Check item"), _("Times")])
    for row in report["repeats"]:
        sheet.append([row["place__name"], row["item__text"], row["count"]])
    return sheet.to_bytes()
