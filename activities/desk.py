"""Activities on the desk: the quick action (book a facility), the today panels (bookings
today, columns due for replacement, activities this week), the dossier's bookings and
sign-ups, the menu (facilities, activity plans)."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu, quick_actions, today_panels
from frontdesk.scoping import desk_estate_ids, has_role

from . import selectors
from .permissions import BOOK_ROLES, POST_ROLES, VIEW_ROLES


def _today(request) -> dict:
    rows = selectors.bookings_today(estate_ids=desk_estate_ids(request))
    return {"count": len(rows), "rows": rows}


def _columns(request) -> dict:
    rows = selectors.reminders_open(estate_ids=desk_estate_ids(request))
    return {"count": len(rows), "rows": rows}


def _week(request) -> dict:
    rows = selectors.plans_this_week(estate_ids=desk_estate_ids(request))
    return {"count": len(rows), "rows": rows}


def _section(request, unit) -> dict:
    return {
        "bookings": selectors.unit_bookings(unit=unit),
        "signups": selectors.unit_signups(unit=unit),
        "can_book": has_role(request.user, *BOOK_ROLES),
        "unit": unit,
    }


def register() -> None:
    quick_actions.register(
        Entry(
            key="activities-book",
            label=_("Book a facility"),
            roles=BOOK_ROLES,
            order=40,
            url_name="activities:facilities",
            icon="calendar-plus",
        )
    )
    today_panels.register(
        Entry(
            key="activities-bookings-today",
            label=_("Facility bookings today"),
            roles=VIEW_ROLES,
            order=50,
            icon="calendar-check",
            url_name="activities:facilities",
            template="activities/panels/bookings_today.html",
            context=_today,
        )
    )
    today_panels.register(
        Entry(
            key="activities-columns-due",
            label=_("Publicity columns due for replacement"),
            roles=POST_ROLES,
            order=51,
            icon="easel",
            url_name="activities:facilities",
            template="activities/panels/columns_due.html",
            context=_columns,
        )
    )
    today_panels.register(
        Entry(
            key="activities-this-week",
            label=_("Activities this week"),
            roles=VIEW_ROLES,
            order=52,
            icon="balloon",
            url_name="activities:plans",
            template="activities/panels/activities_week.html",
            context=_week,
        )
    )
    dossier_sections.register(
        Entry(
            key="activities",
            label=_("Facility bookings and activities"),
            roles=VIEW_ROLES,
            order=50,
            icon="calendar-check",
            template="activities/dossier_section.html",
            context=_section,
        )
    )
    menu.register(
        Entry(
            key="activities-facilities",
            group="community",
            label=_("Facilities"),
            roles=VIEW_ROLES,
            order=60,
            url_name="activities:facilities",
            icon="calendar-check",
        )
    )
    menu.register(
        Entry(
            key="activities-plans",
            group="community",
            label=_("Activity plans"),
            roles=VIEW_ROLES,
            order=61,
            url_name="activities:plans",
            icon="balloon",
        )
    )
