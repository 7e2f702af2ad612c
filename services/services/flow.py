"""After the agreement: the dispatch (a person for the agreed time), the work done, the
owner's acceptance or refusal, the fee through fees once accepted, and cancelling."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees.selectors import fee_type_of_kind
from fees.services.charges import new_charge
from frontdesk import roles
from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.models import StaffProfile
from frontdesk.permissions import check_actor
from frontdesk.scoping import has_role
from frontdesk.services import notification_send

from .. import permissions
from ..errors import ServiceError
from ..models import ServiceRequest, ServiceStep
from ..signals import service_accepted
from .base import check_status, locked, save, step, text
from .request import parse_money_field

Status = ServiceRequest.Status
SERVICE_FEE_KIND = "service"


def department_staff(department_id: int) -> list:
    """Who may be sent for the department's services."""
    profiles = StaffProfile.objects.filter(department_id=department_id, user__is_active=True)
    return [p.user for p in profiles.select_related("user").order_by("user__username")]


def _check_head(actor, service: ServiceRequest, message: str) -> None:
    """A department head acts on their own department's services only."""
    if has_role(actor, roles.CS_SUPERVISOR) or actor.is_superuser:
        return
    profile = StaffProfile.objects.filter(user=actor).first()
    if profile is None or profile.department_id != service.department_id:
        raise ServiceError(message, code=FORBIDDEN)


@transaction.atomic
def service_dispatch(*, actor, service: ServiceRequest, assignee) -> ServiceRequest:
    """A person of the service's department for the agreed time (the five terms agreed)."""
    check_actor(
        actor,
        estate_id=service.estate_id,
        roles=permissions.DISPATCH_ROLES,
        message=_("The CS supervisor or the department head dispatches services."),
    )
    _check_head(actor, service, _("This service belongs to another department."))
    service = locked(service)
    if service.status == Status.REQUESTED:
        missing = service.missing_terms()
        raise ServiceError(
            _("Agree all five terms and record the agreement first; missing: %(terms)s.")
            % {"terms": ", ".join(missing) or _("the agreement")},
            code="terms_missing",
        )
    check_status(
        service,
        Status.AGREED,
        Status.DISPATCHED,
        message=_("Only an agreed service is dispatched."),
    )
    if assignee is None or assignee.pk not in {
        u.pk for u in department_staff(service.department_id)
    }:
        raise ServiceError(
            _("Choose someone of the service's department."),
            code="wrong_assignee",
            field="assignee",
        )
    if service.slot_end is not None and service.slot_end <= timezone.now():
        raise ServiceError(
            _("The agreed time has passed: agree a new time with the owner first."),
            code="slot_in_past",
        )
    service.assignee = assignee
    service.dispatched_at = timezone.now()
    service.status = Status.DISPATCHED
    save(service, actor, ["assignee", "dispatched_at", "status"])
    step(service, ServiceStep.Step.DISPATCHED, actor=actor, note=str(assignee))
    transaction.on_commit(
        lambda: notification_send(
            users=[assignee],
            title=_("Service %(number)s at %(slot)s: %(item)s, %(unit)s")
            % {
                "number": service.number,
                "slot": f"{timezone.localtime(service.slot_start):%m-%d %H:%M}",
                "item": service.item.name,
                "unit": service.unit.code,
            },
            url=service.get_absolute_url(),
        )
    )
    return service


@transaction.atomic
def service_done(*, actor, service: ServiceRequest, work_done: str) -> ServiceRequest:
    """The person sent (or the head, the supervisor) reports the work done: the owner checks
    it next."""
    check_actor(
        actor,
        estate_id=service.estate_id,
        roles=permissions.WORK_ROLES,
        message=_("Only the person sent reports the work done."),
    )
    service = locked(service)
    if (
        has_role(actor, roles.TECHNICIAN)
        and not has_role(actor, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD)
        and service.assignee_id != actor.pk
    ):
        raise ServiceError(_("This service is assigned to someone else."), code=FORBIDDEN)
    check_status(service, Status.DISPATCHED, message=_("Only a dispatched service is done."))
    service.work_done = text(work_done, "work_done", max_length=1000, multiline=True)
    if not service.work_done:
        raise ServiceError(_("Say what was done."), code="required", field="work_done")
    service.done_at = timezone.now()
    service.status = Status.DONE
    save(service, actor, ["work_done", "done_at", "status"])
    step(service, ServiceStep.Step.DONE, actor=actor, note=service.work_done)
    return service


def _check_accept(actor, service: ServiceRequest) -> ServiceRequest:
    check_actor(
        actor,
        estate_id=service.estate_id,
        roles=permissions.ACCEPT_ROLES,
        message=_("The desk records the owner's acceptance."),
    )
    service = locked(service)
    check_status(
        service, Status.DONE, message=_("The owner checks the work once it is reported done.")
    )
    return service


@transaction.atomic
def service_reject(*, actor, service: ServiceRequest, reason: str) -> ServiceRequest:
    """The owner does not accept: back to the person sent, with the reason."""
    service = _check_accept(actor, service)
    reason = text(reason, "reason", max_length=300)
    if not reason:
        raise ServiceError(
            _("Say why the owner does not accept the work."), code="no_reason", field="reason"
        )
    service.rejections += 1
    service.status = Status.DISPATCHED
    service.done_at = None
    save(service, actor, ["rejections", "status", "done_at"])
    step(service, ServiceStep.Step.REJECTED, actor=actor, note=reason)
    if service.assignee_id:
        assignee = service.assignee
        transaction.on_commit(
            lambda: notification_send(
                users=[assignee],
                title=_("Service %(number)s not accepted: %(reason)s")
                % {"number": service.number, "reason": reason},
                url=service.get_absolute_url(),
            )
        )
    return service


@transaction.atomic
def service_accept(*, actor, service: ServiceRequest, how: str, accepted_by: str) -> ServiceRequest:
    """The owner checked the result against the agreed effect and accepts it (signed on the
    service sheet or confirmed by phone). The fee is charged next; a free service closes."""
    service = _check_accept(actor, service)
    if how not in ServiceRequest.Acceptance.values:
        raise ServiceError(_("Choose how the owner accepted."), code="bad_choice", field="how")
    who = text(accepted_by, "accepted_by", max_length=50)
    if not who:
        raise ServiceError(_("Who accepted the work?"), code="required", field="accepted_by")
    service.accepted_at = timezone.now()
    service.accepted_how = how
    service.accepted_by_name = who
    free = service.cost_kind != ServiceRequest.CostKind.QUOTE and service.price_high == 0
    service.status = Status.CLOSED if free else Status.ACCEPTED
    if free:
        service.final_amount = Decimal("0.00")
    save(
        service,
        actor,
        ["accepted_at", "accepted_how", "accepted_by_name", "status", "final_amount"],
    )
    step(service, ServiceStep.Step.ACCEPTED, actor=actor, note=who)
    service_id = service.pk
    transaction.on_commit(lambda: service_accepted.send(ServiceRequest, service_id=service_id))
    return service


def _final_amount(service: ServiceRequest, amount, owner_agreed: bool) -> Decimal:
    if service.cost_kind == ServiceRequest.CostKind.FIXED and (amount is None or amount == ""):
        return service.price_high  # type: ignore[return-value]
    final = parse_money_field(amount, "amount")
    if final is None:
        raise ServiceError(_("Enter the amount to charge."), code="required", field="amount")
    if service.cost_kind == ServiceRequest.CostKind.QUOTE and not owner_agreed:
        raise ServiceError(
            _("A quote is charged only once the owner agreed to its amount."),
            code="owner_not_agreed",
            field="owner_agreed",
        )
    if service.price_high is not None and final > service.price_high and not owner_agreed:
        raise ServiceError(
            _("%(amount)s is above the agreed %(cost)s: the owner must agree to it first.")
            % {"amount": final, "cost": service.cost_text},
            code="above_agreed",
            field="amount",
        )
    return final


@transaction.atomic
def service_charge(
    *, actor, service: ServiceRequest, amount=None, owner_agreed: bool = False
) -> ServiceRequest:
    """The agreed fee, charged to the unit through fees, only after the owner accepted; the
    cashier takes it like any charge and the receipt is the bill."""
    check_actor(
        actor,
        estate_id=service.estate_id,
        roles=permissions.CHARGE_ROLES,
        message=_("Your role may not charge the service fee."),
    )
    service = locked(service)
    if service.accepted_at is None:
        raise ServiceError(
            _("The fee is charged only after the owner accepts the work."),
            code="not_accepted",
        )
    check_status(service, Status.ACCEPTED, message=_("This service is already charged."))
    final = _final_amount(service, amount, owner_agreed)
    fee_type = fee_type_of_kind(estate_id=service.estate_id, kind=SERVICE_FEE_KIND)
    if fee_type is None:
        raise ServiceError(
            _("The estate has no service fee type: a supervisor adds one in the admin."),
            code="no_fee_type",
        )
    if final == 0:
        service.status = Status.CLOSED
    else:
        try:
            service.charge = new_charge(
                actor=actor,
                estate_id=service.estate_id,
                fee_type=fee_type,
                amount=final,
                unit=service.unit,
                description=_("Service %(number)s: %(item)s")
                % {"number": service.number, "item": service.item.name},
                due_date=timezone.localdate() + datetime.timedelta(days=fee_type.due_days),
            )
        except DeskError as error:  # the fees app's refusal
            raise ServiceError(error.message, code=error.code, field="amount") from None
        service.status = Status.CHARGED
    service.final_amount = final
    service.owner_agreed_amount = owner_agreed
    save(service, actor, ["charge", "status", "final_amount", "owner_agreed_amount"])
    step(service, ServiceStep.Step.CHARGED, actor=actor, note=f"¥{final}")
    return service


@transaction.atomic
def service_cancel(*, actor, service: ServiceRequest, reason: str) -> ServiceRequest:
    check_actor(
        actor,
        estate_id=service.estate_id,
        roles=permissions.CANCEL_ROLES,
        message=_("Only the desk cancels a service."),
    )
    service = locked(service)
    check_status(
        service,
        Status.REQUESTED,
        Status.AGREED,
        Status.DISPATCHED,
        message=_("A service is cancelled only before its work is done."),
    )
    reason = text(reason, "reason", max_length=200)
    if not reason:
        raise ServiceError(_("Give the reason."), code="no_reason", field="reason")
    service.status = Status.CANCELLED
    service.cancel_reason = reason
    save(service, actor, ["status", "cancel_reason"])
    step(service, ServiceStep.Step.CANCELLED, actor=actor, note=reason)
    return service
