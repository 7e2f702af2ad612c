"""Money for every app: the one parser of typed amounts and the one sum of money columns.

Amounts are ``Decimal`` with two places (CNY). SQLite sums decimals as floats and Django
quantizes only plain columns, so an aggregate comes back as ``795.240000000000``; every
money aggregate goes through ``MoneySum`` (or ``RoundMoney`` over a subquery), which rounds
in SQL (the value compares and orders right) and quantizes what the database returns.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, Func, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from .errors import DeskError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Every money column: ``DecimalField(max_digits=12, decimal_places=2)``.
MAX_DIGITS = 12
DECIMAL_PLACES = 2

# ASCII digits only: Python's Decimal also reads full-width and other scripts' digits, and
# an exponent (1e30) is not how anyone types money at a desk.
_AMOUNT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)


def round_money(value) -> Decimal:
    """``value`` (a Decimal, a float from SQLite, an int, None) as a 2-place Decimal."""
    if value is None:
        return ZERO
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money_limit(max_digits: int = MAX_DIGITS) -> Decimal:
    """The largest amount a money column of ``max_digits`` holds: 9,999,999,999.99 for 12."""
    return Decimal(10) ** (max_digits - DECIMAL_PLACES) - CENT


def parse_money(
    value,
    *,
    field: str = "amount",
    allow_zero: bool = False,
    max_digits: int = MAX_DIGITS,
    error: type[DeskError] = DeskError,
) -> Decimal:
    """A typed amount of money: ASCII digits, positive, at most two decimals, and small
    enough for its column. Raises ``error`` with codes ``not_a_number``, ``too_precise``,
    ``not_positive`` or ``too_large`` (the same codes in every app)."""
    text = str(value).strip() if value is not None else ""
    amount = Decimal("NaN")
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        amount = Decimal(value)  # computed by the code, not typed
    elif len(text) <= 64 and _AMOUNT.fullmatch(text):
        amount = Decimal(text)  # the pattern admits only plain decimal numbers
    if not amount.is_finite():
        raise error(_("Enter an amount such as 128.50."), code="not_a_number", field=field)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise error(_("The amount must be more than zero."), code="not_positive", field=field)
    limit = money_limit(max_digits)
    if amount > limit:
        raise error(
            _("The amount can be at most %(limit)s.") % {"limit": f"{limit:,}"},
            code="too_large",
            field=field,
        )
    if amount != amount.quantize(CENT):
        raise error(_("Amounts have at most two decimals (fen)."), code="too_precise", field=field)
    return amount.quantize(CENT)


def _money_field() -> DecimalField:
    return DecimalField(max_digits=MAX_DIGITS + 4, decimal_places=DECIMAL_PLACES)


class RoundMoney(Func):
    """``expression`` rounded to cents in SQL and returned as a 2-place Decimal (None stays
    None): for a money subquery or any computed money value."""

    function = "ROUND"
    arity = None

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(DECIMAL_PLACES), output_field=_money_field(), **extra)

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), _to_money]


def _to_money(value, expression, connection):
    return None if value is None else round_money(value)


class MoneySum(RoundMoney):
    """The sum of a money column or expression as a 2-place Decimal on every database;
    ``default`` (0.00) when there is nothing to sum, None to keep NULL."""

    def __init__(self, expression, *, filter=None, default: Decimal | None = ZERO, **extra):
        total = Sum(expression, filter=filter)
        if default is None:
            super().__init__(total, **extra)
        else:
            super().__init__(Coalesce(total, Value(default), output_field=_money_field()), **extra)
