"""Recording a complaint: the first step of both procedures."""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor

from .. import permissions
from ..choices import Channel, ComplainantKind, Severity, Step
from ..errors import ComplaintError
from ..models import Complaint
from .base import deadlines, log, refuse_bad_choice, same_estate, save_files, text, validate_files

NUMBER_KIND = "complaint"
NUMBER_PREFIX = "TS"

# What a complaint is about happened within these three years (older is a slip of the year),
# told in at most this many characters (a longer story goes in as an attached file).
OLDEST_MATTER = datetime.timedelta(days=3 * 366)
DESCRIPTION_LENGTH = 4000


def _used(complaint: Complaint) -> str:
    return _("This form was already used: complaint %(number)s. Nothing new was recorded.") % {
        "number": complaint.number
    }


@transaction.atomic
def complaint_record(
    *,
    actor,
    estate,
    channel: str,
    complainant_kind: str,
    complainant_name: str,
    description: str,
    contact_phone: str = "",
    unit=None,
    owner=None,
    happened_at: datetime.datetime | None = None,
    place: str = "",
    severity: str = Severity.ORDINARY,
    phone_call=None,
    work_order=None,
    files=(),
    form_key: uuid.UUID | str | None = None,
    received_at: datetime.datetime | None = None,
) -> Complaint:
    """A new complaint, numbered per estate and year, its clocks started; the form's key
    makes a second post of the same form record nothing (``FormUsed``). A complaint about an
    existing work order (``work_order``) links to it."""
    check_actor(
        actor,
        estate_id=estate.pk,
        roles=permissions.RECORD_ROLES,
        message=_("Your role may not record complaints."),
    )
    key = form_key_of(
        form_key, error=ComplaintError, message=_("This form is damaged: open it again.")
    )
    refuse_used_key(Complaint, key, _used, actor=actor, error=ComplaintError)
    refuse_bad_choice(channel, Channel, "channel")
    refuse_bad_choice(complainant_kind, ComplainantKind, "complainant_kind")
    refuse_bad_choice(severity, Severity, "severity")
    name = text(
        complainant_name, "complainant_name", required=True, multiline=False, max_length=100
    )
    description = text(description, "description", required=True, max_length=DESCRIPTION_LENGTH)
    place = text(place, "place", multiline=False, max_length=200)
    contact_phone = text(contact_phone, "contact_phone", multiline=False, max_length=30)
    same_estate(unit, estate.pk, _("The unit belongs to another estate."), "unit")
    same_estate(owner, estate.pk, _("The owner belongs to another estate."), "owner")
    same_estate(phone_call, estate.pk, _("The call belongs to another estate."))
    same_estate(work_order, estate.pk, _("The work order belongs to another estate."))
    now = timezone.now()
    if happened_at is not None and happened_at > now + datetime.timedelta(minutes=5):
        raise ComplaintError(
            _("When it happened cannot be in the future."), code="future", field="happened_at"
        )
    if happened_at is not None and happened_at < now - OLDEST_MATTER:
        raise ComplaintError(
            _("When it happened is more than three years ago: check the year."),
            code="implausible_date",
            field="happened_at",
        )
    files = validate_files(files)
    received_at = received_at or now
    respond_due, resolve_due = deadlines(estate_id=estate.pk, severity=severity, start=received_at)
    complaint = Complaint(
        estate=estate,
        channel=channel,
        complainant_kind=complainant_kind,
        complainant_name=name,
        contact_phone=contact_phone,
        unit=unit,
        owner=owner,
        description=description,
        happened_at=happened_at,
        place=place,
        received_by=actor,
        received_at=received_at,
        severity=severity,
        respond_due=respond_due,
        resolve_due=resolve_due,
        phone_call=phone_call,
        work_order=work_order,
    )
    stamp(complaint, actor)

    def take_number() -> None:
        complaint.number = allocate_number(
            estate_id=estate.pk, kind=NUMBER_KIND, prefix=NUMBER_PREFIX
        )

    save_once(complaint, key, _used, actor=actor, error=ComplaintError, before=take_number)
    log(complaint, Step.RECORD, actor=actor, at=received_at)
    save_files(complaint, files, actor)
    return complaint


def complaint_from_call(*, actor, call, **options) -> Complaint:
    """The phone log's "turn into a complaint": the call's caller, unit and words."""
    return complaint_record(
        actor=actor,
        estate=call.estate,
        channel=Channel.PHONE,
        complainant_kind=ComplainantKind.OWNER if call.unit_id else ComplainantKind.OTHER,
        complainant_name=call.caller_name,
        contact_phone=call.contact_phone or call.caller_phone,
        unit=call.unit,
        place=call.location,
        description=call.content,
        received_at=call.received_at,
        phone_call=call,
    )
