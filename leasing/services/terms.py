"""A contract's rent cycles, computed from its terms alone (no database): each cycle's
period and amount, with the rent-free months and the yearly escalation applied."""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ONE_DAY = datetime.timedelta(days=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Cycle:
    start: datetime.date
    end: datetime.date
    amount: Decimal  # zero: rent-free


def cycles(
    *,
    start: datetime.date,
    last_day: datetime.date,
    rent: Decimal,
    cycle: int,
    rent_free_months: int = 0,
    escalation: Decimal = Decimal(0),
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> list[Cycle]:
    """The rent cycles from ``since`` (a cycle's start; default the first) that start by
    ``until`` (default: all), to ``last_day``. The rent of a cycle is the rent in force at
    its start (raised by ``escalation`` % each full year of the lease); a cycle cut short by
    the end of the lease or partly rent-free is charged for its days."""
    free_until = add_months(start, rent_free_months)  # the first day paid
    rows = []
    k = 0
    while True:
        first = add_months(start, k * cycle)
        if first > last_day or (until is not None and first > until):
            break
        nominal_next = add_months(start, (k + 1) * cycle)
        if since is None or first >= since:
            last = min(nominal_next - ONE_DAY, last_day)
            paid_from = max(first, free_until)
            paid_days = (last - paid_from).days + 1
            amount = Decimal(0)
            if paid_days > 0:
                years = (k * cycle) // 12
                in_force = rent * (1 + escalation / 100) ** years
                full_days = (nominal_next - first).days
                amount = in_force * paid_days / full_days
            rows.append(Cycle(first, last, amount.quantize(CENT, rounding=ROUND_HALF_UP)))
        k += 1
    return rows


def next_cycle_start(
    *, start: datetime.date, last_day: datetime.date, cycle: int, after: datetime.date
) -> datetime.date | None:
    """The start of the cycle after the one starting ``after``, or None past the lease."""
    k = 0
    while add_months(start, k * cycle) <= after:
        k += 1
    following = add_months(start, k * cycle)
    return following if following <= last_day else None
