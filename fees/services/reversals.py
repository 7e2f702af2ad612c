"""Reversals: asked for by a cashier, decided by a supervisor (someone else). A payment is
never edited: a reversal is a negative payment linked to it that reopens its charges."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.money import MoneySum
from frontdesk.numbering import allocate_number
from frontdesk.permissions import check_actor

from .. import permissions
from ..errors import FeesError
from ..models import ZERO, Charge, Payment, ReversalRequest
from .limits import owing_check
from .payments import allocate

REVERSAL = ("reversal", "HC")


@transaction.atomic
def reversal_request(*, actor, payment: Payment, reason: str) -> ReversalRequest:
    check_actor(
        actor,
        estate_id=payment.estate_id,
        roles=permissions.PAY_ROLES,
        message=_("Only a cashier or a supervisor can ask for a reversal."),
    )
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


def _locked_pending(actor, request: ReversalRequest, message: str) -> ReversalRequest:
    request = (
        ReversalRequest.objects.select_for_update().select_related("payment").get(pk=request.pk)
    )
    check_actor(
        actor, estate_id=request.payment.estate_id, roles=permissions.APPROVE_ROLES, message=message
    )
    if request.status != ReversalRequest.Status.PENDING:
        raise FeesError(_("This request has already been decided."), code="decided")
    return request


@transaction.atomic
def reversal_approve(*, actor, request: ReversalRequest) -> Payment:
    """Book the negative payment linked to the original and reopen its charges."""
    request = _locked_pending(actor, request, _("Only a supervisor can approve a reversal."))
    if request.requested_by_id == actor.pk:
        raise FeesError(
            _("The approver must be someone other than the cashier who asked."),
            code="same_person",
        )
    original = Payment.objects.select_for_update().get(pk=request.payment_id)
    parts = list(
        original.allocations.values("charge_id")
        .annotate(total=MoneySum("amount"), n=Count("id"))
        .filter(~Q(total=0))
    )
    if original.unit_id is not None:  # its charges are owed again
        owing_check(unit_id=original.unit_id, adding=sum((p["total"] for p in parts), ZERO))
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
    charges = Charge.objects.select_for_update().in_bulk([p["charge_id"] for p in parts])
    allocate(reversal, [(charges[p["charge_id"]], -p["total"]) for p in parts], actor)
    request.status = ReversalRequest.Status.APPROVED
    request.decided_by, request.decided_at = actor, timezone.now()
    stamp(request, actor)
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return reversal


@transaction.atomic
def reversal_refuse(*, actor, request: ReversalRequest) -> ReversalRequest:
    request = _locked_pending(actor, request, _("Only a supervisor can refuse a reversal."))
    request.status = ReversalRequest.Status.REFUSED
    request.decided_by, request.decided_at = actor, timezone.now()
    stamp(request, actor)
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request
