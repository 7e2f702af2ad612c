"""Leasing on the desk: the today panel of leases ending within 90 days, the menu (leases,
spaces, the owners' income ledger), the quick action of a new negotiation."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, menu, quick_actions, today_panels
from frontdesk.scoping import desk_estate_ids

from . import selectors
from .permissions import DESK_ROLES, LEDGER_ROLES, PANEL_ROLES, VIEW_ROLES


def _expiring(request) -> dict:
    panel = selectors.expiring_panel(estate_ids=desk_estate_ids(request))
    return {"count": panel.count, "rows": panel.rows}


def register() -> None:
    quick_actions.register(
        Entry(
            key="leasing-negotiation",
            label=_("Leasing negotiation"),
            roles=DESK_ROLES,
            order=40,
            url_name="leasing:negotiation-new",
            icon="signpost",
        )
    )
    today_panels.register(
        Entry(
            key="leasing-expiring",
            label=_("Leases ending within 90 days"),
            roles=PANEL_ROLES,
            order=50,
            icon="calendar-x",
            url_name="leasing:list",
            template="leasing/panels/expiring.html",
            context=_expiring,
        )
    )
    menu.register(
        Entry(
            key="leasing-list",
            group="fees",
            label=_("Leasing"),
            roles=VIEW_ROLES,
            order=60,
            url_name="leasing:list",
            icon="signpost",
        )
    )
    menu.register(
        Entry(
            key="leasing-ledger",
            group="fees",
            label=_("Owners' leasing income"),
            roles=LEDGER_ROLES,
            order=61,
            url_name="leasing:ledger",
            icon="journal-text",
        )
    )
