"""The estate's move-in and custody settings (one ``CustodySettings`` row, defaults without)."""

from decimal import Decimal

from ..models import (
    DEFAULT_ELECTRICITY_MAX,
    DEFAULT_MOVE_IN_FEE_MONTHS,
    DEFAULT_WATER_MAX,
    CustodySettings,
)


def move_in_fee_months_for(estate_id: int) -> int:
    """How many months of property fee the estate charges at move-in."""
    row = CustodySettings.objects.filter(estate_id=estate_id).only("move_in_fee_months").first()
    return DEFAULT_MOVE_IN_FEE_MONTHS if row is None else row.move_in_fee_months


def custody_settings_for(estate_id: int) -> tuple[Decimal, Decimal]:
    """The estate's (water, electricity) entry thresholds, defaults when it set none."""
    row = CustodySettings.objects.filter(estate_id=estate_id).first()
    if row is None:
        return DEFAULT_WATER_MAX, DEFAULT_ELECTRICITY_MAX
    return row.water_max, row.electricity_max
