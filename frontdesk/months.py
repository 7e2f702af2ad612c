"""Calendar days and months in the estate's local time, for reports, billing and deadlines.

Dates are ``datetime.date``; ``midnight`` turns a day into the aware moment it starts (the
project's time zone), the bound every "received this month" filter needs.
"""

import datetime
import re

from django.utils import timezone

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def midnight(day: datetime.date) -> datetime.datetime:
    """The aware moment ``day`` starts, in local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(day: datetime.date) -> datetime.date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(day: datetime.date) -> datetime.date:
    """The first day of the month before ``day``'s."""
    return (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def parse_month(value: str | None) -> datetime.date | None:
    """ "2026-06" -> 2026-06-01; None when it is not a month (or not between 2000 and 2100)."""
    match = _MONTH.match((value or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return datetime.date(year, month, 1)


def month_navigation(request, month: datetime.date) -> dict:
    """What a monthly report page shows around its month: the links to the months before and
    after, and whether the ``month`` asked for was not one (the page then says so)."""
    asked = request.GET.get("month")
    return {
        "previous": previous_month(month),
        "next": next_month(month),
        "bad_month": bool(asked) and parse_month(asked) is None,
    }


def asked_month(request) -> datetime.date:
    """The report month of ``?month=YYYY-MM``, this month when absent or not a month."""
    return parse_month(request.GET.get("month")) or month_start(timezone.localdate())
