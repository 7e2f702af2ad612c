"""Reads of leasing, scoped to the user's estates; constant query counts."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import DecimalField, ExpressionWrapper, F, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from frontdesk.money import MoneySum
from frontdesk.paging import PAGE_SIZE, Page, cursor_parts, page_of
from frontdesk.scoping import get_for_user_or_404

from .models import (
    ZERO,
    Contract,
    ContractScan,
    LeaseCharge,
    LedgerAllocation,
    LedgerCost,
    Lessee,
    Negotiation,
    Space,
    Supervision,
)

LISTS = ("active", "expiring", "arrears", "ended")
EXPIRING_DAYS = 90
PANEL_ROWS = 8
OPEN = ("open", "part_paid")
_OUTSTANDING = ExpressionWrapper(
    F("charge__amount") - F("charge__paid_amount") - F("charge__waived_amount"),
    output_field=DecimalField(max_digits=12, decimal_places=2),
)


def _scoped(queryset: QuerySet, estate_ids) -> QuerySet:
    return queryset if estate_ids is None else queryset.filter(estate_id__in=estate_ids)


def space_get(*, user: Any, pk: int) -> Space:
    return get_for_user_or_404(user, Space.objects.select_related("estate"), pk=pk)


def lessee_get(*, user: Any, pk: int) -> Lessee:
    return get_for_user_or_404(user, Lessee.objects.select_related("estate"), pk=pk)


def negotiation_get(*, user: Any, pk: int) -> Negotiation:
    queryset = Negotiation.objects.select_related("space", "lessee", "estate", "opened_by")
    return get_for_user_or_404(user, queryset, pk=pk)


def contract_get(*, user: Any, pk: int) -> Contract:
    queryset = Contract.objects.select_related(
        "space", "lessee", "estate", "signed_by", "renews", "deposit__charge"
    )
    return get_for_user_or_404(user, queryset, pk=pk)


def scan_get(*, user: Any, pk: int) -> ContractScan:
    return get_for_user_or_404(user, ContractScan.objects.all(), pk=pk)


def supervision_get(*, user: Any, pk: int) -> Supervision:
    return get_for_user_or_404(user, Supervision.objects.select_related("contract"), pk=pk)


def space_page(*, estate_ids, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """Spaces by code, each with its contract in force today (one query)."""
    today = timezone.localdate()
    spaces = _scoped(Space.objects.all(), estate_ids).select_related("estate")
    parts = cursor_parts(cursor, 2) if cursor else None
    if parts and parts[1].isdigit():
        spaces = spaces.filter(Q(code__gt=parts[0]) | Q(code=parts[0], pk__gt=int(parts[1])))
    rows = list(spaces.order_by("code", "pk")[: size + 1])
    current = {
        c.space_id: c
        for c in Contract.objects.filter(
            space_id__in=[s.pk for s in rows[:size]],
            status=Contract.Status.ACTIVE,
            start__lte=today,
            end__gte=today,
        ).select_related("lessee")
    }
    for space in rows:
        space.current = current.get(space.pk)
    return page_of(rows, size, cursor, key=lambda s: f"{s.code}~{s.pk}")


def _contracts(estate_ids, which: str) -> QuerySet[Contract]:
    today = timezone.localdate()
    contracts = _scoped(Contract.objects.all(), estate_ids)
    if which == "expiring":
        return contracts.filter(
            status=Contract.Status.ACTIVE,
            end__lte=today + datetime.timedelta(days=EXPIRING_DAYS),
        )
    if which == "ended":
        return contracts.exclude(status=Contract.Status.ACTIVE)
    return contracts.filter(status=Contract.Status.ACTIVE)


def contract_page(*, estate_ids, which: str, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One keyset page of contracts: expiring by end date, else newest first."""
    if which == "arrears":
        return arrears_page(estate_ids=estate_ids, cursor=cursor, size=size)
    contracts = _contracts(estate_ids, which).select_related("space", "lessee")
    if which == "expiring":
        parts = cursor_parts(cursor, 2) if cursor else None
        if parts and parts[1].isdigit():
            try:
                end = datetime.date.fromisoformat(parts[0])
            except ValueError:
                end = None
            if end:
                contracts = contracts.filter(Q(end__gt=end) | Q(end=end, pk__gt=int(parts[1])))
        rows = list(contracts.order_by("end", "pk")[: size + 1])
        return page_of(rows, size, cursor, key=lambda c: f"{c.end.isoformat()}~{c.pk}")
    if cursor.isdigit():
        contracts = contracts.filter(pk__lt=int(cursor))
    rows = list(contracts.order_by("-pk")[: size + 1])
    return page_of(rows, size, cursor, key=lambda c: str(c.pk))


@dataclass
class Owing:
    lessee: Lessee
    total: Decimal
    oldest: datetime.date


def arrears_page(*, estate_ids, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """Lessees with charges fallen due and unpaid, by lessee id: what each owes (two
    queries)."""
    today = timezone.localdate()
    rows = (
        LeaseCharge.objects.filter(charge__status__in=OPEN, charge__due_date__lt=today)
        .values("contract__lessee_id")
        .annotate(total=MoneySum(_OUTSTANDING), oldest=Min("charge__due_date"))
        .order_by("contract__lessee_id")
    )
    if estate_ids is not None:
        rows = rows.filter(contract__estate_id__in=estate_ids)
    if cursor.isdigit():
        rows = rows.filter(contract__lessee_id__gt=int(cursor))
    found = list(rows[: size + 1])
    lessees = Lessee.objects.in_bulk([row["contract__lessee_id"] for row in found])
    owing = [
        Owing(lessees[row["contract__lessee_id"]], row["total"], row["oldest"]) for row in found
    ]
    return page_of(owing, size, cursor, key=lambda o: str(o.lessee.pk))


def contract_charges(contract: Contract) -> list[LeaseCharge]:
    return list(contract.charges.select_related("charge").order_by("period_start", "pk"))


def lessee_owes(*, lessee: Lessee) -> Decimal:
    total = LeaseCharge.objects.filter(contract__lessee=lessee, charge__status__in=OPEN).aggregate(
        total=MoneySum(_OUTSTANDING)
    )["total"]
    return total or ZERO


@dataclass
class Panel:
    count: int = 0
    rows: list = field(default_factory=list)


def expiring_panel(*, estate_ids) -> Panel:
    contracts = _contracts(estate_ids, "expiring")
    rows = list(contracts.select_related("space", "lessee").order_by("end", "pk")[:PANEL_ROWS])
    count = len(rows) if len(rows) < PANEL_ROWS else contracts.count()
    return Panel(count=count, rows=rows)


# --- the owners' income ledger -----------------------------------------------------------


@dataclass
class LedgerMonth:
    month: datetime.date
    income: Decimal = ZERO
    costs: Decimal = ZERO

    @property
    def share(self) -> Decimal:
        return self.income - self.costs


@dataclass
class Ledger:
    estate: Any
    year: int
    months: list[LedgerMonth]
    costs: list[LedgerCost]
    allocations: list[LedgerAllocation]

    @property
    def income(self) -> Decimal:
        return sum((m.income for m in self.months), ZERO)

    @property
    def cost_total(self) -> Decimal:
        return sum((m.costs for m in self.months), ZERO)

    @property
    def share(self) -> Decimal:
        return self.income - self.cost_total

    @property
    def allocated(self) -> Decimal:
        return sum((a.amount for a in self.allocations), ZERO)

    @property
    def unallocated(self) -> Decimal:
        return self.share - self.allocated


def ledger(*, estate: Any, year: int) -> Ledger:
    """Income received in ``year`` on leases of the owners' common parts (rent, site fees,
    settlements; a reversal counts against its month), the costs set against it, the owners'
    share by month and the allocations decided. Four queries whatever the leases."""
    zone = ZoneInfo(settings.TIME_ZONE)
    begin = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    received = (
        LeaseCharge.objects.filter(
            contract__estate_id=estate.pk,
            contract__space__ownership=Space.Ownership.COMMON,
            charge__allocations__created_at__gte=begin,
            charge__allocations__created_at__lt=end,
        )
        .annotate(month=TruncMonth("charge__allocations__created_at", tzinfo=zone))
        .values("month")
        .annotate(total=Sum("charge__allocations__amount"))
        .order_by("month")
    )
    months = {m: LedgerMonth(datetime.date(year, m, 1)) for m in range(1, 13)}
    for row in received:
        month = row["month"]
        months[month.month].income += Decimal(row["total"] or 0).quantize(Decimal("0.01"))
    costs = list(
        LedgerCost.objects.filter(estate_id=estate.pk, month__year=year)
        .select_related("category")
        .order_by("month", "pk")
    )
    for cost in costs:
        months[cost.month.month].costs += cost.amount
    allocations = list(LedgerAllocation.objects.filter(estate_id=estate.pk, year=year))
    return Ledger(estate, year, list(months.values()), costs, allocations)
