from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkordersConfig(AppConfig):
    name = "workorders"
    verbose_name = _("Work orders")

    def ready(self):
        from . import desk

        desk.register()  # new-repair action, today panels, dossier section, menu
