"""Refundable deposits: demanded as a charge (paid at the desk with its receipt, like any
other), held once paid, and settled once by a supervisor — the deductions itemised with their
reasons, the rest refunded under a gapless refund slip number. A deposit never paid is
cancelled: its charge is waived. Other apps (renovation, leasing) demand and settle theirs
through these services."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.errors import OTHER_ESTATE
from frontdesk.history import stamp
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from frontdesk.text import clean_text
from owners.models import Unit
from owners.selectors import current_owner_names

from .. import permissions
from ..errors import FeesError
from ..models import ZERO, Deposit, DepositDeduction, FeeType, Payment
from .amounts import parse_amount
from .charges import charge_waive, new_charge

REFUND = ("deposit_refund", "TK")
# A deposit's days to pay: it is paid at the desk when the works or the lease are arranged.
DUE_DAYS = 7


@dataclass(frozen=True)
class DeductionInput:
    kind: str
    amount: Decimal | str
    reason: str


def _text(value: str, field: str, max_length: int) -> str:
    try:
        return clean_text(value or "", max_length=max_length) or ""
    except ValidationError as error:
        raise FeesError(error.messages[0], code="bad_text", field=field) from None


def _used(deposit: Deposit) -> str:
    return _("This form was already used: the deposit for %(purpose)s is demanded.") % {
        "purpose": deposit.purpose
    }


@transaction.atomic
def deposit_require(
    *,
    actor,
    estate_id: int,
    fee_type: FeeType,
    amount,
    purpose: str,
    unit: Unit | None = None,
    payer_name: str = "",
    form_key=None,
) -> Deposit:
    """A deposit for a unit (its works), paid by its owner or the payer named (a contractor),
    as the unit's charge to pay at the desk; or, with no unit, an outside payer's (a lessee's)
    as the payer's charge. A form posted twice demands one."""
    check_actor(
        actor,
        estate_id=estate_id,
        roles=permissions.DEPOSIT_ROLES,
        message=_("Your role may not demand deposits."),
    )
    refuse_used_key(Deposit, form_key, _used, actor=actor, error=FeesError)
    if fee_type.estate_id != estate_id or (unit is not None and unit.estate_id != estate_id):
        raise FeesError(_("The fee type or unit belongs to another estate."), code=OTHER_ESTATE)
    if fee_type.kind != FeeType.Kind.DEPOSIT:
        raise FeesError(_("Choose a deposit fee type."), code="not_deposit", field="fee_type")
    purpose = _text(purpose, "purpose", 200)
    if not purpose:
        raise FeesError(_("Say what the deposit is for."), code="no_purpose", field="purpose")
    payer_name = _text(payer_name, "payer_name", 100)
    if unit is None and not payer_name:
        raise FeesError(_("Name the payer."), code="no_payer", field="payer_name")
    amount = parse_amount(amount)
    deposit = Deposit(
        estate_id=estate_id,
        unit=unit,
        payer_name=payer_name if unit is None else payer_name or _owners_of(unit),
        purpose=purpose,
        amount=amount,
    )

    def charge_it() -> None:  # in the deposit's savepoint: a lost race leaves no charge
        deposit.charge = new_charge(
            actor=actor,
            estate_id=estate_id,
            fee_type=fee_type,
            amount=amount,
            unit=unit,
            payer_name="" if unit is not None else payer_name,
            description=purpose,
            due_date=timezone.localdate() + datetime.timedelta(days=DUE_DAYS),
        )

    stamp(deposit, actor)
    return save_once(deposit, form_key, _used, actor=actor, error=FeesError, before=charge_it)


def _owners_of(unit: Unit) -> str:
    return "、".join(current_owner_names([unit.pk]).get(unit.pk, [])) or unit.code


def _locked(deposit: Deposit) -> Deposit:
    deposit = (
        Deposit.objects.select_for_update(of=("self",)).select_related("charge").get(pk=deposit.pk)
    )
    if deposit.status in (Deposit.Status.SETTLED, Deposit.Status.CANCELLED):
        raise FeesError(
            _("This deposit is already %(status)s.") % {"status": deposit.get_status_display()},
            code="closed",
        )
    return deposit


def _deductions(rows: list[DeductionInput], held: Decimal) -> list[DepositDeduction]:
    deductions = []
    kinds = DepositDeduction.Kind.values
    for n, row in enumerate(rows, start=1):
        if row.kind not in kinds:
            raise FeesError(_("Choose the kind of each deduction."), code="bad_kind", field="kind")
        amount = parse_amount(row.amount, field="amount")
        reason = _text(row.reason, "reason", 200)
        if not reason:
            raise FeesError(
                _("Give the reason for deduction %(n)s.") % {"n": n},
                code="no_reason",
                field="reason",
            )
        deductions.append(DepositDeduction(kind=row.kind, amount=amount, reason=reason))
    total = sum((d.amount for d in deductions), ZERO)
    if total > held:
        raise FeesError(
            _("The deductions (¥%(total)s) are more than the deposit held (¥%(held)s).")
            % {"total": total, "held": held},
            code="too_much",
            field="amount",
        )
    return deductions


@transaction.atomic
def deposit_settle(
    *,
    actor,
    deposit: Deposit,
    deductions: list[DeductionInput] = (),  # type: ignore[assignment]
    refund_to: str,
    refund_method: str,
) -> Deposit:
    """A supervisor settles a held deposit once: the deductions kept, each with its reason;
    the rest refunded to the payer under a numbered refund slip."""
    check_actor(
        actor,
        estate_id=deposit.estate_id,
        roles=permissions.DEPOSIT_SETTLE_ROLES,
        message=_("Only a supervisor settles a deposit."),
    )
    deposit = _locked(deposit)
    if not deposit.is_held:
        raise FeesError(
            _("The deposit is not paid in full yet: nothing is held to refund."), code="not_held"
        )
    refund_to = _text(refund_to, "refund_to", 100)
    if not refund_to:
        raise FeesError(_("Name who receives the refund."), code="no_payee", field="refund_to")
    if refund_method not in Payment.Method.values or refund_method == Payment.Method.PREPAID:
        raise FeesError(_("Choose how the refund is paid."), code="bad_method", field="method")
    kept = _deductions(list(deductions), deposit.amount)
    for deduction in kept:
        deduction.deposit = deposit
        stamp(deduction, actor)
        deduction.save()
    deposit.deducted = sum((d.amount for d in kept), ZERO)
    deposit.refunded = deposit.amount - deposit.deducted
    deposit.refund_to = refund_to
    deposit.refund_method = refund_method
    deposit.refund_number = allocate_number(
        estate_id=deposit.estate_id, kind=REFUND[0], prefix=REFUND[1]
    )
    deposit.settled_at = timezone.now()
    deposit.settled_by = actor
    deposit.status = Deposit.Status.SETTLED
    stamp(deposit, actor)
    deposit.save()
    return deposit


@transaction.atomic
def deposit_cancel(*, actor, deposit: Deposit, reason: str) -> Deposit:
    """A deposit no longer wanted before it is paid (the works or the lease called off): its
    charge is waived. A paid one is settled instead."""
    deposit = _locked(deposit)
    if deposit.charge.paid_amount > ZERO:
        raise FeesError(
            _("Part of this deposit is paid: settle it to refund what was paid."), code="paid"
        )
    charge_waive(actor=actor, charge=deposit.charge, reason=reason)
    deposit.status = Deposit.Status.CANCELLED
    stamp(deposit, actor)
    deposit.save(update_fields=["status"])
    return deposit
