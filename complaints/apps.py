from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from . import conversion, desk, receivers

        desk.register()  # new-complaint action, today panel, dossier section, menu
        conversion.register()  # the phone log's "turn into a complaint"
        receivers.connect()  # a work order a complaint waits for is completed
