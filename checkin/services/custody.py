"""Custody (托管) of a vacant house: start and end with the meters read, the keys taken and
returned, the weekly and heavy-rain inspections, and the work order a problem opens.

Each service runs in one transaction, locks what two desks could touch at once, and leaves
nothing behind when it refuses (a ``DeskError`` with a code)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from frontdesk.scoping import has_role
from frontdesk.text import check_date
from owners import uploads
from owners.models import Estate, Owner, Unit
from owners.services import unit_status_set
from workorders.choices import Category, Kind, Source
from workorders.permissions import CREATE_ROLES as ORDER_CREATE_ROLES
from workorders.services import order_create

from .. import permissions
from ..errors import CheckinError
from ..models import (
    MAX_KEYS,
    Custody,
    Inspection,
    InspectionPhoto,
    KeyLog,
    MeterReading,
    MoveInCase,
    RainWarning,
)
from ..selectors.settings import custody_settings_for
from .checks import check_current_owner
from .meters import Readings, readings_record

_WEEK = datetime.timedelta(days=7)
_DAY = datetime.timedelta(days=1)
# Custody is agreed for a house the owner hands over now or soon: a start or an end further
# ahead than this is a slip of the keyboard, not a plan.
MAX_AHEAD = datetime.timedelta(days=30)

# A unit gets back this status when custody ends and it had none worth restoring.
RETURN_STATUSES = (Unit.Status.HANDED_OVER, Unit.Status.OCCUPIED)


# --- start and end -----------------------------------------------------------------------


def _check_plausible(
    value: datetime.date,
    field: str,
    *,
    earliest: datetime.date | None = None,
    latest: datetime.date | None = None,
) -> None:
    try:
        check_date(value, earliest=earliest, latest=latest)
    except ValidationError as error:
        raise CheckinError(error.messages[0], code="implausible_date", field=field) from None


def _check_vacant(unit: Unit, on: datetime.date) -> None:
    """Custody is for a vacant house: refused (``occupied``) when the unit is occupied or
    someone lives there on ``on`` (a resident moved in and not out)."""
    living = unit.residents.filter(
        Q(moved_in_on__isnull=True) | Q(moved_in_on__lte=on),
        Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on),
    )
    if unit.status == Unit.Status.OCCUPIED or living.exists():
        raise CheckinError(
            _("%(unit)s is lived in: only a vacant house is taken into custody.")
            % {"unit": unit.code},
            code="occupied",
        )


@transaction.atomic
def custody_start(
    *,
    actor,
    unit: Unit,
    owner: Owner,
    readings: Readings,
    agreement_signed_on: datetime.date | None = None,
    start_date: datetime.date | None = None,
    supervisor_note: str = "",
    keys_deposited: int = 0,
) -> Custody:
    """Take a vacant house into custody: readings on entry, the keys left with the office,
    unit status "in custody"."""
    check_actor(actor, estate_id=unit.estate_id, roles=permissions.MANAGE_ROLES)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    today = timezone.localdate()
    start_date = start_date or today
    agreement_signed_on = agreement_signed_on or min(start_date, today)
    _check_plausible(start_date, "start_date", latest=today + MAX_AHEAD)
    _check_plausible(agreement_signed_on, "agreement_signed_on", latest=today)
    if Custody.objects.active().filter(unit=unit).exists():
        raise CheckinError(
            _("%(unit)s is already in custody.") % {"unit": unit.code}, code="already_in_custody"
        )
    if MoveInCase.objects.filter(unit=unit, status=MoveInCase.Status.OPEN).exists():
        raise CheckinError(
            _("%(unit)s has an unfinished move-in: finish or cancel it first.")
            % {"unit": unit.code},
            code="move_in_open",
        )
    check_current_owner(unit, owner, start_date)
    _check_vacant(unit, start_date)
    if agreement_signed_on > start_date:
        raise CheckinError(
            _("The agreement is signed after the custody starts."),
            code="invalid",
            field="agreement_signed_on",
        )
    if keys_deposited is None or not 0 <= keys_deposited <= MAX_KEYS:
        raise CheckinError(
            _("Between 0 and %(n)s keys.") % {"n": MAX_KEYS},
            code="invalid",
            field="keys_deposited",
        )
    water_max, electricity_max = custody_settings_for(unit.estate_id)
    supervisor_note = (supervisor_note or "").strip()
    above = readings.water > water_max or readings.electricity > electricity_max
    if supervisor_note and not has_role(actor, *permissions.SUPERVISOR_ROLES):
        raise CheckinError(
            _("Only a customer-service supervisor may add the supervisor's note."),
            code="supervisor_only",
            field="supervisor_note",
        )
    if above and not supervisor_note:
        raise CheckinError(
            _(
                "The readings are above the custody limits (water %(water)s m³, electricity "
                "%(electricity)s kWh): a customer-service supervisor must add a note first."
            )
            % {"water": water_max, "electricity": electricity_max},
            code="needs_supervisor_note",
            field="supervisor_note",
        )
    custody = Custody(
        estate_id=unit.estate_id,
        unit=unit,
        owner=owner,
        agreement_signed_on=agreement_signed_on,
        start_date=start_date,
        water_max=water_max,
        electricity_max=electricity_max,
        supervisor_note=supervisor_note,
        supervisor=actor if supervisor_note else None,
        keys_deposited=keys_deposited,
        status_before=unit.status,
        started_by=actor,
    )
    stamp(custody, actor)
    custody.save()
    readings_record(
        actor=actor,
        unit=unit,
        readings=readings,
        context=MeterReading.Context.CUSTODY_START,
        subject=custody,
        read_at=None,
    )
    unit_status_set(actor=actor, unit=unit, status=Unit.Status.IN_CUSTODY, reason=_("Custody"))
    return custody


@transaction.atomic
def custody_end(
    *,
    actor,
    custody: Custody,
    readings: Readings,
    end_date: datetime.date | None = None,
    unit_status: str = Unit.Status.HANDED_OVER,
) -> Custody:
    """The owner takes the house back: final readings, keys all in, unit status back.

    The property fee follows the billing rule of ``checkin.policy``: a month is billed at
    70% when the house is in custody on the month's first day, so billing is back to 100%
    from the first month that starts after ``end_date``."""
    check_actor(actor, estate_id=custody.estate_id, roles=permissions.MANAGE_ROLES)
    custody = Custody.objects.select_for_update().select_related("unit").get(pk=custody.pk)
    if custody.end_date is not None:
        raise CheckinError(_("This custody has already ended."), code="already_ended")
    end_date = end_date or timezone.localdate()
    if end_date < custody.start_date:
        raise CheckinError(
            _("The end date is before the start date."), code="invalid", field="end_date"
        )
    _check_plausible(end_date, "end_date", latest=timezone.localdate() + MAX_AHEAD)
    if unit_status not in RETURN_STATUSES:
        raise CheckinError(_("Choose handed over or occupied."), code="invalid", field="status")
    out = custody.key_logs.filter(returned_at__isnull=True).count()
    if out:
        raise CheckinError(
            _("%(n)s key set(s) are still out: have them returned before ending custody.")
            % {"n": out},
            code="keys_out",
        )
    readings_record(
        actor=actor,
        unit=custody.unit,
        readings=readings,
        context=MeterReading.Context.CUSTODY_END,
        subject=custody,
        read_at=None,
    )
    custody.end_date = end_date
    custody.ended_by = actor
    stamp(custody, actor)
    custody.save(update_fields=["end_date", "ended_by"])
    # Nobody inspects a house its owner has back: the inspections still due are cancelled
    # with the reason, and stay in the custody's history.
    reason = _("Custody ended on %(date)s.") % {"date": end_date.isoformat()}
    for inspection in custody.inspections.filter(status=Inspection.Status.DUE):
        inspection.status = Inspection.Status.CANCELLED
        inspection.cancel_reason = reason
        stamp(inspection, actor)
        inspection.save(update_fields=["status", "cancel_reason"])
    unit_status_set(actor=actor, unit=custody.unit, status=unit_status, reason=_("Custody ended"))
    return custody


# --- keys -----------------------------------------------------------------------------


@transaction.atomic
def key_take(*, actor, custody: Custody, taken_by: str, reason: str) -> KeyLog:
    check_actor(actor, estate_id=custody.estate_id, roles=permissions.MANAGE_ROLES)
    custody = Custody.objects.select_for_update().get(pk=custody.pk)
    if custody.end_date is not None:
        raise CheckinError(_("This house is no longer in custody."), code="not_in_custody")
    taken_by, reason = (taken_by or "").strip(), (reason or "").strip()
    if not taken_by:
        raise CheckinError(_("Say who takes the keys."), code="invalid", field="taken_by")
    if not reason:
        raise CheckinError(_("Say why the keys are taken."), code="invalid", field="reason")
    log = KeyLog(custody=custody, taken_by=taken_by, reason=reason, handed_out_by=actor)
    stamp(log, actor)
    log.save()
    return log


@transaction.atomic
def key_return(*, actor, key_log: KeyLog) -> KeyLog:
    check_actor(actor, estate_id=key_log.custody.estate_id, roles=permissions.MANAGE_ROLES)
    key_log = KeyLog.objects.select_for_update().get(pk=key_log.pk)
    if key_log.returned_at is not None:
        raise CheckinError(_("These keys are already back."), code="already_returned")
    key_log.returned_at = timezone.now()
    key_log.received_back_by = actor
    stamp(key_log, actor)
    key_log.save(update_fields=["returned_at", "received_back_by"])
    return key_log


# --- inspections ------------------------------------------------------------------------


def _week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def inspections_sweep(*, today: datetime.date | None = None, estate_id: int | None = None) -> int:
    """One weekly inspection per custody house and ISO week, up to this week.

    Weeks missed since the custody started (or since its last weekly inspection) are
    created too, flagged ``missed``: they show as overdue, never silently skipped. Running it
    twice creates nothing new. Returns how many inspections were created.

    No actor: beat runs it (``checkin.tasks``) and ``seed_demo``/``bench`` call it; it only
    adds the inspections the schedule says are due, which no one has to be allowed to do."""
    today = today or timezone.localdate()
    this_week = _week_start(today)
    custodies = Custody.objects.active().filter(start_date__lte=today)
    if estate_id is not None:
        custodies = custodies.filter(estate_id=estate_id)
    rows = custodies.annotate(
        last_due=Max("inspections__due_date", filter=Q(inspections__kind=Inspection.Kind.WEEKLY))
    ).values_list("id", "start_date", "last_due")
    new: list[Inspection] = []
    now = timezone.now()
    for custody_id, start_date, last_due in rows.iterator(chunk_size=2000):
        week = _week_start(start_date) if last_due is None else _week_start(last_due) + _WEEK
        while week <= this_week:
            iso = week.isocalendar()
            due = week + datetime.timedelta(days=6)
            new.append(
                Inspection(
                    custody_id=custody_id,
                    kind=Inspection.Kind.WEEKLY,
                    iso_year=iso.year,
                    iso_week=iso.week,
                    due_date=due,
                    missed=due < today,
                    created_at=now,
                )
            )
            week += _WEEK
    created = 0
    for start in range(0, len(new), 1000):
        batch = new[start : start + 1000]
        try:
            with transaction.atomic():
                bulk_create_with_history(batch, Inspection, batch_size=1000)
                created += len(batch)
        except IntegrityError:
            # Another sweep got there first: create the batch's rows one by one, skipping.
            for inspection in batch:
                try:
                    with transaction.atomic():
                        inspection.pk = None
                        inspection.save()
                        created += 1
                except IntegrityError:
                    continue
    return created


@transaction.atomic
def heavy_rain_warning(*, actor, estate: Estate, note: str = "") -> RainWarning:
    """A before-rain and an after-rain inspection for every custody house of ``estate``."""
    check_actor(actor, estate_id=estate.pk, roles=permissions.SUPERVISOR_ROLES)
    warning = RainWarning.objects.create(estate=estate, issued_by=actor, note=note.strip())
    today = timezone.localdate()
    now = timezone.now()
    inspections = [
        Inspection(
            custody_id=custody_id,
            kind=kind,
            rain_warning=warning,
            # before the rain today; after it by the next day
            due_date=today if kind == Inspection.Kind.BEFORE_RAIN else today + _DAY,
            created_at=now,
        )
        for custody_id in Custody.objects.active()
        .filter(estate=estate)
        .values_list("id", flat=True)
        for kind in (Inspection.Kind.BEFORE_RAIN, Inspection.Kind.AFTER_RAIN)
    ]
    bulk_create_with_history(inspections, Inspection, batch_size=1000, default_user=actor)
    return warning


@dataclass(frozen=True)
class Findings:
    """What the inspector found, each check answered: None is "not checked", never a pass."""

    doors_windows_ok: bool | None = None
    leaks: bool | None = None
    signs_of_entry: bool | None = None
    notes: str = ""
    category: str = Category.OTHER  # the work order's category when there is a problem
    owner_notified_channel: str = ""

    @property
    def checked(self) -> bool:
        return None not in (self.doors_windows_ok, self.leaks, self.signs_of_entry)

    @property
    def problem(self) -> bool:
        """The result follows from the checks: any one failed is a problem."""
        return bool(self.leaks or self.signs_of_entry or self.doors_windows_ok is not True)


@transaction.atomic
def inspection_record(
    *,
    actor,
    inspection: Inspection | None = None,
    custody: Custody | None = None,
    findings: Findings,
    photos: Iterable[Any] = (),
) -> Inspection:
    """Record what the inspector found (a due inspection, or one outside the schedule for
    ``custody``). A problem needs the owner told; it opens a repair work order when the
    inspector's role may open one, otherwise the desk opens it from the custody page."""
    if inspection is not None:
        inspection = (
            Inspection.objects.select_for_update().select_related("custody").get(pk=inspection.pk)
        )
        custody = inspection.custody
    if custody is None:
        raise CheckinError(_("Nothing to record."), code="invalid")
    check_actor(actor, estate_id=custody.estate_id, roles=permissions.INSPECT_ROLES)
    custody = Custody.objects.select_for_update().select_related("unit").get(pk=custody.pk)
    if custody.end_date is not None:
        raise CheckinError(
            _("%(unit)s is not in custody: there is nothing to inspect.")
            % {"unit": custody.unit.code},
            code="not_in_custody",
        )
    if inspection is not None and inspection.status == Inspection.Status.DONE:
        raise CheckinError(_("This inspection is already recorded."), code="already_done")
    if not findings.checked:
        raise CheckinError(
            _("Answer every check: doors and windows, leaks, signs of entry."),
            code="not_checked",
            field="doors_windows_ok",
        )
    photos = list(photos)
    for upload in photos:
        try:
            uploads.validate_photo(upload)
        except ValidationError as error:
            raise CheckinError(error.messages[0], code="not_an_image", field="photos") from None
    channel = findings.owner_notified_channel
    if channel and channel not in Inspection.Channel.values:
        raise CheckinError(_("Unknown channel."), code="invalid", field="owner_notified_channel")
    if findings.problem and not channel:
        raise CheckinError(
            _("A problem was found: tell the owner and say how."),
            code="owner_not_notified",
            field="owner_notified_channel",
        )
    now = timezone.now()
    if inspection is None:
        inspection = Inspection(
            custody=custody, kind=Inspection.Kind.OTHER, due_date=timezone.localdate()
        )
    inspection.status = Inspection.Status.DONE
    inspection.inspected_at = now
    inspection.inspector = actor
    inspection.doors_windows_ok = bool(findings.doors_windows_ok)
    inspection.leaks = bool(findings.leaks)
    inspection.signs_of_entry = bool(findings.signs_of_entry)
    inspection.notes = findings.notes.strip()
    inspection.problem = findings.problem
    if channel:
        inspection.owner_notified_channel = channel
        inspection.owner_notified_at = now
        inspection.owner_notified_by = actor
    stamp(inspection, actor)
    inspection.save()
    for upload in photos:
        InspectionPhoto.objects.create(inspection=inspection, file=upload, uploaded_at=now)
    # A technician or a guard may record what they found but not open an order: the desk
    # opens it from the custody page (``inspection_open_order``).
    if inspection.problem and has_role(actor, *ORDER_CREATE_ROLES):
        _open_order(actor=actor, inspection=inspection, category=findings.category)
    return inspection


def _open_order(*, actor, inspection: Inspection, category: str) -> None:
    custody = inspection.custody
    found = [
        text
        for flag, text in (
            (not inspection.doors_windows_ok, _("doors or windows damaged")),
            (inspection.leaks, _("leaks")),
            (inspection.signs_of_entry, _("signs of entry")),
        )
        if flag
    ]
    description = _("Custody inspection of %(unit)s found: %(found)s. %(notes)s") % {
        "unit": custody.unit.code,
        "found": ", ".join(str(f) for f in found),
        "notes": inspection.notes,
    }
    order = order_create(
        actor=actor,
        estate=custody.unit.estate,
        kind=Kind.REPAIR,
        category=category,
        description=description.strip(),
        unit=custody.unit,
        source=Source.INSPECTION,
        source_object=inspection,
    )
    inspection.work_order_id = order.pk
    stamp(inspection, actor)
    inspection.save(update_fields=["work_order_id"])


@transaction.atomic
def inspection_open_order(
    *, actor, inspection: Inspection, category: str = Category.OTHER
) -> Inspection:
    """The desk opens the work order for a problem an inspector could not open one for."""
    check_actor(actor, estate_id=inspection.custody.estate_id, roles=permissions.MANAGE_ROLES)
    inspection = (
        Inspection.objects.select_for_update().select_related("custody__unit").get(pk=inspection.pk)
    )
    if not inspection.problem or inspection.work_order_id:
        raise CheckinError(_("There is no problem without a work order."), code="no_order_needed")
    _open_order(actor=actor, inspection=inspection, category=category)
    return inspection
