"""The return visit of a complaint, behind one function.

Until the revisits app takes it over, the visit is kept on the complaint: its result, when,
and a step of the log. The revisits app will replace ``record_return_visit`` (it listens to
``complaints.signals.complaint_resolved`` to plan the visit and calls back into
``complaints.services``), so the two apps never import each other in a cycle.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.permissions import check_actor

from . import permissions
from .choices import Status, Step, Verdict, VisitResult
from .errors import ComplaintError
from .models import Complaint
from .services.base import locked, log, refuse_bad_choice, save, text


@transaction.atomic
def record_return_visit(
    *,
    actor,
    complaint: Complaint,
    result: str,
    notes: str = "",
    visited_at: datetime.datetime | None = None,
) -> Complaint:
    """The return visit's result. Satisfied: the complaint may be closed. Dissatisfied: it
    is reopened (handled again, counted) and the supervisor is told."""
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.VISIT_ROLES,
        message=_("Your role may not record return visits."),
    )
    refuse_bad_choice(result, VisitResult, "result")
    complaint = locked(complaint)
    if complaint.verdict not in (Verdict.EFFECTIVE, Verdict.COMMUNICATION):
        raise ComplaintError(_("Judge the complaint's nature first."), code="not_judged")
    if complaint.status != Status.HANDLED or complaint.visit_result == VisitResult.SATISFIED:
        raise ComplaintError(
            _("The return visit comes after the complaint is handled."), code="wrong_step"
        )
    now = timezone.now()
    visited_at = visited_at or now
    if visited_at > now + datetime.timedelta(minutes=5):
        raise ComplaintError(
            _("This time cannot be in the future."), code="future", field="visited_at"
        )
    notes = text(notes, "notes")
    if result == VisitResult.DISSATISFIED and not notes:
        raise ComplaintError(
            _("Say what the complainant is dissatisfied with."), code="no_notes", field="notes"
        )
    log(complaint, Step.RETURN_VISIT, actor=actor, notes=notes, data={"result": result})
    complaint.visit_result = result
    complaint.visit_at = visited_at
    fields = ["visit_result", "visit_at"]
    if result == VisitResult.DISSATISFIED:
        complaint.reopen_count += 1
        complaint.status = Status.HANDLING
        complaint.handled_at = None
        fields += ["reopen_count", "status", "handled_at"]
        save(complaint, actor, fields)
        log(complaint, Step.REOPENED, actor=actor, notes=notes)
    else:
        save(complaint, actor, fields)
    return complaint
