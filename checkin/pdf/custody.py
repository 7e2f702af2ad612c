"""The printed custody agreement (托管协议), A4, signed by the owner and the office."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from fees.selectors import monthly_property_fee
from frontdesk.money import CENT
from frontdesk.pdf import render_pdf

from ..models import CUSTODY_RATIO, Custody, MeterReading
from ..selectors.custody import custody_start_readings


def _fees(custody: Custody) -> tuple[Decimal, Decimal] | None:
    """The unit's full monthly property fee and the custody rate's, in figures."""
    full = monthly_property_fee(custody.unit, custody.start_date)
    if full is None:
        return None
    return full, (full * CUSTODY_RATIO).quantize(CENT, ROUND_HALF_UP)


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
            "fee": _fees(custody),
            "printed_at": timezone.localtime(),
        },
    )
