"""The phone log's writes: a call taken at the desk, routed to a department after hanging
up, the reply given to the caller, and a call turned into another document."""

import datetime
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.models import Department
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from owners.models import Estate, Unit

from .. import conversions
from ..errors import FormUsed, ReceptionError
from ..models import CallLink, PhoneCall
from ..permissions import CALL_ROLES
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

REPLY_DAYS = 1  # a reply is due the next day unless the desk says otherwise

Status = PhoneCall.Status


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
    form_key: uuid.UUID | str | None = None,
) -> PhoneCall:
    """Record a call taken at the desk; a department it is routed to hears of it on commit.

    Answered on the spot, the call is done unless it is routed; otherwise the caller left a
    contact for the reply, which is then due (the next day unless given, a year ahead at
    most). ``form_key`` is the call form's idempotency key: a second use raises ``FormUsed``
    with the first call, and nothing new is recorded.
    """
    check_actor(
        actor, estate_id=estate.pk, roles=CALL_ROLES, message=_("You may not record phone calls.")
    )
    key = form_key_of(form_key)
    refuse_used_key(PhoneCall, key, call_used_message, actor=actor, error=ReceptionError)
    check_unit(unit, estate)
    check_department(department, estate)
    received_at = received_at or timezone.now()
    not_in_future(
        received_at,
        code="received_in_future",
        field="received_at",
        message=_("The call cannot have been received in the future."),
    )
    caller_name, content, answer = caller_name.strip(), content.strip(), answer.strip()
    caller_phone = phone_given(caller_phone, "caller_phone")
    contact_phone = phone_given(contact_phone, "contact_phone")
    check_reply_due(reply_due)  # even on a call answered on the spot: no date taken unchecked
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
    full_clean(call)
    save_once(call, key, call_used_message, actor=actor, error=ReceptionError)
    if department is not None:
        _notify_routed(call)
    return call


def call_used_message(call: PhoneCall) -> str:
    return _(
        "This call form was already used: the call from %(caller)s was saved at %(at)s. "
        "Nothing new was recorded."
    ) % {
        "caller": call.caller_name,
        "at": timezone.localtime(call.received_at).strftime("%Y-%m-%d %H:%M"),
    }


def check_reply_due(due: datetime.date | None) -> None:
    """A reply is due from today to a year ahead: not in the past, not in 9999."""
    if due is None:
        return
    today = timezone.localdate()
    if due < today:
        raise ReceptionError(
            _("The reply cannot be due in the past."), code="reply_due_past", field="reply_due"
        )
    latest = today + datetime.timedelta(days=PhoneCall.REPLY_DUE_MAX_DAYS)
    if due > latest:
        raise ReceptionError(
            _("A reply is due within a year: by %(latest)s at the latest.")
            % {"latest": latest.isoformat()},
            code="reply_due_too_far",
            field="reply_due",
        )


def _set_reply_plan(call: PhoneCall, method: str, due: datetime.date | None) -> None:
    check_reply_due(due)
    if method and method not in PhoneCall.ReplyMethod.values:
        raise ReceptionError(
            _("Choose how the caller gets the reply."),
            code="bad_reply_method",
            field="reply_method",
        )
    call.reply_method = method or PhoneCall.ReplyMethod.CALL
    call.reply_due = due or timezone.localdate() + datetime.timedelta(days=REPLY_DAYS)


def _notify_routed(call: PhoneCall) -> None:
    assert call.department is not None
    title = _("Call routed to %(department)s: %(topic)s from %(caller)s") % {
        "department": call.department,
        "topic": call.get_topic_display(),
        "caller": call.caller_name,
    }
    where = f"{call.unit.code}: " if call.unit_id and call.unit else ""
    notify_on_commit(
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
    check_actor(
        actor,
        estate_id=call.estate_id,
        roles=CALL_ROLES,
        message=_("You may not route phone calls."),
    )
    call = _locked_call(call)
    check_department(department, call.estate)
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
    check_actor(
        actor,
        estate_id=call.estate_id,
        roles=CALL_ROLES,
        message=_("You may not record replies to calls."),
    )
    call = _locked_call(call)
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
    not_in_future(
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
def call_replied_by_order(*, call_id: int, actor, order) -> PhoneCall | None:
    """The work order opened from a call is closed: a caller still waiting for a reply has it
    (the order's work), by whoever closed the order. Nothing when the call was replied."""
    call = PhoneCall.objects.select_for_update().filter(pk=call_id).first()
    if call is None or not call.awaiting_reply:
        return call
    done = order.work_done.strip() or order.get_status_display()
    call.reply = _("Work order %(number)s closed: %(work)s") % {
        "number": order.number,
        "work": done,
    }
    call.replied_at, call.replied_by = timezone.now(), actor
    call.status, call.awaiting_reply = Status.REPLIED, False
    stamp(call, actor)
    call.save(update_fields=["reply", "replied_at", "replied_by", "status", "awaiting_reply"])
    return call


@transaction.atomic
def call_convert(
    *,
    actor,
    call: PhoneCall,
    action: str,
    form_key: uuid.UUID | str | None = None,
    **options,
) -> Any:
    """Turn a call into another document (a work order, a complaint…) by a registered
    action; the call keeps a link to what it became. ``form_key`` is the call page's form
    key: a second use (a double click) raises ``FormUsed`` with the first document."""
    conversion = conversions.get(action)
    if conversion is None:
        raise ReceptionError(_("A call cannot be turned into that (yet)."), code="unknown_action")
    check_actor(
        actor,
        estate_id=call.estate_id,
        roles=conversion.roles,
        message=_("You may not do this with a call."),
    )
    key = form_key_of(form_key)
    call = _locked_call(call)  # a second post of the form waits here, then finds the first
    if key is not None:
        used = CallLink.objects.filter(form_key=key).first()
        if used is not None and used.call_id != call.pk:
            raise ReceptionError(_("This form is damaged: open it again."), code="bad_form_key")
        if used is not None:
            raise FormUsed(
                _("This call was already turned into %(document)s. Nothing new was recorded.")
                % {"document": used.label},
                record=used.target or call,
            )
    if conversion.once:
        earlier = CallLink.objects.filter(call=call, action=action).first()
        if earlier is not None:
            raise FormUsed(
                _("This call is already recorded as %(document)s.") % {"document": earlier.label},
                record=earlier.target or call,
            )
    target = conversion.convert(actor=actor, call=call, **options)
    CallLink.objects.create(
        call=call,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        label=conversion.label_of(target)[:100],
        created_by=actor,
        form_key=key,
    )
    return target
