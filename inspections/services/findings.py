"""Nonconformities followed to the end: handled on the spot by the team leader, or an internal
coordination sheet to the department (through ``workorders``); a follow-up check due the
department's days later closes it, or opens the next step and tells the supervisor."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk import roles
from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from frontdesk.services import notification_send
from workorders import services as workorder_services
from workorders.choices import Category, Kind, Source

from .. import permissions
from ..errors import InspectionError
from ..models import DepartmentRule, FollowUp, Nonconformity, Photo
from .rounds import save_photos, validate_photos

Status = Nonconformity.Status
DEFAULT_FOLLOW_UP_DAYS = 3
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


def _schedule(nonconformity: Nonconformity, now) -> FollowUp:
    rule = _rule(nonconformity.department)
    days = rule.follow_up_days if rule else DEFAULT_FOLLOW_UP_DAYS
    return FollowUp.objects.create(
        nonconformity=nonconformity,
        step=nonconformity.step,
        due_on=timezone.localdate(now) + datetime.timedelta(days=days),
    )


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
) -> Nonconformity:
    """Handled on the spot by the department's team leader: who, what was done, a photo."""
    _check(
        actor,
        nonconformity,
        permissions.HANDLE_ROLES,
        _("Your role may not record the handling."),
    )
    nonconformity = _locked(nonconformity)
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
    stamp(nonconformity, actor)
    nonconformity.save(update_fields=["status", "handled_by_name", "handling", "handled_at"])
    save_photos(nonconformity.result, photos, Photo.Stage.HANDLING, actor)
    _schedule(nonconformity, now)
    return nonconformity


@transaction.atomic
def nonconformity_open_sheet(
    *, actor, nonconformity: Nonconformity, note: str = ""
) -> Nonconformity:
    """The team leader could not fix it: an internal coordination sheet to the department."""
    _check(
        actor,
        nonconformity,
        permissions.HANDLE_ROLES,
        _("Your role may not open coordination sheets."),
    )
    nonconformity = _locked(nonconformity)
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
    )
    now = timezone.now()
    nonconformity.status = Status.SHEET
    nonconformity.work_order = order
    nonconformity.handled_at = now
    stamp(nonconformity, actor)
    nonconformity.save(update_fields=["status", "work_order", "handled_at"])
    _schedule(nonconformity, now)
    rule = _rule(department)
    if rule and rule.outsourced and rule.contractor_email:
        subject = _("Coordination sheet %(number)s: %(where)s") % {
            "number": order.number,
            "where": nonconformity.place.name,
        }
        transaction.on_commit(
            lambda: send_mail(
                subject, description, settings.DEFAULT_FROM_EMAIL, [rule.contractor_email]
            )
        )
    return nonconformity


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
    if nonconformity.status == Status.CLOSED:
        raise InspectionError(_("This nonconformity is closed."), code="wrong_step")
    if nonconformity.status == Status.OPEN:
        raise InspectionError(
            _("Record the handling first: the follow-up checks what was done."),
            code="not_handled",
        )
    note = (note or "").strip()
    if not resolved and not note:
        raise InspectionError(_("Say what is still wrong."), code="no_note", field="note")
    photos = validate_photos(photos)
    follow_up = FollowUp.objects.select_for_update().get(
        nonconformity=nonconformity, step=nonconformity.step
    )
    now = timezone.now()
    follow_up.result = FollowUp.Result.RESOLVED if resolved else FollowUp.Result.NOT_RESOLVED
    follow_up.note = note
    follow_up.checked_by = actor
    follow_up.checked_at = now
    stamp(follow_up, actor)
    follow_up.save(update_fields=["result", "note", "checked_by", "checked_at"])
    save_photos(nonconformity.result, photos, Photo.Stage.FOLLOW_UP, actor)
    if resolved:
        nonconformity.status = Status.CLOSED
        nonconformity.closed_at = now
        fields = ["status", "closed_at"]
    else:
        nonconformity.status = Status.OPEN
        nonconformity.step += 1
        fields = ["status", "step"]
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
