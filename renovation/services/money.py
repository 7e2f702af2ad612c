"""The renovation's money besides the garbage fee, all through ``fees``: the refundable deposit
(demanded when the agreement is signed, waited for by the permit, refunded by a supervisor once
the holding period after completion is over, less itemised deductions) and the fee per worker
pass, where the estate's settings ask for them."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees import permissions as fee_permissions
from fees.services import charges as fee_charges
from fees.services import deposits as fee_deposits
from frontdesk.errors import DeskError
from frontdesk.permissions import check_actor
from frontdesk.scoping import has_role
from owners import selectors as owner_selectors

from .. import permissions
from ..models import Renovation, Settings, WorkerPass
from .application import _error, check_status, locked

DeductionInput = fee_deposits.DeductionInput


def deposit_demand(renovation: Renovation, *, actor, rules: Settings) -> None:
    """On signing (in its transaction): the estate's deposit as the unit's charge."""
    if rules.deposit_fee_type is None or rules.deposit_amount <= 0 or renovation.deposit_id:
        return
    try:
        renovation.deposit = fee_deposits.deposit_require(
            actor=actor,
            estate_id=renovation.estate_id,
            fee_type=rules.deposit_fee_type,
            amount=rules.deposit_amount,
            purpose=_("Renovation deposit, %(number)s") % {"number": renovation.number},
            unit=renovation.unit,
            payer_name=renovation.applicant_name,
        )
    except DeskError as error:  # the fees app's refusal (e.g. the unit's arrears limit)
        raise _error(error.message, error.code) from None


def deposit_release(renovation: Renovation, *, actor, reason: str) -> None:
    """A renovation called off before the works: its unpaid deposit is cancelled, by those
    who may waive charges (a paid one waits for a supervisor's refund)."""
    deposit = renovation.deposit
    if deposit is None or deposit.status != deposit.Status.OPEN:
        return
    if deposit.charge.paid_amount > 0 or not has_role(actor, *fee_permissions.APPROVE_ROLES):
        return
    fee_deposits.deposit_cancel(actor=actor, deposit=deposit, reason=reason)


def refund_payees(renovation: Renovation) -> list[str]:
    """Whom the deposit may go back to: the one who paid it, the applicant, the owner who
    applied or consented, the unit's owners today; nobody else walks away with it."""
    names = [
        renovation.deposit.payer_name if renovation.deposit else "",
        renovation.applicant_name,
        renovation.owner.name,
        renovation.consent_owner_name,
        *(owner.name for owner in owner_selectors.current_owners(renovation.unit)),
    ]
    return list(dict.fromkeys(name for name in names if name))


def refund_due_on(renovation: Renovation) -> datetime.date | None:
    """The first day the deposit may be refunded: after the holding period once completed,
    at once when the works were called off; None while they run."""
    if renovation.status in (Renovation.Status.WITHDRAWN, Renovation.Status.REJECTED):
        return timezone.localdate(renovation.created_at)
    if renovation.status != Renovation.Status.COMPLETED or renovation.closed_at is None:
        return None
    hold = Settings.for_estate(renovation.estate_id).deposit_hold_days
    return timezone.localdate(renovation.closed_at) + datetime.timedelta(days=hold)


@transaction.atomic
def deposit_refund(
    *,
    actor,
    renovation: Renovation,
    deductions: list[DeductionInput],
    refund_to: str,
    refund_method: str,
) -> Any:  # fees' Deposit
    """A supervisor refunds the deposit once the holding period is over, keeping back the
    deductions (violation, damage, garbage left, unpaid fees) with their reasons."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.REFUND_ROLES,
        message=_("Only a CS supervisor refunds a renovation deposit."),
    )
    renovation = locked(renovation)
    if renovation.deposit is None:
        raise _error(_("This renovation has no deposit."), "no_deposit")
    due = refund_due_on(renovation)
    if due is None:
        raise _error(
            _("The deposit is refunded after the works are accepted and closed."), "not_closed"
        )
    if due > timezone.localdate():
        raise _error(
            _("The deposit is held until %(day)s (the holding period after completion).")
            % {"day": due.isoformat()},
            "held",
        )
    payees = refund_payees(renovation)
    if refund_to.strip() not in payees:
        raise _error(
            _("The deposit goes back to the one who paid it, the applicant or an owner: %(names)s.")
            % {"names": "、".join(payees)},
            "refund_to",
            "refund_to",
        )
    try:
        return fee_deposits.deposit_settle(
            actor=actor,
            deposit=renovation.deposit,
            deductions=deductions,
            refund_to=refund_to,
            refund_method=refund_method,
        )
    except DeskError as error:
        raise _error(error.message, error.code, error.field) from None


def pass_fee_charge(worker_pass: WorkerPass, *, actor) -> None:
    """The estate's fee per worker pass, charged to the unit with the pass (its transaction)."""
    renovation = worker_pass.renovation
    rules = Settings.for_estate(renovation.estate_id)
    if rules.pass_fee_type is None or rules.pass_fee <= 0:
        return
    check_status(renovation, Renovation.Status.WORKING)
    try:
        fee_charges.new_charge(
            actor=actor,
            estate_id=renovation.estate_id,
            fee_type=rules.pass_fee_type,
            amount=rules.pass_fee,
            unit=renovation.unit,
            description=_("Worker pass %(number)s (%(name)s), renovation %(renovation)s")
            % {"number": worker_pass.number, "name": worker_pass.name, "renovation": renovation},
        )
    except DeskError as error:
        raise _error(error.message, error.code) from None
