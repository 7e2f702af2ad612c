"""Nonconformities followed to the end: handled on the spot by the team leader, or an internal
coordination sheet to the department (through ``workorders``); a follow-up check due the
department's days later closes it, or opens the next step and tells the supervisor."""

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk import roles
from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.once import FormUsed
from frontdesk.permissions import check_actor
from frontdesk.queueing import enqueue_on_commit
from frontdesk.services import notification_send
from workorders import selectors as workorder_selectors
from workorders import services as workorder_services
from workorders.choices import ACTIVE_STATUSES, Category, Kind, Source
from workorders.choices import Status as WorkOrderStatus

from .. import permissions
from ..errors import InspectionError
from ..models import DepartmentRule, FollowUp, Nonconformity, Photo
from .rounds import save_photos, validate_photos

Status = Nonconformity.Status
DEFAULT_FOLLOW_UP_DAYS = 3
# A coordination sheet in one of these the department has finished with.
SHEET_DONE_STATUSES = tuple(s for s in WorkOrderStatus.values if s not in ACTIVE_STATUSES)
# The coordination sheet's category for each department.
CATEGORIES = {
    "engineering": Category.PUBLIC_FACILITY,
    "cleaning": Category.CLEANING,
    "greening": Category.GREENING,
    "security": Category.SECURITY,
}


def _locked(nonconformity: Nonconformity) -> Nonconformity:
    return (
        Nonconformity.objects.select_for_update()
        .select_related("department", "place", "item", "result__round")
        .get(pk=nonconformity.pk)
    )


def _check(actor, nonconformity: Nonconformity, allowed, message: str) -> None:
    check_actor(actor, estate_id=nonconformity.estate_id, roles=allowed, message=message)


def _rule(department) -> DepartmentRule | None:
    return DepartmentRule.objects.filter(department=department).first()


def _schedule(nonconformity: Nonconformity, now, *, on_sheet: bool = False) -> FollowUp:
    """The step's follow-up check: the department's days after a handling on the spot; for a
    coordination sheet, not yet due — it becomes due when the department completes it."""
    due_on = None
    if not on_sheet:
        rule = _rule(nonconformity.department)
        days = rule.follow_up_days if rule else DEFAULT_FOLLOW_UP_DAYS
        due_on = timezone.localdate(now) + datetime.timedelta(days=days)
    return FollowUp.objects.create(
        nonconformity=nonconformity, step=nonconformity.step, due_on=due_on
    )


def sheet_done(nonconformity: Nonconformity) -> bool:
    """The department finished the coordination sheet (completed, or cancelled): what it did
    can be checked."""
    if nonconformity.work_order_id is None:
        return False
    done = workorder_selectors.orders_with_status(
        [nonconformity.work_order_id], SHEET_DONE_STATUSES
    )
    return bool(done)


def _refuse_same_post(nonconformity: Nonconformity, form_key) -> uuid.UUID | None:
    """The key of the posted form; the form of the last step posted again is that step,
    already taken: ``FormUsed`` with the nonconformity (the page shows it, no error)."""
    key = form_key_of(
        form_key, error=InspectionError, message=_("This form is damaged: open it again.")
    )
    if key is not None and nonconformity.form_key == key:
        raise FormUsed(_("Already recorded: the form was sent twice."), record=nonconformity)
    return key


def _check_open(nonconformity: Nonconformity) -> None:
    if nonconformity.status == Status.CLOSED:
        raise InspectionError(_("This nonconformity is closed."), code="wrong_step")
    if nonconformity.status != Status.OPEN:
        raise InspectionError(
            _("This step is already handled: record its follow-up check."), code="wrong_step"
        )


@transaction.atomic
def nonconformity_handle(
    *,
    actor,
    nonconformity: Nonconformity,
    team_leader: str,
    action: str,
    photos: Iterable[Any] = (),
    form_key: uuid.UUID | str | None = None,
) -> Nonconformity:
    """Handled on the spot by the department's team leader: who, what was done, a photo."""
    _check(
        actor,
        nonconformity,
        permissions.HANDLE_ROLES,
        _("Your role may not record the handling."),
    )
    nonconformity = _locked(nonconformity)
    key = _refuse_same_post(nonconformity, form_key)
    _check_open(nonconformity)
    team_leader = (team_leader or "").strip()
    action = (action or "").strip()
    if not team_leader:
        raise InspectionError(
            _("Name the team leader who handled it."), code="no_team_leader", field="team_leader"
        )
    if not action:
        raise InspectionError(_("Say what was done."), code="no_action", field="action")
    photos = validate_photos(photos)
    now = timezone.now()
    nonconformity.status = Status.HANDLED
    nonconformity.handled_by_name = team_leader
    nonconformity.handling = action
    nonconformity.handled_at = now
    nonconformity.form_key = key
    stamp(nonconformity, actor)
    nonconformity.save(
        update_fields=["status", "handled_by_name", "handling", "handled_at", "form_key"]
    )
    save_photos(nonconformity.result, photos, Photo.Stage.HANDLING, actor)
    _schedule(nonconformity, now)
    return nonconformity


@transaction.atomic
def nonconformity_open_sheet(
    *,
    actor,
    nonconformity: Nonconformity,
    note: str = "",
    form_key: uuid.UUID | str | None = None,
) -> Nonconformity:
    """The team leader could not fix it: an internal coordination sheet to the department."""
    _check(
        actor,
        nonconformity,
        permissions.HANDLE_ROLES,
        _("Your role may not open coordination sheets."),
    )
    nonconformity = _locked(nonconformity)
    key = _refuse_same_post(nonconformity, form_key)
    _check_open(nonconformity)
    department = nonconformity.department
    description = nonconformity.description
    if note.strip():
        description = f"{description}（{note.strip()}）"
    order = workorder_services.order_create(
        actor=actor,
        estate=nonconformity.estate,
        kind=Kind.COORDINATION,
        category=CATEGORIES.get(department.kind, Category.OTHER),
        description=_("Inspection: %(item)s — %(what)s")
        % {"item": nonconformity.item.text, "what": description},
        location=nonconformity.place.name,
        department=department,
        source=Source.INSPECTION,
        source_object=nonconformity,
    )
    now = timezone.now()
    nonconformity.status = Status.SHEET
    nonconformity.work_order = order
    nonconformity.handled_at = now
    nonconformity.form_key = key
    fields = ["status", "work_order", "handled_at", "form_key"]
    rule = _rule(department)
    if rule and rule.outsourced and rule.contractor_email:
        # Outsourced (greening, usually): the contractor is emailed once, after commit; the
        # daily sweep sends what a dead broker lost.
        nonconformity.contractor_email = rule.contractor_email
        nonconformity.contractor_notified_at = None
        fields += ["contractor_email", "contractor_notified_at"]
        from .. import tasks

        enqueue_on_commit(tasks.contractor_notify, nonconformity.pk)
    stamp(nonconformity, actor)
    nonconformity.save(update_fields=fields)
    _schedule(nonconformity, now, on_sheet=True)
    return nonconformity


def nonconformity_notify_contractor(*, nonconformity_id: int) -> bool:
    """Email the outsourced contractor the coordination sheet of a nonconformity, once; True
    when sent now. No human actor (a task and the daily sweep run it)."""
    with transaction.atomic():
        nonconformity = (
            Nonconformity.objects.select_for_update(of=("self",))  # not the nullable order
            .select_related("place", "item", "work_order", "estate")
            .filter(pk=nonconformity_id, contractor_notified_at__isnull=True)
            .exclude(contractor_email="")
            .first()
        )
        if nonconformity is None or nonconformity.work_order is None:
            return False
        order = nonconformity.work_order
        subject = _("Coordination sheet %(number)s: %(where)s") % {
            "number": order.number,
            "where": f"{nonconformity.estate.name} {nonconformity.place.name}",
        }
        body = _("%(item)s: %(what)s\nEstate: %(estate)s, %(place)s\nSheet: %(number)s") % {
            "item": nonconformity.item.text,
            "what": nonconformity.description,
            "estate": nonconformity.estate.name,
            "place": nonconformity.place.name,
            "number": order.number,
        }
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [nonconformity.contractor_email])
        nonconformity.contractor_notified_at = timezone.now()
        nonconformity.save(update_fields=["contractor_notified_at"])
        return True


def contractors_notify_pending() -> int:
    """The sweep: contractors not yet emailed (the broker was down when the sheet went)."""
    pending = Nonconformity.objects.filter(contractor_notified_at__isnull=True).exclude(
        contractor_email=""
    )
    return sum(
        nonconformity_notify_contractor(nonconformity_id=pk)
        for pk in pending.values_list("pk", flat=True)
    )


def follow_ups_release(*, nonconformity_ids: Iterable[int] | None = None) -> int:
    """Follow-up checks waiting on a coordination sheet the department has finished become due
    today (the supervisor sees them in the today panel). Run when an order completes (for its
    nonconformity) and by the daily sweep (all); idempotent. No human actor."""
    waiting = FollowUp.objects.filter(
        due_on__isnull=True, result="", nonconformity__status=Status.SHEET
    )
    if nonconformity_ids is not None:
        waiting = waiting.filter(nonconformity_id__in=list(nonconformity_ids))
    sheets = {
        order_id: pk
        for pk, order_id in waiting.values_list("pk", "nonconformity__work_order_id")
        if order_id is not None
    }
    if not sheets:
        return 0
    done = workorder_selectors.orders_with_status(list(sheets), SHEET_DONE_STATUSES)
    return FollowUp.objects.filter(
        pk__in=[sheets[order.pk] for order in done], due_on__isnull=True
    ).update(due_on=timezone.localdate())


def _supervisors(estate_id: int) -> list:
    return list(
        get_user_model().objects.filter(
            groups__name=roles.CS_SUPERVISOR, staff_profile__estates=estate_id, is_active=True
        )
    )


@transaction.atomic
def follow_up_record(
    *,
    actor,
    nonconformity: Nonconformity,
    resolved: bool,
    note: str = "",
    photos: Iterable[Any] = (),
    form_key: uuid.UUID | str | None = None,
) -> FollowUp:
    """The follow-up check: resolved closes the nonconformity; not resolved opens its next step
    (to be handled again) and tells the supervisors."""
    _check(
        actor,
        nonconformity,
        permissions.FOLLOW_UP_ROLES,
        _("Your role may not record follow-up checks."),
    )
    nonconformity = _locked(nonconformity)
    key = _refuse_same_post(nonconformity, form_key)
    if nonconformity.status == Status.CLOSED:
        raise InspectionError(_("This nonconformity is closed."), code="wrong_step")
    if nonconformity.status == Status.OPEN:
        raise InspectionError(
            _("Record the handling first: the follow-up checks what was done."),
            code="not_handled",
        )
    if nonconformity.status == Status.SHEET and not sheet_done(nonconformity):
        raise InspectionError(
            _(
                "The coordination sheet is not completed yet: the follow-up checks the "
                "department's work once it is."
            ),
            code="not_handled",
        )
    note = (note or "").strip()
    if not resolved and not note:
        raise InspectionError(_("Say what is still wrong."), code="no_note", field="note")
    photos = validate_photos(photos)
    follow_up = FollowUp.objects.select_for_update().get(
        nonconformity=nonconformity, step=nonconformity.step
    )
    if follow_up.result:
        raise InspectionError(_("This follow-up check is already recorded."), code="wrong_step")
    now = timezone.now()
    follow_up.due_on = follow_up.due_on or timezone.localdate(now)
    follow_up.result = FollowUp.Result.RESOLVED if resolved else FollowUp.Result.NOT_RESOLVED
    follow_up.note = note
    follow_up.checked_by = actor
    follow_up.checked_at = now
    stamp(follow_up, actor)
    follow_up.save(update_fields=["result", "note", "checked_by", "checked_at", "due_on"])
    save_photos(nonconformity.result, photos, Photo.Stage.FOLLOW_UP, actor)
    nonconformity.form_key = key
    if resolved:
        nonconformity.status = Status.CLOSED
        nonconformity.closed_at = now
        fields = ["status", "closed_at", "form_key"]
    else:
        nonconformity.status = Status.OPEN
        nonconformity.step += 1
        fields = ["status", "step", "form_key"]
    stamp(nonconformity, actor)
    nonconformity.save(update_fields=fields)
    if not resolved:
        notification_send(
            users=_supervisors(nonconformity.estate_id),
            title=_("Not resolved at the follow-up: %(place)s, %(item)s")
            % {"place": nonconformity.place.name, "item": nonconformity.item.text},
            body=note,
            url=nonconformity.get_absolute_url(),
        )
    return follow_up


@transaction.atomic
def nonconformity_close(*, actor, nonconformity: Nonconformity) -> Nonconformity:
    """Closed by hand: only once a follow-up check found it resolved."""
    _check(actor, nonconformity, permissions.FOLLOW_UP_ROLES, _("Your role may not close it."))
    nonconformity = _locked(nonconformity)
    if nonconformity.status == Status.CLOSED:
        return nonconformity
    resolved = nonconformity.follow_ups.filter(
        step=nonconformity.step, result=FollowUp.Result.RESOLVED
    ).exists()
    if not resolved:
        raise InspectionError(
            _("A nonconformity closes only after a follow-up check finds it resolved."),
            code="no_follow_up",
        )
    nonconformity.status = Status.CLOSED
    nonconformity.closed_at = timezone.now()
    stamp(nonconformity, actor)
    nonconformity.save(update_fields=["status", "closed_at"])
    return nonconformity
