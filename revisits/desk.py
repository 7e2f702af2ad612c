"""Return visits on the desk: the today panel (due today and overdue, overdue first), the
unit dossier's section and the menu entry."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu, today_panels
from frontdesk.scoping import desk_estate_ids

from . import selectors
from .permissions import KPI_ROLES, MENU_ROLES, PANEL_ROLES, PLAN_VIEW_ROLES, SECTION_ROLES

PANEL_SIZE = 10


def _due(request) -> dict:
    return {
        "revisits": selectors.due_today(
            user=request.user, estate_ids=desk_estate_ids(request), limit=PANEL_SIZE
        )
    }


def _section(request, unit) -> dict:
    return {"revisits": selectors.revisits_for_unit(user=request.user, unit=unit, limit=10)}


def register() -> None:
    today_panels.register(
        Entry(
            key="revisits-due",
            label=_("Return visits due"),
            roles=PANEL_ROLES,
            order=45,
            icon="telephone-outbound",
            template="revisits/panels/due.html",
            context=_due,
        )
    )
    dossier_sections.register(
        Entry(
            key="revisits",
            label=_("Return visits"),
            roles=SECTION_ROLES,
            order=35,
            icon="telephone-outbound",
            template="revisits/dossier_section.html",
            context=_section,
        )
    )
    menu.register(
        Entry(
            key="revisits",
            group="owners",
            label=_("Return visits"),
            roles=MENU_ROLES,
            order=35,
            url_name="revisits:revisit-list",
            icon="telephone-outbound",
        )
    )
    menu.register(
        Entry(
            key="revisits-kpi",
            group="manage",
            label=_("Return-visit KPIs"),
            roles=KPI_ROLES,
            order=36,
            url_name="revisits:kpi",
            icon="graph-up",
        )
    )
    menu.register(
        Entry(
            key="revisits-plans",
            group="owners",
            label=_("Visit plans"),
            roles=PLAN_VIEW_ROLES,
            order=37,
            url_name="revisits:plan-list",
            icon="calendar-check",
        )
    )
    menu.register(
        Entry(
            key="revisits-summary",
            group="manage",
            label=_("Monthly return-visit summary"),
            roles=KPI_ROLES,
            order=38,
            url_name="revisits:summary",
            icon="clipboard-data",
        )
    )
