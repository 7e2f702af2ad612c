"""Closing a complaint: every step of its procedure done, the return visit satisfied."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.permissions import check_actor

from .. import permissions
from ..checklist import checklist
from ..choices import Status, Step
from ..errors import ComplaintError
from ..models import Complaint, ComplaintStep
from .base import check_open, locked, log, save, text


@transaction.atomic
def complaint_close(*, actor, complaint: Complaint, notes: str = "") -> Complaint:
    check_actor(
        actor,
        estate_id=complaint.estate_id,
        roles=permissions.CLOSE_ROLES,
        message=_("Your role may not close complaints."),
    )
    complaint = locked(complaint)
    check_open(complaint)
    items = checklist(complaint, list(ComplaintStep.objects.filter(complaint=complaint)))
    missing = [str(item.label) for item in items if not item.is_done]
    if complaint.verdict not in ("effective", "communication") or missing:
        raise ComplaintError(
            _("The complaint cannot be closed yet; still to do: %(steps)s.")
            % {"steps": "、".join(missing) or _("judge its nature")},
            code="steps_missing",
        )
    now = timezone.now()
    complaint.status = Status.CLOSED
    complaint.closed_at = now
    save(complaint, actor, ["status", "closed_at"])
    log(complaint, Step.CLOSED, actor=actor, notes=text(notes, "notes"), at=now)
    return complaint
