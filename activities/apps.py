from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Community activities")

    def ready(self):
        from . import desk

        desk.register()  # quick actions, today panels, dossier section, menu entries
