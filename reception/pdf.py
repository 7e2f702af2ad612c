"""The visitor badge: a small card (A6) with the visit number as a QR code."""

import datetime

from django.utils import timezone

from frontdesk.pdf import qr_data_uri, render_pdf

from .models import Visit


def valid_until(visit: Visit) -> datetime.datetime:
    """A visitor's badge is good for the day of the visit: until 23:59 local time."""
    arrived = timezone.localtime(visit.arrived_at)
    return arrived.replace(hour=23, minute=59, second=0, microsecond=0)


def render_badge(visit: Visit) -> bytes:
    return render_pdf(
        "reception/pdf/badge.html",
        {
            "visit": visit,
            "arrived_at": timezone.localtime(visit.arrived_at),
            "valid_until": valid_until(visit),
            "qr": qr_data_uri(visit.number),
        },
    )
