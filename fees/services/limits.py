"""What one unit may owe in all: no more than a money column holds (9,999,999,999.99).

Every amount typed is bounded by its column, but a unit's open charges are summed into
columns of the same size: its row of the arrears summary (``UnitArrears.total``) and the
arrears a collection attempt keeps (``CollectionAttempt.arrears_amount``). A sum of bounded
amounts could overflow them, and then the unit's pages, its payments and the estate's nightly
summary would fail. So every service that makes a unit owe more (a new charge, a month
billed, the move-in months, a reversal that opens paid charges again) keeps the unit's open
total within the column, or refuses with a message; payments and waivers only lower it.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F
from django.utils.translation import gettext as _

from frontdesk.money import MoneySum, money_limit
from owners.models import Unit

from ..errors import FeesError
from ..models import ZERO, Charge

LIMIT = money_limit()
OPEN_STATUSES = (Charge.Status.OPEN, Charge.Status.PART_PAID)
_OUTSTANDING = ExpressionWrapper(
    F("amount") - F("paid_amount") - F("waived_amount"),
    output_field=DecimalField(max_digits=12, decimal_places=2),
)


def owed_open(unit_ids: Iterable[int], *, above: Decimal = ZERO) -> dict[int, Decimal]:
    """What each unit's open charges still owe (due or not), for the units that owe more than
    ``above``: one query."""
    rows = (
        Charge.objects.filter(unit_id__in=list(unit_ids), status__in=OPEN_STATUSES)
        .order_by()
        .values("unit_id")
        .annotate(total=MoneySum(_OUTSTANDING))
        .filter(total__gt=above)
        .values_list("unit_id", "total")
    )
    return dict(rows)


def too_much(owed: Decimal, adding: Decimal) -> bool:
    return owed + adding > LIMIT


def owing_check(*, unit_id: int, adding: Decimal, field: str | None = None) -> None:
    """Refuse (``too_large``, on ``field``) when the unit would owe more than a money column
    holds once ``adding`` more is owed. Locks the unit: two charges at once wait for each
    other, as two payments do."""
    list(Unit.objects.select_for_update().filter(pk=unit_id).values_list("pk", flat=True))
    owed = owed_open([unit_id]).get(unit_id, ZERO)
    if too_much(owed, adding):
        raise FeesError(
            _(
                "The unit would owe ¥%(total)s in all, more than the desk can hold "
                "(¥%(limit)s): check the amounts."
            )
            % {"total": f"{owed + adding:,}", "limit": f"{LIMIT:,}"},
            code="too_large",
            field=field,
        )


def fits(charge: Charge) -> bool:
    """A computed charge (a rate times an area, times a ratio) fits its columns."""
    return charge.base_amount <= LIMIT and charge.amount <= LIMIT
