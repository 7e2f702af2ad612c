"""Services on the desk: the quick action "new service", the today panels (services today,
awaiting acceptance, accepted but unpaid), the dossier's services, the menu (the requests,
the catalogue, the technician's day, the report)."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu, quick_actions, today_panels
from frontdesk.scoping import desk_estate_ids, has_role

from . import selectors
from .permissions import (
    ACCEPT_ROLES,
    CATALOGUE_ROLES,
    CHARGE_ROLES,
    MINE_ROLES,
    REPORT_ROLES,
    TAKE_ROLES,
    VIEW_ROLES,
)


def _panel(panel) -> dict:
    return {"count": panel.count, "rows": panel.rows}


def _today(request) -> dict:
    return _panel(selectors.today_panel(estate_ids=desk_estate_ids(request)))


def _acceptance(request) -> dict:
    return _panel(selectors.acceptance_panel(estate_ids=desk_estate_ids(request)))


def _unpaid(request) -> dict:
    return _panel(selectors.unpaid_panel(estate_ids=desk_estate_ids(request)))


def _section(request, unit) -> dict:
    return {
        "services": selectors.unit_services(unit=unit),
        "can_take": has_role(request.user, *TAKE_ROLES),
        "unit": unit,
    }


def register() -> None:
    quick_actions.register(
        Entry(
            key="services-new",
            label=_("New service"),
            roles=TAKE_ROLES,
            order=40,
            url_name="services:new",
            icon="basket",
        )
    )
    today_panels.register(
        Entry(
            key="services-today",
            label=_("Services today"),
            roles=(*TAKE_ROLES, *MINE_ROLES),
            order=50,
            icon="basket",
            url_name="services:list",
            template="services/panels/today.html",
            context=_today,
        )
    )
    today_panels.register(
        Entry(
            key="services-acceptance",
            label=_("Services awaiting acceptance"),
            roles=ACCEPT_ROLES,
            order=51,
            icon="clipboard-check",
            url_name="services:list",
            template="services/panels/acceptance.html",
            context=_acceptance,
        )
    )
    today_panels.register(
        Entry(
            key="services-unpaid",
            label=_("Services accepted, not paid"),
            roles=CHARGE_ROLES,
            order=52,
            icon="cash-coin",
            url_name="services:list",
            template="services/panels/unpaid.html",
            context=_unpaid,
        )
    )
    dossier_sections.register(
        Entry(
            key="services",
            label=_("Convenience services"),
            roles=VIEW_ROLES,
            order=48,
            icon="basket",
            template="services/dossier_section.html",
            context=_section,
        )
    )
    menu.register(
        Entry(
            key="services-list",
            group="owners",
            label=_("Convenience services"),
            roles=VIEW_ROLES,
            order=60,
            url_name="services:list",
            icon="basket",
        )
    )
    menu.register(
        Entry(
            key="services-catalogue",
            group="owners",
            label=_("Service catalogue"),
            roles=CATALOGUE_ROLES,
            order=61,
            url_name="services:catalogue",
            icon="card-list",
        )
    )
    menu.register(
        Entry(
            key="services-mine",
            group="owners",
            label=_("My services today"),
            roles=MINE_ROLES,
            order=62,
            url_name="services:mine",
            icon="phone",
        )
    )
    menu.register(
        Entry(
            key="services-report",
            group="manage",
            label=_("Service report"),
            roles=REPORT_ROLES,
            order=63,
            url_name="services:report",
            icon="bar-chart",
        )
    )
