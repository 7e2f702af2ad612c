"""The works' period after the permit: an extension asked for with its reason, and the
suspension that follows a rectification not corrected. Suspended days do not count: when the
works resume, the planned end moves by them. Passes that ran to the old end run to the new
one (they expire with the permit)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.permissions import check_actor

from .. import permissions
from ..models import PeriodChange, Rectification, Renovation, WorkerPass
from .application import MAX_DAYS, _error, _reason, check_status, locked


def _move_end(renovation: Renovation, new_end: datetime.date, actor) -> None:
    """The planned end moves; the active passes that ended with it follow."""
    passes = WorkerPass.objects.select_for_update().filter(
        renovation=renovation,
        status=WorkerPass.Status.ACTIVE,
        valid_until=renovation.planned_end,
    )
    for worker_pass in passes:
        worker_pass.valid_until = new_end
        stamp(worker_pass, actor)
        worker_pass.save(update_fields=["valid_until"])
    renovation.planned_end = new_end


@transaction.atomic
def renovation_extend(
    *, actor, renovation: Renovation, new_end: datetime.date, reason: str
) -> PeriodChange:
    """The applicant asks for more time: a later planned end, with the reason."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not extend renovations."),
    )
    reason = _reason(reason, _("Say why the works need more time."))
    renovation = locked(renovation)
    check_status(
        renovation,
        Renovation.Status.APPROVED,
        Renovation.Status.WORKING,
        Renovation.Status.SUSPENDED,
    )
    old_end = renovation.planned_end
    if new_end is None or new_end <= old_end:
        raise _error(
            _("The new end must be after the planned end, %(end)s.") % {"end": old_end.isoformat()},
            "not_later",
            "new_end",
        )
    if new_end < timezone.localdate():
        raise _error(_("The new end cannot be in the past."), "not_later", "new_end")
    if (new_end - renovation.planned_start).days > 2 * MAX_DAYS:
        raise _error(
            _("The works cannot run for more than two years: apply again instead."),
            "too_long",
            "new_end",
        )
    change = PeriodChange(
        renovation=renovation,
        kind=PeriodChange.Kind.EXTENSION,
        reason=reason,
        started_on=timezone.localdate(),
        ended_on=timezone.localdate(),
        end_before=old_end,
        end_after=new_end,
        recorded_by=actor,
    )
    stamp(change, actor)
    change.save()
    _move_end(renovation, new_end, actor)
    stamp(renovation, actor)
    renovation.save(update_fields=["planned_end"])
    return change


def suspend(renovation: Renovation, notice: Rectification, *, actor) -> PeriodChange:
    """A violation not corrected at its re-check stops the works (called by the re-check, in
    its transaction, with the renovation locked): passes stop letting workers in."""
    today = timezone.localdate()
    change = PeriodChange(
        renovation=renovation,
        kind=PeriodChange.Kind.SUSPENSION,
        reason=_("Rectification notice %(number)s not corrected: %(note)s")
        % {"number": notice.number, "note": notice.recheck_note},
        started_on=today,
        end_before=renovation.planned_end,
        recorded_by=actor,
    )
    stamp(change, actor)
    change.save()
    renovation.status = Renovation.Status.SUSPENDED
    renovation.suspended_on = today
    stamp(renovation, actor)
    renovation.save(update_fields=["status", "suspended_on"])
    return change


@transaction.atomic
def renovation_resume(*, actor, renovation: Renovation, note: str) -> PeriodChange:
    """The violation is put right: the works resume and the planned end moves by the days
    they stood still."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.REVIEW_ROLES,
        message=_("Only engineering or a CS supervisor lets suspended works resume."),
    )
    note = _reason(note, _("Say what was corrected."))
    renovation = locked(renovation)
    check_status(renovation, Renovation.Status.SUSPENDED)
    change = (
        PeriodChange.objects.select_for_update()
        .filter(renovation=renovation, kind=PeriodChange.Kind.SUSPENSION, ended_on=None)
        .latest("recorded_at", "id")
    )
    today = timezone.localdate()
    days = (today - change.started_on).days
    new_end = renovation.planned_end + datetime.timedelta(days=days)
    change.ended_on = today
    change.end_after = new_end
    change.resumed_by = actor
    change.resume_note = note
    stamp(change, actor)
    change.save()
    _move_end(renovation, new_end, actor)
    renovation.status = Renovation.Status.WORKING
    renovation.suspended_on = None
    stamp(renovation, actor)
    renovation.save(update_fields=["status", "suspended_on", "planned_end"])
    return change
