"""The property fee, month by month: billing a month for an estate (the monthly beat, or a
supervisor's background job), and the months charged in advance at move-in."""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from frontdesk.history import stamp
from frontdesk.jobs import job_start
from frontdesk.models import Job
from frontdesk.months import month_start, next_month
from frontdesk.permissions import check_actor
from owners.models import Estate, Unit

from .. import permissions, policy
from ..errors import FeesError
from ..models import (
    CENT,
    ZERO,
    ArrearsSnapshot,
    Charge,
    FeeType,
    months_from,
)
from . import limits
from .payments import apply_credit, units_with_credit
from .summary import arrears_changed, desk_turn

BILLABLE_STATUSES = (
    Unit.Status.HANDED_OVER,
    Unit.Status.OCCUPIED,
    Unit.Status.IN_CUSTODY,
    Unit.Status.RENOVATING,
)
# Units per billing transaction: at most, unpaced, and inside a caller's transaction (the
# bench). Paced, on SQLite, billing starts small and sizes its batches to hold the
# database for about ``HOLD`` seconds each (``next_batch``): the desk's writes wait for one
# batch at most, however loaded the machine. On PostgreSQL a quarter (``_first_batch``).
BATCH = 2000
SMALLEST_BATCH = 50
HOLD = 0.1
# Units whose prepaid balance is put on their new charge, per transaction.
CREDIT_BATCH = 25
BILLING_JOB = "fees.billing"


@dataclass
class BillingResult:
    period: datetime.date
    created: int
    skipped: int  # already billed
    without_rate: int  # units whose use has no rate on that date
    # units left unbilled: they would owe more than a money column holds (``limits``)
    over_limit: int = 0


def rates_on(fee_type: FeeType, day: datetime.date) -> dict[str, Decimal]:
    """The rate in force on ``day`` per unit use ("" = every use)."""
    rates: dict[str, Decimal] = {}
    for rate in fee_type.rates.filter(effective_from__lte=day).order_by("effective_from"):
        rates[rate.unit_use] = rate.rate
    return rates


def property_fee_in_force(
    *, estate_id: int, period: datetime.date
) -> tuple[FeeType, dict[str, Decimal]]:
    """The estate's active property fee type and its rates for ``period``, or why not."""
    fee_type = FeeType.objects.filter(
        estate_id=estate_id, kind=FeeType.Kind.PROPERTY, active=True
    ).first()
    if fee_type is None:
        raise FeesError(
            _("This estate has no active property management fee type."), code="no_fee_type"
        )
    rates = rates_on(fee_type, period)
    if not rates:
        raise FeesError(
            _("No property fee rate is in force on %(day)s.") % {"day": period},
            code="no_rate",
            field="month",
        )
    return fee_type, rates


def _check_biller(actor, estate_id: int) -> None:
    check_actor(
        actor,
        estate_id=estate_id,
        roles=permissions.BILLING_ROLES,
        message=_("Only a supervisor or the director can bill a month."),
    )


def billing_run(
    *,
    estate_id: int,
    period: datetime.date,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
    paced: bool = True,
) -> BillingResult:
    """Property-fee charges of one month for every billable unit; running it twice adds none.

    ``actor`` is the supervisor whose job runs it, checked; None is the system: the monthly
    beat, the demo and the bench bill with no person behind them.

    Each batch commits on its own, so a progress bar moves and a crash keeps what was done;
    a batch locks the fee type and skips units billed meanwhile, so two runs at once (the
    monthly beat and a supervisor's "bill month") never bill a unit twice.

    ``paced`` (the default) keeps each batch short and lets the desk's writes in between
    (``next_batch``, ``desk_turn``); the demo and the bench, with no desk open, bill unpaced.
    """
    if actor is not None:
        _check_biller(actor, estate_id)
    period = month_start(period)
    fee_type, rates = property_fee_in_force(estate_id=estate_id, period=period)
    billed = set(
        Charge.objects.filter(fee_type=fee_type, period=period).values_list("unit_id", flat=True)
    )
    units = Unit.objects.filter(estate_id=estate_id, status__in=BILLABLE_STATUSES).values_list(
        "id", "area", "use"
    )
    to_bill, without_rate = [], 0
    for unit_id, area, use in units.iterator(chunk_size=5000):
        if unit_id in billed:
            continue
        rate = rates.get(use, rates.get(""))
        if rate is None:
            without_rate += 1
        else:
            to_bill.append((unit_id, area, rate))
    ratios = policy.ratios_for([u for u, _a, _r in to_bill], fee_type.kind, period)
    due = _month_end(period)  # a month's fee is due by the end of that month
    label = _("Property fee %(month)s") % {"month": period.strftime("%Y-%m")}
    created = over_limit = 0
    paced = paced and not connection.in_atomic_block
    start, size, adapt = 0, *_first_batch(paced)
    while start < len(to_bill):
        if start and paced:
            desk_turn()
        rows = to_bill[start : start + size]
        with transaction.atomic():
            FeeType.objects.select_for_update().get(pk=fee_type.pk)  # one writer at a time
            began = time.monotonic()  # (SQLite: the database is this batch's from here)
            summary_due = _summary_sees(estate_id, due)
            if summary_due:  # locked as a payment locks its unit, before its charges
                _lock_units([r[0] for r in rows])
            done = set(
                Charge.objects.filter(
                    fee_type=fee_type, period=period, unit_id__in=[r[0] for r in rows]
                ).values_list("unit_id", flat=True)
            )
            now = timezone.now()
            batch, over = _within_limit(
                [
                    _monthly_charge(estate_id, fee_type, period, due, label, now, row, ratios)
                    for row in rows
                    if row[0] not in done
                ]
            )
            over_limit += over
            bulk_create_with_history(
                batch, Charge, batch_size=len(rows), default_user=actor, default_change_reason=label
            )
            created += len(batch)
            if summary_due:
                # a month billed late is already due: the summary sees its charges in the
                # same transaction, batch by batch (no rebuild of the whole estate after)
                arrears_changed([charge.unit_id for charge in batch if charge.unit_id])
        if adapt:
            size = next_batch(size, time.monotonic() - began)
        start += len(rows)
        if progress:
            progress(start, len(to_bill))
    with_credit = units_with_credit(estate_id, [u for u, _a, _r in to_bill])
    for start in range(0, len(with_credit), CREDIT_BATCH):
        if paced:
            desk_turn()
        chunk = with_credit[start : start + CREDIT_BATCH]
        with transaction.atomic():
            _lock_units(chunk)  # as a payment does, before the unit's charges
            for unit_id in chunk:
                apply_credit(unit_id=unit_id, actor=actor)
    skipped = len(to_bill) - created - over_limit + len(billed)
    return BillingResult(period, created, skipped, without_rate, over_limit)


def _first_batch(paced: bool) -> tuple[int, bool]:
    """The first batch's size, and whether the next ones follow how long each held the
    database. SQLite: small and adapted, as every desk write waits for the batch; PostgreSQL:
    a quarter, as only a payment of a unit in the batch waits (its row is locked)."""
    if not paced:
        return BATCH, False
    if connection.vendor == "sqlite":
        return SMALLEST_BATCH, True  # grows while batches stay short: a busy machine is safe
    return max(1, BATCH // 4), False


def next_batch(size: int, held: float) -> int:
    """The next batch's size after one of ``size`` held the database ``held`` seconds:
    halved when it held it much longer than ``HOLD``, doubled when much shorter."""
    if held > HOLD * 1.5:
        return min(BATCH, max(SMALLEST_BATCH, size // 2))
    if held < HOLD / 2:
        return min(BATCH, size * 2)
    return size


def _summary_sees(estate_id: int, due: datetime.date) -> bool:
    """Whether the estate keeps an arrears summary whose day a charge due on ``due`` has
    reached (the current month's fee falls due at its end: billing it changes no row)."""
    return ArrearsSnapshot.objects.filter(estate_id=estate_id, as_of__gte=due).exists()


def _lock_units(unit_ids: list[int]) -> None:
    """Lock units in id order (PostgreSQL; SQLite has one writer): ``payment_take`` locks
    its unit first, so it and billing touch a unit's charges and summary row in turn.
    NO KEY UPDATE: other rows may still name these units meanwhile (a visit, a work order)."""
    list(
        Unit.objects.select_for_update(no_key=True)
        .filter(pk__in=unit_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _within_limit(charges: list[Charge]) -> tuple[list[Charge], int]:
    """The month's charges that keep their unit within what a money column holds, and how
    many are left out (a rate or an area typed a few zeros too long): one query, for the
    units that already owe so much that this month could matter."""
    fitting = [charge for charge in charges if limits.fits(charge)]
    if not fitting:
        return fitting, len(charges)
    largest = max(charge.amount for charge in fitting)
    unit_ids = [c.unit_id for c in fitting if c.unit_id is not None]
    near = limits.owed_open(unit_ids, above=limits.LIMIT - largest)
    kept = [c for c in fitting if not limits.too_much(near.get(c.unit_id or 0, ZERO), c.amount)]
    return kept, len(charges) - len(kept)


def _month_end(day: datetime.date) -> datetime.date:
    return next_month(day) - datetime.timedelta(days=1)


def _monthly_charge(estate_id, fee_type, period, due, label, now, row, ratios) -> Charge:
    unit_id, area, rate = row
    base = (area * rate).quantize(CENT, ROUND_HALF_UP)  # 四舍五入, as receipts are read
    ratio, reason = ratios.get(unit_id, (Decimal(1), ""))
    return Charge(
        estate_id=estate_id,
        unit_id=unit_id,
        fee_type=fee_type,
        period=period,
        description=label,
        base_amount=base,
        ratio=ratio,
        ratio_reason=reason,
        amount=(base * ratio).quantize(CENT, ROUND_HALF_UP),
        due_date=due,
        created_at=now,
    )


@transaction.atomic
def property_fee_advance(
    *, actor, unit: Unit, first_month: datetime.date, months: int
) -> list[Charge]:
    """The property fee of ``months`` months from ``first_month`` for one unit, charged now
    (at move-in, before the unit is billed monthly). Months already charged are skipped, and
    monthly billing later skips these: one charge per unit, fee type and month either way."""
    check_actor(
        actor,
        estate_id=unit.estate_id,
        roles=permissions.ADVANCE_ROLES,
        message=_("Your role may not charge the move-in property fee."),
    )
    if months < 1:
        raise FeesError(_("Charge at least one month."), code="invalid", field="months")
    periods = months_from(first_month, months)
    period = periods[0]
    fee_type, _rates = property_fee_in_force(estate_id=unit.estate_id, period=period)
    FeeType.objects.select_for_update().get(pk=fee_type.pk)  # beside billing, one at a time
    billed = set(
        Charge.objects.filter(unit=unit, fee_type=fee_type, period__in=periods).values_list(
            "period", flat=True
        )
    )
    ratios = policy.ratios_for([unit.pk], fee_type.kind, period)
    now = timezone.now()
    charges: list[Charge] = []
    for month in periods:
        if month in billed:
            continue
        rates = rates_on(fee_type, month)
        rate = rates.get(unit.use, rates.get(""))
        if rate is None:
            raise FeesError(
                _("No property fee rate for this unit's use is in force on %(day)s.")
                % {"day": month},
                code="no_rate",
            )
        label = _("Property fee %(month)s") % {"month": month.strftime("%Y-%m")}
        charge = _monthly_charge(
            unit.estate_id,
            fee_type,
            month,
            timezone.localdate(),  # due now: it is paid at the desk
            label,
            now,
            (unit.pk, unit.area, rate),
            ratios,
        )
        if not limits.fits(charge):
            raise FeesError(
                _("The property fee of %(month)s is more than a charge can hold: check the rate.")
                % {"month": month.strftime("%Y-%m")},
                code="too_large",
            )
        charges.append(charge)
    if charges:
        limits.owing_check(unit_id=unit.pk, adding=sum((c.amount for c in charges), ZERO))
    for charge in charges:
        stamp(charge, actor)
        charge.save()
    if charges and not apply_credit(unit_id=unit.pk, actor=actor):
        arrears_changed([unit.pk])
    return charges


# Billing a month in the background


def billing_job_start(*, actor, estate: Estate, period: datetime.date) -> Job:
    """Queue the property-fee billing of one month for an estate; the job page shows progress.

    Checked here, before anything is queued, so the supervisor gets the reason on the form
    instead of a failed job.
    """
    _check_biller(actor, estate.pk)
    period = month_start(period)
    property_fee_in_force(estate_id=estate.pk, period=period)
    params = {"estate_id": estate.pk, "period": period.isoformat()}
    pending = Job.objects.filter(
        kind=BILLING_JOB,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        estate=estate,
        params__period=params["period"],
    )
    if pending.exists():
        raise FeesError(
            _("%(month)s is already being billed for this estate.")
            % {"month": period.strftime("%Y-%m")},
            code="already_running",
            field="month",
        )
    title = _("Property fees %(month)s · %(estate)s") % {
        "month": period.strftime("%Y-%m"),
        "estate": estate.name,
    }
    return job_start(actor=actor, kind=BILLING_JOB, title=title, estate=estate, params=params)


def billing_job_run(job: Job, progress) -> None:
    """The runner of a billing job; billing is idempotent, so a repeated job adds nothing."""
    result = billing_run(
        estate_id=job.params["estate_id"],
        period=datetime.date.fromisoformat(job.params["period"]),
        actor=job.requested_by,
        progress=progress,
    )
    progress(result.created, result.created)  # also when nothing was left to bill
    job.message = _(
        "Created %(created)s, already billed %(skipped)s, without a rate %(without_rate)s."
    ) % {
        "created": result.created,
        "skipped": result.skipped,
        "without_rate": result.without_rate,
    }
    if result.over_limit:
        job.message += " " + _(
            "Not billed %(count)s: the unit would owe more than the desk can hold (check its "
            "area and the rate)."
        ) % {"count": result.over_limit}
