"""The visitor log's writes: an arrival with its visit number, the departure, and a look at
the visitor's full ID number (logged)."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.errors import OTHER_ESTATE
from frontdesk.history import stamp
from frontdesk.models import Department, StaffProfile
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from owners.models import Estate, PersonalDataAccess, Unit
from owners.services import personal_data_reveal_log
from owners.validators import IdType, mask_id_number, normalize_id_number, validate_id_number

from ..errors import ReceptionError
from ..models import Visit
from ..permissions import REVEAL_ID_ROLES, VISIT_ROLES
from .base import (
    check_department,
    check_unit,
    department_people,
    form_key_of,
    full_clean,
    not_in_future,
    notify_on_commit,
    phone_given,
)

VISIT_NUMBER = ("visit", "FK")


# A visit logged after the fact (the book was written by hand during an outage) is fine for a
# few days; older than that it is history, not the desk's log.
LATE_ENTRY = datetime.timedelta(days=7)


@transaction.atomic
def visit_record(
    *,
    actor,
    estate: Estate,
    name: str,
    purpose: str,
    phone: str = "",
    id_type: str = IdType.RESIDENT_ID,
    id_number: str = "",
    identity_checked: bool = False,
    party_size: int = 1,
    purpose_detail: str = "",
    department: Department | None = None,
    host=None,
    unit: Unit | None = None,
    host_name: str = "",
    vehicle_plate: str = "",
    notes: str = "",
    arrived_at: datetime.datetime | None = None,
    form_key: uuid.UUID | str | None = None,
) -> Visit:
    """Log a visitor's arrival with a visit number; the department (or staff member) they
    came to see is notified once the visit is saved.

    The visitor's identity is confirmed, as the seed asks: the number of an identity document
    (checked against its type), or ``identity_checked`` — the desk saw the document of
    ``id_type`` without writing its number down. A name alone is refused. ``form_key`` is the
    visit form's idempotency key: a second use raises ``FormUsed`` with the first visit, and
    no second number is taken."""
    check_actor(
        actor, estate_id=estate.pk, roles=VISIT_ROLES, message=_("You may not log visitors.")
    )
    key = form_key_of(form_key)
    refuse_used_key(Visit, key, visit_used_message, actor=actor, error=ReceptionError)
    check_unit(unit, estate)
    check_department(department, estate)
    if host is not None and not StaffProfile.objects.filter(user=host, estates=estate).exists():
        raise ReceptionError(
            _("That staff member does not work in this estate."),
            code=OTHER_ESTATE,
            field="host",
        )
    host_name = host_name.strip()
    if department is None and host is None and unit is None and not host_name:
        raise ReceptionError(
            _("Say whom the visitor came to see: a department, a staff member, a unit or a name."),
            code="no_host",
            field="department",
        )
    arrived_at = arrived_at or timezone.now()
    not_in_future(
        arrived_at,
        code="arrival_in_future",
        field="arrived_at",
        message=_("The arrival cannot be in the future."),
    )
    if arrived_at < timezone.now() - LATE_ENTRY:
        raise ReceptionError(
            _("An arrival more than %(days)s days ago is not logged at the desk.")
            % {"days": LATE_ENTRY.days},
            code="arrival_too_old",
            field="arrived_at",
        )
    id_number = _confirmed_identity(id_type, id_number, identity_checked)
    if party_size < 1:
        raise ReceptionError(
            _("A party has at least one person."), code="invalid", field="party_size"
        )
    visit = Visit(
        estate=estate,
        arrived_at=arrived_at,
        name=name.strip(),
        phone=phone_given(phone, "phone"),
        id_type=id_type,
        id_number=id_number,
        id_masked=mask_id_number(id_number),
        identity_checked=True,
        party_size=party_size,
        purpose=purpose,
        purpose_detail=purpose_detail.strip(),
        department=department,
        host=host,
        unit=unit,
        host_name=host_name,
        vehicle_plate=vehicle_plate.strip().upper(),
        notes=notes.strip(),
        recorded_by=actor,
    )

    def number_and_check() -> None:
        # In save_once's savepoint: a second post of the form gives its number back.
        visit.number = allocate_number(
            estate_id=estate.pk, kind=VISIT_NUMBER[0], prefix=VISIT_NUMBER[1]
        )
        stamp(visit, actor)
        full_clean(visit)

    save_once(
        visit, key, visit_used_message, actor=actor, error=ReceptionError, before=number_and_check
    )
    _notify_visit(visit)
    return visit


def _confirmed_identity(id_type: str, id_number: str, identity_checked: bool) -> str:
    """The visitor's ID number (normalised, possibly empty) once their identity stands
    confirmed: a valid number of ``id_type``, or the document seen (``identity_checked``)."""
    if id_type not in IdType.values:
        raise ReceptionError(
            _("Choose the type of the visitor's identity document."),
            code="bad_id_type",
            field="id_type",
        )
    id_number = normalize_id_number(id_number)
    try:
        validate_id_number(id_type, id_number)
    except ValidationError as error:
        message = error.message_dict["id_number"][0]
        raise ReceptionError(message, code="invalid_id", field="id_number") from None
    if not id_number and not identity_checked:
        raise ReceptionError(
            _(
                "Confirm who the visitor is: enter their ID document's number, or tick "
                "“identity checked” with the document's type. A name alone is not enough."
            ),
            code="no_identity",
            field="id_number",
        )
    return id_number


def visit_used_message(visit: Visit) -> str:
    return _(
        "This visitor form was already used: %(name)s is visit %(number)s. Nothing new was "
        "recorded."
    ) % {"name": visit.name, "number": visit.number}


def _notify_visit(visit: Visit) -> None:
    users = department_people(visit.department) if visit.department is not None else []
    if visit.host is not None and visit.host not in users:
        users.append(visit.host)
    title = _("Visitor at the desk: %(name)s (%(purpose)s)") % {
        "name": visit.name,
        "purpose": visit.get_purpose_display(),
    }
    body = _("Visit %(number)s, arrived %(at)s, to see %(whom)s. %(detail)s") % {
        "number": visit.number,
        "at": timezone.localtime(visit.arrived_at).strftime("%Y-%m-%d %H:%M"),
        "whom": visit.visiting,
        "detail": visit.purpose_detail,
    }
    notify_on_commit(users, title=title, body=body.strip(), url=visit.get_absolute_url())


@transaction.atomic
def visit_depart(*, actor, visit: Visit, at: datetime.datetime | None = None) -> Visit:
    """Record that the visitor left (now, unless given); once only."""
    check_actor(
        actor, estate_id=visit.estate_id, roles=VISIT_ROLES, message=_("You may not log visitors.")
    )
    visit = Visit.objects.select_for_update(of=("self",)).select_related("estate").get(pk=visit.pk)
    if visit.departed_at is not None:
        raise ReceptionError(
            _("%(name)s already left at %(at)s.")
            % {
                "name": visit.name,
                "at": timezone.localtime(visit.departed_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="already_left",
        )
    at = at or timezone.now()
    if at < visit.arrived_at:
        raise ReceptionError(
            _("The departure cannot be before the arrival (%(at)s).")
            % {"at": timezone.localtime(visit.arrived_at).strftime("%Y-%m-%d %H:%M")},
            code="departure_before_arrival",
            field="departed_at",
        )
    not_in_future(
        at,
        code="departure_in_future",
        field="departed_at",
        message=_("The departure cannot be in the future."),
    )
    visit.departed_at, visit.departure_recorded_by = at, actor
    stamp(visit, actor)
    visit.save(update_fields=["departed_at", "departure_recorded_by"])
    return visit


@transaction.atomic
def visit_id_reveal(*, actor, visit: Visit) -> str:
    """The visitor's full ID number, for roles allowed to see it; every look is logged."""
    check_actor(
        actor,
        estate_id=visit.estate_id,
        roles=REVEAL_ID_ROLES,
        message=_("You may not see full ID numbers."),
    )
    if not visit.id_number:
        raise ReceptionError(_("No ID number was recorded."), code="no_id_number")
    personal_data_reveal_log(
        actor=actor, record=visit, estate_id=visit.estate_id, place=PersonalDataAccess.Place.DESK
    )
    return visit.id_number
