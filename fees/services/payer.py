"""Money received from an outside payer (a lessee, a contractor): a payer named on charges that
belong to no unit. The cashier takes it against the payer's charges the desk shows (a lease's
rent, its site management fee, its deposit), oldest first, under the same gapless receipt
numbers as a unit's payments. An outside payer has no prepaid balance to keep money in, so a
payment is never more than those charges still owe; a mistake is reversed like any payment
(``reversal_request``)."""

import datetime
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from frontdesk.errors import OTHER_ESTATE
from frontdesk.numbering import allocate_number
from frontdesk.permissions import check_actor

from .. import permissions
from ..errors import FeesError, PaymentFormUsed
from ..models import ZERO, Charge, FeeType, Payment
from .amounts import parse_amount
from .payments import OPEN_STATUSES, RECEIPT, _form_key, allocate, money_check, plan_oldest_first


def _locked_charges(charge_ids: Collection[int]) -> list[Charge]:
    try:
        ids = sorted({int(pk) for pk in charge_ids})
    except (TypeError, ValueError):
        ids = []
    if not ids:
        raise FeesError(_("Choose the charges to pay."), code="no_charges", field="charges")
    charges = list(
        Charge.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("due_date", "period", "id")  # a second cashier waits here
    )
    if len(charges) != len(ids):
        raise FeesError(_("A chosen charge does not exist."), code="charge_not_open")
    return charges


@transaction.atomic
def payer_payment_take(
    *,
    actor,
    charge_ids: Collection[int],
    amount,
    method: str,
    reference: str = "",
    note: str = "",
    form_key: uuid.UUID | str | None = None,
    above_ceiling_confirmed: bool = False,
) -> Payment:
    """Receive money from the payer named on ``charge_ids`` (charges of no unit, one estate,
    one payer): allocated oldest first, never beyond what they owe, under a numbered receipt.

    ``form_key`` is the pay form's idempotency key: a second use raises ``PaymentFormUsed``
    with the first payment. A charge paid or waived meanwhile refuses the payment."""
    charges = _locked_charges(charge_ids)
    estates = {charge.estate_id for charge in charges}
    if len(estates) > 1:
        raise FeesError(_("The charges belong to different estates."), code=OTHER_ESTATE)
    estate_id = estates.pop()
    check_actor(
        actor,
        estate_id=estate_id,
        roles=permissions.PAY_ROLES,
        message=_("Only a cashier or a supervisor can take a payment."),
    )
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
    if any(charge.unit_id is not None for charge in charges):
        raise FeesError(_("A unit's charge is paid on the unit's pay page."), code="unit_charge")
    payers = {charge.payer_name for charge in charges}
    if len(payers) > 1:
        raise FeesError(
            _("The charges are owed by different payers: take one payment per payer."),
            code="mixed_payers",
        )
    if any(charge.status not in OPEN_STATUSES for charge in charges):
        raise FeesError(
            _(
                "Some of these charges were paid or waived meanwhile (at another desk?): "
                "check the open charges and take the payment again."
            ),
            code="charges_changed",
        )
    amount, method, reference = money_check(
        estate_id=estate_id,
        amount=amount,
        method=method,
        reference=reference,
        above_ceiling_confirmed=above_ceiling_confirmed,
    )
    owed = sum((charge.outstanding for charge in charges), ZERO)
    if amount > owed:
        raise FeesError(
            _(
                "¥%(amount)s is more than these charges owe (¥%(owed)s): an outside payer "
                "keeps no prepaid balance."
            )
            % {"amount": amount, "owed": owed},
            code="overpaid",
            field="amount",
        )
    payment = Payment.objects.create(
        estate_id=estate_id,
        unit=None,
        payer_name=payers.pop(),
        receipt_number=allocate_number(estate_id=estate_id, kind=RECEIPT[0], prefix=RECEIPT[1]),
        amount=amount,
        method=method,
        reference=reference,
        received_by=actor,
        note=note.strip(),
        form_key=key,
    )
    allocate(payment, plan_oldest_first(charges, amount), actor)
    return payment


@dataclass(frozen=True)
class PayerChargeLine:
    """One charge of an outside payer in a batch (a cycle of a lease's rent)."""

    fee_type_id: int
    payer_name: str
    amount: Decimal
    description: str
    due_date: datetime.date
    period: datetime.date | None = None


@transaction.atomic
def payer_charges_bill(
    *, actor=None, estate_id: int, lines: list[PayerChargeLine], reason: str = ""
) -> list[Charge]:
    """Charges of outside payers made in one batch (a rent cycle of many leases; a lease's
    site management fee or settlement), in the order of ``lines``. ``actor`` is the person
    who makes them, checked; None is the system: the scheduled rent cycle (as
    ``billing_run``). Nothing is made if one line is refused."""
    if actor is not None:
        check_actor(
            actor,
            estate_id=estate_id,
            roles=permissions.PAYER_CHARGE_ROLES,
            message=_("Your role may not charge fees."),
        )
    if not lines:
        return []
    type_ids = {line.fee_type_id for line in lines}
    if FeeType.objects.filter(pk__in=type_ids, estate_id=estate_id).count() != len(type_ids):
        raise FeesError(_("The fee type belongs to another estate."), code=OTHER_ESTATE)
    now = timezone.now()
    charges = []
    for line in lines:
        if not line.payer_name.strip():
            raise FeesError(_("Name the payer."), code="no_payer", field="payer_name")
        amount = parse_amount(line.amount)
        charges.append(
            Charge(
                estate_id=estate_id,
                unit=None,
                payer_name=line.payer_name.strip()[:100],
                fee_type_id=line.fee_type_id,
                period=line.period,
                description=line.description[:200],
                base_amount=amount,
                amount=amount,
                due_date=line.due_date,
                created_at=now,
            )
        )
    return bulk_create_with_history(
        charges,
        Charge,
        batch_size=500,
        default_user=actor,
        default_change_reason=reason[:100] or None,
    )
