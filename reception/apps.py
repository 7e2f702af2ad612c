from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("Reception")

    def ready(self):
        from . import conversions, desk, receivers

        desk.register()  # quick actions, today panels, the dossier section, menu entries
        conversions.register_defaults()  # the call page's "Create work order"
        receivers.connect()  # a closed work order answers the call it came from
