"""Activities' printed documents, A4, in the estate's print language (Simplified Chinese):
the booking confirmation."""

from django.utils import timezone, translation

from frontdesk.pdf import render_pdf

from .models import Booking

PRINT_LANGUAGE = "zh-hans"


def _render(template: str, context: dict) -> bytes:
    with translation.override(PRINT_LANGUAGE):
        return render_pdf(template, {**context, "LANGUAGE_CODE": PRINT_LANGUAGE})


def render_confirmation(booking: Booking) -> bytes:
    return _render(
        "activities/pdf/confirmation.html",
        {
            "booking": booking,
            "start": timezone.localtime(booking.start),
            "end": timezone.localtime(booking.end),
            "printed_at": timezone.localtime(),
        },
    )


def render_notice(post) -> bytes:
    """The post as an A4 notice under the estate's name, to put up on the board."""
    return _render("activities/pdf/notice.html", {"post": post})
