"""What every write of a service request shares: the lock, the timeline, the text policy."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from frontdesk.text import clean_text

from ..errors import ServiceError
from ..models import ServiceRequest, ServiceStep


def locked(service: ServiceRequest) -> ServiceRequest:
    return (
        ServiceRequest.objects.select_for_update().select_related("item", "unit").get(pk=service.pk)
    )


def step(service: ServiceRequest, kind: str, *, actor, note: str = "") -> ServiceStep:
    return ServiceStep.objects.create(
        service=service, step=kind, by=actor, note=note[:300], at=timezone.now()
    )


def text(value, field: str, *, max_length: int, multiline: bool = False) -> str:
    try:
        return clean_text(value or "", multiline=multiline, max_length=max_length)
    except ValidationError as error:
        raise ServiceError(error.messages[0], code=error.code or "bad_text", field=field) from None


def check_status(service: ServiceRequest, *allowed: str, message: str) -> None:
    if service.status not in allowed:
        raise ServiceError(message, code="wrong_step")


def save(service: ServiceRequest, actor, fields: list[str]) -> None:
    service._history_user = actor  # type: ignore[attr-defined]
    service.save(update_fields=fields)
