"""Release slips on the desk: the quick action, the panel of slips waiting for the owner,
the dossier's slips, the menu (lists, the gate page for guards, the reconciliation)."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu, quick_actions, today_panels
from frontdesk.scoping import desk_estate_ids, has_role

from . import selectors
from .permissions import GATE_ROLES, ISSUE_ROLES, RECONCILE_ROLES, VIEW_ROLES


def _waiting(request) -> dict:
    panel = selectors.waiting_panel(estate_ids=desk_estate_ids(request))
    return {"count": panel.count, "slips": panel.rows}


def _section(request, unit) -> dict:
    return {
        "slips": selectors.unit_slips(unit=unit),
        "can_issue": has_role(request.user, *ISSUE_ROLES),
        "unit": unit,
    }


def register() -> None:
    quick_actions.register(
        Entry(
            key="releases-new",
            label=_("Release slip"),
            roles=ISSUE_ROLES,
            order=35,
            url_name="releases:slip-new",
            icon="box-arrow-right",
        )
    )
    quick_actions.register(
        Entry(
            key="releases-gate",
            label=_("Check a release slip"),
            roles=GATE_ROLES,
            order=36,
            url_name="releases:gate",
            icon="qr-code-scan",
        )
    )
    today_panels.register(
        Entry(
            key="releases-waiting",
            label=_("Release slips waiting for the owner"),
            roles=VIEW_ROLES,
            order=45,
            icon="box-arrow-right",
            url_name="releases:slips",
            template="releases/panels/waiting.html",
            context=_waiting,
        )
    )
    dossier_sections.register(
        Entry(
            key="releases",
            label=_("Release slips"),
            roles=VIEW_ROLES,
            order=45,
            icon="box-arrow-right",
            template="releases/dossier_section.html",
            context=_section,
        )
    )
    menu.register(
        Entry(
            key="releases-slips",
            group="reception",
            label=_("Release slips"),
            roles=VIEW_ROLES,
            order=55,
            url_name="releases:slips",
            icon="box-arrow-right",
        )
    )
    menu.register(
        Entry(
            key="releases-gate",
            group="reception",
            label=_("Gate check"),
            roles=GATE_ROLES,
            order=56,
            url_name="releases:gate",
            icon="qr-code-scan",
        )
    )
    menu.register(
        Entry(
            key="releases-reconciliation",
            group="reception",
            label=_("Slip reconciliation"),
            roles=RECONCILE_ROLES,
            order=57,
            url_name="releases:reconciliation",
            icon="clipboard-check",
        )
    )
