"""Activities' printed documents, A4, in the estate's print language (Simplified Chinese):
the booking confirmation, the notice, the activity plan and its summary."""

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


def render_plan(plan) -> bytes:
    """The activity plan with every seed field, its budget, layout and division of labour."""
    from .selectors import plan_parts

    return _render(
        "activities/pdf/plan.html",
        {
            "plan": plan,
            "parts": plan_parts(plan),
            "starts_at": timezone.localtime(plan.starts_at),
            "ends_at": timezone.localtime(plan.ends_at),
            "printed_at": timezone.localtime(),
        },
    )


def render_summary(plan) -> bytes:
    """The summary after the event: headcount, spending against the budget, owners' response."""
    from .selectors import plan_parts

    parts = plan_parts(plan)
    spending = plan.actual_spending or 0
    return _render(
        "activities/pdf/summary.html",
        {
            "plan": plan,
            "parts": parts,
            "difference": abs(spending - parts.budget_total),
            "over": spending > parts.budget_total,
            "starts_at": timezone.localtime(plan.starts_at),
            "ends_at": timezone.localtime(plan.ends_at),
            "printed_at": timezone.localtime(),
        },
    )
