"""The printed custody agreement (托管协议), A4, signed by the owner and the office."""

from django.utils import timezone

from frontdesk.pdf import render_pdf

from ..models import CUSTODY_RATIO, Custody, MeterReading
from ..selectors.custody import custody_start_readings


def render_agreement(custody: Custody) -> bytes:
    readings = custody_start_readings(custody)
    return render_pdf(
        "checkin/pdf/agreement.html",
        {
            "custody": custody,
            "unit": custody.unit,
            "owner": custody.owner,
            "estate": custody.estate,
            "readings": [readings.get(meter) for meter in MeterReading.Meter.values],
            "percent": int(CUSTODY_RATIO * 100),
            "printed_at": timezone.localtime(),
        },
    )
