"""Printed documents of inspections, A4, in the print language (Simplified Chinese): the sheet
of QR codes to post at each place, and the monthly report for the director with its bars."""

from django.utils import timezone

from frontdesk.pdf import print_language, qr_data_uri, render_pdf


def render_qr_sheet(estate, places: list, site: str) -> bytes:
    cards = [{"place": place, "qr": qr_data_uri(f"{site}{place.qr_path()}")} for place in places]
    with print_language():
        return render_pdf(
            "inspections/pdf/qr_sheet.html",
            {"estate": estate, "cards": cards, "today": timezone.localdate()},
        )


def render_report(report: dict, estates: list) -> bytes:
    with print_language():
        return render_pdf(
            "inspections/pdf/report.html",
            {"report": report, "estates": estates, "today": timezone.localdate()},
        )
