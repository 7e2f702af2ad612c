from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections and supervision")

    def ready(self):
        from . import desk, receivers

        receivers.connect()  # a completed coordination sheet makes its follow-up due
        desk.register()  # today panels and menu entries
