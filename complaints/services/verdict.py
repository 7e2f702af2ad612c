"""The verdict before any handling: effective (with its cause and department), communication
or invalid; a later change is recorded with its reason; a communication complaint judged
mishandled becomes an effective one (the seed's rule)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.permissions import check_actor

from .. import permissions
from ..choices import CAUSES_OF, Cause, Status, Step, Verdict
from ..errors import ComplaintError
from ..models import Complaint, VerdictChange
from .base import (
    check_handler,
    check_open,
    default_department,
    locked,
    log,
    reason_given,
    refuse_bad_choice,
    same_estate,
    save,
    text,
)

VERDICT_FIELDS = [
    "verdict",
    "cause",
    "invalid_reason",
    "judged_by",
    "judged_at",
    "department",
    "handler",
    "status",
    "responded_at",
    "resolve_due",
    "closed_at",
]


def _check_cause(verdict: str, cause: str) -> str:
    refuse_bad_choice(verdict, Verdict, "verdict")
    if verdict == Verdict.PENDING:
        raise ComplaintError(_("Choose a verdict."), code="bad_verdict", field="verdict")
    if verdict == Verdict.INVALID:
        return ""
    if cause not in CAUSES_OF[verdict]:
        raise ComplaintError(
            _("Choose a cause that fits the verdict."), code="bad_cause", field="cause"
        )
    return cause


def _route(complaint: Complaint, cause: str, department, handler) -> None:
    same_estate(
        department,
        complaint.estate_id,
        _("The department belongs to another estate."),
        "department",
    )
    check_handler(handler, complaint.estate_id)
    if department is None:
        department = default_department(estate_id=complaint.estate_id, cause=cause)
    complaint.department = department
    complaint.handler = handler


@transaction.atomic
def complaint_judge(
    *,
    actor,
    complaint: Complaint,
    verdict: str,
    cause: str = "",
    department=None,
    handler=None,
    invalid_reason: str = "",
    resolve_due: datetime.datetime | None = None,
) -> Complaint:
    """Judge the complaint's nature (and, effective, its responsible department): the step
    every handling waits for. Invalid needs a reason and closes it."""
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.JUDGE_ROLES,
        message=_("Your role may not judge complaints."),
    )
    complaint = locked(complaint)
    check_open(complaint)
    if complaint.verdict != Verdict.PENDING:
        raise ComplaintError(
            _("This complaint was already judged; change the verdict with a reason instead."),
            code="already_judged",
        )
    cause = _check_cause(verdict, cause)
    now = timezone.now()
    if resolve_due is not None:
        if resolve_due <= now:
            raise ComplaintError(
                _("The deadline cannot be in the past."), code="past_deadline", field="resolve_due"
            )
        complaint.resolve_due = resolve_due
    complaint.verdict = verdict
    complaint.cause = cause
    complaint.judged_by = actor
    complaint.judged_at = now
    complaint.responded_at = complaint.responded_at or now
    if verdict == Verdict.INVALID:
        complaint.invalid_reason = reason_given(invalid_reason)
        complaint.status = Status.INVALID
        complaint.closed_at = now
    else:
        _route(complaint, cause, department, handler)
        complaint.status = Status.HANDLING
    save(complaint, actor, VERDICT_FIELDS)
    log(
        complaint,
        Step.NATURE,
        actor=actor,
        notes=complaint.invalid_reason,
        data={"verdict": verdict, "cause": cause},
        at=now,
    )
    if verdict == Verdict.EFFECTIVE:
        log(
            complaint,
            Step.DEPARTMENT,
            actor=actor,
            notes=str(complaint.department or ""),
            data={"department": complaint.department_id},
            at=now,
        )
    return complaint


def apply_verdict_change(
    complaint: Complaint, *, actor, verdict: str, cause: str, reason: str
) -> VerdictChange:
    """Change a locked, judged complaint's verdict and record why (no role check: the
    callers check theirs)."""
    change = VerdictChange.objects.create(
        complaint=complaint,
        from_verdict=complaint.verdict,
        from_cause=complaint.cause,
        to_verdict=verdict,
        to_cause=cause,
        reason=reason,
        actor=actor,
    )
    complaint.verdict = verdict
    complaint.cause = cause
    now = timezone.now()
    if verdict == Verdict.INVALID:
        complaint.invalid_reason = reason
        if complaint.status != Status.CLOSED:
            complaint.status = Status.INVALID
            complaint.closed_at = now
    else:
        complaint.invalid_reason = ""
        if complaint.status == Status.INVALID:
            complaint.status = Status.HANDLING
            complaint.closed_at = None
        elif complaint.status == Status.HANDLED and change.from_verdict != verdict:
            # The other procedure's handling steps are still to do.
            complaint.status = Status.HANDLING
            complaint.handled_at = None
        if complaint.department_id is None:
            complaint.department = default_department(estate_id=complaint.estate_id, cause=cause)
    save(complaint, actor, [*VERDICT_FIELDS, "handled_at"])
    log(
        complaint,
        Step.VERDICT_CHANGED,
        actor=actor,
        notes=reason,
        data={"from": change.from_verdict, "to": verdict, "cause": cause},
    )
    if verdict == Verdict.EFFECTIVE and change.from_verdict != Verdict.EFFECTIVE:
        log(
            complaint,
            Step.DEPARTMENT,
            actor=actor,
            notes=str(complaint.department or ""),
            data={"department": complaint.department_id},
        )
    return change


@transaction.atomic
def complaint_change_verdict(
    *, actor, complaint: Complaint, verdict: str, cause: str = "", reason: str
) -> Complaint:
    """The supervisor corrects a verdict; the reason is kept with the change."""
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.CHANGE_VERDICT_ROLES,
        message=_("Only the customer-service supervisor may change a verdict."),
    )
    reason = reason_given(reason)
    complaint = locked(complaint)
    if complaint.verdict == Verdict.PENDING:
        raise ComplaintError(_("Judge the complaint first."), code="not_judged")
    cause = _check_cause(verdict, cause)
    if verdict == complaint.verdict and cause == complaint.cause:
        raise ComplaintError(
            _("That is the verdict it has already."), code="same_verdict", field="verdict"
        )
    apply_verdict_change(complaint, actor=actor, verdict=verdict, cause=cause, reason=reason)
    return complaint


@transaction.atomic
def complaint_mark_mishandled(*, actor, complaint: Complaint, reason: str) -> Complaint:
    """The supervisor judges a communication complaint mishandled: it becomes an effective
    complaint (a violation in management services), with the reason."""
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.MISHANDLED_ROLES,
        message=_("Only the customer-service supervisor may judge a complaint mishandled."),
    )
    reason = reason_given(reason)
    complaint = locked(complaint)
    check_open(complaint)
    if complaint.verdict != Verdict.COMMUNICATION:
        raise ComplaintError(
            _("Only a communication complaint can be judged mishandled."),
            code="not_communication",
        )
    apply_verdict_change(
        complaint,
        actor=actor,
        verdict=Verdict.EFFECTIVE,
        cause=Cause.SERVICE,
        reason=_("Mishandled: %(reason)s") % {"reason": reason},
    )
    return complaint


@transaction.atomic
def complaint_assign(*, actor, complaint: Complaint, department, handler=None, note: str = ""):
    """Send the complaint to another department (or name its handler)."""
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.JUDGE_ROLES,
        message=_("Your role may not route complaints."),
    )
    complaint = locked(complaint)
    check_open(complaint)
    if complaint.verdict in (Verdict.PENDING, Verdict.INVALID):
        raise ComplaintError(_("Judge the complaint first."), code="not_judged")
    if department is None:
        raise ComplaintError(_("Choose the department."), code="no_department", field="department")
    same_estate(
        department,
        complaint.estate_id,
        _("The department belongs to another estate."),
        "department",
    )
    check_handler(handler, complaint.estate_id)
    complaint.department = department
    complaint.handler = handler
    save(complaint, actor, ["department", "handler"])
    log(
        complaint,
        Step.DEPARTMENT,
        actor=actor,
        notes=text(note, "note") or str(department),
        data={"department": department.pk},
    )
    return complaint
