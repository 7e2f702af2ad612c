"""Complaints on the desk: the "new complaint" quick action, the today panel (overdue first),
the unit dossier's section and the menu entries."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu, quick_actions, today_panels
from frontdesk.scoping import desk_estate_ids, has_role

from . import selectors
from .permissions import (
    PANEL_ROLES,
    QUEUE_ROLES,
    RECORD_ROLES,
    SECTION_ROLES,
    STATS_ROLES,
    VIEW_ROLES,
)

PANEL_SIZE = 10


def _panel(request) -> dict:
    return {
        "complaints": selectors.today_rows(
            user=request.user, estate_ids=desk_estate_ids(request), limit=PANEL_SIZE
        )
    }


def _section(request, unit) -> dict:
    return {
        "complaints": selectors.complaints_for_unit(user=request.user, unit=unit, limit=10),
        "can_create": has_role(request.user, *RECORD_ROLES),
    }


def register() -> None:
    quick_actions.register(
        Entry(
            key="complaints-new",
            label=_("New complaint"),
            roles=RECORD_ROLES,
            order=35,
            url_name="complaints:complaint-new",
            icon="megaphone",
        )
    )
    today_panels.register(
        Entry(
            key="complaints",
            label=_("Complaints due"),
            roles=PANEL_ROLES,
            order=35,
            icon="megaphone",
            template="complaints/panels/due.html",
            context=_panel,
        )
    )
    dossier_sections.register(
        Entry(
            key="complaints",
            label=_("Complaints"),
            roles=SECTION_ROLES,
            order=35,
            icon="megaphone",
            template="complaints/dossier_section.html",
            context=_section,
        )
    )
    menu.register(
        Entry(
            key="complaints",
            group="owners",
            label=_("Complaints"),
            roles=VIEW_ROLES,
            order=35,
            url_name="complaints:complaint-list",
            icon="megaphone",
        )
    )
    menu.register(
        Entry(
            key="complaints-department",
            group="owners",
            label=_("My department's complaints"),
            roles=QUEUE_ROLES,
            order=36,
            url_name="complaints:department-queue",
            icon="people",
        )
    )
    menu.register(
        Entry(
            key="complaints-stats",
            group="manage",
            label=_("Complaint statistics"),
            roles=STATS_ROLES,
            order=37,
            url_name="complaints:stats",
            icon="bar-chart",
        )
    )
