"""Reception on the desk: "new call" and "new visitor", the panels of calls awaiting a reply
and of visitors still on site, the dossier's calls and visits, the two logs in the menu."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.registry import (
    Entry,
    dossier_sections,
    menu,
    quick_actions,
    today_panels,
    unit_actions,
)
from frontdesk.scoping import desk_estate_ids, has_role

from . import selectors
from .permissions import (
    CALL_ROLES,
    CALL_VIEW_ROLES,
    SECTION_ROLES,
    VISIT_ROLES,
    VISIT_VIEW_ROLES,
)


def _awaiting(request) -> dict:
    panel = selectors.awaiting_panel(estate_ids=desk_estate_ids(request))
    return {"count": panel.count, "calls": panel.rows, "today": timezone.localdate()}


def _on_site(request) -> dict:
    panel = selectors.on_site_panel(estate_ids=desk_estate_ids(request))
    return {
        "count": panel.count,
        "visits": panel.rows,
        "can_record": has_role(request.user, *VISIT_ROLES),
    }


def _section(request, unit) -> dict:
    """The dossier's calls and visits: two queries, whatever the unit's history."""
    sees_calls = has_role(request.user, *CALL_VIEW_ROLES)
    sees_visits = has_role(request.user, *VISIT_VIEW_ROLES)
    reception = selectors.unit_reception(unit=unit)
    return {
        "calls": reception.calls if sees_calls else [],
        "visits": reception.visits if sees_visits else [],
        "sees_calls": sees_calls,
        "sees_visits": sees_visits,
        "can_call": has_role(request.user, *CALL_ROLES),
        "can_visit": has_role(request.user, *VISIT_ROLES),
        "today": timezone.localdate(),
    }


def register() -> None:
    quick_actions.register(
        Entry(
            key="reception-new-call",
            label=_("New call"),
            roles=CALL_ROLES,
            order=30,
            url_name="reception:call-new",
            icon="telephone-inbound",
        )
    )
    quick_actions.register(
        Entry(
            key="reception-new-visitor",
            label=_("New visitor"),
            roles=VISIT_ROLES,
            order=31,
            url_name="reception:visit-new",
            icon="person-badge",
        )
    )
    unit_actions.register(
        Entry(
            key="reception-unit-call",
            label=_("New call"),
            roles=CALL_ROLES,
            order=20,
            icon="telephone-inbound",
            shortcut="c",
            unit_url=lambda unit: f"{reverse('reception:call-new')}?unit={unit.pk}",
        )
    )
    today_panels.register(
        Entry(
            key="reception-awaiting",
            label=_("Calls awaiting a reply"),
            roles=CALL_VIEW_ROLES,
            order=40,
            icon="telephone-forward",
            url_name="reception:calls",
            template="reception/panels/awaiting.html",
            context=_awaiting,
        )
    )
    today_panels.register(
        Entry(
            key="reception-on-site",
            label=_("Visitors still on site"),
            roles=VISIT_VIEW_ROLES,
            order=41,
            icon="person-badge",
            url_name="reception:on-site",
            template="reception/panels/on_site.html",
            context=_on_site,
        )
    )
    dossier_sections.register(
        Entry(
            key="reception",
            label=_("Calls and visitors"),
            roles=SECTION_ROLES,
            order=40,
            icon="telephone",
            template="reception/dossier_section.html",
            context=_section,
        )
    )
    menu.register(
        Entry(
            key="reception-calls",
            group="reception",
            label=_("Call log"),
            roles=CALL_VIEW_ROLES,
            order=50,
            url_name="reception:calls",
            icon="telephone",
        )
    )
    menu.register(
        Entry(
            key="reception-visits",
            group="reception",
            label=_("Visitor log"),
            roles=VISIT_VIEW_ROLES,
            order=51,
            url_name="reception:visits",
            icon="person-badge",
        )
    )
