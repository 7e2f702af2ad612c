"""The import wizard in the desk's menu, for the supervisor."""

from django.utils.translation import gettext_lazy as _

from frontdesk.registry import Entry, menu

from .permissions import IMPORT_ROLES


def register() -> None:
    menu.register(
        Entry(
            key="imports-list",
            label=_("Import data"),
            roles=IMPORT_ROLES,
            order=90,
            url_name="imports:list",
            icon="upload",
        )
    )
