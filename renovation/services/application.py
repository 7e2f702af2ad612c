"""The desk's side of a renovation before the works: the application, its documents, the
plan review (approval charges the garbage fee), the agreement, and the construction permit."""

import datetime
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.errors import DeskError
from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from frontdesk.text import check_date
from owners import services as owner_services
from owners.models import Document, Owner, Ownership, Unit
from owners.uploads import validate_scan
from owners.validators import (
    IdType,
    mask_id_number,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)

from .. import permissions
from ..errors import RenovationError
from ..models import CHECKLIST, Renovation, RenovationFile

NUMBER_KIND, NUMBER_PREFIX = "renovation", "ZX"
PERMIT_KIND, PERMIT_PREFIX = "renovation_permit", "SG"
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: typed from paper
CODE_LENGTH = 8
MAX_WORKERS = 99
MAX_DAYS = 366  # one renovation's planned period
MAX_FILES = 20
FEE_KIND = "decoration_garbage"


@dataclass
class Checklist:
    """The ticked items of the legal checklist (Art. 6–8 of the Measures)."""

    structural: bool = False
    load_increase: bool = False
    waterproofing: bool = False
    facade: bool = False
    pipes: bool = False

    def apply_to(self, renovation: Renovation) -> None:
        for name in CHECKLIST:
            setattr(renovation, name, bool(getattr(self, name)))


@dataclass
class Consent:
    """A tenant's application: how the owner agreed, who, on which number, when."""

    method: str = ""
    owner_name: str = ""
    phone: str = ""
    at: datetime.datetime | None = None


@dataclass
class Application:
    applicant: str
    applicant_name: str
    id_type: str
    id_number: str
    applicant_phone: str
    contractor: str
    contractor_code: str
    contractor_licence: Any
    site_manager: str
    site_manager_phone: str
    scope: str
    description: str
    planned_start: datetime.date
    planned_end: datetime.date
    workers: int
    plans: list = field(default_factory=list)
    checklist: Checklist = field(default_factory=Checklist)
    prohibited: list[str] = field(default_factory=list)  # ticked prohibited works: refused
    attorney_scan: Any = None
    agent_id_scan: Any = None
    consent: Consent = field(default_factory=Consent)


def _error(message: str, code: str, field: str | None = None) -> RenovationError:
    return RenovationError(message, code=code, field=field)


def used_message(renovation: Renovation) -> str:
    return _("This form was already used: it opened renovation %(number)s.") % {
        "number": renovation.number
    }


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def text(value: str, field: str, message: str, *, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise _error(message, "required", field)
    if len(value) > max_length:
        raise _error(
            _("At most %(max)s characters (this has %(length)s).")
            % {"max": max_length, "length": len(value)},
            "too_long",
            field,
        )
    return value


def phone(value: str, field: str) -> str:
    number = normalize_phone(value)
    if not number:
        raise _error(_("Enter a phone number."), "required", field)
    try:
        validate_phone(number)
    except ValidationError as error:
        raise _error(error.messages[0], "invalid_phone", field) from None
    return number


def identity(id_type: str, id_number: str, field: str = "id_number") -> str:
    """The ID number checked (checksum, birth date), to be stored masked only."""
    if id_type not in IdType.values or id_type == IdType.CREDIT_CODE:
        raise _error(_("Choose the type of identity document."), "bad_id_type", "id_type")
    number = normalize_id_number(id_number)
    if not number:
        raise _error(_("Enter the ID number from the document shown."), "no_id", field)
    try:
        validate_id_number(id_type, number)
    except ValidationError as error:
        message = error.message_dict.get("id_number", error.messages)[0]
        raise _error(message, "invalid_id", field) from None
    return number


def credit_code(value: str) -> str:
    """A unified social credit code (GB 32100: 18 characters, check character)."""
    code = normalize_id_number(value)
    if not code:
        raise _error(
            _("Enter the contractor's unified social credit code."), "required", "contractor_code"
        )
    try:
        validate_id_number(IdType.CREDIT_CODE, code)
    except ValidationError as error:
        message = error.message_dict.get("id_number", error.messages)[0]
        raise _error(message, "invalid_credit_code", "contractor_code") from None
    return code


def scan(upload: Any, field: str, message: str) -> Any:
    if not upload:
        raise _error(message, "required", field)
    try:
        validate_scan(upload)
    except ValidationError as error:
        raise _error(error.messages[0], "bad_file", field) from None
    return upload


def _period(start: datetime.date, end: datetime.date, *, today: datetime.date) -> None:
    if start is None or end is None:
        raise _error(_("Enter the planned start and end."), "required", "planned_start")
    if start < today:
        raise _error(
            _("The planned start cannot be in the past."), "start_in_past", "planned_start"
        )
    try:
        check_date(start)
        check_date(end)
    except ValidationError as error:
        raise _error(error.messages[0], "implausible_date", "planned_end") from None
    if end < start:
        raise _error(_("The planned end is before the start."), "end_before_start", "planned_end")
    if (end - start).days > MAX_DAYS:
        raise _error(
            _("A renovation is planned for at most %(days)s days.") % {"days": MAX_DAYS},
            "period_too_long",
            "planned_end",
        )


def _owner_of(unit: Unit) -> Owner:
    ownership = (
        Ownership.objects.current().filter(unit=unit).select_related("owner").order_by("pk").first()
    )
    if ownership is None:
        raise _error(
            _("The unit has no current owner on file: register the owner first."),
            "no_owner",
            "unit",
        )
    return ownership.owner


# An owner's consent is for the works being applied for now, not a note from years ago.
CONSENT_DAYS = 90


def _consent(consent: Consent, *, now: datetime.datetime) -> Consent:
    if consent.method not in Renovation.Consent.values:
        raise _error(
            _("A tenant's application needs the owner's consent: signed in person or by phone."),
            "no_consent",
            "consent",
        )
    name = text(
        consent.owner_name,
        "consent_owner_name",
        _("Name the owner who consented."),
        max_length=100,
    )
    number = ""
    if consent.method == Renovation.Consent.PHONE:
        number = phone(consent.phone, "consent_phone")
    at = consent.at or now
    if at > now + datetime.timedelta(minutes=5):
        raise _error(_("The consent cannot be in the future."), "consent_in_future", "consent_at")
    if at < now - datetime.timedelta(days=CONSENT_DAYS):
        raise _error(
            _("The owner's consent is older than %(n)s days: ask the owner again.")
            % {"n": CONSENT_DAYS},
            "consent_stale",
            "consent_at",
        )
    return Consent(method=consent.method, owner_name=name, phone=number, at=at)


def _check_open(unit: Unit) -> None:
    open_one = Renovation.objects.filter(unit=unit, status__in=Renovation.OPEN).first()
    if open_one is not None:
        raise _error(
            _("%(unit)s already has an open renovation (%(number)s): finish or withdraw it first.")
            % {"unit": unit.code, "number": open_one.number},
            "open_renovation",
            "unit",
        )


@transaction.atomic
def renovation_apply(
    *,
    actor,
    unit: Unit,
    application: Application,
    form_key: uuid.UUID | str | None = None,
) -> Renovation:
    """An application at the desk: checked whole before anything is written; the agent's power
    of attorney and ID copy go into the owners' archive (the household file). A second post
    of one form raises ``FormUsed`` with the first renovation."""
    check_actor(
        actor,
        estate_id=unit.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not take renovation applications."),
    )
    key = form_key_of(
        form_key, error=RenovationError, message=_("This form is damaged: open it again.")
    )
    refuse_used_key(Renovation, key, used_message, actor=actor, error=RenovationError)
    a = application
    unit = Unit.objects.select_for_update().get(pk=unit.pk)  # one application per unit at a time
    _check_open(unit)
    ticked = [item for item in a.prohibited if item.strip()]
    if ticked:
        raise _error(
            _("Prohibited works cannot be approved and the application is not taken: %(items)s.")
            % {"items": "; ".join(ticked)},
            "prohibited",
            "prohibited",
        )
    owner = _owner_of(unit)
    if a.applicant not in Renovation.Applicant.values:
        raise _error(_("Choose who applies."), "bad_applicant", "applicant")
    name = text(
        a.applicant_name, "applicant_name", _("Enter the applicant's name."), max_length=100
    )
    number = identity(a.id_type, a.id_number)
    applicant_phone = phone(a.applicant_phone, "applicant_phone")
    now = timezone.now()
    consent = Consent()
    if a.applicant == Renovation.Applicant.TENANT:
        consent = _consent(a.consent, now=now)
    if a.applicant == Renovation.Applicant.AGENT:
        scan(
            a.attorney_scan,
            "attorney_scan",
            _("An agent brings the owner's power of attorney: upload its scan."),
        )
        scan(a.agent_id_scan, "agent_id_scan", _("Upload a copy of the agent's ID card."))
    contractor = text(a.contractor, "contractor", _("Name the contractor."), max_length=100)
    code = credit_code(a.contractor_code)
    scan(a.contractor_licence, "contractor_licence", _("Upload the contractor's business licence."))
    manager = text(a.site_manager, "site_manager", _("Name the site manager."), max_length=50)
    manager_phone = phone(a.site_manager_phone, "site_manager_phone")
    if a.scope not in Renovation.Scope.values:
        raise _error(_("Choose single-item work or a full renovation."), "bad_scope", "scope")
    description = text(a.description, "description", _("Describe the works."), max_length=4000)
    _period(a.planned_start, a.planned_end, today=timezone.localdate())
    if not a.workers or not 1 <= a.workers <= MAX_WORKERS:
        raise _error(
            _("Enter the number of workers (1 to %(max)s).") % {"max": MAX_WORKERS},
            "bad_workers",
            "workers",
        )
    plans = [upload for upload in a.plans if upload]
    if not plans:
        raise _error(_("Upload the renovation plan or drawings."), "no_plan", "plans")
    if len(plans) > MAX_FILES:
        raise _error(_("Too many files at once."), "too_many_files", "plans")
    for upload in plans:
        scan(upload, "plans", _("Upload the renovation plan or drawings."))
    renovation = Renovation(
        estate_id=unit.estate_id,
        unit=unit,
        owner=owner,
        applicant=a.applicant,
        applicant_name=name,
        id_type=a.id_type,
        id_masked=mask_id_number(number),
        applicant_phone=applicant_phone,
        consent=consent.method,
        consent_owner_name=consent.owner_name,
        consent_phone=consent.phone,
        consent_at=consent.at,
        consent_recorded_by=actor if consent.method else None,
        contractor=contractor,
        contractor_code=code,
        contractor_licence=a.contractor_licence,
        site_manager=manager,
        site_manager_phone=manager_phone,
        scope=a.scope,
        description=description,
        planned_start=a.planned_start,
        planned_end=a.planned_end,
        workers=a.workers,
        created_by=actor,
        created_at=now,
    )
    a.checklist.apply_to(renovation)
    stamp(renovation, actor)

    def numbered() -> None:
        renovation.number = allocate_number(
            estate_id=unit.estate_id, kind=NUMBER_KIND, prefix=NUMBER_PREFIX
        )

    save_once(renovation, key, used_message, actor=actor, error=RenovationError, before=numbered)
    for upload in plans:
        RenovationFile.objects.create(
            renovation=renovation, kind=RenovationFile.Kind.PLAN, file=upload, uploaded_by=actor
        )
    if a.applicant == Renovation.Applicant.AGENT:
        _archive_agent(renovation, actor=actor, attorney=a.attorney_scan, agent_id=a.agent_id_scan)
    return renovation


def _archive_agent(renovation: Renovation, *, actor, attorney, agent_id) -> None:
    """The power of attorney and the agent's ID copy into the household file (owners)."""
    archived = {}
    for kind, upload, title in (
        (
            Document.Kind.POWER_OF_ATTORNEY,
            attorney,
            _("Power of attorney for renovation %(number)s"),
        ),
        (Document.Kind.AGENT_ID_COPY, agent_id, _("Agent's ID copy for renovation %(number)s")),
    ):
        try:
            archived[kind] = owner_services.document_archive(
                actor=actor,
                document=Document(
                    estate_id=renovation.estate_id,
                    unit=renovation.unit,
                    owner=renovation.owner,
                    kind=kind,
                    title=title % {"number": renovation.number},
                    file=upload,
                ),
                source=renovation,
            )
        except DeskError as error:
            raise _error(error.message, "archive_refused", "attorney_scan") from None
    renovation.attorney_document = archived[Document.Kind.POWER_OF_ATTORNEY]
    renovation.agent_id_document = archived[Document.Kind.AGENT_ID_COPY]
    renovation.save(update_fields=["attorney_document", "agent_id_document"])


def locked(renovation: Renovation) -> Renovation:
    return (
        Renovation.objects.select_for_update(of=("self",))
        .select_related("unit", "estate", "deposit__charge")
        .get(pk=renovation.pk)
    )


def check_status(renovation: Renovation, *allowed: str) -> None:
    if renovation.status not in allowed:
        raise _error(
            _("Not possible while the renovation is “%(status)s”.")
            % {"status": renovation.get_status_display()},
            "bad_status",
        )


@transaction.atomic
def file_add(*, actor, renovation: Renovation, kind: str, upload, note: str = "") -> RenovationFile:
    """A document for the checklist or the plans, while the application is under review (and
    the closed-water test record later, while the works run)."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not add renovation documents."),
    )
    renovation = locked(renovation)
    if kind not in RenovationFile.Kind.values:
        raise _error(_("Choose what the document is."), "bad_kind", "kind")
    if kind == RenovationFile.Kind.WATER_TEST:
        check_status(renovation, Renovation.Status.WORKING)
    else:
        check_status(renovation, Renovation.Status.SUBMITTED, Renovation.Status.RETURNED)
    scan(upload, "upload", _("Choose the file to upload."))
    note = (note or "").strip()
    if len(note) > 200:
        raise _error(_("At most 200 characters."), "too_long", "note")
    document = RenovationFile(
        renovation=renovation, kind=kind, file=upload, note=note, uploaded_by=actor
    )
    stamp(document, actor)
    document.save()
    return document


def _reason(reason: str, message: str) -> str:
    return text(reason, "reason", message, max_length=2000)
