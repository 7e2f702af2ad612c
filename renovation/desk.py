"""Renovations on the desk: the quick action, the today panels (awaiting review, patrols due,
permits ending), the dossier's renovations, the menu (lists, the guard's pass check)."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu, quick_actions, today_panels
from frontdesk.scoping import desk_estate_ids, has_role

from . import selectors
from .permissions import APPLY_ROLES, GATE_ROLES, PATROL_ROLES, REVIEW_ROLES, SITE_ROLES, VIEW_ROLES


def _review(request) -> dict:
    panel = selectors.review_panel(estate_ids=desk_estate_ids(request))
    return {"count": panel.count, "rows": panel.rows}


def _patrols(request) -> dict:
    panel = selectors.patrol_panel(estate_ids=desk_estate_ids(request))
    return {"count": panel.count, "rows": panel.rows}


def _expiring(request) -> dict:
    panel = selectors.expiring_panel(estate_ids=desk_estate_ids(request))
    return {"count": panel.count, "rows": panel.rows}


def _section(request, unit) -> dict:
    return {
        "renovations": selectors.unit_renovations(unit=unit),
        "can_apply": has_role(request.user, *APPLY_ROLES),
        "unit": unit,
    }


def register() -> None:
    quick_actions.register(
        Entry(
            key="renovation-new",
            label=_("Renovation application"),
            roles=APPLY_ROLES,
            order=38,
            url_name="renovation:new",
            icon="hammer",
        )
    )
    quick_actions.register(
        Entry(
            key="renovation-gate",
            label=_("Check a worker pass"),
            roles=GATE_ROLES,
            order=39,
            url_name="renovation:gate",
            icon="person-badge",
        )
    )
    today_panels.register(
        Entry(
            key="renovation-review",
            label=_("Renovations awaiting review"),
            roles=(*APPLY_ROLES, *REVIEW_ROLES),
            order=47,
            icon="hammer",
            url_name="renovation:list",
            template="renovation/panels/review.html",
            context=_review,
        )
    )
    today_panels.register(
        Entry(
            key="renovation-patrols",
            label=_("Renovation patrols due"),
            roles=PATROL_ROLES,
            order=48,
            icon="binoculars",
            url_name="renovation:list",
            template="renovation/panels/patrols.html",
            context=_patrols,
        )
    )
    today_panels.register(
        Entry(
            key="renovation-expiring",
            label=_("Renovation permits ending"),
            roles=APPLY_ROLES,
            order=49,
            icon="hourglass-split",
            url_name="renovation:list",
            template="renovation/panels/expiring.html",
            context=_expiring,
        )
    )
    dossier_sections.register(
        Entry(
            key="renovation",
            label=_("Renovations"),
            roles=VIEW_ROLES,
            order=47,
            icon="hammer",
            template="renovation/dossier_section.html",
            context=_section,
        )
    )
    menu.register(
        Entry(
            key="renovation-list",
            group="owners",
            label=_("Renovations"),
            roles=SITE_ROLES,
            order=58,
            url_name="renovation:list",
            icon="hammer",
        )
    )
    menu.register(
        Entry(
            key="renovation-gate",
            group="reception",
            label=_("Worker pass check"),
            roles=GATE_ROLES,
            order=59,
            url_name="renovation:gate",
            icon="person-badge",
        )
    )
