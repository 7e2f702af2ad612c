"""One-off charges (decoration-garbage transport, a paid repair, a lessee's rent…) and
waivers."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.errors import OTHER_ESTATE
from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from owners.models import Unit

from .. import permissions
from ..errors import FeesError
from ..models import ZERO, Charge, FeeType
from .amounts import parse_amount
from .limits import owing_check
from .payments import apply_credit
from .summary import arrears_changed


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
    """A one-off charge, for a unit or for a payer named (a lessee)."""
    check_actor(
        actor,
        estate_id=estate_id,
        roles=permissions.CHARGE_ROLES,
        message=_("Your role may not charge fees."),
    )
    return new_charge(
        actor=actor,
        estate_id=estate_id,
        fee_type=fee_type,
        amount=amount,
        unit=unit,
        payer_name=payer_name,
        description=description,
        period=period,
        due_date=due_date,
    )


def new_charge(
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
    """The charge, for a service that has checked the actor's role (inside its transaction)."""
    amount = parse_amount(amount)
    if fee_type.estate_id != estate_id or (unit is not None and unit.estate_id != estate_id):
        raise FeesError(_("The fee type or unit belongs to another estate."), code=OTHER_ESTATE)
    if unit is None and not payer_name.strip():
        raise FeesError(_("Name the payer."), code="no_payer", field="payer_name")
    if unit is not None:
        owing_check(unit_id=unit.pk, adding=amount, field="amount")
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
    if unit is not None and not apply_credit(unit_id=unit.pk, actor=actor):
        arrears_changed([unit.pk])  # (settled from credit: allocate has rewritten it)
    return charge


@transaction.atomic
def charge_waive(*, actor, charge: Charge, reason: str) -> Charge:
    check_actor(
        actor,
        estate_id=charge.estate_id,
        roles=permissions.APPROVE_ROLES,
        message=_("Only a supervisor can waive a charge."),
    )
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
        arrears_changed([charge.unit_id])
    return charge
