"""Reads of money owed and paid, for the desk and for other apps (release slips, complaints)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from frontdesk.money import CENT, MoneySum, RoundMoney
from frontdesk.paging import PAGE_SIZE, Page, cursor_parts, page_of
from frontdesk.scoping import get_for_user_or_404, scope
from frontdesk.text import local_name

from .models import (
    DEFAULT_PAYMENT_CEILING,
    ZERO,
    Allocation,
    Charge,
    CollectionAttempt,
    Deposit,
    FeeSettings,
    FeeType,
    Payment,
)

OUTSTANDING = ExpressionWrapper(
    F("amount") - F("paid_amount") - F("waived_amount"),
    output_field=DecimalField(max_digits=12, decimal_places=2),
)
OPEN = (Charge.Status.OPEN, Charge.Status.PART_PAID)


def owing_by_unit(
    *, as_of: datetime.date, estate_ids=None, unit_ids=None
) -> QuerySet[Charge, dict[str, Any]]:
    """Per owing unit: ``unit_id``, ``estate_id``, ``building_id``, ``total`` (what its open
    charges fallen due by ``as_of`` still owe) and ``oldest`` (their oldest due date),
    aggregated live.
    ``estate_ids``/``unit_ids`` None: no limit."""
    charges = Charge.objects.filter(status__in=OPEN, due_date__lte=as_of, unit__isnull=False)
    if estate_ids is not None:
        charges = charges.filter(estate_id__in=estate_ids)
    if unit_ids is not None:
        charges = charges.filter(unit_id__in=unit_ids)
    # Rounded in SQL: SQLite sums decimals as floats, and the keyset compares these values.
    return (
        charges.order_by()
        .values("unit_id", "estate_id", building_id=F("unit__building_id"))
        .annotate(total=MoneySum(OUTSTANDING), oldest=Min("due_date"))
        .filter(total__gt=ZERO)
    )


@dataclass
class Arrears:
    amount: Decimal = ZERO
    oldest_due: datetime.date | None = None
    by_fee_type: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.oldest_due).days if self.oldest_due else 0

    def __bool__(self) -> bool:
        return self.amount > ZERO


def arrears_for_unit(unit: Any, as_of: datetime.date | None = None) -> Arrears:
    """What the unit owes that fell due on or before ``as_of`` (today): one query."""
    as_of = as_of or timezone.localdate()
    rows = (
        Charge.objects.filter(unit=unit, status__in=OPEN, due_date__lte=as_of)
        .values("fee_type__name", "fee_type__name_en")
        .annotate(total=MoneySum(OUTSTANDING), oldest=Min("due_date"))
        .order_by("oldest")
    )
    arrears = Arrears()
    for row in rows:
        total = row["total"]
        arrears.amount += total
        arrears.by_fee_type.append(
            (local_name(row["fee_type__name"], row["fee_type__name_en"]), total)
        )
        if arrears.oldest_due is None or row["oldest"] < arrears.oldest_due:
            arrears.oldest_due = row["oldest"]
    return arrears


def open_charges(*, unit: Any) -> QuerySet[Charge]:
    return (
        Charge.objects.filter(unit=unit, status__in=OPEN)
        .select_related("fee_type")
        .order_by("due_date", "period", "id")
    )


def unit_credit(*, unit: Any) -> Decimal:
    """The unit's prepaid balance: unreversed payments beyond their allocations."""
    payments = Payment.objects.filter(
        unit=unit, reverses__isnull=True, reversal__isnull=True
    ).annotate(allocated=MoneySum("allocations__amount"))
    return sum((p.amount - p.allocated for p in payments), ZERO)


def payment_ceiling(*, estate_id: int) -> Decimal:
    """Above this a payment of the estate needs the cashier's explicit confirmation."""
    ceiling = (
        FeeSettings.objects.filter(estate_id=estate_id)
        .values_list("payment_ceiling", flat=True)
        .first()
    )
    return DEFAULT_PAYMENT_CEILING if ceiling is None else ceiling


def payment_for_key(*, key) -> Payment | None:
    """The payment a pay form's idempotency key produced, if it was used."""
    return None if key is None else Payment.objects.filter(form_key=key).first()


def recent_payments(*, unit: Any, limit: int = 10) -> list[Payment]:
    return list(
        Payment.objects.filter(unit=unit)
        .select_related("received_by", "reverses")
        .order_by("-received_at", "-id")[:limit]
    )


def payment_get(*, user: Any, pk: int) -> Payment:
    return get_for_user_or_404(
        user,
        Payment.objects.select_related("unit", "estate", "received_by", "approved_by", "reverses"),
        pk=pk,
    )


def collection_attempts(*, unit: Any, limit: int = 10) -> list[CollectionAttempt]:
    return list(unit.collection_attempts.select_related("recorded_by")[:limit])


def due_follow_ups(*, user: Any, on: datetime.date | None = None) -> QuerySet[CollectionAttempt]:
    """Collection attempts whose next follow-up is due, newest per unit first."""
    on = on or timezone.localdate()
    return (
        scope(CollectionAttempt.objects.all(), user)
        .filter(next_follow_up__lte=on)
        .select_related("unit")
        .order_by("next_follow_up")
    )


def due_attempts(
    *, estate_ids: Iterable[int] | None, on: datetime.date | None = None
) -> QuerySet[CollectionAttempt]:
    """The latest attempt of each unit whose next follow-up is due on ``on`` (today) or
    before, while the unit still owes (an open charge fallen due by ``on``); ``estate_ids``
    None means every estate.

    An older attempt's follow-up is superseded by any newer attempt on the same unit, so a
    unit appears at most once; a unit that has paid what it owed drops off the list, and
    comes back with its follow-up date if it owes again before a newer attempt.
    """
    on = on or timezone.localdate()
    latest = CollectionAttempt.objects.filter(unit=OuterRef("unit")).order_by(
        "-contacted_at", "-id"
    )
    owing = Charge.objects.filter(unit=OuterRef("unit"), status__in=OPEN, due_date__lte=on)
    attempts = CollectionAttempt.objects.filter(next_follow_up__lte=on)
    if estate_ids is not None:
        attempts = attempts.filter(unit__estate_id__in=list(estate_ids))
    return attempts.filter(Exists(owing), pk=Subquery(latest.values("pk")[:1]))


def follow_ups_due(
    *, estate_ids: Iterable[int] | None, on: datetime.date | None = None
) -> QuerySet[CollectionAttempt]:
    """``due_attempts`` for a page: with the unit, the recorder and what the unit owes now
    (``owed_now``), oldest follow-up first, in a fixed number of queries."""
    on = on or timezone.localdate()
    owed = (
        Charge.objects.filter(unit=OuterRef("unit"), status__in=OPEN, due_date__lte=on)
        .values("unit")
        .annotate(total=MoneySum(OUTSTANDING))
        .values("total")
    )
    return (
        due_attempts(estate_ids=estate_ids, on=on)
        .annotate(owed_now=RoundMoney(Subquery(owed)))
        .select_related("unit", "unit__estate", "recorded_by")
        .order_by("next_follow_up", "unit__code", "pk")
    )


def follow_up_page(
    due: QuerySet[CollectionAttempt], *, cursor: str = "", size: int = PAGE_SIZE
) -> Page[CollectionAttempt]:
    """One keyset page of ``follow_ups_due`` after ``cursor`` ("<follow-up date>~<attempt id>";
    a bad cursor: from the top), in its order: follow-up date, unit code, attempt."""
    parts = cursor_parts(cursor, 2)
    last = None
    if parts and parts[1].isdigit():
        last = (
            CollectionAttempt.objects.filter(pk=int(parts[1]))
            .values_list("next_follow_up", "unit__code", "pk")
            .first()
        )
    if last is not None:
        day, code, pk = last
        due = due.filter(
            Q(next_follow_up__gt=day)
            | Q(next_follow_up=day, unit__code__gt=code)
            | Q(next_follow_up=day, unit__code=code, pk__gt=pk)
        )
    rows = list(due[: size + 1])
    return page_of(rows, size, cursor, lambda row: f"{row.next_follow_up:%Y-%m-%d}~{row.pk}")


@dataclass
class ChargeState:
    """A charge as other apps print it: the amount, what is paid, on which receipts."""

    amount: Decimal
    paid: Decimal
    outstanding: Decimal
    receipts: list[str]


def charge_state(charge_id: int | None) -> ChargeState | None:
    """The state of a charge another app made (a paid repair): two queries."""
    charge = Charge.objects.filter(pk=charge_id).first() if charge_id else None
    if charge is None:
        return None
    receipts = (
        Allocation.objects.filter(charge=charge, amount__gt=0)
        .order_by("payment__received_at")
        .values_list("payment__receipt_number", flat=True)
    )
    return ChargeState(
        amount=charge.amount,
        paid=charge.paid_amount,
        outstanding=charge.outstanding,
        receipts=list(dict.fromkeys(receipts)),
    )


def monthly_property_fee(unit: Any, day: datetime.date) -> Decimal | None:
    """A unit's full monthly property fee on ``day`` (area × the rate in force for its use),
    as billing charges it before any ratio; None when the estate has no rate for it."""
    fee_type = FeeType.objects.filter(
        estate_id=unit.estate_id, kind=FeeType.Kind.PROPERTY, active=True
    ).first()
    if fee_type is None:
        return None
    rates: dict[str, Decimal] = {}
    for row in fee_type.rates.filter(effective_from__lte=day).order_by("effective_from"):
        rates[row.unit_use] = row.rate
    rate = rates.get(unit.use, rates.get(""))
    return None if rate is None else (unit.area * rate).quantize(CENT, ROUND_HALF_UP)


def fee_type_of_kind(*, estate_id: int, kind: str) -> FeeType | None:
    """The estate's active fee type of ``kind`` (the first made, if several), for other apps
    that charge through fees: a paid repair (service), a move-in's property fee."""
    return (
        FeeType.objects.filter(estate_id=estate_id, kind=kind, active=True).order_by("pk").first()
    )


def move_in_fee_charges(*, unit_id: int, first_month: datetime.date, months: int) -> list[Charge]:
    """The property-fee charges of ``unit_id`` for ``months`` months from ``first_month`` (a
    move-in's advance), oldest first; each has ``outstanding``."""
    from .models import months_from

    if not months:
        return []
    return list(
        Charge.objects.filter(
            unit_id=unit_id,
            fee_type__kind=FeeType.Kind.PROPERTY,
            period__in=months_from(first_month, months),
        ).order_by("period")
    )


# --- refundable deposits ----------------------------------------------------------------------

DEPOSIT_LISTS = ("held", "awaiting", "settled", "all")


def deposit_get(*, user: Any, pk: int) -> Deposit:
    """One deposit of the user's estates; another estate's is a 404."""
    queryset = Deposit.objects.select_related(
        "estate", "unit", "charge__fee_type", "settled_by"
    ).prefetch_related("deductions")
    return get_for_user_or_404(user, queryset, pk=pk)


def deposit_payments(deposit: Deposit) -> list[Allocation]:
    """What was paid into the deposit: its charge's allocations with their receipts."""
    return list(
        Allocation.objects.filter(charge_id=deposit.charge_id)
        .select_related("payment")
        .order_by("payment__received_at", "id")
    )


def deposit_page(*, estate_ids, which: str, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One keyset page of deposits, newest first: held (paid, not settled), awaiting payment,
    settled, or all. One query whatever the page."""
    deposits = Deposit.objects.filter(estate_id__in=list(estate_ids))
    paid = Q(charge__status=Charge.Status.PAID)
    if which == "held":
        deposits = deposits.filter(paid, status=Deposit.Status.OPEN)
    elif which == "awaiting":
        deposits = deposits.filter(~paid, status=Deposit.Status.OPEN)
    elif which == "settled":
        deposits = deposits.filter(status=Deposit.Status.SETTLED)
    parts = cursor_parts(cursor, 1) if cursor else None
    if parts and parts[0].isdigit():
        deposits = deposits.filter(pk__lt=int(parts[0]))
    rows = list(deposits.select_related("estate", "unit", "charge").order_by("-pk")[: size + 1])
    return page_of(rows, size, cursor, key=lambda deposit: str(deposit.pk))


def deposit_fee_types(*, estate_ids) -> QuerySet[FeeType]:
    return FeeType.objects.filter(
        estate_id__in=list(estate_ids), kind=FeeType.Kind.DEPOSIT
    ).select_related("estate")
