"""While the works run and after: patrols with their rectification notices and re-checks,
the acceptance, the closed-water test, closing, and the morning notices."""

import datetime
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk import roles
from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from frontdesk.scoping import has_role
from frontdesk.services import notification_send
from owners import services as owner_services
from owners.models import Document, Unit

from .. import pdf, permissions
from ..errors import RenovationError
from ..models import (
    Acceptance,
    Patrol,
    PatrolPhoto,
    Rectification,
    Renovation,
    RenovationFile,
    Settings,
)
from .application import check_status, locked
from .passes import _photo
from .period import suspend

PASS_KIND, PASS_PREFIX = "renovation_pass", "GP"
NOTICE_KIND, NOTICE_PREFIX = "renovation_notice", "ZG"
GATE_LOOKUPS_PER_MINUTE = 20
MAX_QUERY = 24
MAX_PHOTOS = 10
RECTIFY_DAYS = 3
MAX_RECTIFY_DAYS = 30
MIN_WATER_HOURS = 24  # a closed-water test holds at least 24 hours (GB 50327)
EXPIRY_NOTICE_DAYS = 3


def _error(message: str, code: str, field: str | None = None) -> RenovationError:
    return RenovationError(message, code=code, field=field)


# --- patrols -----------------------------------------------------------------------------


def patrol_used_message(patrol: Patrol) -> str:
    return _("This form was already used: the patrol of %(at)s is recorded.") % {
        "at": timezone.localtime(patrol.at).strftime("%Y-%m-%d %H:%M")
    }


@transaction.atomic
def patrol_record(
    *,
    actor,
    renovation: Renovation,
    outcome: str,
    problems: list[str] = (),  # type: ignore[assignment]
    violation: str = "",
    notes: str = "",
    photos: list = (),  # type: ignore[assignment]
    requirement: str = "",
    correct_by: datetime.date | None = None,
    at: datetime.datetime | None = None,
    form_key: uuid.UUID | str | None = None,
) -> Patrol:
    """A patrol of running works. A violation (or a risk found) issues a rectification
    notice to be re-checked; the next patrol falls due after the estate's frequency."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.PATROL_ROLES,
        message=_("Your role may not record renovation patrols."),
    )
    key = form_key_of(
        form_key, error=RenovationError, message=_("This form is damaged: open it again.")
    )
    refuse_used_key(Patrol, key, patrol_used_message, actor=actor, error=RenovationError)
    renovation = locked(renovation)
    if renovation.status not in Renovation.ON_SITE:
        raise _error(
            _("Only running works are patrolled: this renovation is “%(status)s”.")
            % {"status": renovation.get_status_display()},
            "not_running",
        )
    if outcome not in Patrol.Outcome.values:
        raise _error(_("Record the outcome of the patrol."), "bad_outcome", "outcome")
    known = {key for key, _label in Patrol.RISKS}
    problems = [p for p in dict.fromkeys(problems or ()) if p]
    if any(p not in known for p in problems):
        raise _error(_("Unknown risk on the checklist."), "bad_risk", "problems")
    violation = (violation or "").strip()
    if outcome != Patrol.Outcome.DONE and (problems or violation):
        raise _error(
            _("Risks and violations are recorded only when the unit was inspected."),
            "not_inspected",
            "outcome",
        )
    photos = [photo for photo in photos or () if photo]
    if len(photos) > MAX_PHOTOS:
        raise _error(_("At most %(n)s photos.") % {"n": MAX_PHOTOS}, "too_many_photos", "photos")
    for photo in photos:
        _photo(photo, "photos")
    now = timezone.now()
    at = at or now
    if at > now + datetime.timedelta(
        minutes=5
    ) or at.date() < renovation.planned_start - datetime.timedelta(days=1):
        raise _error(_("The patrol time is not plausible."), "bad_time", "at")
    today = timezone.localdate()
    rectify = bool(problems or violation)
    due_on = today
    if rectify:
        requirement = (requirement or violation or "").strip() or _("Put right: %(faults)s") % {
            "faults": "; ".join(str(label) for key, label in Patrol.RISKS if key in problems)
        }
        due_on = correct_by or today + datetime.timedelta(days=RECTIFY_DAYS)
        if due_on < today:
            raise _error(_("The correction date cannot be in the past."), "bad_date", "correct_by")
        if due_on > today + datetime.timedelta(days=MAX_RECTIFY_DAYS):
            raise _error(
                _("A correction is due within %(n)s days.") % {"n": MAX_RECTIFY_DAYS},
                "bad_date",
                "correct_by",
            )
    patrol = Patrol(
        renovation=renovation,
        inspector=actor,
        at=at,
        outcome=outcome,
        problems=problems,
        violation=violation,
        notes=(notes or "").strip(),
    )
    stamp(patrol, actor)
    save_once(patrol, key, patrol_used_message, actor=actor, error=RenovationError)
    for photo in photos:
        PatrolPhoto.objects.create(patrol=patrol, file=photo)
    if rectify:
        notice = Rectification(
            renovation=renovation,
            patrol=patrol,
            number=allocate_number(
                estate_id=renovation.estate_id, kind=NOTICE_KIND, prefix=NOTICE_PREFIX
            ),
            requirement=requirement,
            due_on=due_on,
        )
        stamp(notice, actor)
        notice.save()
    every = Settings.for_estate(renovation.estate_id).patrol_every_days
    day = timezone.localtime(at).date()
    # Nobody in or entry refused: the patrol is owed again the next day.
    step = every if outcome == Patrol.Outcome.DONE else 1
    renovation.next_patrol_on = max(
        day + datetime.timedelta(days=step), renovation.next_patrol_on or day
    )
    stamp(renovation, actor)
    renovation.save(update_fields=["next_patrol_on"])
    return patrol


@transaction.atomic
def rectification_recheck(
    *, actor, notice: Rectification, corrected: bool, note: str = ""
) -> Rectification:
    """The re-check of a notice: corrected, or not — then the works are suspended until a
    supervisor or engineering lets them resume."""
    check_actor(
        actor,
        estate_id=notice.renovation.estate_id,
        roles=permissions.PATROL_ROLES,
        message=_("Your role may not re-check rectifications."),
    )
    notice = Rectification.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Rectification.Status.OPEN:
        raise _error(_("This notice was already re-checked."), "already_rechecked")
    note = (note or "").strip()
    if not corrected and not note:
        raise _error(_("Say what is still not corrected."), "required", "note")
    notice.status = (
        Rectification.Status.CORRECTED if corrected else Rectification.Status.NOT_CORRECTED
    )
    notice.rechecked_at = timezone.now()
    notice.rechecked_by = actor
    notice.recheck_note = note
    stamp(notice, actor)
    notice.save(update_fields=["status", "rechecked_at", "rechecked_by", "recheck_note"])
    if not corrected:
        renovation = locked(notice.renovation)
        if renovation.status == Renovation.Status.WORKING:
            suspend(renovation, notice, actor=actor)
    return notice


# --- completion --------------------------------------------------------------------------


@transaction.atomic
def water_test_record(
    *, actor, renovation: Renovation, on: datetime.date, hours: int, passed: bool
) -> Renovation:
    """The closed-water test of changed waterproofing: date, hours held, result."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.ACCEPT_ROLES,
        message=_("Only engineering or a CS supervisor records the closed-water test."),
    )
    renovation = locked(renovation)
    check_status(renovation, Renovation.Status.WORKING)
    today = timezone.localdate()
    if on is None or on > today or on < renovation.planned_start:
        raise _error(
            _("The test date must lie within the works, not in the future."), "bad_date", "on"
        )
    if hours is None or not MIN_WATER_HOURS <= hours <= 168:
        raise _error(
            _("A closed-water test holds at least %(n)s hours.") % {"n": MIN_WATER_HOURS},
            "too_short",
            "hours",
        )
    renovation.water_test_on = on
    renovation.water_test_hours = hours
    renovation.water_test_passed = bool(passed)
    stamp(renovation, actor)
    renovation.save(update_fields=["water_test_on", "water_test_hours", "water_test_passed"])
    return renovation


@transaction.atomic
def acceptance_record(
    *, actor, renovation: Renovation, grade: str, findings: str = "", garbage_cleared: bool = False
) -> Acceptance:
    """The completion check: a first attempt, and a second after failed findings are fixed."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.ACCEPT_ROLES,
        message=_("Only engineering or a CS supervisor does the acceptance."),
    )
    renovation = locked(renovation)
    check_status(renovation, Renovation.Status.WORKING)
    done = list(renovation.acceptances.order_by("attempt"))
    if any(a.grade == Acceptance.Grade.PASSED for a in done):
        raise _error(_("The works already passed the acceptance."), "already_passed")
    if len(done) >= Acceptance.MAX_ATTEMPTS and not has_role(actor, roles.CS_SUPERVISOR):
        raise _error(
            _(
                "Both acceptance attempts failed: the CS supervisor decides how to go on "
                "(a further inspection by the supervisor, or suspending the works)."
            ),
            "no_attempts_left",
        )
    if grade not in Acceptance.Grade.values:
        raise _error(_("Choose the grade."), "bad_grade", "grade")
    findings = (findings or "").strip()
    if grade == Acceptance.Grade.FAILED and not findings:
        raise _error(_("A failed acceptance lists its findings."), "required", "findings")
    acceptance = Acceptance(
        renovation=renovation,
        attempt=len(done) + 1,
        at=timezone.now(),
        inspector=actor,
        findings=findings,
        grade=grade,
    )
    stamp(acceptance, actor)
    acceptance.save()
    if garbage_cleared and renovation.garbage_cleared_at is None:
        renovation.garbage_cleared_at = acceptance.at
        stamp(renovation, actor)
        renovation.save(update_fields=["garbage_cleared_at"])
    return acceptance


@transaction.atomic
def garbage_cleared_record(*, actor, renovation: Renovation) -> Renovation:
    """The decoration garbage is gone (seen by the desk or reported by cleaning)."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not record the garbage cleared."),
    )
    renovation = locked(renovation)
    check_status(renovation, Renovation.Status.WORKING)
    if renovation.garbage_cleared_at is None:
        renovation.garbage_cleared_at = timezone.now()
        stamp(renovation, actor)
        renovation.save(update_fields=["garbage_cleared_at"])
    return renovation


def closing_blockers(renovation: Renovation) -> list[str]:
    """What still keeps the renovation from closing, as sentences."""
    blockers = []
    if not renovation.acceptances.filter(grade=Acceptance.Grade.PASSED).exists():
        blockers.append(_("The acceptance has not passed."))
    if renovation.waterproofing and not renovation.water_test_passed:
        blockers.append(_("Waterproofing changed: a passed closed-water test must be recorded."))
    if renovation.garbage_cleared_at is None:
        blockers.append(_("The decoration garbage is not cleared."))
    if renovation.rectifications.filter(status=Rectification.Status.OPEN).exists():
        blockers.append(_("A rectification notice awaits its re-check."))
    return blockers


@transaction.atomic
def renovation_close(*, actor, renovation: Renovation) -> Renovation:
    """The works are accepted: the renovation closes, its passes expire with the permit and
    the unit returns to its status before the works."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not close renovations."),
    )
    renovation = locked(renovation)
    check_status(renovation, Renovation.Status.WORKING)
    blockers = closing_blockers(renovation)
    if blockers:
        raise _error(" ".join(str(b) for b in blockers), "not_ready")
    renovation.status = Renovation.Status.COMPLETED
    renovation.closed_at = timezone.now()
    renovation.closed_by = actor
    renovation.next_patrol_on = None
    stamp(renovation, actor)
    renovation.save()
    unit = Unit.objects.select_for_update().get(pk=renovation.unit_id)
    if unit.status == Unit.Status.RENOVATING:
        owner_services.unit_status_set(
            actor=actor,
            unit=unit,
            status=renovation.unit_status_before or Unit.Status.OCCUPIED,
            reason=_("Renovation %(number)s completed") % {"number": renovation.number},
        )
    _archive(renovation, actor=actor)
    return renovation


# The renovation's papers as the household file (owners) files them.
APPROVALS = (
    RenovationFile.Kind.AUTHORITY_APPROVAL,
    RenovationFile.Kind.PLANNING_APPROVAL,
    RenovationFile.Kind.PROVIDER_APPROVAL,
)


def _archive(renovation: Renovation, *, actor) -> None:
    """On completion, the renovation's papers go into the unit's household file: the signed
    agreement and the permit as printed, the approvals, plans and the closed-water test record."""
    gate_url = (
        settings.SITE_URL
        + reverse("renovation:gate")
        + "?"
        + urlencode({"q": renovation.permit_code})
    )
    papers = [
        (
            Document.Kind.AGREEMENT,
            _("Renovation management agreement %(number)s") % {"number": renovation.number},
            ContentFile(
                pdf.render_agreement(renovation), name=f"agreement-{renovation.number}.pdf"
            ),
        ),
        (
            Document.Kind.OTHER,
            _("Construction permit %(number)s") % {"number": renovation.permit_number},
            ContentFile(
                pdf.render_permit(renovation, gate_url=gate_url),
                name=f"permit-{renovation.permit_number}.pdf",
            ),
        ),
    ]
    for paper in renovation.files.order_by("kind", "pk"):
        with paper.file.open("rb") as stored:
            content = ContentFile(stored.read(), name=paper.file.name.rsplit("/", 1)[-1])
        kind = Document.Kind.APPROVAL if paper.kind in APPROVALS else Document.Kind.OTHER
        title = _("%(document)s, renovation %(number)s") % {
            "document": paper.get_kind_display(),
            "number": renovation.number,
        }
        papers.append((kind, title, content))
    for kind, title, content in papers:
        owner_services.document_archive(
            actor=actor,
            document=Document(
                estate_id=renovation.estate_id,
                unit=renovation.unit,
                owner=renovation.owner,
                kind=kind,
                title=title[:200],
                file=content,
                original_sighted=False,
            ),
            source=renovation,
        )


# --- the daily sweep ---------------------------------------------------------------------


def _estate_users(estate_id: int, roles) -> list:
    return list(
        get_user_model()
        .objects.filter(groups__name__in=roles, staff_profile__estates=estate_id, is_active=True)
        .distinct()
    )


def daily_notices(*, today: datetime.date | None = None) -> int:
    """Each morning, per estate: permits ending within EXPIRY_NOTICE_DAYS (or overrun) to the
    desk, patrols due to those who patrol. Once per estate and day, however often it runs
    (the ``DailyNotice`` row decides)."""
    from ..models import DailyNotice

    today = today or timezone.localdate()
    working = Renovation.objects.filter(status=Renovation.Status.WORKING)
    on_site = Renovation.objects.filter(status__in=Renovation.ON_SITE)
    expiring: dict[int, int] = {}
    for estate_id in working.filter(
        planned_end__lte=today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS)
    ).values_list("estate_id", flat=True):
        expiring[estate_id] = expiring.get(estate_id, 0) + 1
    due: dict[int, int] = {}
    for estate_id in on_site.filter(next_patrol_on__lte=today).values_list("estate_id", flat=True):
        due[estate_id] = due.get(estate_id, 0) + 1
    sent = 0
    for estate_id in sorted(set(expiring) | set(due)):
        try:
            with transaction.atomic():
                DailyNotice.objects.create(estate_id=estate_id, day=today)
                if expiring.get(estate_id):
                    notification_send(
                        users=_estate_users(estate_id, permissions.APPLY_ROLES),
                        title=_("%(n)s renovation permits end within %(days)s days or have overrun")
                        % {"n": expiring[estate_id], "days": EXPIRY_NOTICE_DAYS},
                        url=reverse("renovation:list") + "?list=expiring",
                    )
                if due.get(estate_id):
                    notification_send(
                        users=_estate_users(estate_id, permissions.PATROL_ROLES),
                        title=_("%(n)s renovation patrols are due today") % {"n": due[estate_id]},
                        url=reverse("renovation:list") + "?list=patrols",
                    )
        except IntegrityError:
            continue  # notified already today
        sent += 1
    return sent
