"""The printed complaint record: A4, Chinese, with its number, the procedure's steps, the
reminder not to make promises, and signature lines."""

from django.conf import settings
from django.utils import timezone

from frontdesk.pdf import qr_data_uri, render_pdf

from . import selectors
from .choices import NO_PROMISE_REMINDER, Step
from .models import Complaint

TURNS = (Step.RETURN_VISIT, Step.REOPENED, Step.ESCALATED, Step.VERDICT_CHANGED)


def render_complaint(complaint: Complaint) -> bytes:
    steps = selectors.complaint_steps(complaint)
    context = {
        "complaint": complaint,
        "estate": complaint.estate,
        "items": selectors.complaint_checklist(complaint, steps),
        # Its return visits, reopenings and escalations, every round: the record of a reopened
        # complaint shows why it was handled again.
        "turns": [row for row in steps if row.step in TURNS],
        "reminder": NO_PROMISE_REMINDER,
        "qr": qr_data_uri(f"{settings.SITE_URL}{complaint.get_absolute_url()}"),
        "printed_at": timezone.localtime(),
    }
    return render_pdf("complaints/pdf/complaint.html", context)
