"""The questionnaire on the desk: the quick action (find a household's paper form by its
code), the menu entry and a unit's answers on its dossier."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, dossier_sections, menu, quick_actions

from . import selectors
from .permissions import ENTER_ROLES, VIEW_ROLES


def _section(request, unit) -> dict:
    return {"responses": selectors.unit_responses(unit=unit)}


def register() -> None:
    quick_actions.register(
        Entry(
            key="surveys-find",
            label=_("Questionnaire answers"),
            roles=ENTER_ROLES,
            order=70,
            url_name="surveys:find",
            icon="ui-checks",
        )
    )
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
            group="owners",
            label=_("Owner questionnaires"),
            roles=VIEW_ROLES,
            order=340,
            url_name="surveys:questionnaire-list",
            icon="ui-checks",
        )
    )
