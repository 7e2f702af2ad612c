"""The services' printed documents, A4, in the estate's print language (Simplified Chinese):
the catalogue announcement for the publicity column, and the service agreement and sheet with
the five terms, the owner's signature lines and the acceptance."""

from django.utils import timezone, translation

from frontdesk.pdf import render_pdf

from .models import ServiceRequest

PRINT_LANGUAGE = "zh-hans"


def _render(template: str, context: dict) -> bytes:
    with translation.override(PRINT_LANGUAGE):
        return render_pdf(template, {**context, "LANGUAGE_CODE": PRINT_LANGUAGE})


def render_announcement(estate, items: list) -> bytes:
    return _render(
        "services/pdf/announcement.html",
        {"estate": estate, "items": items, "today": timezone.localdate()},
    )


def render_agreement(service: ServiceRequest) -> bytes:
    return _render(
        "services/pdf/agreement.html",
        {
            "service": service,
            "slot_start": service.slot_start and timezone.localtime(service.slot_start),
            "slot_end": service.slot_end and timezone.localtime(service.slot_end),
        },
    )
