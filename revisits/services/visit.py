"""Making the visit: each attempt logged with a retry, the visit recorded with the owner's
scores and words, a problem or a dissatisfied owner sent back to maintenance as a
rectification order; a supervisor's sign-off after three failed attempts, and exemptions."""

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import revisit as complaint_visit
from complaints.choices import VisitResult
from frontdesk.errors import DeskError
from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from frontdesk.text import clean_text
from workorders import services as order_services
from workorders.choices import Category, Kind
from workorders.choices import Source as OrderSource

from .. import permissions, selectors, sources
from ..choices import FAILED_RESULTS, OPEN_STATUSES, AttemptResult, Channel, Result, Status
from ..errors import RevisitError
from ..models import SCORE_FIELDS, Attempt, Revisit

FAILED_ATTEMPTS_TO_CLOSE = 3
# A retry is planned within this; further ahead is a slip of the keyboard.
MAX_RETRY_AHEAD = datetime.timedelta(days=30)
DEFAULT_RETRY = datetime.timedelta(hours=4)


def _locked(revisit: Revisit) -> Revisit:
    return (
        Revisit.objects.select_for_update(of=("self",))
        .select_related("work_order", "complaint")
        .get(pk=revisit.pk)
    )


def _check_open(revisit: Revisit) -> None:
    if revisit.status not in OPEN_STATUSES:
        raise RevisitError(
            _("This return visit is already %(status)s.")
            % {"status": revisit.get_status_display()},
            code="closed",
        )


def _check_source_done(revisit: Revisit) -> None:
    order = revisit.work_order
    if order is not None and not sources.order_is_completed(order):
        raise RevisitError(
            _("The work order %(number)s is not completed: visit the owner once it is.")
            % {"number": order.number},
            code="source_not_completed",
        )
    complaint = revisit.complaint
    if complaint is not None and not sources.complaint_awaits_visit(complaint):
        raise RevisitError(
            _("The complaint %(number)s is not waiting for its return visit (%(status)s).")
            % {"number": complaint.number, "status": complaint.get_status_display()},
            code="source_not_completed",
        )


def clean_input(value: Any, field: str, *, max_length: int | None = None) -> str:
    try:
        return clean_text(value or "", multiline=True, max_length=max_length) or ""
    except ValidationError as error:
        raise RevisitError(error.messages[0], code=error.code or "bad_text", field=field) from None


def check_choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise RevisitError(
            _("Choose a valid %(field)s.") % {"field": field}, code=f"bad_{field}", field=field
        )
    return value


def _failed_attempts(revisit: Revisit) -> int:
    return selectors.failed_attempt_count(list(revisit.attempts.all()))


@transaction.atomic
def attempt_record(
    *,
    actor,
    revisit: Revisit,
    channel: str,
    result: str,
    next_try_at: datetime.datetime | None = None,
    note: str = "",
    form_key: uuid.UUID | str | None = None,
) -> Attempt:
    """A try that did not reach the owner (no answer, refused, wrong number), with the next
    try scheduled (in four hours unless given). Reaching the owner is recorded with the
    visit (``revisit_record``). A form posted twice logs one attempt."""
    check_actor(actor, estate_id=revisit.estate_id, roles=permissions.VISIT_ROLES)
    key = form_key_of(
        form_key, error=RevisitError, message=_("This form is damaged: open it again.")
    )
    if key is not None:
        first = Attempt.objects.filter(form_key=key).first()
        if first is not None:
            return first
    revisit = _locked(revisit)
    _check_open(revisit)
    _check_source_done(revisit)
    check_choice(channel, Channel, "channel")
    check_choice(result, AttemptResult, "result")
    if result not in FAILED_RESULTS:
        raise RevisitError(
            _("The owner was reached: record the visit itself."), code="reached", field="result"
        )
    if channel == Channel.HOME and result == AttemptResult.WRONG_NUMBER:
        raise RevisitError(
            _("A wrong number is a phone call's result: at home, say nobody answered."),
            code="wrong_channel",
            field="result",
        )
    now = timezone.now()
    if next_try_at is None:
        next_try_at = now + DEFAULT_RETRY
    if next_try_at <= now or next_try_at > now + MAX_RETRY_AHEAD:
        raise RevisitError(
            _("Plan the next try after now and within 30 days."),
            code="bad_next_try",
            field="next_try_at",
        )
    attempt = Attempt(
        revisit=revisit,
        channel=channel,
        at=now,
        result=result,
        next_try_at=next_try_at,
        note=clean_input(note, "note", max_length=200),
        by=actor,
        form_key=key,
    )
    stamp(attempt, actor)
    attempt.save()
    return attempt


def _scores(scores: dict[str, Any]) -> dict[str, int]:
    parsed = {}
    for name in SCORE_FIELDS:
        value: Any = scores.get(name)
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 5:
            raise RevisitError(_("Give each score from 1 to 5."), code="bad_score", field=name)
        parsed[name] = number
    return parsed


def _rectify(revisit: Revisit, *, actor, problem: str) -> Any:
    """The rectification order to maintenance: the source's category, unit and department
    (a planned visit's problem: the unit's, for the desk to dispatch)."""
    order = revisit.work_order
    if order is None:
        values: dict[str, Any] = {
            "category": Category.OTHER,
            "unit": revisit.unit,
            "location": "",
            "department": None,
            "source_object": revisit.unit,
        }
    else:
        values = {
            "category": order.category,
            "unit": order.unit,
            "location": order.location if order.unit_id is None else "",
            "reporter_name": order.reporter_name,
            "reporter_phone": order.reporter_phone,
            "department": order.department,
            "source_object": order,
        }
    try:
        return order_services.order_create(
            actor=actor,
            estate=revisit.estate,
            kind=Kind.REPAIR,
            description=problem,
            source=OrderSource.REVISIT,
            **values,
        )
    except DeskError as error:  # the work-order app's refusal, on this form
        raise RevisitError(error.message, code=error.code, field="problem_found") from None


@transaction.atomic
def revisit_record(
    *,
    actor,
    revisit: Revisit,
    channel: str,
    result: str,
    scores: dict[str, Any],
    owner_words: str = "",
    manner: tuple[str, ...] | list[str] = (),
    problem_found: str = "",
    no_rectification_reason: str = "",
) -> Revisit:
    """The owner was reached: scores 1–5, their words, the manner checklist. A dissatisfied
    owner or a problem found opens a rectification order to maintenance, linked; only a CS
    supervisor may close such a visit without one, with a reason. Posted twice: the second
    finds the visit done and changes nothing."""
    check_actor(actor, estate_id=revisit.estate_id, roles=permissions.VISIT_ROLES)
    revisit = _locked(revisit)
    _check_open(revisit)
    _check_source_done(revisit)
    check_choice(channel, Channel, "channel")
    if result not in (Result.SATISFIED, Result.BASICALLY_SATISFIED, Result.DISSATISFIED):
        raise RevisitError(_("Choose the owner's verdict."), code="bad_result", field="result")
    parsed = _scores(scores)
    owner_words = clean_input(owner_words, "owner_words", max_length=2000)
    problem_found = clean_input(problem_found, "problem_found", max_length=2000)
    reason = clean_input(no_rectification_reason, "no_rectification_reason", max_length=500)
    unknown = set(manner) - {"warm", "explained", "thanked"}
    if unknown:
        raise RevisitError(_("Tick only the checklist's items."), code="bad_manner")
    # A dissatisfied complainant reopens the complaint: that is its rectification.
    reopens_complaint = revisit.complaint_id is not None and result == Result.DISSATISFIED
    needs_rectification = not reopens_complaint and (
        result == Result.DISSATISFIED or bool(problem_found)
    )
    now = timezone.now()
    fields = [
        "channel",
        "result",
        "owner_words",
        "problem_found",
        "visited_at",
        "visited_by",
        "status",
        "manner_warm",
        "manner_explained",
        "manner_thanked",
        *SCORE_FIELDS,
    ]
    if needs_rectification and reason:
        check_actor(
            actor,
            estate_id=revisit.estate_id,
            roles=permissions.SUPERVISOR_ROLES,
            message=_(
                "Only a customer-service supervisor may close a visit with a dissatisfied "
                "owner or a problem without a rectification order."
            ),
        )
        revisit.signed_off_by = actor
        revisit.sign_off_reason = reason
        fields += ["signed_off_by", "sign_off_reason"]
    elif needs_rectification:
        problem = problem_found or owner_words
        if not problem:
            raise RevisitError(
                _("Say what the owner is dissatisfied with: it goes to maintenance."),
                code="no_problem",
                field="problem_found",
            )
        revisit.rectification_order = _rectify(revisit, actor=actor, problem=problem)
        fields.append("rectification_order")
    if revisit.complaint is not None:
        complaint_visit.record_return_visit(
            actor=actor,
            complaint=revisit.complaint,
            result=VisitResult.DISSATISFIED if reopens_complaint else VisitResult.SATISFIED,
            notes=problem_found or owner_words,
            visited_at=now,
        )
    revisit.channel = channel
    revisit.result = result
    for name, value in parsed.items():
        setattr(revisit, name, value)
    revisit.owner_words = owner_words
    revisit.problem_found = problem_found
    revisit.manner_warm = "warm" in manner
    revisit.manner_explained = "explained" in manner
    revisit.manner_thanked = "thanked" in manner
    revisit.visited_at = now
    revisit.visited_by = actor
    revisit.status = Status.DONE
    attempt = Attempt(
        revisit=revisit, channel=channel, at=now, result=AttemptResult.REACHED, by=actor
    )
    stamp(attempt, actor)
    attempt.save()
    stamp(revisit, actor)
    revisit.save(update_fields=fields)
    return revisit


@transaction.atomic
def revisit_close_unreached(*, actor, revisit: Revisit, reason: str) -> Revisit:
    """After three failed attempts a CS supervisor closes the revisit, with a reason."""
    check_actor(
        actor,
        estate_id=revisit.estate_id,
        roles=permissions.SUPERVISOR_ROLES,
        message=_("Only a customer-service supervisor may sign off an unreached owner."),
    )
    revisit = _locked(revisit)
    _check_open(revisit)
    _check_source_done(revisit)
    failed = _failed_attempts(revisit)
    if failed < FAILED_ATTEMPTS_TO_CLOSE:
        raise RevisitError(
            _(
                "Only %(failed)s of %(needed)s tries, an hour or more apart, have failed: "
                "try again first."
            )
            % {"failed": failed, "needed": FAILED_ATTEMPTS_TO_CLOSE},
            code="too_few_attempts",
        )
    reason = clean_input(reason, "reason", max_length=500)
    if not reason:
        raise RevisitError(_("Give the reason."), code="no_reason", field="reason")
    if revisit.complaint is not None:
        complaint_visit.record_return_visit(
            actor=actor, complaint=revisit.complaint, result=VisitResult.NOT_REACHED, notes=reason
        )
    revisit.status = Status.DONE
    revisit.result = Result.NOT_REACHED
    revisit.signed_off_by = actor
    revisit.sign_off_reason = reason
    revisit.visited_at = timezone.now()
    stamp(revisit, actor)
    revisit.save(
        update_fields=["status", "result", "signed_off_by", "sign_off_reason", "visited_at"]
    )
    return revisit


@transaction.atomic
def revisit_exempt(*, actor, revisit: Revisit, reason: str) -> Revisit:
    """No skip: only a CS supervisor exempts a revisit, with a reason."""
    check_actor(
        actor,
        estate_id=revisit.estate_id,
        roles=permissions.SUPERVISOR_ROLES,
        message=_("Only a customer-service supervisor may exempt a return visit."),
    )
    revisit = _locked(revisit)
    _check_open(revisit)
    if revisit.complaint_id is not None:
        raise RevisitError(
            _(
                "A complaint is always revisited: when the complainant cannot be reached, log "
                "three attempts and sign it off."
            ),
            code="complaint_not_exempt",
        )
    reason = clean_input(reason, "reason", max_length=500)
    if not reason:
        raise RevisitError(_("An exemption needs its reason."), code="no_reason", field="reason")
    revisit.status = Status.EXEMPTED
    revisit.exempted_by = actor
    revisit.exempt_reason = reason
    revisit.exempted_at = timezone.now()
    stamp(revisit, actor)
    revisit.save(update_fields=["status", "exempted_by", "exempt_reason", "exempted_at"])
    return revisit
