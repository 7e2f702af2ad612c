"""Every write of the phone log and the visitor log. Each runs in one transaction, validates
before saving, keeps history, and notifies departments only once the change is committed."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.models import Department, StaffProfile
from frontdesk.numbering import allocate_number
from frontdesk.scoping import estate_ids_for, has_role
from frontdesk.services import notification_send
from owners.models import Estate, Unit
from owners.permissions import sees_full_id_numbers
from owners.validators import (
    IdType,
    mask_id_number,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)

from . import conversions
from .errors import ReceptionError
from .models import CallLink, PhoneCall, Visit, VisitIdReveal
from .policy import CALL_ROLES, VISIT_ROLES

VISIT_NUMBER = ("visit", "FK")
REPLY_DAYS = 1  # a reply is due the next day unless the desk says otherwise
# Clocks of desk PCs drift: a time this far ahead is still "now".
CLOCK_SLACK = datetime.timedelta(minutes=5)

Status = PhoneCall.Status


# --- checks shared by calls and visits ----------------------------------------------------


def _require_role(actor: Any, roles: tuple[str, ...], message: str) -> None:
    if not has_role(actor, *roles):
        raise ReceptionError(message, code="forbidden")


def _check_estate(actor: Any, estate: Estate) -> None:
    ids = estate_ids_for(actor)
    if ids is not None and estate.pk not in ids:
        raise ReceptionError(_("You do not work in this estate."), code="other_estate")


def _check_unit(unit: Unit | None, estate: Estate) -> None:
    if unit is not None and unit.estate_id != estate.pk:
        raise ReceptionError(
            _("That unit belongs to another estate."), code="unit_other_estate", field="unit"
        )


def _check_department(department: Department | None, estate: Estate) -> None:
    if department is not None and department.estate_id != estate.pk:
        raise ReceptionError(
            _("That department belongs to another estate."),
            code="department_other_estate",
            field="department",
        )


def _phone(value: str, field: str) -> str:
    try:
        validate_phone(value or "")
    except ValidationError as error:
        raise ReceptionError(error.messages[0], code="invalid_phone", field=field) from None
    return normalize_phone(value or "")


def _not_in_future(at: datetime.datetime, *, code: str, field: str, message: str) -> None:
    if at > timezone.now() + CLOCK_SLACK:
        raise ReceptionError(message, code=code, field=field)


def _full_clean(instance: Any) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ReceptionError(
            " ".join(messages), code="invalid", field=None if field == "__all__" else field
        ) from error


def department_people(department: Department) -> list:
    """Who hears about what is routed to a department: its head and its staff."""
    users = get_user_model().objects.filter(
        Q(pk=department.head_id) | Q(staff_profile__department=department), is_active=True
    )
    return list(users.distinct())


def _notify_on_commit(users: list, *, title: str, body: str, url: str) -> None:
    if users:
        transaction.on_commit(
            lambda: notification_send(users=users, title=title, body=body, url=url)
        )


# --- phone calls --------------------------------------------------------------------------


@transaction.atomic
def call_record(
    *,
    actor,
    estate: Estate,
    caller_name: str,
    topic: str,
    content: str,
    answered_on_spot: bool,
    caller_kind: str = PhoneCall.CallerKind.OWNER,
    caller_phone: str = "",
    identity_confirmed: bool = False,
    unit: Unit | None = None,
    location: str = "",
    answer: str = "",
    contact_phone: str = "",
    reply_method: str = "",
    reply_due: datetime.date | None = None,
    department: Department | None = None,
    received_at: datetime.datetime | None = None,
) -> PhoneCall:
    """Record a call taken at the desk; a department it is routed to hears of it on commit.

    Answered on the spot, the call is done unless it is routed; otherwise the caller left a
    contact for the reply, which is then due (the next day unless given).
    """
    _require_role(actor, CALL_ROLES, _("You may not record phone calls."))
    _check_estate(actor, estate)
    _check_unit(unit, estate)
    _check_department(department, estate)
    received_at = received_at or timezone.now()
    _not_in_future(
        received_at,
        code="received_in_future",
        field="received_at",
        message=_("The call cannot have been received in the future."),
    )
    caller_name, content, answer = caller_name.strip(), content.strip(), answer.strip()
    caller_phone = _phone(caller_phone, "caller_phone")
    contact_phone = _phone(contact_phone, "contact_phone")
    if answered_on_spot and not answer:
        raise ReceptionError(
            _("Write down what you answered on the spot."), code="no_answer", field="answer"
        )
    if not answered_on_spot and not contact_phone:
        raise ReceptionError(
            _("The caller left a contact for the reply: enter the phone number to call back."),
            code="no_contact_phone",
            field="contact_phone",
        )
    if department is not None:
        status = Status.TRANSFERRED
    else:
        status = Status.ANSWERED if answered_on_spot else Status.PENDING
    call = PhoneCall(
        estate=estate,
        received_at=received_at,
        caller_kind=caller_kind,
        caller_name=caller_name,
        caller_phone=caller_phone,
        identity_confirmed=identity_confirmed,
        unit=unit,
        location=location.strip(),
        topic=topic,
        content=content,
        answer=answer,
        status=status,
        awaiting_reply=status in PhoneCall.AWAITING,
        contact_phone=contact_phone or (caller_phone if status != Status.ANSWERED else ""),
        recorded_by=actor,
    )
    if call.awaiting_reply:
        if not call.contact_phone:
            raise ReceptionError(
                _("A routed call awaits a reply: enter the caller's phone or a contact."),
                code="no_contact_phone",
                field="contact_phone",
            )
        _set_reply_plan(call, reply_method, reply_due)
    if department is not None:
        call.department, call.routed_at = department, timezone.now()
    stamp(call, actor)
    _full_clean(call)
    call.save()
    if department is not None:
        _notify_routed(call)
    return call


def _set_reply_plan(call: PhoneCall, method: str, due: datetime.date | None) -> None:
    today = timezone.localdate()
    if due is not None and due < today:
        raise ReceptionError(
            _("The reply cannot be due in the past."), code="reply_due_past", field="reply_due"
        )
    call.reply_method = method or PhoneCall.ReplyMethod.CALL
    call.reply_due = due or today + datetime.timedelta(days=REPLY_DAYS)


def _notify_routed(call: PhoneCall) -> None:
    assert call.department is not None
    title = _("Call routed to %(department)s: %(topic)s from %(caller)s") % {
        "department": call.department,
        "topic": call.get_topic_display(),
        "caller": call.caller_name,
    }
    where = f"{call.unit.code}: " if call.unit_id and call.unit else ""
    _notify_on_commit(
        department_people(call.department),
        title=title,
        body=where + call.content,
        url=call.get_absolute_url(),
    )


def _locked_call(call: PhoneCall) -> PhoneCall:
    return (
        PhoneCall.objects.select_for_update(of=("self",))
        .select_related("estate", "unit")
        .get(pk=call.pk)
    )


@transaction.atomic
def call_route(
    *,
    actor,
    call: PhoneCall,
    department: Department,
    reply_due: datetime.date | None = None,
) -> PhoneCall:
    """Route a call to a department after hanging up (the seed's step ⑥); the caller still
    awaits a reply, and the department hears of it on commit."""
    _require_role(actor, CALL_ROLES, _("You may not route phone calls."))
    call = _locked_call(call)
    _check_estate(actor, call.estate)
    _check_department(department, call.estate)
    if call.status == Status.REPLIED:
        raise ReceptionError(_("This call has already been replied to."), code="already_replied")
    if call.department_id == department.pk:
        raise ReceptionError(
            _("This call is already routed to %(department)s.") % {"department": department},
            code="already_routed",
            field="department",
        )
    if not call.contact_phone and not call.caller_phone:
        raise ReceptionError(
            _("A routed call awaits a reply: the call has no phone number to call back."),
            code="no_contact_phone",
        )
    call.department, call.routed_at = department, timezone.now()
    call.contact_phone = call.contact_phone or call.caller_phone
    if not call.awaiting_reply or reply_due is not None:
        _set_reply_plan(call, call.reply_method, reply_due or call.reply_due)
    call.status, call.awaiting_reply = Status.TRANSFERRED, True
    stamp(call, actor)
    call.save(
        update_fields=[
            "department",
            "routed_at",
            "contact_phone",
            "status",
            "awaiting_reply",
            "reply_method",
            "reply_due",
        ]
    )
    _notify_routed(call)
    return call


@transaction.atomic
def call_reply(
    *, actor, call: PhoneCall, reply: str, replied_at: datetime.datetime | None = None
) -> PhoneCall:
    """Record the reply given to a caller who was waiting for one: who, when, what."""
    _require_role(actor, CALL_ROLES, _("You may not record replies to calls."))
    call = _locked_call(call)
    _check_estate(actor, call.estate)
    if not call.awaiting_reply:
        raise ReceptionError(
            _("This call is not waiting for a reply (%(status)s).")
            % {"status": call.get_status_display()},
            code="not_awaiting_reply",
        )
    reply = reply.strip()
    if not reply:
        raise ReceptionError(
            _("Write down what the caller was told."), code="no_reply", field="reply"
        )
    replied_at = replied_at or timezone.now()
    if replied_at < call.received_at:
        raise ReceptionError(
            _("The reply cannot come before the call."),
            code="reply_before_call",
            field="replied_at",
        )
    _not_in_future(
        replied_at,
        code="reply_in_future",
        field="replied_at",
        message=_("The reply cannot be in the future."),
    )
    call.reply, call.replied_at, call.replied_by = reply, replied_at, actor
    call.status, call.awaiting_reply = Status.REPLIED, False
    stamp(call, actor)
    call.save(update_fields=["reply", "replied_at", "replied_by", "status", "awaiting_reply"])
    return call


@transaction.atomic
def call_convert(*, actor, call: PhoneCall, action: str, **options) -> Any:
    """Turn a call into another document (a work order, a complaint…) by a registered
    action; the call keeps a link to what it became."""
    conversion = conversions.get(action)
    if conversion is None:
        raise ReceptionError(_("A call cannot be turned into that (yet)."), code="unknown_action")
    _require_role(actor, conversion.roles, _("You may not do this with a call."))
    call = _locked_call(call)
    _check_estate(actor, call.estate)
    target = conversion.convert(actor=actor, call=call, **options)
    CallLink.objects.create(
        call=call,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        label=conversion.label_of(target)[:100],
        created_by=actor,
    )
    return target


# --- visits -------------------------------------------------------------------------------


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
    party_size: int = 1,
    purpose_detail: str = "",
    department: Department | None = None,
    host=None,
    unit: Unit | None = None,
    host_name: str = "",
    vehicle_plate: str = "",
    notes: str = "",
    arrived_at: datetime.datetime | None = None,
) -> Visit:
    """Log a visitor's arrival with a visit number; the department (or staff member) they
    came to see is notified once the visit is saved."""
    _require_role(actor, VISIT_ROLES, _("You may not log visitors."))
    _check_estate(actor, estate)
    _check_unit(unit, estate)
    _check_department(department, estate)
    if host is not None and not StaffProfile.objects.filter(user=host, estates=estate).exists():
        raise ReceptionError(
            _("That staff member does not work in this estate."),
            code="host_other_estate",
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
    _not_in_future(
        arrived_at,
        code="arrival_in_future",
        field="arrived_at",
        message=_("The arrival cannot be in the future."),
    )
    id_number = normalize_id_number(id_number)
    try:
        validate_id_number(id_type, id_number)
    except ValidationError as error:
        message = error.message_dict["id_number"][0]
        raise ReceptionError(message, code="invalid_id", field="id_number") from None
    if party_size < 1:
        raise ReceptionError(
            _("A party has at least one person."), code="invalid", field="party_size"
        )
    visit = Visit(
        estate=estate,
        arrived_at=arrived_at,
        name=name.strip(),
        phone=_phone(phone, "phone"),
        id_type=id_type,
        id_number=id_number,
        id_masked=mask_id_number(id_number),
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
    visit.number = allocate_number(
        estate_id=estate.pk, kind=VISIT_NUMBER[0], prefix=VISIT_NUMBER[1]
    )
    stamp(visit, actor)
    _full_clean(visit)
    visit.save()
    _notify_visit(visit)
    return visit


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
    _notify_on_commit(users, title=title, body=body.strip(), url=visit.get_absolute_url())


@transaction.atomic
def visit_depart(*, actor, visit: Visit, at: datetime.datetime | None = None) -> Visit:
    """Record that the visitor left (now, unless given); once only."""
    _require_role(actor, VISIT_ROLES, _("You may not log visitors."))
    visit = Visit.objects.select_for_update(of=("self",)).select_related("estate").get(pk=visit.pk)
    _check_estate(actor, visit.estate)
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
    _not_in_future(
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
    ids = estate_ids_for(actor)
    in_estate = ids is None or visit.estate_id in ids
    if not (in_estate and sees_full_id_numbers(actor)):
        raise ReceptionError(_("You may not see full ID numbers."), code="forbidden")
    if not visit.id_number:
        raise ReceptionError(_("No ID number was recorded."), code="no_id_number")
    VisitIdReveal.objects.create(visit=visit, user=actor)
    return visit.id_number
