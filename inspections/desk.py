"""Inspections on the desk: today panels (rounds due, late and missed; follow-up checks due)
and the menu (my rounds, the plan, nonconformities, the report)."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, menu, today_panels
from frontdesk.scoping import desk_estate_ids

from . import selectors
from .permissions import (
    FOLLOW_UP_ROLES,
    NONCONFORMITY_ROLES,
    PLAN_ROLES,
    REPORT_ROLES,
    ROUND_ROLES,
)


def _rounds(request) -> dict:
    panel = selectors.rounds_panel(user=request.user, estate_ids=desk_estate_ids(request))
    return {"count": panel.count, "rows": panel.rows}


def _follow_ups(request) -> dict:
    panel = selectors.follow_ups_panel(user=request.user, estate_ids=desk_estate_ids(request))
    return {"count": panel.count, "rows": panel.rows}


def register() -> None:
    today_panels.register(
        Entry(
            key="inspections-rounds",
            label=_("Inspection rounds due"),
            roles=ROUND_ROLES,
            order=60,
            icon="qr-code-scan",
            url_name="inspections:mine",
            template="inspections/panels/rounds.html",
            context=_rounds,
        )
    )
    today_panels.register(
        Entry(
            key="inspections-follow-ups",
            label=_("Follow-up checks due"),
            roles=FOLLOW_UP_ROLES,
            order=61,
            icon="arrow-repeat",
            url_name="inspections:nonconformities",
            template="inspections/panels/follow_ups.html",
            context=_follow_ups,
        )
    )
    menu.register(
        Entry(
            key="inspections-mine",
            group="works",
            label=_("My rounds"),
            roles=ROUND_ROLES,
            order=70,
            url_name="inspections:mine",
            icon="qr-code-scan",
        )
    )
    menu.register(
        Entry(
            key="inspections-plan",
            group="works",
            label=_("Inspection plan"),
            roles=PLAN_ROLES,
            order=71,
            url_name="inspections:plan",
            icon="calendar-check",
        )
    )
    menu.register(
        Entry(
            key="inspections-nonconformities",
            group="works",
            label=_("Nonconformities"),
            roles=NONCONFORMITY_ROLES,
            order=72,
            url_name="inspections:nonconformities",
            icon="exclamation-triangle",
        )
    )
    menu.register(
        Entry(
            key="inspections-report",
            group="manage",
            label=_("Inspection report"),
            roles=REPORT_ROLES,
            order=73,
            url_name="inspections:report",
            icon="bar-chart",
        )
    )
