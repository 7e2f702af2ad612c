"""Taking a service request and recording the agreement: its five terms (item, area, time, cost,
effect), oral (who agreed, when, by phone or in person) or written (the signed scan)."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.errors import OTHER_ESTATE
from frontdesk.money import parse_money
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from frontdesk.services import notification_send
from owners.uploads import validate_scan
from owners.validators import normalize_phone, validate_phone

from .. import permissions
from ..errors import ServiceError
from ..models import DepartmentHours, ServiceItem, ServiceRequest, ServiceStep
from .base import check_status, locked, save, step, text

NUMBER_KIND = "service"
NUMBER_PREFIX = "FW"
DEFAULT_OPENS = datetime.time(8, 0)
DEFAULT_CLOSES = datetime.time(18, 0)


@dataclass
class Terms:
    """The agreement's five terms as the desk typed them (any may still be empty)."""

    item: ServiceItem
    item_detail: str = ""
    area: str = ""
    slot_start: datetime.datetime | None = None
    slot_end: datetime.datetime | None = None
    cost_kind: str = ""
    price_low: Decimal | str | None = None
    price_high: Decimal | str | None = None
    effect: str = ""


def _used(service: ServiceRequest) -> str:
    return _("This form was already sent: service %(number)s.") % {"number": service.number}


def hours_of(department_id: int) -> tuple[datetime.time, datetime.time, bool]:
    row = DepartmentHours.objects.filter(department_id=department_id).first()
    if row is None:
        return DEFAULT_OPENS, DEFAULT_CLOSES, True
    return row.opens, row.closes, row.weekends


def check_slot(
    department_id: int, start: datetime.datetime, end: datetime.datetime, *, now=None
) -> None:
    """An agreed slot: in the future, start before end, one local day, within the
    department's hours (and not at a weekend when it does not work then)."""
    now = now or timezone.now()
    if start >= end:
        raise ServiceError(
            _("The agreed time must end after it starts."), code="bad_slot", field="slot_end"
        )
    if start < now:
        raise ServiceError(
            _("The agreed time is in the past."), code="slot_in_past", field="slot_start"
        )
    if start > now + datetime.timedelta(days=366):
        raise ServiceError(
            _("The agreed time is more than a year ahead."), code="slot_too_far", field="slot_start"
        )
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    opens, closes, weekends = hours_of(department_id)
    if (
        local_start.date() != local_end.date()
        or local_start.time() < opens
        or local_end.time() > closes
    ):
        raise ServiceError(
            _("The department comes to homes from %(opens)s to %(closes)s: choose a time then.")
            % {"opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"},
            code="outside_hours",
            field="slot_start",
        )
    if not weekends and local_start.weekday() >= 5:
        raise ServiceError(
            _("The department does not come to homes at weekends."),
            code="outside_hours",
            field="slot_start",
        )


def parse_money_field(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    return parse_money(value, field=field, allow_zero=True, max_digits=10, error=ServiceError)


def _apply_terms(service: ServiceRequest, terms: Terms, *, check_time: bool) -> None:
    item = terms.item
    if item.estate_id != service.estate_id or not item.active:
        raise ServiceError(
            _("Choose a service of this estate's catalogue."), code=OTHER_ESTATE, field="item"
        )
    service.item = item
    service.department_id = item.department_id
    service.item_detail = text(terms.item_detail, "item_detail", max_length=200)
    service.area = text(terms.area, "area", max_length=100)
    service.effect = text(terms.effect, "effect", max_length=1000, multiline=True)
    if bool(terms.slot_start) != bool(terms.slot_end):
        raise ServiceError(
            _("Give both ends of the agreed time."), code="bad_slot", field="slot_end"
        )
    if terms.slot_start and terms.slot_end and check_time:
        check_slot(item.department_id, terms.slot_start, terms.slot_end)
    service.slot_start, service.slot_end = terms.slot_start, terms.slot_end
    kind = terms.cost_kind or ""
    if kind and kind not in ServiceRequest.CostKind.values:
        raise ServiceError(
            _("Choose how the cost is agreed."), code="bad_choice", field="cost_kind"
        )
    low, high = (
        parse_money_field(terms.price_low, "price_low"),
        parse_money_field(terms.price_high, "price_high"),
    )
    if kind == ServiceRequest.CostKind.FIXED:
        high = high if high is not None else (low if low is not None else item.price_high)
        low = high
    elif kind == ServiceRequest.CostKind.RANGE:
        low = low if low is not None else item.price_low
        high = high if high is not None else item.price_high
    elif kind == ServiceRequest.CostKind.QUOTE:
        low = high = None
    if low is not None and high is not None and low > high:
        raise ServiceError(
            _("The price range must not end below where it starts."),
            code="bad_range",
            field="price_high",
        )
    service.cost_kind, service.price_low, service.price_high = kind, low, high


def _check_unit(actor, unit, item: ServiceItem) -> None:
    check_actor(
        actor,
        estate_id=unit.estate_id,
        roles=permissions.TAKE_ROLES,
        message=_("Only the desk takes service requests."),
    )
    if item.estate_id != unit.estate_id:
        raise ServiceError(
            _("Choose a service of this estate's catalogue."), code=OTHER_ESTATE, field="item"
        )


@transaction.atomic
def service_request_take(
    *,
    actor,
    unit,
    terms: Terms,
    requester_name: str,
    requester_phone: str,
    source: str = ServiceRequest.Source.DESK,
    form_key: uuid.UUID | None = None,
) -> ServiceRequest:
    """A service from the desk, the dossier or a phone call, with the terms known so far
    and its gapless number (per estate and year)."""
    _check_unit(actor, unit, terms.item)
    refuse_used_key(ServiceRequest, form_key, _used, actor=actor, error=ServiceError)
    if source not in ServiceRequest.Source.values:
        raise ServiceError(_("Choose where the request came from."), code="bad_choice")
    service = ServiceRequest(
        estate_id=unit.estate_id,
        unit=unit,
        source=source,
        requester_name=text(requester_name, "requester_name", max_length=50),
        requester_phone=text(requester_phone, "requester_phone", max_length=30),
        created_by=actor,
    )
    if not service.requester_name:
        raise ServiceError(_("Who asks for the service?"), code="required", field="requester_name")
    if not service.requester_phone:
        raise ServiceError(
            _("A phone number to reach them."), code="required", field="requester_phone"
        )
    try:
        validate_phone(service.requester_phone)
    except ValidationError as error:
        raise ServiceError(error.messages[0], code="invalid", field="requester_phone") from None
    service.requester_phone = normalize_phone(service.requester_phone)
    _apply_terms(service, terms, check_time=True)
    service._history_user = actor  # type: ignore[attr-defined]

    def number() -> None:
        service.number = allocate_number(
            estate_id=unit.estate_id, kind=NUMBER_KIND, prefix=NUMBER_PREFIX
        )

    save_once(service, form_key, _used, actor=actor, error=ServiceError, before=number)
    step(service, ServiceStep.Step.REQUESTED, actor=actor, note=service.get_source_display())
    return service


@dataclass
class Agreement:
    """How the owner agreed: orally (who, when, by phone or in person) or in writing (the
    signed agreement's scan)."""

    kind: str
    agreed_by: str = ""
    agreed_at: datetime.datetime | None = None
    via: str = ""
    scan: object | None = None


def _record_agreement(service: ServiceRequest, agreement: Agreement) -> list[str]:
    if agreement.kind == ServiceRequest.Agreement.ORAL:
        who = text(agreement.agreed_by, "agreed_by", max_length=50)
        if not who or agreement.agreed_at is None or agreement.via not in ServiceRequest.Via.values:
            raise ServiceError(
                _("An oral agreement needs who agreed, when, and whether by phone or in person."),
                code="oral_incomplete",
                field="agreed_by",
            )
        if agreement.agreed_at > timezone.now() + datetime.timedelta(minutes=5):
            raise ServiceError(
                _("This time cannot be in the future."), code="future", field="agreed_at"
            )
        taken = timezone.localtime(service.created_at)
        if agreement.agreed_at < taken - datetime.timedelta(days=1):
            raise ServiceError(
                _("The agreement cannot be older than the request (taken %(taken)s).")
                % {"taken": taken.strftime("%Y-%m-%d %H:%M")},
                code="before_request",
                field="agreed_at",
            )
        service.agreed_by, service.agreed_at, service.agreed_via = (
            who,
            agreement.agreed_at,
            agreement.via,
        )
        return ["agreed_by", "agreed_at", "agreed_via"]
    if agreement.kind == ServiceRequest.Agreement.WRITTEN:
        if agreement.scan is None:
            raise ServiceError(
                _("Upload the scan of the agreement the owner signed."),
                code="no_scan",
                field="scan",
            )
        try:
            validate_scan(agreement.scan)
        except ValidationError as error:
            raise ServiceError(error.messages[0], code="bad_file", field="scan") from None
        service.agreement_scan.save(
            f"{service.number}.{_extension(agreement.scan)}", agreement.scan, save=False
        )
        service.agreed_by = text(agreement.agreed_by, "agreed_by", max_length=50)
        service.agreed_at = timezone.now()
        service.agreed_via = ServiceRequest.Via.IN_PERSON
        return ["agreement_scan", "agreed_by", "agreed_at", "agreed_via"]
    raise ServiceError(_("Choose oral or written."), code="bad_choice", field="agreement")


def _extension(upload) -> str:
    head = upload.read(5)
    upload.seek(0)
    return "pdf" if head == b"%PDF-" else "png" if head[:4] == b"\x89PNG" else "jpg"


def _notify_head(service: ServiceRequest) -> None:
    head = service.department.head
    if head is None:
        return
    transaction.on_commit(
        lambda: notification_send(
            users=[head],
            title=_("Service %(number)s agreed: %(item)s, %(unit)s")
            % {"number": service.number, "item": service.item.name, "unit": service.unit.code},
            body=_("Agreed time: %(slot)s. Assign someone for it.")
            % {"slot": f"{timezone.localtime(service.slot_start):%Y-%m-%d %H:%M}"},
            url=service.get_absolute_url(),
        )
    )


@transaction.atomic
def agreement_record(
    *, actor, service: ServiceRequest, terms: Terms, agreement: Agreement
) -> ServiceRequest:
    """The five terms as agreed with the owner, and how: the service is then agreed and the
    head of the service's department is told."""
    check_actor(
        actor,
        estate_id=service.estate_id,
        roles=permissions.TAKE_ROLES,
        message=_("Only the desk records the agreement."),
    )
    service = locked(service)
    check_status(
        service,
        ServiceRequest.Status.REQUESTED,
        ServiceRequest.Status.AGREED,
        message=_("The agreement is recorded before the service is dispatched."),
    )
    _apply_terms(service, terms, check_time=True)
    missing = service.missing_terms()
    if missing:
        raise ServiceError(
            _("Agree all five terms first; missing: %(terms)s.") % {"terms": ", ".join(missing)},
            code="terms_missing",
        )
    service.agreement = agreement.kind
    fields = _record_agreement(service, agreement)
    service.status = ServiceRequest.Status.AGREED
    service.agreement_recorded_by = actor
    save(
        service,
        actor,
        [
            *fields,
            "item",
            "department",
            "item_detail",
            "area",
            "slot_start",
            "slot_end",
            "cost_kind",
            "price_low",
            "price_high",
            "effect",
            "agreement",
            "status",
            "agreement_recorded_by",
        ],
    )
    step(service, ServiceStep.Step.AGREED, actor=actor, note=service.get_agreement_display())
    _notify_head(service)
    return service
