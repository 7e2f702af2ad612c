"""Custody on the desk: the today panel of inspections due or overdue, the dossier's custody
section and the custody list in the menu."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu, today_panels
from frontdesk.scoping import desk_estate_ids, has_role

from . import selectors
from .services import INSPECT_ROLES, MANAGE_ROLES, VIEW_ROLES

PANEL_ROWS = 10


def _panel(request) -> dict:
    today = timezone.localdate()
    due = selectors.inspections_due(estate_ids=desk_estate_ids(request), today=today)
    rows = list(due[: PANEL_ROWS + 1])
    return {
        "inspections": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
        "today": today,
        "overdue": sum(1 for row in rows[:PANEL_ROWS] if row.due_date < today),
    }


def _section(request, unit) -> dict:
    return {
        **selectors.unit_custody_section(unit.pk),
        "today": timezone.localdate(),
        "can_manage": has_role(request.user, *MANAGE_ROLES),
    }


def register() -> None:
    today_panels.register(
        Entry(
            key="checkin-inspections",
            label=_("Custody inspections due or overdue"),
            roles=INSPECT_ROLES,
            order=40,
            url_name="checkin:custody-list",
            icon="house-lock",
            template="checkin/panel_inspections.html",
            context=_panel,
        )
    )
    dossier_sections.register(
        Entry(
            key="custody",
            label=_("Custody"),
            roles=VIEW_ROLES,
            order=40,
            icon="house-lock",
            template="checkin/dossier_section.html",
            context=_section,
        )
    )
    menu.register(
        Entry(
            key="checkin-custody",
            label=_("Custody houses"),
            roles=VIEW_ROLES,
            order=50,
            url_name="checkin:custody-list",
            icon="house-lock",
        )
    )
