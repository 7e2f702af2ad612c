"""What every complaint service shares: the locked row, the checks, the step log, the files,
the clocks and the department a cause goes to."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.errors import FORBIDDEN, OTHER_ESTATE
from frontdesk.history import stamp
from frontdesk.models import Department
from frontdesk.text import check_text
from owners import uploads

from ..choices import DEFAULT_CLOCKS, DEFAULT_DEPARTMENT_KIND, OPEN_STATUSES, ROUND_STEPS
from ..errors import ComplaintError
from ..models import CauseDepartment, Complaint, ComplaintFile, ComplaintStep, SeverityClock
from ..permissions import user_department_id


def locked(complaint: Complaint) -> Complaint:
    """The complaint's row, locked, as it is now (another desk may have moved it)."""
    complaint.refresh_from_db(from_queryset=Complaint.objects.select_for_update())
    return complaint


def text(
    value: str,
    field: str,
    *,
    required: bool = False,
    multiline: bool = True,
    max_length: int | None = None,
) -> str:
    """The kernel's text policy on a service's input (never cut: too long is refused); a
    clear message under ``field``."""
    value = (value or "").strip()
    if required and not value:
        raise ComplaintError(_("This field is required."), code=f"no_{field}", field=field)
    try:
        check_text(value, multiline=multiline, max_length=max_length)
    except ValidationError as error:
        raise ComplaintError(error.messages[0], code="bad_text", field=field) from None
    return value


def reason_given(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ComplaintError(_("Give a reason."), code="no_reason", field="reason")
    return text(reason, "reason")


def refuse_bad_choice(value: str, choices: Any, field: str) -> None:
    if value not in choices.values:
        raise ComplaintError(
            _("%(value)r is not a valid %(field)s.") % {"value": value, "field": field},
            code=f"bad_{field}",
            field=field,
        )


def check_open(complaint: Complaint) -> None:
    if complaint.status not in OPEN_STATUSES:
        raise ComplaintError(
            _("This complaint is %(status)s: nothing more can be done on it.")
            % {"status": complaint.get_status_display()},
            code="closed",
        )


def check_department_head(actor: Any, complaint: Complaint, roles: tuple[str, ...]) -> None:
    """A department head acts on their own department's complaints only; the supervisor on
    any of their estates'."""
    from frontdesk import roles as desk_roles
    from frontdesk.scoping import has_role

    free = tuple(r for r in roles if r != desk_roles.DEPARTMENT_HEAD)
    if actor.is_superuser or has_role(actor, *free):
        return
    if complaint.department_id is None or complaint.department_id != user_department_id(actor):
        raise ComplaintError(
            _("Only the responsible department's head may take this step."), code=FORBIDDEN
        )


def same_estate(obj: Any, estate_id: int, message: str, field: str | None = None) -> None:
    if obj is not None and obj.estate_id != estate_id:
        raise ComplaintError(message, code=OTHER_ESTATE, field=field)


def check_handler(handler: Any, estate_id: int) -> None:
    """A complaint's handler works in its estate."""
    if handler is None:
        return
    profile = getattr(handler, "staff_profile", None)
    if profile is None or not profile.estates.filter(pk=estate_id).exists():
        raise ComplaintError(
            _("The handler does not work in this estate."), code=OTHER_ESTATE, field="handler"
        )


def log(
    complaint: Complaint,
    step: str,
    *,
    actor: Any,
    notes: str = "",
    data: dict | None = None,
    at: datetime.datetime | None = None,
) -> ComplaintStep:
    return ComplaintStep.objects.create(
        complaint=complaint,
        step=step,
        round=complaint.reopen_count if step in ROUND_STEPS else 0,
        actor=actor,
        at=at or timezone.now(),
        notes=notes,
        data=data or {},
    )


def save(complaint: Complaint, actor: Any, fields: Iterable[str]) -> None:
    """Save the complaint's changed fields, simple-history naming ``actor``."""
    stamp(complaint, actor)
    complaint.save(update_fields=list(fields))


def validate_files(files: Iterable[Any]) -> list:
    files = list(files)
    for upload in files:
        try:
            uploads.validate_scan(upload, allow_pdf=True)
        except ValidationError as error:
            raise ComplaintError(error.messages[0], code="bad_file", field="files") from None
    return files


def save_files(complaint: Complaint, files: Iterable[Any], actor: Any, step=None) -> None:
    for upload in files:
        ComplaintFile.objects.create(complaint=complaint, step=step, file=upload, uploaded_by=actor)


# --- clocks ---------------------------------------------------------------------------------


def clock_for(*, estate_id: int, severity: str) -> dict[str, int]:
    row = (
        SeverityClock.objects.filter(estate_id=estate_id, severity=severity)
        .values("respond_hours", "resolve_hours", "resolve_working_days")
        .first()
    )
    if row is None:
        return dict(DEFAULT_CLOCKS[severity])
    return {
        "respond_hours": row["respond_hours"],
        "resolve_hours": row["resolve_hours"],
        "resolve_working_days": row["resolve_working_days"],
    }


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """``days`` working days (Monday to Friday) after ``start``, at the same local time."""
    local = timezone.localtime(start)
    day = local.date()
    added = 0
    while added < days:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            added += 1
    naive = datetime.datetime.combine(day, local.time().replace(tzinfo=None))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def deadlines(
    *, estate_id: int, severity: str, start: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    """(respond by, resolve by) of a complaint received at ``start``, in local time."""
    return due_times(clock_for(estate_id=estate_id, severity=severity), start)


def due_times(
    clock: dict[str, int], start: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    """(respond by, resolve by) after ``start`` by ``clock`` (``clock_for``'s hours/days)."""
    respond = start + datetime.timedelta(hours=clock["respond_hours"])
    if clock["resolve_working_days"]:
        resolve = add_working_days(start, clock["resolve_working_days"])
    else:
        resolve = start + datetime.timedelta(hours=clock["resolve_hours"] or 24)
    return respond, max(resolve, respond)


# --- routing --------------------------------------------------------------------------------


def default_department(*, estate_id: int, cause: str) -> Department | None:
    """The estate's department for ``cause``: its setting, else the department of the
    cause's usual kind."""
    setting = (
        CauseDepartment.objects.filter(estate_id=estate_id, cause=cause)
        .select_related("department")
        .first()
    )
    if setting is not None:
        return setting.department
    kind = DEFAULT_DEPARTMENT_KIND.get(cause)
    if not kind:
        return None
    return Department.objects.filter(estate_id=estate_id, kind=kind).first()


def person(user: Any) -> str:
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()
