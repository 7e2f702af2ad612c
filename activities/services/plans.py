"""Activity plans: drawn up with every seed field, approved by the management office (the
layout tasks then go to the departments' heads as notifications, each acknowledged),
households sign up (past the capacity: the waiting list, moved up when a place frees),
attendance, the summary after the event, and the archive of photos, video and recordings."""

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from frontdesk.errors import OTHER_ESTATE
from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.models import Department
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from frontdesk.services import notification_send

from ..errors import ActivitiesError
from ..models import ArchiveFile, BudgetLine, Duty, LayoutTask, Plan, SignUp
from ..permissions import APPROVE_PLAN_ROLES, PLAN_ROLES

LAYOUT_KINDS = (
    Department.Kind.ENGINEERING,
    Department.Kind.SECURITY,
    Department.Kind.CLEANING,
)
MEDIA_MAX_BYTES = 200 * 2**20
TEXT_MAX = 1000  # the long texts (items, process, prizes, owners' response): the PDF's page
# How far from today a plan may be dated, and how long it may last: a year typed wrong
# (2062 for 2026) is refused rather than planned.
PLAN_PAST = datetime.timedelta(days=366)
PLAN_AHEAD = datetime.timedelta(days=2 * 366)
PLAN_LONGEST = datetime.timedelta(days=92)
SEED_FIELDS = (
    "theme",
    "items",
    "location",
    "participants",
    "process",
    "cooperating",
    "prizes",
)


@dataclass
class PlanInput:
    theme: str
    items: str
    location: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    participants: str
    expected_headcount: int
    process: str
    cooperating: str
    prizes: str
    budget: list[tuple[str, Decimal]] = field(default_factory=list)
    layout: list[tuple[str, str]] = field(default_factory=list)  # (department kind, task)
    duties: list[tuple[str, str]] = field(default_factory=list)  # (person, duty)
    signup_capacity: int | None = None


def _error(message, code, field_name=None) -> ActivitiesError:
    return ActivitiesError(message, code=code, field=field_name)


def plan_used_message(plan: Plan) -> str:
    return _("This form was already used: it drew up the plan “%(theme)s”.") % {"theme": plan.theme}


@transaction.atomic
def plan_create(*, actor, estate, plan: PlanInput, form_key: uuid.UUID | str | None = None) -> Plan:
    """The plan; refused (nothing written) when a field of the seed is missing. A form posted
    twice draws up one plan (``FormUsed`` with the first)."""
    check_actor(actor, estate_id=estate.pk, roles=PLAN_ROLES)
    key = form_key_of(
        form_key, error=ActivitiesError, message=_("This form is damaged: open it again.")
    )
    refuse_used_key(Plan, key, plan_used_message, actor=actor, error=ActivitiesError)
    for name in SEED_FIELDS:
        if not str(getattr(plan, name) or "").strip():
            raise _error(
                _("The plan needs its %(field)s.")
                % {"field": getattr(Plan._meta.get_field(name), "verbose_name", name)},
                "missing",
                name,
            )
    for name in ("items", "process", "prizes"):
        if len(getattr(plan, name)) > TEXT_MAX:
            raise _error(_("At most %(count)d characters.") % {"count": TEXT_MAX}, "too_long", name)
    if not plan.expected_headcount or plan.expected_headcount < 1:
        raise _error(_("Give the expected headcount."), "missing", "expected_headcount")
    if plan.ends_at <= plan.starts_at:
        raise _error(_("The end must be after the start."), "order", "ends_at")
    now = timezone.now()
    if not now - PLAN_PAST <= plan.starts_at <= now + PLAN_AHEAD:
        raise _error(
            _("Plan an activity within a year back and two years ahead: check the year."),
            "out_of_range",
            "starts_at",
        )
    if plan.ends_at - plan.starts_at > PLAN_LONGEST:
        raise _error(
            _("An activity lasts at most %(days)d days: check the end.")
            % {"days": PLAN_LONGEST.days},
            "too_long",
            "ends_at",
        )
    if not plan.budget or any(amount < 0 or not item.strip() for item, amount in plan.budget):
        raise _error(_("List the expenses: each with its item and amount."), "budget", "budget")
    departments = {
        d.kind: d for d in Department.objects.filter(estate=estate, kind__in=LAYOUT_KINDS)
    }
    for kind, _task in plan.layout:
        if kind not in departments:
            raise _error(_("This estate has no such department."), "department", "layout")
    row = Plan(
        estate=estate,
        created_by=actor,
        **{name: getattr(plan, name).strip() for name in SEED_FIELDS},
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        expected_headcount=plan.expected_headcount,
        signup_capacity=plan.signup_capacity,
    )
    stamp(row, actor)
    save_once(row, key, plan_used_message, actor=actor, error=ActivitiesError)
    BudgetLine.objects.bulk_create(
        BudgetLine(plan=row, item=item.strip(), amount=amount) for item, amount in plan.budget
    )
    LayoutTask.objects.bulk_create(
        LayoutTask(plan=row, department=departments[kind], task=task) for kind, task in plan.layout
    )
    Duty.objects.bulk_create(Duty(plan=row, person=p, duty=d) for p, d in plan.duties)
    return row


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_approve(*, actor, plan: Plan) -> Plan:
    """The management office approves; each layout task goes to its department's head."""
    check_actor(
        actor,
        estate_id=plan.estate_id,
        roles=APPROVE_PLAN_ROLES,
        message=_("The management office (a CS supervisor or the director) approves a plan."),
    )
    plan = _locked(plan)
    if plan.state != Plan.State.SUBMITTED:
        raise _error(_("This plan is already approved."), "wrong_state")
    plan.state = Plan.State.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    stamp(plan, actor)
    plan.save()
    for task in plan.layout_tasks.select_related("department__head"):
        heads = [task.department.head] if task.department.head else []
        notification_send(
            users=heads,
            title=_("Venue layout for “%(theme)s”: %(task)s")
            % {"theme": plan.theme, "task": task.task},
            body=f"{plan.location} {timezone.localtime(plan.starts_at):%Y-%m-%d %H:%M}",
        )
    return plan


@transaction.atomic
def layout_acknowledge(*, actor, task: LayoutTask) -> LayoutTask:
    """The department (its head or a member) acknowledges its layout task."""
    task = (
        LayoutTask.objects.select_for_update().select_related("department", "plan").get(pk=task.pk)
    )
    profile = getattr(actor, "staff_profile", None)
    in_department = (
        task.department.head_id == actor.pk
        or getattr(profile, "department_id", None) == task.department_id
    )
    if not in_department:
        raise _error(_("Only the department asked acknowledges its task."), "forbidden")
    if task.plan.state != Plan.State.APPROVED:
        raise _error(_("The plan is not approved."), "wrong_state")
    if task.acknowledged_at is not None:
        raise _error(_("Already acknowledged."), "already")
    task.acknowledged_by = actor
    task.acknowledged_at = timezone.now()
    stamp(task, actor)
    task.save()
    return task


@transaction.atomic
def signup_add(*, actor, plan: Plan, unit, name: str, people: int = 1) -> SignUp:
    """A household signs up; past the capacity it goes on the waiting list."""
    check_actor(actor, estate_id=plan.estate_id, roles=PLAN_ROLES)
    if unit.estate_id != plan.estate_id:
        raise _error(_("This unit belongs to another estate."), OTHER_ESTATE)
    plan = _locked(plan)
    if plan.state != Plan.State.APPROVED or plan.signup_capacity is None:
        raise _error(_("Sign-up is open once the plan is approved."), "not_open")
    if plan.signups.filter(unit=unit, cancelled=False).exists():
        raise _error(_("This household has already signed up."), "already")
    taken = plan.signups.filter(cancelled=False, waiting=False).count()
    signup = SignUp(
        plan=plan,
        unit=unit,
        name=name.strip(),
        people=people,
        waiting=taken >= plan.signup_capacity,
    )
    stamp(signup, actor)
    signup.save()
    return signup


@transaction.atomic
def signup_cancel(*, actor, signup: SignUp) -> SignUp | None:
    """The household withdraws; the first waiting moves up (returned)."""
    check_actor(actor, estate_id=signup.plan.estate_id, roles=PLAN_ROLES)
    _locked(signup.plan)
    signup = SignUp.objects.get(pk=signup.pk)
    if signup.cancelled:
        raise _error(_("Already cancelled."), "already")
    signup.cancelled = True
    stamp(signup, actor)
    signup.save()
    if signup.waiting:
        return None
    first = signup.plan.signups.filter(cancelled=False, waiting=True).order_by("id").first()
    if first is not None:
        first.waiting = False
        stamp(first, actor)
        first.save()
    return first


@transaction.atomic
def attendance_record(*, actor, signup: SignUp, attended: bool) -> SignUp:
    check_actor(actor, estate_id=signup.plan.estate_id, roles=PLAN_ROLES)
    if signup.cancelled or signup.waiting:
        raise _error(_("Only a household with a place attends."), "no_place")
    if timezone.now() < signup.plan.starts_at:
        raise _error(_("Attendance is recorded once the activity has begun."), "not_begun")
    signup.attended = attended
    stamp(signup, actor)
    signup.save()
    return signup


@transaction.atomic
def summary_record(*, actor, plan: Plan, headcount: int, spending: Decimal, response: str) -> Plan:
    """After the event: the headcount, the spending (against the budget), owners' response."""
    check_actor(actor, estate_id=plan.estate_id, roles=PLAN_ROLES)
    plan = _locked(plan)
    if plan.state != Plan.State.APPROVED or timezone.now() < plan.ends_at:
        raise _error(_("The summary is written after the approved activity."), "not_over")
    if headcount < 0 or spending < 0 or not response.strip():
        raise _error(_("Give the headcount, the spending and owners' response."), "missing")
    if len(response) > TEXT_MAX:
        raise _error(
            _("At most %(count)d characters.") % {"count": TEXT_MAX}, "too_long", "response"
        )
    plan.actual_headcount = headcount
    plan.actual_spending = spending
    plan.response = response.strip()
    plan.summarised_at = timezone.now()
    plan.state = Plan.State.DONE
    stamp(plan, actor)
    plan.save()
    return plan


# What each kind of archive file is stored and served as: the file's own bytes decide, never
# the name it came with (a page named .html whose first bytes say "video" is still served as
# a video, not run by the browser as a page of this site).
MEDIA_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "avi": "video/x-msvideo",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "flac": "audio/flac",
    "amr": "audio/amr",
}
_IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp", "BMP": "bmp"}
_IMAGE_FORMATS["TIFF"] = "tif"


def media_type(upload) -> tuple[str, str]:
    """(``image``, ``video`` or ``audio``; the extension it is stored under, a key of
    ``MEDIA_TYPES``) from the file's first bytes; refused otherwise."""
    if upload.size > MEDIA_MAX_BYTES:
        raise _error(
            _("The file is larger than %(mb)s MB.") % {"mb": MEDIA_MAX_BYTES // 2**20},
            "too_large",
            "file",
        )
    head = upload.read(16)
    upload.seek(0)
    if head[4:8] == b"ftyp":
        return ("audio", "m4a") if head[8:11] in (b"M4A", b"M4B") else ("video", "mp4")
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "video", "webm"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "video", "avi"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio", "wav"
    if head[:3] == b"ID3":
        return "audio", "mp3"
    if head[:4] == b"OggS":
        return "audio", "ogg"
    if head[:4] == b"fLaC":
        return "audio", "flac"
    if head[:5] == b"#!AMR":
        return "audio", "amr"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "audio", "mp3"  # an MPEG audio frame
    try:
        with Image.open(upload) as image:
            image.verify()
            extension = _IMAGE_FORMATS.get(image.format or "")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        extension = None
    finally:
        upload.seek(0)
    if extension is None:
        raise _error(_("Archive photos, video or recordings only."), "not_media", "file")
    return "image", extension


def media_kind(upload) -> str:
    """``image``, ``video`` or ``audio`` from the file's first bytes; refused otherwise."""
    return media_type(upload)[0]


def _stored_name(upload_name: str, extension: str) -> str:
    stem = (upload_name or "").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "file"
    return f"{stem}.{extension}"


@transaction.atomic
def archive_add(*, actor, plan: Plan, upload, caption: str = "") -> ArchiveFile:
    check_actor(actor, estate_id=plan.estate_id, roles=PLAN_ROLES)
    kind, extension = media_type(upload)
    row = ArchiveFile(plan=plan, kind=kind, caption=caption.strip(), uploaded_by=actor)
    row.file.save(_stored_name(upload.name, extension), upload, save=False)
    row.save()
    return row
