"""The return visit of a complaint, behind one function.

The visit's outcome is kept on the complaint (its result, when, a step of the log) by
``record_return_visit``. Who makes the visit is pluggable: on its own, this app offers the
visit as a step of the complaint's page; the return-visit engine (``revisits``), when
installed, hears ``complaints.signals.complaint_resolved``, plans the visit with its deadline
and attempts, calls ``record_return_visit`` with the owner's verdict, and plugs itself in with
``engine_plug`` so the complaint's page links to its visit instead. The dependency points one
way: revisits knows complaints, never the reverse.
"""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.permissions import check_actor

from . import permissions
from .choices import VISIT_DONE_RESULTS, Status, Step, Verdict, VisitResult
from .errors import ComplaintError
from .models import Complaint
from .services.base import locked, log, refuse_bad_choice, save, text

_engine_visit_url: Callable[[Complaint], str] | None = None


def engine_plug(visit_url: Callable[[Complaint], str]) -> None:
    """The return-visit engine takes the visit over: ``visit_url(complaint)`` is where it is
    made."""
    global _engine_visit_url
    _engine_visit_url = visit_url


def engine_visit_url(complaint: Complaint) -> str | None:
    """Where the complaint's return visit is made, when an engine makes it; else None (the
    complaint's page records it)."""
    return None if _engine_visit_url is None else _engine_visit_url(complaint)


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
    is reopened (handled again, counted) and the supervisor is told. Not reached: the
    engine's supervisor signed off three failed tries, with the reason in ``notes``."""
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
    if complaint.status != Status.HANDLED or complaint.visit_result in VISIT_DONE_RESULTS:
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
    if result == VisitResult.NOT_REACHED and not notes:
        raise ComplaintError(
            _("Give the reason for signing off an unreached complainant."),
            code="no_notes",
            field="notes",
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
