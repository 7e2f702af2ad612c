"""The plan review by engineering: the legal checklist's documents, approval (which charges
the decoration-garbage transport fee through fees), sending back with reasons, rejection."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees.selectors import fee_type_of_kind
from fees.services import charge_create, rates_on
from frontdesk.errors import DeskError
from frontdesk.history import stamp
from frontdesk.permissions import check_actor

from .. import permissions
from ..models import CHECKLIST, Renovation, RenovationFile
from .application import FEE_KIND, Checklist, _error, _reason, check_status, locked
from .money import deposit_release


def missing_documents(renovation: Renovation, kinds_on_file: set[str] | None = None) -> list[str]:
    """The documents the ticked checklist items still need, as their names."""
    if kinds_on_file is None:
        kinds_on_file = set(renovation.files.values_list("kind", flat=True))
    missing = []
    for item, kinds in CHECKLIST.items():
        if getattr(renovation, item):
            missing += [k for k in kinds if k not in kinds_on_file]
    labels = dict(RenovationFile.Kind.choices)
    return [str(labels[k]) for k in dict.fromkeys(missing)]


def garbage_fee_amount(renovation: Renovation) -> tuple[Any, Decimal]:
    """The estate's decoration-garbage fee type and the amount for the unit: its rate in
    force today, times the unit's area when the fee is by area."""
    fee_type = fee_type_of_kind(estate_id=renovation.estate_id, kind=FEE_KIND)
    if fee_type is None:
        raise _error(
            _(
                "This estate has no active decoration-garbage transport fee type: a supervisor "
                "sets it up (fee types) before renovations can be approved."
            ),
            "no_fee_type",
        )
    rates = rates_on(fee_type, timezone.localdate())
    rate = rates.get(renovation.unit.use, rates.get(""))
    if rate is None:
        raise _error(
            _("No decoration-garbage fee rate is in force for this unit today."), "no_rate"
        )
    amount = rate if fee_type.basis == "fixed" else rate * renovation.unit.area
    return fee_type, Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def renovation_approve(*, actor, renovation: Renovation, findings: str = "") -> Renovation:
    """Engineering approves the plan: every ticked checklist item has its documents on file;
    the decoration-garbage transport fee is charged to the unit (fees)."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.REVIEW_ROLES,
        message=_("Only engineering or a CS supervisor reviews renovation plans."),
    )
    renovation = locked(renovation)
    check_status(renovation, Renovation.Status.SUBMITTED)
    missing = missing_documents(renovation)
    if missing:
        raise _error(
            _("Not approved: these documents are required first: %(documents)s.")
            % {"documents": "; ".join(missing)},
            "missing_documents",
        )
    fee_type, amount = garbage_fee_amount(renovation)
    try:
        charge = charge_create(
            actor=actor,
            estate_id=renovation.estate_id,
            fee_type=fee_type,
            amount=amount,
            unit=renovation.unit,
            description=_("Decoration-garbage transport, renovation %(number)s")
            % {"number": renovation.number},
        )
    except DeskError as error:  # the fees app's refusal
        raise _error(error.message, error.code) from None
    renovation.fee_charge = charge
    renovation.status = Renovation.Status.APPROVED
    renovation.review_findings = (findings or "").strip()
    renovation.return_reason = ""
    renovation.reviewed_at = timezone.now()
    renovation.reviewed_by = actor
    stamp(renovation, actor)
    renovation.save()
    return renovation


@transaction.atomic
def renovation_return(
    *, actor, renovation: Renovation, reason: str, findings: str = ""
) -> Renovation:
    """Send the application back to the applicant with the reasons (documents, plan changes)."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.REVIEW_ROLES,
        message=_("Only engineering or a CS supervisor reviews renovation plans."),
    )
    reason = _reason(reason, _("Say why the application is sent back."))
    renovation = locked(renovation)
    check_status(renovation, Renovation.Status.SUBMITTED)
    renovation.status = Renovation.Status.RETURNED
    renovation.return_reason = reason
    renovation.review_findings = (findings or "").strip()
    renovation.reviewed_at = timezone.now()
    renovation.reviewed_by = actor
    stamp(renovation, actor)
    renovation.save()
    return renovation


@transaction.atomic
def renovation_reject(*, actor, renovation: Renovation, reason: str) -> Renovation:
    """Refuse the works outright (prohibited works found in the plan): the case closes."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.REVIEW_ROLES,
        message=_("Only engineering or a CS supervisor reviews renovation plans."),
    )
    reason = _reason(reason, _("Say which prohibited works the plan contains."))
    renovation = locked(renovation)
    check_status(renovation, Renovation.Status.SUBMITTED, Renovation.Status.RETURNED)
    renovation.status = Renovation.Status.REJECTED
    renovation.return_reason = reason
    renovation.reviewed_at = timezone.now()
    renovation.reviewed_by = actor
    stamp(renovation, actor)
    renovation.save()
    deposit_release(renovation, actor=actor, reason=reason)
    return renovation


@transaction.atomic
def renovation_resubmit(*, actor, renovation: Renovation, checklist: Checklist) -> Renovation:
    """The applicant's corrections are in (documents uploaded, checklist corrected): back to
    engineering for review."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not take renovation applications."),
    )
    renovation = locked(renovation)
    check_status(renovation, Renovation.Status.RETURNED)
    checklist.apply_to(renovation)
    renovation.status = Renovation.Status.SUBMITTED
    stamp(renovation, actor)
    renovation.save()
    return renovation


@transaction.atomic
def renovation_withdraw(*, actor, renovation: Renovation, reason: str) -> Renovation:
    """The owner gives up before the works start."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not take renovation applications."),
    )
    reason = _reason(reason, _("Say why the application is withdrawn."))
    renovation = locked(renovation)
    check_status(
        renovation,
        Renovation.Status.SUBMITTED,
        Renovation.Status.RETURNED,
        Renovation.Status.APPROVED,
    )
    renovation.status = Renovation.Status.WITHDRAWN
    renovation.return_reason = reason
    stamp(renovation, actor)
    renovation.save()
    deposit_release(renovation, actor=actor, reason=reason)
    return renovation
