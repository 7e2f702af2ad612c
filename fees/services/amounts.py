"""The one judge of what a valid amount of money is: the kernel's, with the fees error."""

from decimal import Decimal

from frontdesk.money import parse_money

from ..errors import FeesError


def parse_amount(value, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """A money amount in CNY: ASCII digits, positive, at most two decimals, within the
    column's digits (``frontdesk.money.parse_money``)."""
    return parse_money(value, field=field, allow_zero=allow_zero, error=FeesError)
