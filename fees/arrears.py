"""The arrears list: one row per unit that owes money fallen due, with its age bucket.

A row is an aggregate of the unit's open charges (``GROUP BY unit``). Pages are cut by a
keyset on the sort key and the unit id, never by OFFSET or a full COUNT(*): a page costs the
same whatever its number, and the page's units and owners are read in one query each.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import django_filters
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontdesk.money import MoneySum
from frontdesk.paging import PAGE_SIZE, Page, page_of
from frontdesk.sheets import Sheet
from owners.models import Building, Estate, Unit
from owners.selectors import current_owner_names

from .models import ArrearsSnapshot, Charge, UnitArrears
from .selectors import owing_by_unit

EXPORT_CAP = 50_000
CHUNK = 2_000


@dataclass(frozen=True)
class Bucket:
    key: str
    label: Any  # a lazy translation
    low: int  # days overdue, inclusive
    high: int | None  # inclusive; None: no upper end


# By the days since the oldest unpaid due date (0 = it fell due today).
BUCKETS = (
    Bucket("0-30", gettext_lazy("0–30 days"), 0, 30),
    Bucket("31-90", gettext_lazy("31–90 days"), 31, 90),
    Bucket("91-180", gettext_lazy("91–180 days"), 91, 180),
    Bucket("180+", gettext_lazy("over 180 days"), 181, None),
)
BUCKET_CHOICES = [(b.key, b.label) for b in BUCKETS]
_BUCKETS = {b.key: b for b in BUCKETS}

SORT_AMOUNT = "amount"
SORT_OLDEST = "oldest"
SORT_CHOICES = [
    (SORT_AMOUNT, gettext_lazy("Largest amount first")),
    (SORT_OLDEST, gettext_lazy("Oldest due date first")),
]


def bucket_for(days: int) -> Bucket:
    for bucket in BUCKETS:
        if bucket.high is None or days <= bucket.high:
            return bucket
    raise AssertionError("unreachable: the last bucket has no upper end")


def due_range(bucket: Bucket, as_of: datetime.date) -> tuple[datetime.date | None, datetime.date]:
    """The oldest due dates (from, to; inclusive) that put a unit in ``bucket`` on ``as_of``."""
    latest = as_of - datetime.timedelta(days=bucket.low)
    earliest = None if bucket.high is None else as_of - datetime.timedelta(days=bucket.high)
    return earliest, latest


def arrears_queryset(*, estate_ids, as_of: datetime.date) -> QuerySet:
    """Per owing unit (``unit_id``, ``total``, ``oldest``) on ``as_of``: from the estates'
    summary when every one of them has it for that day, else aggregated live from charges.
    ``estate_ids`` None means every estate (superusers)."""
    estates = (
        Estate.objects.all() if estate_ids is None else Estate.objects.filter(pk__in=estate_ids)
    )
    fresh = ArrearsSnapshot.objects.filter(as_of=as_of).values("estate_id")
    if not estates.exclude(pk__in=fresh).exists():
        rows = UnitArrears.objects.all()
        if estate_ids is not None:
            rows = rows.filter(estate_id__in=estate_ids)
        return rows.values("unit_id", "total", "oldest")
    return owing_by_unit(as_of=as_of, estate_ids=estate_ids)


class ArrearsFilter(django_filters.FilterSet):
    """The list's filters. The estate choices are the user's only, so a foreign id is a form
    error; the base queryset is scoped to them anyway. A building is asked by its number, as
    the desk says it ("3" for 3栋): a select of every building of a large estate would cost
    more to render than the list itself."""

    estate = django_filters.ChoiceFilter(
        label=gettext_lazy("Estate"),
        method="filter_estate",
        empty_label=gettext_lazy("All my estates"),
    )
    building = django_filters.CharFilter(
        label=gettext_lazy("Building number"), max_length=10, method="filter_building"
    )
    age = django_filters.ChoiceFilter(
        label=gettext_lazy("Overdue for"),
        choices=BUCKET_CHOICES,
        method="filter_age",
        empty_label=gettext_lazy("Any time"),
    )
    min_amount = django_filters.NumberFilter(
        label=gettext_lazy("Owing at least (CNY)"), min_value=0, method="filter_min_amount"
    )
    sort = django_filters.ChoiceFilter(
        label=gettext_lazy("Sort"), choices=SORT_CHOICES, method="filter_nothing", empty_label=None
    )

    class Meta:
        model = Charge
        fields: list[str] = []

    def __init__(self, data=None, *, estates, as_of: datetime.date, **kwargs):
        """``estates``: the estates the list may show (objects with pk and name)."""
        self.as_of = as_of
        estate_ids = [e.pk for e in estates]
        super().__init__(
            data, queryset=arrears_queryset(estate_ids=estate_ids, as_of=as_of), **kwargs
        )
        self.filters["estate"].extra["choices"] = [(e.pk, e.name) for e in estates]

    def filter_estate(self, queryset, name, value):
        return queryset.filter(estate_id=int(value)) if value else queryset

    def filter_building(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        buildings = Building.objects.filter(number=value).values("pk")
        # by the building's id: the summary keeps it on each row, charges through the unit
        field = "building_id" if queryset.model is UnitArrears else "unit__building_id"
        return queryset.filter(**{f"{field}__in": buildings})

    def filter_age(self, queryset, name, value):
        if not value:
            return queryset
        earliest, latest = due_range(_BUCKETS[value], self.as_of)
        queryset = queryset.filter(oldest__lte=latest)
        return queryset.filter(oldest__gte=earliest) if earliest else queryset

    def filter_min_amount(self, queryset, name, value):
        return queryset.filter(total__gte=value) if value is not None else queryset

    def filter_nothing(self, queryset, name, value):
        return queryset  # the sort is applied with the page's keyset

    @property
    def sort_order(self) -> str:
        if not self.is_bound:
            return SORT_AMOUNT
        self.errors  # noqa: B018 -- validates the form: cleaned_data holds the valid fields
        return self.form.cleaned_data.get("sort") or SORT_AMOUNT


# Rows and pages


@dataclass
class ArrearsRow:
    unit_id: int
    total: Decimal
    oldest_due: datetime.date
    days_overdue: int
    bucket: Bucket
    unit: Unit | None = None
    owners: list[str] = field(default_factory=list)

    @property
    def owner_names(self) -> str:
        return "、".join(self.owners)


def _ordered(queryset: QuerySet, sort: str) -> QuerySet:
    if sort == SORT_OLDEST:
        return queryset.order_by("oldest", "unit_id")
    return queryset.order_by("-total", "unit_id")


def _after(queryset: QuerySet, sort: str, cursor: str) -> QuerySet:
    """Rows after ``cursor`` ("<key>~<unit id>") in the sort order; a bad cursor: from the top."""
    key, _sep, unit_id = cursor.partition("~")
    try:
        last_id = int(unit_id)
        if sort == SORT_OLDEST:
            day = datetime.date.fromisoformat(key)
            return queryset.filter(Q(oldest__gt=day) | Q(oldest=day, unit_id__gt=last_id))
        amount = Decimal(key)
        if not amount.is_finite():
            raise ValueError(key)
    except (ValueError, InvalidOperation):
        return queryset
    return queryset.filter(Q(total__lt=amount) | Q(total=amount, unit_id__gt=last_id))


def _cursor(row: ArrearsRow, sort: str) -> str:
    key = row.oldest_due.isoformat() if sort == SORT_OLDEST else f"{row.total:.2f}"
    return f"{key}~{row.unit_id}"


def _rows(values, as_of: datetime.date) -> list[ArrearsRow]:
    rows = []
    for value in values:
        days = (as_of - value["oldest"]).days
        rows.append(
            ArrearsRow(
                unit_id=value["unit_id"],
                total=value["total"].quantize(Decimal("0.01")),
                oldest_due=value["oldest"],
                days_overdue=days,
                bucket=bucket_for(days),
            )
        )
    return rows


def _with_units(rows: list[ArrearsRow], as_of: datetime.date) -> list[ArrearsRow]:
    """Each row's unit (building, estate) and current owners: two queries."""
    ids = [row.unit_id for row in rows]
    by_id = Unit.objects.select_related("building", "estate").in_bulk(ids)
    owners = current_owner_names(ids, as_of)
    for row in rows:
        row.unit = by_id.get(row.unit_id)
        row.owners = owners.get(row.unit_id, [])
    return rows


def arrears_page(
    filterset: ArrearsFilter, *, cursor: str = "", size: int | None = None
) -> Page[ArrearsRow]:
    """One page of the filtered list, after ``cursor``: three queries whatever the page."""
    size = size or PAGE_SIZE
    sort = filterset.sort_order
    queryset = _ordered(filterset.qs, sort)
    if cursor:
        queryset = _after(queryset, sort, cursor)
    page = page_of(
        _rows(queryset[: size + 1], filterset.as_of), size, cursor, lambda last: _cursor(last, sort)
    )
    page.rows = _with_units(page.rows, filterset.as_of) if page.rows else []
    return page


@dataclass
class Totals:
    units: int
    amount: Decimal


def arrears_totals(filterset: ArrearsFilter) -> Totals:
    """How many units and how much for the whole filtered list, in one aggregate query."""
    result = filterset.qs.order_by().aggregate(units=Count("unit_id"), amount=MoneySum("total"))
    return Totals(units=result["units"] or 0, amount=result["amount"])


def arrears_rows(
    filterset: ArrearsFilter, *, limit: int, with_units: bool = True
) -> list[ArrearsRow]:
    """Up to ``limit`` rows of the filtered list in its order, with units and owners (read in
    chunks, so an export of tens of thousands of rows keeps its queries few and bounded)."""
    queryset = _ordered(filterset.qs, filterset.sort_order)
    rows = _rows(queryset[:limit], filterset.as_of)
    for start in range(0, len(rows) if with_units else 0, CHUNK):
        _with_units(rows[start : start + CHUNK], filterset.as_of)
    return rows


def capped_count(filterset: ArrearsFilter, cap: int) -> int:
    """How many units the list has, counting no further than ``cap + 1``."""
    return filterset.qs.order_by()[: cap + 1].count()


# Excel


def arrears_workbook(rows: list[ArrearsRow], *, as_of: datetime.date, capped: bool) -> bytes:
    sheet = Sheet(_("Arrears"))
    sheet.append([_("Arrears on %(day)s") % {"day": as_of.isoformat()}])
    if capped:
        sheet.append(
            [
                _("Only the first %(n)s units are listed; narrow the filters to see the rest.")
                % {"n": f"{len(rows):,}"}
            ]
        )
    sheet.append(
        [
            _("Estate"),
            _("Building"),
            _("Unit"),
            _("Owners"),
            _("Amount owed (CNY)"),
            _("Oldest due date"),
            _("Days overdue"),
            _("Overdue for"),
        ]
    )
    for row in rows:
        unit = row.unit
        sheet.append(
            [
                unit.estate.name if unit else "",
                str(unit.building) if unit else "",
                unit.code if unit else row.unit_id,
                row.owner_names,
                row.total,
                row.oldest_due,
                row.days_overdue,
                str(row.bucket.label),
            ]
        )
    return sheet.to_bytes()
