"""Rounds: planned by the CS supervisor, walked by the person assigned (a QR code confirms
each place), each item recorded, completed only when every place was visited or excused."""

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.errors import OTHER_ESTATE
from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.models import Department
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from frontdesk.scoping import estate_ids_for, has_role
from owners import uploads

from .. import permissions
from ..errors import InspectionError
from ..models import ItemResult, Nonconformity, Photo, Place, PlaceVisit, Round, Template

Status = Round.Status
OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.MISSED)


def validate_photos(photos: Iterable[Any]) -> list:
    photos = list(photos)
    for upload in photos:
        try:
            uploads.validate_photo(upload)
        except ValidationError as error:
            raise InspectionError(error.messages[0], code="bad_photo", field="photos") from None
    return photos


def save_photos(result: ItemResult, photos: list, stage: str, actor) -> None:
    for upload in photos:
        Photo.objects.create(
            estate_id=result.round.estate_id,
            result=result,
            stage=stage,
            file=upload,
            uploaded_by=actor,
        )


def _locked(round_: Round) -> Round:
    return Round.objects.select_for_update().select_related("template").get(pk=round_.pk)


def _check_assignee(actor, round_: Round) -> None:
    check_actor(
        actor,
        estate_id=round_.estate_id,
        roles=permissions.ROUND_ROLES,
        message=_("Your role may not walk inspection rounds."),
    )
    if round_.assignee_id != actor.pk and not actor.is_superuser:
        raise InspectionError(_("This round is assigned to someone else."), code="not_assignee")


def _check_open(round_: Round) -> None:
    if round_.status == Status.DONE:
        raise InspectionError(_("This round is already done."), code="wrong_step")


def _start(round_: Round, actor, now) -> None:
    if round_.status in (Status.PLANNED, Status.MISSED):
        round_.status = Status.IN_PROGRESS
        round_.started_at = round_.started_at or now
        stamp(round_, actor)
        round_.save(update_fields=["status", "started_at"])


def check_assignable(assignee, estate_id: int) -> None:
    """A round goes to an active member of the estate's staff who walks rounds."""
    assignee_estates = estate_ids_for(assignee)
    if assignee_estates is not None and estate_id not in assignee_estates:
        raise InspectionError(
            _("The person assigned does not work in this estate."),
            code=OTHER_ESTATE,
            field="assignee",
        )
    if not assignee.is_active or not has_role(assignee, *permissions.ROUND_ROLES):
        raise InspectionError(
            _("The person assigned does not walk inspection rounds."),
            code="not_assignable",
            field="assignee",
        )


def _round_used(round_: Round) -> str:
    return _("This form was already sent: the round of %(day)s is planned.") % {
        "day": f"{round_.due_on:%Y-%m-%d}"
    }


@transaction.atomic
def round_plan(
    *,
    actor,
    template: Template,
    assignee,
    due_on: datetime.date,
    form_key: uuid.UUID | str | None = None,
) -> Round:
    """A round of ``template`` for ``assignee`` due on ``due_on``, with a visit row for each of
    the template's active places. ``form_key``: the plan form's key (a second post of the same
    form raises ``FormUsed`` with the first round)."""
    check_actor(
        actor,
        estate_id=template.estate_id,
        roles=permissions.PLAN_ROLES,
        message=_("Only the customer-service supervisor plans rounds."),
    )
    key = form_key_of(
        form_key, error=InspectionError, message=_("This form is damaged: open it again.")
    )
    refuse_used_key(Round, key, _round_used, actor=actor, error=InspectionError)
    if not template.active:
        raise InspectionError(_("This template is no longer used."), code="inactive")
    check_assignable(assignee, template.estate_id)
    if due_on < timezone.localdate():
        raise InspectionError(
            _("A round cannot be planned for a day that has passed."),
            code="past_day",
            field="due_on",
        )
    if due_on > timezone.localdate() + datetime.timedelta(days=366):
        raise InspectionError(
            _("Plan rounds at most a year ahead."), code="far_day", field="due_on"
        )
    places = list(template.places.filter(active=True))
    if not places:
        raise InspectionError(_("The template covers no place."), code="no_places")
    round_ = Round(
        estate_id=template.estate_id,
        template=template,
        assignee=assignee,
        planned_by=actor,
        due_on=due_on,
    )
    stamp(round_, actor)
    save_once(round_, key, _round_used, actor=actor, error=InspectionError)
    PlaceVisit.objects.bulk_create(PlaceVisit(round=round_, place=place) for place in places)
    return round_


@transaction.atomic
def round_reassign(*, actor, round: Round, assignee) -> Round:
    """The supervisor hands a round not yet done to someone else (the planned person is off,
    or the beat's default does not fit this day)."""
    check_actor(
        actor,
        estate_id=round.estate_id,
        roles=permissions.PLAN_ROLES,
        message=_("Only the customer-service supervisor reassigns rounds."),
    )
    round_ = _locked(round)
    _check_open(round_)
    check_assignable(assignee, round_.estate_id)
    if round_.assignee_id == assignee.pk:
        return round_
    round_.assignee = assignee
    stamp(round_, actor)
    round_.save(update_fields=["assignee"])
    return round_


def _visit(round_: Round, place: Place) -> PlaceVisit:
    visit = PlaceVisit.objects.select_for_update().filter(round=round_, place=place).first()
    if visit is None:
        raise InspectionError(_("This place is not on the round."), code="not_on_round")
    return visit


@transaction.atomic
def visit_confirm(*, actor, round: Round, place: Place, token: str) -> PlaceVisit:
    """Presence at ``place`` confirmed by the code of its printed QR code, with the time."""
    _check_assignee(actor, round)
    round_ = _locked(round)
    _check_open(round_)
    if place.estate_id != round_.estate_id:
        raise InspectionError(_("This place belongs to another estate."), code=OTHER_ESTATE)
    if (token or "").strip().upper() != place.token:
        raise InspectionError(
            _("This is not the code of %(place)s: scan the code posted there.")
            % {"place": place.name},
            code="bad_token",
            field="token",
        )
    visit = _visit(round_, place)
    if visit.confirmed_at is not None:
        return visit  # a second scan keeps the first time
    now = timezone.now()
    visit.confirmed_at = now
    visit.confirmed_by = actor
    stamp(visit, actor)
    visit.save(update_fields=["confirmed_at", "confirmed_by"])
    _start(round_, actor, now)
    return visit


@transaction.atomic
def visit_excuse(*, actor, round: Round, place: Place, reason: str) -> PlaceVisit:
    """A place the round could not reach (closed for works, flooded), excused by a supervisor
    with a reason."""
    check_actor(
        actor,
        estate_id=round.estate_id,
        roles=permissions.PLAN_ROLES,
        message=_("Only the customer-service supervisor excuses a place."),
    )
    round_ = _locked(round)
    _check_open(round_)
    reason = (reason or "").strip()
    if not reason:
        raise InspectionError(_("Say why the place is excused."), code="no_reason", field="reason")
    visit = _visit(round_, place)
    if visit.walked:
        raise InspectionError(_("This place was already visited or excused."), code="wrong_step")
    visit.excused_at = timezone.now()
    visit.excused_by = actor
    visit.excuse = reason
    stamp(visit, actor)
    visit.save(update_fields=["excused_at", "excused_by", "excuse"])
    return visit


def _department(estate_id: int, kind: str) -> Department:
    department = Department.objects.filter(estate_id=estate_id, kind=kind).first()
    if department is None:
        raise InspectionError(
            _("The estate has no %(department)s department: add it in the admin.")
            % {"department": Department.Kind(kind).label},
            code="no_department",
        )
    return department


@transaction.atomic
def result_record(
    *,
    actor,
    round: Round,
    place: Place,
    item,
    outcome: str,
    note: str = "",
    photos: Iterable[Any] = (),
    form_key: uuid.UUID | str | None = None,
) -> ItemResult:
    """One item at one place. A nonconforming item needs a note and becomes a nonconformity
    for the item's department; recorded again (before it is handled) it is corrected. The
    same form posted twice (``form_key``) records it once."""
    _check_assignee(actor, round)
    key = form_key_of(
        form_key, error=InspectionError, message=_("This form is damaged: open it again.")
    )
    round_ = _locked(round)
    if key is not None:
        same = ItemResult.objects.filter(round=round_, place=place, item=item, form_key=key)
        if same.exists():
            return same.get()  # the same post again: already recorded
    _check_open(round_)
    if outcome not in ItemResult.Outcome.values:
        raise InspectionError(_("Choose a result."), code="bad_choice", field="outcome")
    if item.template_id != round_.template_id or not item.active:
        raise InspectionError(_("This item is not on the round."), code="not_on_round")
    visit = _visit(round_, place)
    if visit.confirmed_at is None:
        # An excused place was not visited: nothing is recorded there.
        message = (
            _("%(place)s was excused: nothing is recorded there.")
            if visit.excused_at
            else _("Scan the QR code at %(place)s first.")
        )
        raise InspectionError(message % {"place": place.name}, code="not_visited")
    note = (note or "").strip()
    nonconforming = outcome == ItemResult.Outcome.NONCONFORMING
    if nonconforming and not note:
        raise InspectionError(_("Describe what is nonconforming."), code="no_note", field="note")
    photos = validate_photos(photos)
    department = _department(round_.estate_id, item.department_kind) if nonconforming else None
    now = timezone.now()
    result = (
        ItemResult.objects.select_for_update().filter(round=round_, place=place, item=item).first()
    )
    existing = Nonconformity.objects.filter(result=result).first() if result else None
    if existing is not None and existing.status != Nonconformity.Status.OPEN:
        raise InspectionError(
            _("The nonconformity is already being handled: it cannot be changed here."),
            code="wrong_step",
        )
    if result is None:
        result = ItemResult(round=round_, place=place, item=item)
    result.outcome = outcome
    result.note = note
    result.recorded_by = actor
    result.recorded_at = now
    result.form_key = key
    stamp(result, actor)
    result.save()
    result.round = round_
    save_photos(result, photos, Photo.Stage.FINDING, actor)
    if existing is not None and not nonconforming:
        existing.delete()
    elif nonconforming:
        nonconformity = existing or Nonconformity(
            estate_id=round_.estate_id, result=result, place=place, item=item, found_at=now
        )
        assert department is not None  # found above for every nonconforming item
        nonconformity.department = department
        nonconformity.description = note
        stamp(nonconformity, actor)
        nonconformity.save()
    _start(round_, actor, now)
    return result


@transaction.atomic
def round_complete(*, actor, round: Round) -> Round:
    """Done: every place visited (QR) or excused with a reason, every item recorded."""
    _check_assignee(actor, round)
    round_ = _locked(round)
    _check_open(round_)
    visits = list(round_.visits.select_related("place"))
    missing = [v.place.name for v in visits if not v.walked]
    if missing:
        raise InspectionError(
            _("Not visited: %(places)s. Scan their QR codes, or ask the supervisor to excuse them.")
            % {"places": "、".join(missing)},
            code="not_visited",
        )
    items = list(round_.template.items.filter(active=True).values_list("pk", flat=True))
    recorded = set(round_.results.values_list("place_id", "item_id"))
    places = [v.place_id for v in visits if v.confirmed_at is not None]
    open_count = sum(1 for p in places for i in items if (p, i) not in recorded)
    if open_count:
        raise InspectionError(
            _("%(n)s check items are not recorded yet.") % {"n": open_count},
            code="not_recorded",
        )
    now = timezone.now()
    round_.status = Status.DONE
    round_.completed_at = now
    round_.completed_on = timezone.localdate(now)
    round_.started_at = round_.started_at or now
    stamp(round_, actor)
    round_.save(update_fields=["status", "completed_at", "completed_on", "started_at"])
    return round_


def rounds_mark_missed(*, today: datetime.date | None = None) -> int:
    """Rounds planned for a day that has passed and never started: missed. Idempotent: a
    second run finds none. No human actor (the beat runs it)."""
    today = today or timezone.localdate()
    count = 0
    for round_ in Round.objects.filter(status=Status.PLANNED, due_on__lt=today).iterator():
        round_.status = Status.MISSED
        round_.save(update_fields=["status"])
        count += 1
    return count
