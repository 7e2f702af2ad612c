"""The pay page's posts as the browser makes them."""

import datetime
import uuid

from fees import services
from fees.selectors import open_charges
from tests.factories import property_fee

# Months long past, so their charges have fallen due whatever today is.
JAN, FEB, MAR = (datetime.date(2025, month, 1) for month in (1, 2, 3))


def bill(estate, *months):
    """Property fee of 2.50/m²: 250.00 a month for the 100 m² unit."""
    property_fee(estate, rate="2.50")
    for month in months:
        services.billing_run(estate_id=estate.pk, period=month)


def proposed(unit, amount=None) -> dict:
    """The allocation inputs as the page proposes them, left untouched by the cashier, with
    a fresh form key, posted from the confirmation step (``confirm``)."""
    data = {"key": str(uuid.uuid4()), "confirm": "1"}
    left = amount
    for charge in open_charges(unit=unit):
        part = charge.outstanding if left is None else min(left, charge.outstanding)
        if left is not None:
            left -= part
        data[f"alloc-{charge.pk}"] = data[f"initial-alloc-{charge.pk}"] = str(part)
    return data


def pay_url(unit):
    return f"/fees/units/{unit.pk}/pay/"
