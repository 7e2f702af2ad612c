from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Convenience services")

    def ready(self):
        from . import conversion, desk

        desk.register()  # quick action, today panels, dossier section, menu entries
        conversion.register()  # the phone log's "turn into a service request"
