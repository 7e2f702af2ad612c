import datetime
from functools import cache
from urllib.parse import urlencode

from django import forms, template
from django.db.models import Field, Model
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from frontdesk import text

register = template.Library()

# A list of many rows links each to its object: one reverse() per page, not per row.
ID_SLOT = "2147483647"


def url_with_id_slot(name: str) -> str:
    """``name``'s URL for an object id still to fill in with ``|with_id``."""
    return reverse(name, args=[ID_SLOT])


@register.filter
def with_id(url: str, pk) -> str:
    return url.replace(ID_SLOT, str(pk))


@register.filter
def deadline(value: datetime.datetime | None, format: str = "Y-m-d H:i") -> str:
    """A deadline at local midnight is the end of the day before, as an office writes it:
    "2026-05-31 24:00" (or "2026-05-31" without the time), never "2026-06-01 00:00"."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if local.time() != datetime.time(0):
        return dateformat.format(local, format)
    day = local.date() - datetime.timedelta(days=1)
    if "H:i" not in format:
        return dateformat.format(day, format)
    return dateformat.format(day, format.replace("H:i", "").strip()) + " 24:00"


@register.filter
def staff_name(user) -> str:
    return text.staff_name(user)


# The tone (Bootstrap's text-bg-<tone>) of each status choice, per model: one table, so a status
# has the same colour wherever it is shown. tests/frontdesk/test_badges.py checks that every
# choice of these models has its tone; a status missing here shows as "secondary".
STATUS_TONES: dict[str, dict[str, str]] = {
    "inspections.round": {
        "planned": "primary",
        "in_progress": "warning",
        "done": "success",
        "missed": "danger",
    },
    "inspections.nonconformity": {
        "open": "danger",
        "handled": "info",
        "sheet": "warning",
        "closed": "success",
    },
    "services.servicerequest": {
        "requested": "warning",
        "agreed": "info",
        "dispatched": "primary",
        "done": "warning",
        "accepted": "info",
        "charged": "primary",
        "closed": "success",
        "cancelled": "secondary",
    },
    "renovation.renovation": {
        "submitted": "warning",
        "returned": "info",
        "approved": "primary",
        "working": "primary",
        "completed": "success",
        "rejected": "dark",
        "withdrawn": "secondary",
    },
    "renovation.workerpass": {"active": "success", "revoked": "dark"},
    "leasing.contract": {"active": "success", "ended": "secondary", "terminated": "dark"},
    "leasing.negotiation": {"open": "primary", "contracted": "success", "dropped": "secondary"},
    "surveys.questionnaire": {"draft": "secondary", "open": "primary", "closed": "success"},
    "renovation.rectification": {
        "open": "warning",
        "corrected": "success",
        "not_corrected": "danger",
    },
    "workorders.workorder": {
        "open": "primary",
        "dispatched": "primary",
        "signed": "warning",
        "in_progress": "warning",
        "completed": "warning",  # done by the technician, not yet verified
        "verified": "info",
        "booked": "info",
        "owner_confirmed": "info",
        "closed": "secondary",
        "cancelled": "dark",
    },
    "reception.phonecall": {
        "answered": "success",
        "replied": "success",
        "pending": "warning",
        "transferred": "info",
    },
    "checkin.moveincase": {"open": "primary", "completed": "success", "cancelled": "secondary"},
    "fees.reversalrequest": {"pending": "warning", "approved": "success", "refused": "secondary"},
    "complaints.complaint": {
        "received": "primary",
        "handling": "warning",
        "waiting_order": "info",
        "handled": "info",
        "closed": "success",
        "invalid": "dark",
    },
    "revisits.revisit": {
        "pending": "primary",
        "due_soon": "warning",
        "overdue": "danger",
        "done": "success",
        "exempted": "secondary",
    },
    "releases.releaseslip": {
        "waiting": "warning",
        "issued": "primary",
        "used": "success",
        "expired": "secondary",
        "cancelled": "dark",
    },
    "owners.unit": {
        "unsold": "info",
        "unoccupied": "info",
        "handed_over": "info",
        "occupied": "info",
        "in_custody": "info",
        "renovating": "info",
    },
}
DEFAULT_TONE = "secondary"
OVERDUE_TONE = "danger"


@cache
def _status_labels(model: type[Model], language: str | None) -> dict[str, str]:
    # Resolving a lazy choice label costs more than a dict lookup: once per model and language,
    # not once per row of a long list.
    field = model._meta.get_field("status")
    assert isinstance(field, Field)
    return {str(value): str(label) for value, label in field.flatchoices}


@register.simple_tag
def status_badge(obj, *, overdue=False, testid="", extra=""):
    """``obj.status`` as a badge in its tone, e.g. ``{% status_badge order testid="status" %}``.

    ``overdue`` turns it red and says so after the label; ``extra`` adds classes (``fs-6``).
    """
    status = str(obj.status)
    label = _status_labels(type(obj), get_language()).get(status, status)
    tone = STATUS_TONES.get(obj._meta.label_lower, {}).get(status, DEFAULT_TONE)
    if overdue:
        tone, label = OVERDUE_TONE, f"{label} · {gettext('overdue')}"
    return format_html(
        '<span class="badge text-bg-{}{}"{}>{}</span>',
        tone,
        f" {extra}" if extra else "",
        format_html(' data-testid="{}"', testid) if testid else "",
        label,
    )


# The list-page skeleton (templates/frontdesk/list_page.html)


@register.filter
def filter_widget(field) -> str:
    """A list filter's widget, small, with Bootstrap's class for its kind: plain widgets, as
    crispy's per-field templates cost more than the list itself."""
    css = "form-select" if isinstance(field.field.widget, forms.Select) else "form-control"
    css = f"{css} {css}-sm{' is-invalid' if field.errors else ''}"
    return field.as_widget(attrs={"class": css})


@register.simple_tag
def export_link(url_name: str, query: str = "", **params) -> str:
    """A list's Excel export: ``url_name`` with ``params`` and the list's filters (``query``,
    already encoded), e.g. ``{% export_link "workorders:order-export" query queue=queue %}``."""
    parts = [urlencode(params)] if params else []
    if query:
        parts.append(query)
    href = reverse(url_name) + ("?" + "&".join(parts) if parts else "")
    return format_html(
        '<a class="btn btn-outline-secondary" href="{}" data-testid="export">'
        '<i class="bi bi-file-earmark-spreadsheet"></i> {}</a>',
        href,
        gettext("Excel"),
    )
