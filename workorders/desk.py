"""Work orders on the desk: the "new repair" quick action, the today panels (orders awaiting
the owner; a department's new orders), the unit dossier's section and the menu entries."""

from django.urls import reverse
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
    CREATE_ROLES,
    DEPARTMENT_PANEL_ROLES,
    OWNER_PANEL_ROLES,
    SECTION_ROLES,
)

PANEL_SIZE = 10


def _section(request, unit) -> dict:
    """The dossier's section: one query, whatever the unit's history."""
    return {
        "orders": selectors.orders_for_unit(user=request.user, unit=unit, limit=10),
        "can_create": has_role(request.user, *CREATE_ROLES),
    }


def _awaiting_owner(request) -> dict:
    queryset = selectors.queue_queryset(
        user=request.user, queue=selectors.QUEUE_OWNER, estate_ids=desk_estate_ids(request)
    )
    page = selectors.order_page(
        queryset, queue=selectors.QUEUE_OWNER, size=PANEL_SIZE, user=request.user
    )
    return {"orders": page.rows}


def _department_new(request) -> dict:
    queryset = selectors.queue_queryset(
        user=request.user, queue=selectors.QUEUE_MINE, estate_ids=desk_estate_ids(request)
    )
    page = selectors.order_page(
        queryset, queue=selectors.QUEUE_MINE, size=PANEL_SIZE, user=request.user
    )
    return {"orders": page.rows}


def register() -> None:
    quick_actions.register(
        Entry(
            key="workorders-new-repair",
            label=_("New repair"),
            roles=CREATE_ROLES,
            order=30,
            url_name="workorders:order-new",
            icon="tools",
        )
    )
    unit_actions.register(
        Entry(
            key="workorders-unit-repair",
            label=_("New repair"),
            roles=CREATE_ROLES,
            order=30,
            icon="tools",
            shortcut="w",
            unit_url=lambda unit: f"{reverse('workorders:order-new')}?unit={unit.pk}",
        )
    )
    today_panels.register(
        Entry(
            key="workorders-owner",
            label=_("Orders awaiting the owner"),
            roles=OWNER_PANEL_ROLES,
            order=40,
            icon="person-check",
            template="workorders/panels/owner.html",
            context=_awaiting_owner,
        )
    )
    today_panels.register(
        Entry(
            key="workorders-department",
            label=_("My department's new orders"),
            roles=DEPARTMENT_PANEL_ROLES,
            order=40,
            icon="tools",
            template="workorders/panels/department.html",
            context=_department_new,
        )
    )
    dossier_sections.register(
        Entry(
            key="workorders",
            label=_("Work orders"),
            roles=SECTION_ROLES,
            order=30,
            icon="tools",
            template="workorders/dossier_section.html",
            context=_section,
        )
    )
    menu.register(
        Entry(
            key="workorders",
            group="works",
            label=_("Work orders"),
            roles=SECTION_ROLES,
            order=30,
            url_name="workorders:order-list",
            icon="tools",
        )
    )
    menu.register(
        Entry(
            key="workorders-mine",
            group="works",
            label=_("My work orders"),
            roles=DEPARTMENT_PANEL_ROLES,
            order=31,
            url_name="workorders:my-orders",
            icon="phone",
        )
    )
