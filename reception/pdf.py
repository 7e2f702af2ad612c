"""The visitor badge: a small card (A6) with the visit number as a QR code."""

from django.utils import timezone

from frontdesk.pdf import qr_data_uri, render_pdf

from .models import Visit


def render_badge(visit: Visit) -> bytes:
    return render_pdf(
        "reception/pdf/badge.html",
        {
            "visit": visit,
            "arrived_at": timezone.localtime(visit.arrived_at),
            "qr": qr_data_uri(visit.number),
        },
    )
