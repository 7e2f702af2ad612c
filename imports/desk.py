"""The import wizard in the desk's menu, for the supervisor; a unit's payments before Front
Desk in its dossier."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu

from . import selectors
from .permissions import IMPORT_ROLES, PAST_PAYMENT_ROLES


def _past_payments(request, unit) -> dict:
    return {"unit": unit, **selectors.past_payments_summary(unit=unit)}


def register() -> None:
    menu.register(
        Entry(
            key="imports-list",
            group="manage",
            label=_("Import data"),
            roles=IMPORT_ROLES,
            order=90,
            url_name="imports:list",
            icon="upload",
        )
    )
    dossier_sections.register(
        Entry(
            key="past-payments",
            label=_("Payments before Front Desk"),
            roles=PAST_PAYMENT_ROLES,
            order=21,
            icon="clock-history",
            template="imports/dossier_section.html",
            context=_past_payments,
        )
    )
