"""Contracts: signed (from a negotiation or directly), renewed, terminated early with their
settlement; their scans; the lessee's payments. Every money step goes through ``fees``:
the site management fee is charged at signing (the seed's rule for sites), the deposit is
demanded as a refundable deposit of the lessee, a settlement is a charge of the lessee."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees import services as fees
from fees.selectors import fee_type_of_kind
from frontdesk.history import stamp
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from owners.uploads import validate_scan

from .. import permissions
from ..errors import LeasingError
from ..models import Contract, ContractScan, LeaseCharge, Lessee, Negotiation, Space
from .common import actor_check, amount, day, error, text
from .parties import _key
from .terms import add_months

NUMBER = ("lease_contract", "ZL")
MAX_YEARS = 20
RENT_KINDS: dict[str, str] = {
    Space.Kind.ADVERTISING: "advertising_rent",
    Space.Kind.WAREHOUSE: "warehouse_rent",
    Space.Kind.SITE: "site_rent",
}


def _used(contract: Contract) -> str:
    return _("This form was already used: it signed contract %(number)s.") % {
        "number": contract.number
    }


@dataclass
class Terms:
    start: datetime.date | None
    end: datetime.date | None
    rent: Any
    cycle: int
    purpose: str = ""
    rent_free_months: int = 0
    escalation: Any = "0"
    due_days: int = 10
    site_fee: Any = "0"
    deposit: Any = "0"
    signed_on: datetime.date | None = None


def fee_type(estate_id: int, kind: str, field: str | None = None):
    found = fee_type_of_kind(estate_id=estate_id, kind=kind)
    if found is None:
        raise error(
            _(
                "This estate has no active fee type of the kind “%(kind)s”: a supervisor sets "
                "one up in the admin (fees)."
            )
            % {"kind": kind},
            "no_fee_type",
            field,
        )
    return found


def _check_terms(space: Space, terms: Terms) -> dict:
    start = day(terms.start, "start", _("Enter the start of the term."))
    end = day(terms.end, "end", _("Enter the end of the term."))
    if end < start:
        raise error(_("The term ends before it starts."), "end_before_start", "end")
    if end > add_months(start, 12 * MAX_YEARS):
        raise error(
            _("A lease runs for at most %(years)s years.") % {"years": MAX_YEARS},
            "term_too_long",
            "end",
        )
    rent = amount(terms.rent, "rent")
    if terms.cycle not in Contract.Cycle.values:
        raise error(_("Choose the rent cycle."), "bad_cycle", "cycle")
    if not 0 <= int(terms.rent_free_months or 0) <= 24:
        raise error(_("At most 24 rent-free months."), "bad_rent_free", "rent_free_months")
    escalation = amount(terms.escalation or "0", "escalation", allow_zero=True)
    if escalation > 30:
        raise error(_("An escalation of at most 30% a year."), "bad_escalation", "escalation")
    site_fee = amount(terms.site_fee or "0", "site_fee", allow_zero=True)
    if space.kind == Space.Kind.SITE and site_fee == 0:
        raise error(
            _("A site is let only with its site management fee, paid at signing."),
            "no_site_fee",
            "site_fee",
        )
    if space.kind != Space.Kind.SITE and site_fee:
        raise error(
            _("Only a site carries a site management fee."), "site_fee_not_site", "site_fee"
        )
    signed_on = terms.signed_on or timezone.localdate()
    if signed_on > timezone.localdate():
        raise error(_("A contract cannot be signed in the future."), "in_future", "signed_on")
    return {
        "start": start,
        "end": end,
        "rent": rent,
        "cycle": terms.cycle,
        "rent_free_months": int(terms.rent_free_months or 0),
        "escalation": escalation,
        "due_days": min(max(int(terms.due_days or 0), 0), 60),
        "site_fee": site_fee,
        "deposit": amount(terms.deposit or "0", "deposit", allow_zero=True),
        "signed_on": signed_on,
        "purpose": text(terms.purpose, "purpose", max_length=200, required=_("Say the use.")),
    }


def _one_charge(actor, estate_id: int, *, fee_type, amount, payer_name, description, due_date):
    """One charge of the lessee, made by the actor who signs or settles the lease."""
    line = fees.PayerChargeLine(
        fee_type_id=fee_type.pk,
        payer_name=payer_name,
        amount=amount,
        description=description,
        due_date=due_date,
    )
    return fees.payer_charges_bill(actor=actor, estate_id=estate_id, lines=[line])[0]


def _refuse_overlap(space: Space, start: datetime.date, end: datetime.date, *, but=None) -> None:
    Space.objects.select_for_update().filter(pk=space.pk).values_list("pk", flat=True).first()
    clashing = Contract.objects.filter(
        space_id=space.pk, start__lte=end, status=Contract.Status.ACTIVE, end__gte=start
    )
    ended_early = Contract.objects.filter(
        space_id=space.pk,
        start__lte=end,
        status=Contract.Status.TERMINATED,
        terminated_on__gte=start,
    )
    if but is not None:
        clashing = clashing.exclude(pk=but.pk)
    other = clashing.first() or ended_early.first()
    if other is not None:
        raise error(
            _("The space is let under contract %(number)s from %(start)s to %(end)s.")
            % {"number": other.number, "start": other.start, "end": other.last_day},
            "overlap",
            "start",
        )


def _sign(*, actor, space: Space, lessee: Lessee, checked: dict, negotiation, renews, form_key):
    if not space.active:
        raise error(_("This space is no longer let."), "space_inactive", "space")
    _refuse_overlap(space, checked["start"], checked["end"], but=renews)
    fee_type(space.estate_id, RENT_KINDS[space.kind], "rent")  # the rent cycle charges it
    site_type = (
        fee_type(space.estate_id, "site_management", "site_fee") if checked["site_fee"] else None
    )
    deposit_type = fee_type(space.estate_id, "deposit", "deposit") if checked["deposit"] else None
    checked = dict(checked)
    deposit_amount = checked.pop("deposit")
    contract = Contract(
        estate_id=space.estate_id,
        space=space,
        lessee=lessee,
        negotiation=negotiation,
        renews=renews,
        signed_by=actor,
        next_rent_on=checked["start"],
        **checked,
    )

    def numbered() -> None:  # in the contract's savepoint: a lost race keeps no number
        contract.number = allocate_number(
            estate_id=space.estate_id, kind=NUMBER[0], prefix=NUMBER[1]
        )
        if deposit_type is not None:
            contract.deposit = fees.deposit_require(
                actor=actor,
                estate_id=space.estate_id,
                fee_type=deposit_type,
                amount=deposit_amount,
                purpose=_("Lease deposit of %(space)s") % {"space": space},
                payer_name=lessee.name,
            )

    stamp(contract, actor)
    contract = save_once(
        contract, _key(form_key), _used, actor=actor, error=LeasingError, before=numbered
    )
    if site_type is not None:
        charge = _one_charge(
            actor,
            space.estate_id,
            fee_type=site_type,
            amount=checked["site_fee"],
            payer_name=lessee.name,
            description=_("Site management fee, contract %(number)s") % {"number": contract.number},
            due_date=checked["signed_on"],
        )
        LeaseCharge.objects.create(
            contract=contract,
            kind=LeaseCharge.Kind.SITE_FEE,
            period_start=contract.start,
            period_end=contract.end,
            amount=checked["site_fee"],
            charge=charge,
        )
    return contract


@transaction.atomic
def contract_sign(
    *,
    actor,
    space: Space,
    lessee: Lessee,
    terms: Terms,
    negotiation: Negotiation | None = None,
    form_key=None,
) -> Contract:
    """Sign a lease: a gapless contract number, the site management fee charged at signing
    for a site, the deposit demanded; the negotiation (if any) becomes this contract."""
    actor_check(actor, space.estate_id, permissions.DESK_ROLES, _("Your role may not sign leases."))
    refuse_used_key(Contract, form_key, _used, actor=actor, error=LeasingError)
    if lessee.estate_id != space.estate_id:
        raise error(_("This belongs to another estate."), "other_estate")
    if negotiation is not None:
        negotiation = Negotiation.objects.select_for_update().get(pk=negotiation.pk)
        if negotiation.status != Negotiation.Status.OPEN:
            raise error(_("This negotiation is closed."), "closed")
        if (negotiation.space_id, negotiation.lessee_id) != (space.pk, lessee.pk):
            raise error(_("The negotiation is about another space or lessee."), "mismatch")
    checked = _check_terms(space, terms)
    contract = _sign(
        actor=actor,
        space=space,
        lessee=lessee,
        checked=checked,
        negotiation=negotiation,
        renews=None,
        form_key=form_key,
    )
    if negotiation is not None:
        negotiation.status = Negotiation.Status.CONTRACTED
        stamp(negotiation, actor)
        negotiation.save(update_fields=["status"])
    return contract


@transaction.atomic
def contract_renew(*, actor, contract: Contract, terms: Terms, form_key=None) -> Contract:
    """A new contract for the same space and lessee from the day after this one ends."""
    actor_check(
        actor, contract.estate_id, permissions.DESK_ROLES, _("Your role may not sign leases.")
    )
    refuse_used_key(Contract, form_key, _used, actor=actor, error=LeasingError)
    contract = (
        Contract.objects.select_for_update().select_related("space", "lessee").get(pk=contract.pk)
    )
    if contract.status != Contract.Status.ACTIVE:
        raise error(_("Only a contract in force is renewed."), "not_active")
    if Contract.objects.filter(renews=contract).exists():
        raise error(_("This contract is renewed already."), "renewed")
    terms.start = contract.end + datetime.timedelta(days=1)
    checked = _check_terms(contract.space, terms)
    return _sign(
        actor=actor,
        space=contract.space,
        lessee=contract.lessee,
        checked=checked,
        negotiation=None,
        renews=contract,
        form_key=form_key,
    )


@transaction.atomic
def contract_terminate(
    *,
    actor,
    contract: Contract,
    on: datetime.date | None,
    reason: str,
    settlement: str,
    settlement_amount: Any = "0",
) -> Contract:
    """End a lease before its term, with its settlement recorded (what the lessee owes is a
    charge of the lessee; the deposit is settled in fees). Cycles after ``on`` are not
    charged; one charged already is dealt with in the settlement."""
    actor_check(
        actor,
        contract.estate_id,
        permissions.TERMINATE_ROLES,
        _("Only a supervisor terminates a lease."),
    )
    contract = Contract.objects.select_for_update().select_related("lessee").get(pk=contract.pk)
    if contract.status != Contract.Status.ACTIVE:
        raise error(_("Only a contract in force is terminated."), "not_active")
    on = day(on, "on", _("Enter the day the lease ends."))
    if not contract.start <= on < contract.end:
        raise error(
            _("The lease ends early between %(start)s and %(end)s.")
            % {"start": contract.start, "end": contract.end},
            "bad_termination_day",
            "on",
        )
    reason = text(reason, "reason", max_length=200, required=_("Give the reason."))
    settlement = text(
        settlement,
        "settlement",
        max_length=1000,
        multiline=True,
        required=_("Record the settlement (rent due, deposit, damages) before terminating."),
    )
    owed = amount(settlement_amount or "0", "settlement_amount", allow_zero=True)
    contract.status = Contract.Status.TERMINATED
    contract.terminated_on = on
    contract.termination_reason = reason
    contract.settlement = settlement
    contract.settlement_amount = owed
    if contract.next_rent_on and contract.next_rent_on > on:
        contract.next_rent_on = None
    stamp(contract, actor)
    contract.save()
    if owed:
        charge = _one_charge(
            actor,
            contract.estate_id,
            fee_type=fee_type(contract.estate_id, "other", "settlement_amount"),
            amount=owed,
            payer_name=contract.lessee.name,
            description=_("Termination settlement, contract %(number)s")
            % {"number": contract.number},
            due_date=timezone.localdate() + datetime.timedelta(days=15),
        )
        LeaseCharge.objects.create(
            contract=contract,
            kind=LeaseCharge.Kind.SETTLEMENT,
            period_start=on,
            period_end=on,
            amount=owed,
            charge=charge,
        )
    return contract


@transaction.atomic
def scan_add(*, actor, contract: Contract, upload) -> ContractScan:
    actor_check(
        actor, contract.estate_id, permissions.DESK_ROLES, _("Your role may not file scans.")
    )
    if not upload:
        raise error(_("Choose the scan to upload."), "required", "file")
    try:
        validate_scan(upload)
    except ValidationError as exc:
        raise error(exc.messages[0], "bad_file", "file") from None
    scan = ContractScan(contract=contract, file=upload, uploaded_by=actor)
    stamp(scan, actor)
    scan.save()
    return scan


def payment_take(
    *,
    actor,
    contract: Contract,
    charge_ids: list[int],
    amount: Any,
    method: str,
    reference: str = "",
    form_key=None,
    above_ceiling_confirmed: bool = False,
):
    """The lessee pays some of the contract's charges at the cashier's (a fees payment with
    its receipt). Only charges of this contract are taken."""
    actor_check(
        actor, contract.estate_id, permissions.PAY_ROLES, _("Only a cashier takes payments.")
    )
    own = set(
        LeaseCharge.objects.filter(contract=contract, charge_id__in=charge_ids).values_list(
            "charge_id", flat=True
        )
    )
    if contract.deposit_id:
        own |= {
            pk
            for pk in Contract.objects.filter(pk=contract.pk).values_list(
                "deposit__charge_id", flat=True
            )
            if pk in set(charge_ids)
        }
    if not charge_ids or own != set(charge_ids):
        raise error(_("Choose charges of this contract."), "no_charges", "charges")
    return fees.payer_payment_take(
        actor=actor,
        charge_ids=charge_ids,
        amount=amount,
        method=method,
        reference=reference,
        form_key=form_key,
        above_ceiling_confirmed=above_ceiling_confirmed,
        note=_("Contract %(number)s") % {"number": contract.number},
    )
