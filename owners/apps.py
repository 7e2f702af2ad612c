from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OwnersConfig(AppConfig):
    name = "owners"
    verbose_name = _("Owners and units")

    def ready(self):
        from frontdesk.registry import Entry, menu

        from .permissions import VIEW_ROLES

        menu.register(
            Entry(
                key="search",
                group="search",
                shortcut="/",
                label=_("Search"),
                roles=VIEW_ROLES,
                order=10,
                url_name="owners:search",
                icon="search",
            )
        )
