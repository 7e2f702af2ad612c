"""The return-visit KPIs: visit rate (visited / due, target 100%) and on-time rate, per
month and per estate, department or technician. Read-only; two queries whatever the rows."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Case, Count, F, IntegerField, Max, Q, Value, When
from django.utils import timezone

from frontdesk import months
from frontdesk.models import Department
from frontdesk.months import midnight
from frontdesk.text import staff_name
from owners.models import Estate

from .choices import Result, Status
from .models import Revisit

GROUPS = ("estate", "department", "technician")
REACHED = (Result.SATISFIED, Result.BASICALLY_SATISFIED, Result.DISSATISFIED)
TREND_MONTHS = 12
TREND_CACHE_SECONDS = 15 * 60


def month_start(day: datetime.date) -> datetime.datetime:
    """The aware moment ``day``'s month starts (these reports filter moments, not days)."""
    return midnight(months.month_start(day))


def next_month(start: datetime.datetime) -> datetime.datetime:
    return midnight(months.next_month(start.date()))


def months_back(start: datetime.datetime, n: int) -> datetime.datetime:
    index = start.year * 12 + start.month - 1 - n
    return timezone.make_aware(datetime.datetime(index // 12, index % 12 + 1, 1))


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    label: str
    due: int = 0
    visited: int = 0
    on_time: int = 0

    @property
    def visit_rate(self) -> Decimal | None:
        return rate(self.visited, self.due)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.due)


@dataclass
class Report:
    month: datetime.datetime
    group: str
    rows: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row(""))
    trend: list[tuple[str, Row]] = field(default_factory=list)


def _counts(now: datetime.datetime) -> dict[str, Any]:
    """What each row counts: due (its deadline passed, or done anyway; exemptions left out),
    visited (the owner reached) and on time (reached by the deadline)."""
    visited = Q(status=Status.DONE, result__in=REACHED)
    return {
        "due": Count("id", filter=Q(due_at__lte=now) | Q(status=Status.DONE)),
        "visited": Count("id", filter=visited),
        "on_time": Count("id", filter=visited & Q(visited_at__lte=F("due_at"))),
    }


def _labels(group: str, keys: list) -> dict:
    ids = [k for k in keys if k is not None]
    if group == "estate":
        return {pk: e.name for pk, e in Estate.objects.in_bulk(ids).items()}
    if group == "department":  # named with their estate when they come from several
        departments = Department.objects.select_related("estate").in_bulk(ids)
        several = len({d.estate_id for d in departments.values()}) > 1
        return {
            pk: f"{d.estate.name} · {d}" if several else str(d) for pk, d in departments.items()
        }
    users = get_user_model().objects.in_bulk(ids)
    return {pk: staff_name(u) for pk, u in users.items()}


def kpi_report(*, estate_ids, month: datetime.date, group: str = "department") -> Report:
    """One month's rates by ``group`` and the twelve months' trend up to it."""
    group = group if group in GROUPS else "department"
    start = month_start(month)
    end = next_month(start)
    now = timezone.now()
    revisits = Revisit.objects.filter(estate_id__in=list(estate_ids)).exclude(
        status=Status.EXEMPTED
    )
    key = f"{group}_id"
    per_key = (
        revisits.filter(due_at__gte=start, due_at__lt=end)
        .order_by()
        .values(key)
        .annotate(**_counts(now))
    )
    found = list(per_key)
    labels = _labels(group, [row[key] for row in found])
    report = Report(month=start, group=group)
    for row in found:
        label = labels.get(row[key], "—")
        report.rows.append(Row(label, row["due"], row["visited"], row["on_time"]))
    report.rows.sort(key=lambda r: (r.visit_rate is None, r.visit_rate or 0, r.label))
    report.total = Row(
        "",
        sum(r.due for r in report.rows),
        sum(r.visited for r in report.rows),
        sum(r.on_time for r in report.rows),
    )
    report.trend = _trend(revisits, estate_ids, start, end, now)
    return report


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def chart_data(report: Report, names: dict[str, str]) -> dict:
    return {
        "labels": [label for label, _row in report.trend],
        "visit_rate": [_number(r.visit_rate) for _l, r in report.trend],
        "on_time_rate": [_number(r.on_time_rate) for _l, r in report.trend],
        "names": names,
    }


def _trend(revisits, estate_ids, start, end, now) -> list[tuple[str, Row]]:
    """The twelve months up to ``end``, kept in the cache until any revisit changes (every
    change writes a history row, so the latest history id is the data's version)."""
    version = Revisit.history.aggregate(last=Max("history_id"))["last"] or 0
    ids = ",".join(str(pk) for pk in sorted(estate_ids))
    key = f"revisits:kpi-trend:{ids}:{start:%Y-%m}:{version}:{now:%Y%m%d%H}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    trend: list[tuple[str, Row]] = []
    # The trend: the month of each revisit as a bucket number (a CASE over the month
    # boundaries), grouped. A per-row month function runs in Python on SQLite, and twelve
    # months of conditional counts cost a comparison per count per row.
    bounds = [months_back(start, n) for n in range(TREND_MONTHS - 1, -1, -1)] + [end]
    bucket = Case(
        *(When(due_at__lt=bounds[n + 1], then=Value(n)) for n in range(TREND_MONTHS)),
        output_field=IntegerField(),
    )
    per_month = {
        row["bucket"]: row
        for row in revisits.filter(due_at__gte=bounds[0], due_at__lt=end)
        .annotate(bucket=bucket)
        .order_by()
        .values("bucket")
        .annotate(**_counts(now))
    }
    for n in range(TREND_MONTHS):
        label = bounds[n].strftime("%Y-%m")
        row = per_month.get(n, {"due": 0, "visited": 0, "on_time": 0})
        trend.append((label, Row(label, row["due"], row["visited"], row["on_time"])))
    cache.set(key, trend, TREND_CACHE_SECONDS)
    return trend
