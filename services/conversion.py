"""The phone log's "turn into a service request" (reception.conversions), registered from
ready(): the call becomes a request awaiting its agreement, with the caller, the unit, what
was said and the catalogue service it names (else the first one: the desk changes it when
it records the five terms)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reception import conversions

from . import permissions
from .errors import ServiceError
from .models import ServiceItem, ServiceRequest
from .services import Terms, service_request_take


def guess_item(estate_id: int, said: str) -> ServiceItem | None:
    items = list(ServiceItem.objects.filter(estate_id=estate_id, active=True))
    for item in items:
        if item.name in said:
            return item
    return items[0] if items else None


def to_service(*, actor, call, **options) -> ServiceRequest:
    if call.unit_id is None:
        raise ServiceError(
            _("Record the caller's unit on the call first."), code="no_unit", field="unit"
        )
    item = guess_item(call.estate_id, call.content)
    if item is None:
        raise ServiceError(
            _("The estate's service catalogue is empty: a supervisor adds services first."),
            code="no_catalogue",
        )
    return service_request_take(
        actor=actor,
        unit=call.unit,
        terms=Terms(item=item, item_detail=call.content[:200], area=(call.location or "")[:100]),
        requester_name=(call.caller_name or _("Caller"))[:50],
        requester_phone=(call.contact_phone or call.caller_phone)[:30],
        source=ServiceRequest.Source.PHONE,
    )


def _label(service) -> str:
    return service.number


def register() -> None:
    conversions.register(
        conversions.Conversion(
            key="service",
            label=gettext_lazy("Record as service request"),
            convert=to_service,
            roles=permissions.TAKE_ROLES,
            icon="basket",
            order=30,
            label_of=_label,
            once=True,
        )
    )
