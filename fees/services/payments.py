"""Money received for a unit: a payment split over its open charges, and its prepaid balance
(what its payments hold beyond their allocations) put on new charges."""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.money import MoneySum
from frontdesk.numbering import allocate_number
from frontdesk.permissions import check_actor
from owners.models import Unit

from .. import permissions
from ..errors import FeesError, PaymentFormUsed
from ..models import ZERO, Allocation, Charge, Payment
from ..selectors import payment_ceiling
from .amounts import parse_amount
from .summary import arrears_changed

RECEIPT = ("receipt", "SK")
OPEN_STATUSES = (Charge.Status.OPEN, Charge.Status.PART_PAID)


def locked_open_charges(unit_id: int) -> list[Charge]:
    """The unit's open charges, oldest first, locked: they serialize every use of its money."""
    return list(
        Charge.objects.select_for_update()
        .filter(unit_id=unit_id, status__in=OPEN_STATUSES)
        .order_by("due_date", "period", "id")
    )


def plan_oldest_first(charges: list[Charge], amount: Decimal) -> list[tuple[Charge, Decimal]]:
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


def allocate(payment: Payment, plan, actor, *, from_prepaid: bool = False) -> None:
    """Put the parts of ``payment`` on its charges (locked by the caller)."""
    for charge, part in plan:
        Allocation.objects.create(
            payment=payment, charge=charge, amount=part, from_prepaid=from_prepaid
        )
        charge.paid_amount += part
        charge.settle_status()
        stamp(charge, actor)
        charge.save(update_fields=["paid_amount", "status"])
    arrears_changed(sorted({charge.unit_id for charge, _part in plan if charge.unit_id}))


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
    form_key: uuid.UUID | str | None = None,
    charge_ids: Collection[int] | None = None,
    prepayment: bool = False,
    above_ceiling_confirmed: bool = False,
) -> Payment:
    """Receive money for a unit: allocate it (oldest charge first unless given), number the
    receipt; what is left over stays as the unit's prepaid balance.

    ``form_key`` is the pay form's idempotency key: a second use raises ``PaymentFormUsed``
    with the first payment. ``charge_ids`` are the charges the cashier saw to be paid: if one
    is no longer open (paid at another desk meanwhile) the payment is refused, unless the
    cashier chose a ``prepayment``. An amount above the estate's ceiling needs
    ``above_ceiling_confirmed``."""
    check_actor(
        actor,
        estate_id=unit.estate_id,
        roles=permissions.PAY_ROLES,
        message=_("Only a cashier or a supervisor can take a payment."),
    )
    # One payment of a unit at a time: a second post of the same form waits here, then
    # finds the first one's payment.
    list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))
    key = _form_key(form_key)
    if key is not None:
        used = Payment.objects.filter(form_key=key).first()
        if used is not None:
            raise PaymentFormUsed(
                _(
                    "This payment form was already used: receipt %(number)s. Nothing new "
                    "was recorded."
                )
                % {"number": used.receipt_number},
                payment=used,
            )
    amount, method, reference = payment_check(
        unit=unit,
        amount=amount,
        method=method,
        reference=reference,
        above_ceiling_confirmed=above_ceiling_confirmed,
    )
    charges = locked_open_charges(unit.pk)  # a second cashier waits here
    if charge_ids is not None and not prepayment:
        open_ids = {charge.pk for charge in charges}
        if any(int(pk) not in open_ids for pk in charge_ids):
            raise FeesError(
                _(
                    "Some of these charges were paid or waived meanwhile (at another desk?): "
                    "check the open charges and take the payment again, or take it as a "
                    "prepayment."
                ),
                code="charges_changed",
            )
    plan = (
        _plan_given(charges, amount, allocations)
        if allocations is not None
        else plan_oldest_first(charges, amount)
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
        form_key=key,
    )
    allocate(payment, plan, actor)
    return payment


def payment_check(
    *, unit: Unit, amount, method: str, reference: str = "", above_ceiling_confirmed: bool = False
) -> tuple[Decimal, str, str]:
    """The amount, method and reference of a payment as ``payment_take`` takes them, or its
    refusal: the pay page's confirmation step asks this before it shows the payment."""
    return money_check(
        estate_id=unit.estate_id,
        amount=amount,
        method=method,
        reference=reference,
        above_ceiling_confirmed=above_ceiling_confirmed,
    )


def money_check(
    *,
    estate_id: int,
    amount,
    method: str,
    reference: str = "",
    above_ceiling_confirmed: bool = False,
) -> tuple[Decimal, str, str]:
    """``payment_check`` for a payment of the estate, whoever pays (a unit, a payer named)."""
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
    ceiling = payment_ceiling(estate_id=estate_id)
    if amount > ceiling and not above_ceiling_confirmed:
        raise FeesError(
            _(
                "¥%(amount)s is more than this estate takes in one payment without a second "
                "look (¥%(ceiling)s): check the amount and confirm it."
            )
            % {"amount": f"{amount:,}", "ceiling": f"{ceiling:,}"},
            code="above_ceiling",
            field="above_ceiling_confirmed",
        )
    return amount, method, reference


@dataclass
class PaymentPreview:
    """What ``payment_take`` would do now: shown on the pay page's confirmation step."""

    amount: Decimal
    method: str
    reference: str
    plan: list[tuple[Charge, Decimal]]
    ceiling: Decimal

    @property
    def method_label(self) -> str:
        return str(Payment.Method(self.method).label)

    @property
    def left_over(self) -> Decimal:
        return self.amount - sum((part for _charge, part in self.plan), ZERO)

    @property
    def above_ceiling(self) -> bool:
        return self.amount > self.ceiling


def payment_preview(
    *,
    actor,
    unit: Unit,
    amount,
    method: str,
    reference: str = "",
    allocations: dict[int, Decimal] | None = None,
) -> PaymentPreview:
    """Check a payment as ``payment_take`` would and say how it would be split; writes
    nothing and locks nothing (the split is made again under the lock)."""
    check_actor(
        actor,
        estate_id=unit.estate_id,
        roles=permissions.PAY_ROLES,
        message=_("Only a cashier or a supervisor can take a payment."),
    )
    amount, method, reference = payment_check(
        unit=unit, amount=amount, method=method, reference=reference, above_ceiling_confirmed=True
    )
    charges = list(
        Charge.objects.filter(unit_id=unit.pk, status__in=OPEN_STATUSES)
        .select_related("fee_type")
        .order_by("due_date", "period", "id")
    )
    plan = (
        _plan_given(charges, amount, allocations)
        if allocations is not None
        else plan_oldest_first(charges, amount)
    )
    return PaymentPreview(
        amount=amount,
        method=method,
        reference=reference,
        plan=plan,
        ceiling=payment_ceiling(estate_id=unit.estate_id),
    )


def _form_key(value) -> uuid.UUID | None:
    return form_key_of(
        value,
        error=FeesError,
        message=_("This payment form is damaged: open the pay page again."),
    )


# The prepaid balance


def _payments_with_credit(unit_ids=None, estate_id=None):
    """Unreversed payments of units that still hold money beyond their allocations."""
    rows = Payment.objects.filter(unit__isnull=False, reverses__isnull=True, reversal__isnull=True)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    if estate_id is not None:
        rows = rows.filter(estate_id=estate_id)
    return rows.annotate(allocated=MoneySum("allocations__amount")).filter(
        amount__gt=F("allocated")
    )


def units_with_credit(estate_id: int, unit_ids: list[int]) -> list[int]:
    if not unit_ids:
        return []
    rows = _payments_with_credit(estate_id=estate_id).values_list("unit_id", flat=True)
    wanted = set(unit_ids)
    return sorted({unit_id for unit_id in rows if unit_id in wanted})


def apply_credit(*, unit_id: int, actor) -> int:
    """Settle open charges from the unit's prepaid balance, oldest first; returns how many.

    For the services that have checked their actor (a new charge, billing, ``credit_apply``):
    it only moves money the unit has already paid onto what it owes."""
    charges = locked_open_charges(unit_id)
    if not charges:
        return 0
    payments = list(_payments_with_credit(unit_ids=[unit_id]).order_by("id"))
    settled = 0
    for payment in payments:
        plan = plan_oldest_first(
            [c for c in charges if c.outstanding > ZERO], payment.amount - payment.allocated
        )
        allocate(payment, plan, actor, from_prepaid=True)
        settled += len(plan)
    return settled


@transaction.atomic
def credit_apply(*, actor, unit: Unit) -> int:
    """The cashier's "apply balance": the unit's prepaid balance onto its open charges."""
    check_actor(
        actor,
        estate_id=unit.estate_id,
        roles=permissions.PAY_ROLES,
        message=_("Only a cashier or a supervisor can apply a prepaid balance."),
    )
    return apply_credit(unit_id=unit.pk, actor=actor)
