"""The two procedures' handling steps, in order, each with who and when:

- effective: the department's head taken to the site, then the head's handling;
- communication: identity confirmed, the payment status checked (a snapshot of the unit's
  arrears), the departments notified or a reply given.

A help-seeking complaint opens a work order in one click and waits for it. The last handling
step leaves the complaint awaiting its return visit and, after commit, sends
``complaint_resolved``."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees import selectors as fee_selectors
from frontdesk.errors import DeskError
from frontdesk.models import Department
from frontdesk.permissions import check_actor
from frontdesk.services import notification_send
from reception.conversions import guess_category
from workorders import selectors as workorder_selectors
from workorders import services as workorder_services
from workorders.choices import ACTIVE_STATUSES

from .. import permissions, signals
from ..checklist import checklist, next_step
from ..choices import Cause, Status, Step, Verdict
from ..errors import ComplaintError
from ..models import Complaint, ComplaintStep
from .base import (
    check_department_head,
    check_open,
    locked,
    log,
    person,
    save,
    save_files,
    text,
    validate_files,
)


def _wrong_step(complaint: Complaint, step: str) -> ComplaintError:
    labels = dict(Step.choices)
    return ComplaintError(
        _("“%(step)s” is not the next step of this complaint.") % {"step": labels[step]},
        code="wrong_step",
    )


def _check_step(complaint: Complaint, step: str) -> None:
    """Handling waits for the verdict; a step belongs to the complaint's procedure and
    comes when the steps before it are done."""
    check_open(complaint)
    if complaint.verdict == Verdict.PENDING:
        raise ComplaintError(
            _("Judge the complaint's nature before handling it."), code="not_judged"
        )
    if complaint.verdict == Verdict.INVALID:
        raise ComplaintError(_("An invalid complaint is not handled."), code="invalid")
    if step == Step.SITE_VISIT and complaint.verdict != Verdict.EFFECTIVE:
        raise ComplaintError(
            _("A site visit belongs to the effective complaint's procedure."),
            code="not_effective",
        )
    if step == Step.PAYMENT and complaint.verdict != Verdict.COMMUNICATION:
        raise ComplaintError(
            _("The payment check belongs to the communication complaint's procedure."),
            code="not_communication",
        )
    items = checklist(complaint, list(ComplaintStep.objects.filter(complaint=complaint)))
    if step not in {item.step for item in items}:
        raise _wrong_step(complaint, step)
    if next_step(items) != step:
        raise _wrong_step(complaint, step)


def _resolved(complaint: Complaint, actor, now: datetime.datetime) -> None:
    complaint.status = Status.HANDLED
    complaint.handled_at = now
    save(complaint, actor, ["status", "handled_at"])
    complaint_id = complaint.pk
    transaction.on_commit(
        lambda: signals.complaint_resolved.send(sender=Complaint, complaint_id=complaint_id)
    )


def _check_at(value: datetime.datetime | None, field: str) -> datetime.datetime:
    now = timezone.now()
    if value is None:
        return now
    if value > now + datetime.timedelta(minutes=5):
        raise ComplaintError(_("This time cannot be in the future."), code="future", field=field)
    return value


# --- the effective procedure ----------------------------------------------------------------


@transaction.atomic
def complaint_site_visit(
    *,
    actor,
    complaint: Complaint,
    arrived_at: datetime.datetime | None,
    attendees: str,
    findings: str,
    files=(),
) -> Complaint:
    """The responsible department's head taken to the site: arrival, who went, findings."""
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.DEPARTMENT_STEP_ROLES,
        message=_("Your role may not record the site visit."),
    )
    complaint = locked(complaint)
    check_department_head(actor, complaint, permissions.DEPARTMENT_STEP_ROLES)
    _check_step(complaint, Step.SITE_VISIT)
    arrived_at = _check_at(arrived_at, "arrived_at")
    attendees = text(attendees, "attendees", required=True, multiline=False)
    findings = text(findings, "findings", required=True)
    files = validate_files(files)
    row = log(
        complaint,
        Step.SITE_VISIT,
        actor=actor,
        notes=findings,
        data={"arrived_at": arrived_at.isoformat(), "attendees": attendees},
    )
    save_files(complaint, files, actor, step=row)
    return complaint


@transaction.atomic
def complaint_handle(*, actor, complaint: Complaint, actions: str, result: str) -> Complaint:
    """The department's head handles the problem: what was done, with what result."""
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.DEPARTMENT_STEP_ROLES,
        message=_("Your role may not record the handling."),
    )
    complaint = locked(complaint)
    check_department_head(actor, complaint, permissions.DEPARTMENT_STEP_ROLES)
    _check_step(complaint, Step.HANDLE)
    actions = text(actions, "actions", required=True)
    result = text(result, "result", required=True)
    now = timezone.now()
    log(complaint, Step.HANDLE, actor=actor, notes=actions, data={"result": result}, at=now)
    _resolved(complaint, actor, now)
    return complaint


# --- the communication procedure ------------------------------------------------------------


@transaction.atomic
def complaint_confirm_identity(*, actor, complaint: Complaint, notes: str = "") -> Complaint:
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.DESK_STEP_ROLES,
        message=_("Your role may not take this step."),
    )
    complaint = locked(complaint)
    _check_step(complaint, Step.IDENTITY)
    log(complaint, Step.IDENTITY, actor=actor, notes=text(notes, "notes"))
    return complaint


def arrears_snapshot(unit) -> dict:
    """What the unit owed when checked, as JSON (amounts as 2-place strings)."""
    if unit is None:
        return {"unit": "", "amount": None, "by_fee_type": [], "oldest_due": None}
    arrears = fee_selectors.arrears_for_unit(unit)
    amount = Decimal(arrears.amount).quantize(Decimal("0.01"))
    return {
        "unit": unit.code,
        "amount": str(amount),
        "by_fee_type": [
            [name, str(Decimal(total).quantize(Decimal("0.01")))]
            for name, total in arrears.by_fee_type
        ],
        "oldest_due": arrears.oldest_due.isoformat() if arrears.oldest_due else None,
        "checked_on": timezone.localdate().isoformat(),
    }


@transaction.atomic
def complaint_check_payment(*, actor, complaint: Complaint, notes: str = "") -> Complaint:
    """Check the complainant's payment status; the arrears are kept as they were then."""
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.DESK_STEP_ROLES,
        message=_("Your role may not take this step."),
    )
    complaint = locked(complaint)
    _check_step(complaint, Step.PAYMENT)
    snapshot = arrears_snapshot(complaint.unit)
    complaint.arrears_snapshot = snapshot
    save(complaint, actor, ["arrears_snapshot"])
    log(complaint, Step.PAYMENT, actor=actor, notes=text(notes, "notes"), data=snapshot)
    return complaint


def _order_done(complaint: Complaint) -> bool:
    if complaint.work_order_id is None:
        return True
    order = workorder_selectors.orders_by_id([complaint.work_order_id]).get(complaint.work_order_id)
    return order is None or order.status not in ACTIVE_STATUSES


@transaction.atomic
def complaint_notify(
    *, actor, complaint: Complaint, departments=(), reply: str = "", notes: str = ""
) -> Complaint:
    """Notify the departments concerned (in the app and by email) or give the complainant a
    reply; a help-seeking complaint waits here for its work order."""
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.DESK_STEP_ROLES,
        message=_("Your role may not take this step."),
    )
    complaint = locked(complaint)
    _check_step(complaint, Step.NOTIFY)
    departments = list(departments)
    for department in departments:
        if department.estate_id != complaint.estate_id:
            raise ComplaintError(
                _("The department belongs to another estate."),
                code="other_estate",
                field="departments",
            )
    reply = text(reply, "reply")
    if not departments and not reply:
        raise ComplaintError(
            _("Notify at least one department or write the reply given."),
            code="no_notice",
            field="departments",
        )
    if not _order_done(complaint):
        raise ComplaintError(
            _("The complaint waits for its work order to be completed."),
            code="waiting_order",
        )
    for department in departments:
        notification_send(
            users=_members(department),
            title=_("Complaint %(number)s: %(cause)s, %(where)s")
            % {
                "number": complaint.number,
                "cause": complaint.get_cause_display(),
                "where": complaint.where,
            },
            body=complaint.description,
            url=complaint.get_absolute_url(),
        )
    now = timezone.now()
    log(
        complaint,
        Step.NOTIFY,
        actor=actor,
        notes=text(notes, "notes"),
        data={
            "departments": [str(d) for d in departments],
            "department_ids": [d.pk for d in departments],
            "reply": reply,
        },
        at=now,
    )
    _resolved(complaint, actor, now)
    return complaint


def _members(department: Department) -> list:
    return workorder_services.department_members(department)


# --- help-seeking: a work order -------------------------------------------------------------


@transaction.atomic
def complaint_open_work_order(*, actor, complaint: Complaint, priority: str = "normal"):
    """A help-seeking complaint (e.g. a warranty repair) opens a work order in one click;
    the complaint keeps the link and waits for the order."""
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.DESK_STEP_ROLES,
        message=_("Your role may not open a work order from a complaint."),
    )
    complaint = locked(complaint)
    check_open(complaint)
    if complaint.verdict != Verdict.COMMUNICATION or complaint.cause != Cause.HELP:
        raise ComplaintError(
            _("Only a help-seeking complaint opens a work order."), code="not_help"
        )
    if complaint.work_order_id is not None:
        raise ComplaintError(_("This complaint already has a work order."), code="has_order")
    if complaint.status == Status.HANDLED:
        raise ComplaintError(_("This complaint was already handled."), code="wrong_step")
    try:
        order = workorder_services.order_create(
            actor=actor,
            estate=complaint.estate,
            kind="repair",
            category=guess_category(complaint.description),
            description=complaint.description,
            unit=complaint.unit,
            location=complaint.place or (complaint.unit.code if complaint.unit else "-"),
            reporter_name=complaint.complainant_name,
            reporter_phone=complaint.contact_phone,
            department=complaint.department,
            priority=priority,
            source="complaint",
        )
    except DeskError as error:
        raise ComplaintError(error.message, code=f"workorder_{error.code}") from error
    complaint.work_order = order
    complaint.status = Status.WAITING_ORDER
    save(complaint, actor, ["work_order", "status"])
    log(
        complaint,
        Step.WORK_ORDER,
        actor=actor,
        notes=order.number,
        data={"work_order": order.pk, "number": order.number, "by": person(actor)},
    )
    return order


@transaction.atomic
def complaints_order_completed(*, order_id: int) -> int:
    """The work order a complaint waits for is completed: the complaint goes on (no actor:
    the work order's step was checked). Returns how many complaints moved."""
    moved = 0
    waiting = Complaint.objects.select_for_update().filter(
        work_order_id=order_id, status=Status.WAITING_ORDER
    )
    for complaint in waiting:
        complaint.status = Status.HANDLING
        save(complaint, None, ["status"])
        moved += 1
    return moved
