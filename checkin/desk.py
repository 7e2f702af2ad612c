"""Move-in and custody on the desk: the "move-in" quick action, the today panels (move-ins
waiting for a re-inspection; custody inspections due or overdue), the dossier's move-in and
custody sections and the menu entries."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu, quick_actions, today_panels
from frontdesk.scoping import desk_estate_ids, has_role

from .permissions import INSPECT_ROLES, MANAGE_ROLES, VIEW_ROLES
from .selectors import custody, movein

PANEL_ROWS = 10


def _panel(request) -> dict:
    today = timezone.localdate()
    due = custody.inspections_due(estate_ids=desk_estate_ids(request), today=today)
    rows = list(due[: PANEL_ROWS + 1])
    return {
        "inspections": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
        "today": today,
        "overdue": sum(1 for row in rows[:PANEL_ROWS] if row.due_date < today),
        # An inspector (technician, guard) records from here; the custody list is not theirs.
        "can_see_list": has_role(request.user, *VIEW_ROLES),
    }


def _section(request, unit) -> dict:
    return {
        **custody.unit_custody_section(unit.pk),
        "today": timezone.localdate(),
        "can_manage": has_role(request.user, *MANAGE_ROLES),
    }


def _reinspections(request) -> dict:
    rows = movein.movein_list(estate_ids=desk_estate_ids(request), state="reinspection").only(
        "id", "unit__code", "owner__name", "estate__name", "opened_at"
    )
    rows = list(rows[: PANEL_ROWS + 1])
    return {"cases": rows[:PANEL_ROWS], "more": len(rows) > PANEL_ROWS}


def _movein_section(request, unit) -> dict:
    return {
        **movein.unit_movein_section(unit.pk),
        "can_manage": has_role(request.user, *MANAGE_ROLES),
    }


def register() -> None:
    quick_actions.register(
        Entry(
            key="checkin-move-in",
            label=_("Move-in"),
            roles=MANAGE_ROLES,
            order=35,
            url_name="checkin:movein-list",
            icon="box-arrow-in-right",
        )
    )
    today_panels.register(
        Entry(
            key="checkin-reinspections",
            label=_("Move-ins waiting for a re-inspection"),
            roles=MANAGE_ROLES,
            order=38,
            url_name="checkin:movein-list",
            icon="clipboard-check",
            template="checkin/panel_reinspections.html",
            context=_reinspections,
        )
    )
    dossier_sections.register(
        Entry(
            key="movein",
            label=_("Move-in"),
            roles=VIEW_ROLES,
            order=38,
            icon="box-arrow-in-right",
            template="checkin/dossier_movein.html",
            context=_movein_section,
        )
    )
    menu.register(
        Entry(
            key="checkin-movein",
            group="owners",
            label=_("Move-ins"),
            roles=VIEW_ROLES,
            order=48,
            url_name="checkin:movein-list",
            icon="box-arrow-in-right",
        )
    )
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
            group="owners",
            label=_("Custody houses"),
            roles=VIEW_ROLES,
            order=50,
            url_name="checkin:custody-list",
            icon="house-lock",
        )
    )
