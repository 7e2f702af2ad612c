"""Every write that touches money. Each runs in one transaction, locks what two cashiers
could touch at once, and leaves nothing behind when it refuses."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from frontdesk import roles
from frontdesk.history import stamp
from frontdesk.maintenance import analyze_database
from frontdesk.numbering import allocate_number
from frontdesk.scoping import has_role
from owners.models import Unit

from . import policy, selectors
from .errors import FeesError
from .models import (
    CENT,
    ZERO,
    Allocation,
    ArrearsSnapshot,
    Charge,
    CollectionAttempt,
    FeeType,
    Payment,
    ReversalRequest,
    UnitArrears,
    month_start,
    months_from,
    next_month,
)

RECEIPT = ("receipt", "SK")
REVERSAL = ("reversal", "HC")
BILLABLE_STATUSES = (
    Unit.Status.HANDED_OVER,
    Unit.Status.OCCUPIED,
    Unit.Status.IN_CUSTODY,
    Unit.Status.RENOVATING,
)
APPROVERS = (roles.CS_SUPERVISOR, roles.DIRECTOR)
BATCH = 2000


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


# Billing


@dataclass
class BillingResult:
    period: datetime.date
    created: int
    skipped: int  # already billed
    without_rate: int  # units whose use has no rate on that date


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


def billing_run(
    *,
    estate_id: int,
    period: datetime.date,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
) -> BillingResult:
    """Property-fee charges of one month for every billable unit; running it twice adds none.

    Each batch commits on its own, so a progress bar moves and a crash keeps what was done;
    a batch locks the fee type and skips units billed meanwhile, so two runs at once (the
    monthly beat and a supervisor's "bill month") never bill a unit twice.
    """
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
    created = 0
    for start in range(0, len(to_bill), BATCH):
        rows = to_bill[start : start + BATCH]
        with transaction.atomic():
            FeeType.objects.select_for_update().get(pk=fee_type.pk)  # one writer at a time
            done = set(
                Charge.objects.filter(
                    fee_type=fee_type, period=period, unit_id__in=[r[0] for r in rows]
                ).values_list("unit_id", flat=True)
            )
            now = timezone.now()
            batch = [
                _monthly_charge(estate_id, fee_type, period, due, label, now, row, ratios)
                for row in rows
                if row[0] not in done
            ]
            bulk_create_with_history(
                batch, Charge, batch_size=BATCH, default_user=actor, default_change_reason=label
            )
            created += len(batch)
        if progress:
            progress(start + len(rows), len(to_bill))
    for unit_id in _units_with_credit(estate_id, [u for u, _a, _r in to_bill]):
        with transaction.atomic():
            _apply_credit(unit_id=unit_id, actor=actor)
    if created and ArrearsSnapshot.objects.filter(estate_id=estate_id).exists():
        # a month billed late may already be due: the summary must see its charges
        arrears_snapshot_build(estate_id=estate_id)
    return BillingResult(period, created, len(to_bill) - created + len(billed), without_rate)


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
    charges = []
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
        stamp(charge, actor)
        charge.save()
        charges.append(charge)
    if charges and not _apply_credit(unit_id=unit.pk, actor=actor):
        _arrears_changed([unit.pk])
    return charges


@transaction.atomic
def charge_create(
    *,
    actor,
    estate_id: int,
    fee_type: FeeType,
    amount,
    unit: Unit | None = None,
    payer_name: str = "",
    description: str = "",
    period: datetime.date | None = None,
    due_date: datetime.date | None = None,
) -> Charge:
    """A one-off charge (decoration-garbage transport, a service, a lessee's rent…)."""
    amount = parse_amount(amount)
    if fee_type.estate_id != estate_id or (unit is not None and unit.estate_id != estate_id):
        raise FeesError(_("The fee type or unit belongs to another estate."), code="wrong_estate")
    if unit is None and not payer_name.strip():
        raise FeesError(_("Name the payer."), code="no_payer", field="payer_name")
    charge = Charge(
        estate_id=estate_id,
        unit=unit,
        payer_name=payer_name.strip(),
        fee_type=fee_type,
        period=period,
        description=description or fee_type.name,
        base_amount=amount,
        amount=amount,
        due_date=due_date or timezone.localdate() + datetime.timedelta(days=fee_type.due_days),
    )
    stamp(charge, actor)
    charge.save()
    if unit is not None and not _apply_credit(unit_id=unit.pk, actor=actor):
        _arrears_changed([unit.pk])  # (settled from credit: _allocate has rewritten it)
    return charge


@transaction.atomic
def charge_waive(*, actor, charge: Charge, reason: str) -> Charge:
    if not has_role(actor, *APPROVERS):
        raise FeesError(_("Only a supervisor can waive a charge."), code="forbidden")
    if not reason.strip():
        raise FeesError(_("Give the reason for the waiver."), code="no_reason", field="reason")
    charge = Charge.objects.select_for_update().get(pk=charge.pk)
    if charge.outstanding <= ZERO:
        raise FeesError(_("Nothing is left to waive on this charge."), code="nothing_due")
    charge.waived_amount += charge.outstanding
    charge.waived_reason = reason.strip()
    charge.settle_status()
    stamp(charge, actor)
    charge.save(update_fields=["waived_amount", "waived_reason", "status"])
    if charge.unit_id:
        _arrears_changed([charge.unit_id])
    return charge


# Payments


def _open_charges(unit_id: int) -> list[Charge]:
    return list(
        Charge.objects.select_for_update()
        .filter(unit_id=unit_id, status__in=[Charge.Status.OPEN, Charge.Status.PART_PAID])
        .order_by("due_date", "period", "id")
    )


def _plan_oldest_first(charges: list[Charge], amount: Decimal) -> list[tuple[Charge, Decimal]]:
    plan, left = [], amount
    for charge in charges:
        if left <= ZERO:
            break
        part = min(left, charge.outstanding)
        if part > ZERO:
            plan.append((charge, part))
            left -= part
    return plan


def _plan_given(
    charges: list[Charge], amount: Decimal, given: dict[int, Decimal]
) -> list[tuple[Charge, Decimal]]:
    by_id = {charge.pk: charge for charge in charges}
    plan = []
    for charge_id, value in given.items():
        part = parse_amount(value, field="allocations", allow_zero=True)
        if part == ZERO:
            continue
        charge = by_id.get(int(charge_id))
        if charge is None:
            raise FeesError(
                _("A chosen charge is not open on this unit (already paid or waived?)."),
                code="charge_not_open",
                field="allocations",
            )
        if part > charge.outstanding:
            raise FeesError(
                _("%(charge)s has only %(due)s left to pay.")
                % {"charge": charge, "due": charge.outstanding},
                code="over_allocated",
                field="allocations",
            )
        plan.append((charge, part))
    if sum((part for _c, part in plan), ZERO) > amount:
        raise FeesError(
            _("The allocations add up to more than the amount received."),
            code="over_allocated",
            field="allocations",
        )
    return sorted(plan, key=lambda item: (item[0].due_date, item[0].pk))


def _allocate(payment: Payment, plan, actor, *, from_prepaid: bool = False) -> None:
    for charge, part in plan:
        Allocation.objects.create(
            payment=payment, charge=charge, amount=part, from_prepaid=from_prepaid
        )
        charge.paid_amount += part
        charge.settle_status()
        stamp(charge, actor)
        charge.save(update_fields=["paid_amount", "status"])
    _arrears_changed(sorted({charge.unit_id for charge, _part in plan if charge.unit_id}))


@transaction.atomic
def payment_take(
    *,
    actor,
    unit: Unit,
    amount,
    method: str,
    reference: str = "",
    allocations: dict[int, Decimal] | None = None,
    note: str = "",
) -> Payment:
    """Receive money for a unit: allocate it (oldest charge first unless given), number the
    receipt; what is left over stays as the unit's prepaid balance."""
    amount = parse_amount(amount)
    if method not in Payment.Method.values or method == Payment.Method.PREPAID:
        raise FeesError(_("Choose how the money was paid."), code="no_method", field="method")
    reference = reference.strip()
    if method != Payment.Method.CASH and not reference:
        raise FeesError(
            _("Enter the transaction reference of a non-cash payment."),
            code="no_reference",
            field="reference",
        )
    charges = _open_charges(unit.pk)  # locked: a second cashier waits here
    plan = (
        _plan_given(charges, amount, allocations)
        if allocations is not None
        else _plan_oldest_first(charges, amount)
    )
    payment = Payment.objects.create(
        estate_id=unit.estate_id,
        unit=unit,
        receipt_number=allocate_number(
            estate_id=unit.estate_id, kind=RECEIPT[0], prefix=RECEIPT[1]
        ),
        amount=amount,
        method=method,
        reference=reference,
        received_by=actor,
        note=note.strip(),
    )
    _allocate(payment, plan, actor)
    return payment


def _payments_with_credit(unit_ids=None, estate_id=None):
    """Unreversed payments of units that still hold money beyond their allocations."""
    rows = Payment.objects.filter(unit__isnull=False, reverses__isnull=True, reversal__isnull=True)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    if estate_id is not None:
        rows = rows.filter(estate_id=estate_id)
    return rows.annotate(allocated=Coalesce(Sum("allocations__amount"), ZERO)).filter(
        amount__gt=F("allocated")
    )


def _units_with_credit(estate_id: int, unit_ids: list[int]) -> list[int]:
    if not unit_ids:
        return []
    rows = _payments_with_credit(estate_id=estate_id).values_list("unit_id", flat=True)
    wanted = set(unit_ids)
    return sorted({unit_id for unit_id in rows if unit_id in wanted})


def _apply_credit(*, unit_id: int, actor) -> int:
    """Settle open charges from the unit's prepaid balance, oldest first; returns how many."""
    # The unit's open charges, locked, serialize every use of its money (payments too).
    charges = _open_charges(unit_id)
    if not charges:
        return 0
    payments = list(_payments_with_credit(unit_ids=[unit_id]).order_by("id"))
    settled = 0
    for payment in payments:
        plan = _plan_oldest_first(
            [c for c in charges if c.outstanding > ZERO], payment.amount - payment.allocated
        )
        _allocate(payment, plan, actor, from_prepaid=True)
        settled += len(plan)
    return settled


@transaction.atomic
def credit_apply(*, actor, unit: Unit) -> int:
    return _apply_credit(unit_id=unit.pk, actor=actor)


# Reversals: asked for by a cashier, approved by a supervisor


@transaction.atomic
def reversal_request(*, actor, payment: Payment, reason: str) -> ReversalRequest:
    if not reason.strip():
        raise FeesError(_("Give the reason for the reversal."), code="no_reason", field="reason")
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.is_reversal:
        raise FeesError(_("A reversal cannot itself be reversed."), code="is_reversal")
    if Payment.objects.filter(reverses=payment).exists():
        raise FeesError(_("This payment has already been reversed."), code="already_reversed")
    if payment.reversal_requests.filter(status=ReversalRequest.Status.PENDING).exists():
        raise FeesError(
            _("A reversal of this payment is already waiting for approval."), code="pending"
        )
    request = ReversalRequest(payment=payment, reason=reason.strip(), requested_by=actor)
    stamp(request, actor)
    request.save()
    return request


@transaction.atomic
def reversal_approve(*, actor, request: ReversalRequest) -> Payment:
    """Book the negative payment linked to the original and reopen its charges."""
    if not has_role(actor, *APPROVERS):
        raise FeesError(_("Only a supervisor can approve a reversal."), code="forbidden")
    request = (
        ReversalRequest.objects.select_for_update().select_related("payment").get(pk=request.pk)
    )
    if request.status != ReversalRequest.Status.PENDING:
        raise FeesError(_("This request has already been decided."), code="decided")
    if request.requested_by_id == actor.pk:
        raise FeesError(
            _("The approver must be someone other than the cashier who asked."),
            code="same_person",
        )
    original = Payment.objects.select_for_update().get(pk=request.payment_id)
    reversal = Payment.objects.create(
        estate_id=original.estate_id,
        unit_id=original.unit_id,
        payer_name=original.payer_name,
        receipt_number=allocate_number(
            estate_id=original.estate_id, kind=REVERSAL[0], prefix=REVERSAL[1]
        ),
        amount=-original.amount,
        method=original.method,
        reference=original.reference,
        received_by=request.requested_by,
        reverses=original,
        reason=request.reason,
        approved_by=actor,
    )
    parts = (
        original.allocations.values("charge_id")
        .annotate(total=Sum("amount"), n=Count("id"))
        .filter(~Q(total=0))
    )
    charges = Charge.objects.select_for_update().in_bulk([p["charge_id"] for p in parts])
    _allocate(reversal, [(charges[p["charge_id"]], -p["total"]) for p in parts], actor)
    request.status = ReversalRequest.Status.APPROVED
    request.decided_by, request.decided_at = actor, timezone.now()
    stamp(request, actor)
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return reversal


@transaction.atomic
def reversal_refuse(*, actor, request: ReversalRequest) -> ReversalRequest:
    if not has_role(actor, *APPROVERS):
        raise FeesError(_("Only a supervisor can refuse a reversal."), code="forbidden")
    request = ReversalRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ReversalRequest.Status.PENDING:
        raise FeesError(_("This request has already been decided."), code="decided")
    request.status = ReversalRequest.Status.REFUSED
    request.decided_by, request.decided_at = actor, timezone.now()
    stamp(request, actor)
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


# The arrears summary (derived data the arrears list reads; see ArrearsSnapshot)


def _insert_owing(queryset) -> None:
    """INSERT … SELECT of ``owing_by_unit`` rows: the aggregate never leaves the database."""
    sql, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(UnitArrears._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, estate_id, building_id, total, oldest) {sql}", params
        )


def _arrears_changed(unit_ids: list[int]) -> None:
    """Rewrite these units' summary rows, where their estate keeps a summary: three queries
    inside the caller's transaction, one when no estate does."""
    if not unit_ids:
        return
    snapshot_day = ArrearsSnapshot.objects.filter(estate_id=OuterRef("estate_id")).values("as_of")
    units = (
        Unit.objects.filter(pk__in=unit_ids)
        .annotate(as_of=Subquery(snapshot_day[:1]))
        .filter(as_of__isnull=False)
        .values_list("pk", "as_of")
    )
    by_day: dict[datetime.date, list[int]] = {}
    for unit_id, as_of in units:
        by_day.setdefault(as_of, []).append(unit_id)
    if not by_day:
        return
    UnitArrears.objects.filter(unit_id__in=unit_ids).delete()
    for as_of, ids in by_day.items():
        # by unit only: the unit's own charges, through its index, whatever the estate holds
        _insert_owing(selectors.owing_by_unit(as_of=as_of, unit_ids=ids))


@transaction.atomic
def arrears_snapshot_build(*, estate_id: int, as_of: datetime.date | None = None) -> int:
    """Rebuild an estate's arrears summary for ``as_of`` (today); returns its rows."""
    as_of = as_of or timezone.localdate()
    # Locked: two rebuilds at once would insert the same units twice.
    snapshot = ArrearsSnapshot.objects.select_for_update().filter(estate_id=estate_id).first()
    UnitArrears.objects.filter(estate_id=estate_id).delete()
    _insert_owing(selectors.owing_by_unit(as_of=as_of, estate_ids=[estate_id]))
    if snapshot is None:
        snapshot = ArrearsSnapshot(estate_id=estate_id)
    snapshot.as_of, snapshot.built_at = as_of, timezone.now()
    snapshot.save()
    # The table was just rewritten: without fresh statistics the planner may walk the
    # estate instead of one building (20 ms instead of 1 at 100,000 units).
    analyze_database(UnitArrears)
    return UnitArrears.objects.filter(estate_id=estate_id).count()


# Collection of arrears (催缴)

COLLECTION_ROLES = (roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR, roles.DIRECTOR)

# What the desk form fills in; everything else (who, when, the arrears) the service sets.
ATTEMPT_FIELDS = (
    "channel",
    "identity_shown",
    "contact_name",
    "owner_questions",
    "answered_on_spot",
    "contact_left",
    "promised_on",
    "outcome",
    "next_follow_up",
)


@transaction.atomic
def collection_attempt_record(*, actor, unit: Unit, **fields) -> CollectionAttempt:
    """Record one door-to-door visit or phone call about a unit's arrears.

    The arrears are copied as they stand now, so the record keeps what was asked for even
    after the unit pays.
    """
    unknown = set(fields) - set(ATTEMPT_FIELDS)
    if unknown:
        raise TypeError(f"unknown collection attempt fields: {sorted(unknown)}")
    if not has_role(actor, *COLLECTION_ROLES):
        raise FeesError(_("You may not record collection attempts."), code="forbidden")
    attempt = CollectionAttempt(unit=unit, recorded_by=actor, **fields)
    attempt.contact_name = attempt.contact_name.strip()
    attempt.contact_left = attempt.contact_left.strip()
    attempt.owner_questions = attempt.owner_questions.strip()
    _check_attempt(attempt, today=timezone.localdate())
    attempt.arrears_amount = selectors.arrears_for_unit(unit).amount
    attempt.full_clean()
    stamp(attempt, actor)
    attempt.save()
    return attempt


def _check_attempt(attempt: CollectionAttempt, *, today: datetime.date) -> None:
    Outcome = CollectionAttempt.Outcome
    reached = attempt.outcome != Outcome.UNREACHABLE
    if attempt.channel == CollectionAttempt.Channel.PHONE and reached and not attempt.contact_name:
        raise FeesError(
            _("Name the person you spoke with on the phone."),
            code="no_contact_name",
            field="contact_name",
        )
    if reached and not attempt.identity_shown:
        # The seed's first step, door or phone: say who you are and why you come or call.
        raise FeesError(
            _("Show your identity and state the purpose before asking for payment."),
            code="identity_not_shown",
            field="identity_shown",
        )
    if attempt.owner_questions and not attempt.answered_on_spot and not attempt.contact_left:
        raise FeesError(
            _("Answer the owner's questions on the spot, or leave a contact for the reply."),
            code="questions_unanswered",
            field="contact_left",
        )
    if attempt.outcome == Outcome.PROMISED and attempt.promised_on is None:
        raise FeesError(
            _("Enter the date the owner promised to pay."),
            code="no_promised_date",
            field="promised_on",
        )
    if attempt.promised_on is not None and attempt.promised_on < today:
        raise FeesError(
            _("The promised payment date cannot be in the past."),
            code="promised_in_past",
            field="promised_on",
        )
    if attempt.next_follow_up is not None and attempt.next_follow_up < today:
        raise FeesError(
            _("The next follow-up cannot be in the past."),
            code="follow_up_in_past",
            field="next_follow_up",
        )
