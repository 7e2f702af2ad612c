"""The one judge of what a valid amount of money is."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..errors import FeesError
from ..models import CENT


def parse_amount(value, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """A money amount in CNY: a number, positive, at most two decimals."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise FeesError(_("Enter an amount such as 128.50."), code="not_a_number", field=field)
    if amount != amount.quantize(CENT):
        raise FeesError(
            _("Amounts have at most two decimals (fen)."), code="too_precise", field=field
        )
    if amount < 0 or (amount == 0 and not allow_zero):
        raise FeesError(_("The amount must be more than zero."), code="not_positive", field=field)
    return amount.quantize(CENT)
