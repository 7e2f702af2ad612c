"""The questionnaire on the desk: the menu entry and a unit's answers on its dossier."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu

from . import selectors
from .permissions import VIEW_ROLES


def _section(request, unit) -> dict:
    return {"responses": selectors.unit_responses(unit=unit)}


def register() -> None:
    dossier_sections.register(
        Entry(
            key="surveys",
            label=_("Owner questionnaires"),
            roles=VIEW_ROLES,
            order=60,
            icon="ui-checks",
            template="surveys/dossier_section.html",
            context=_section,
        )
    )
    menu.register(
        Entry(
            key="surveys",
            label=_("Owner questionnaires"),
            roles=VIEW_ROLES,
            order=340,
            url_name="surveys:questionnaire-list",
            icon="ui-checks",
        )
    )
