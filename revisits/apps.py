from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisitsConfig(AppConfig):
    name = "revisits"
    verbose_name = _("Return visits")

    def ready(self):
        from . import desk, receivers

        receivers.connect()  # a completed work order or a resolved complaint gets its revisit
        desk.register()  # today panel, dossier section, menu
