from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "fees"
    verbose_name = _("Fees")

    def ready(self):
        from . import desk, follow_ups, notices

        desk.register()  # take-payment quick action, the dossier's fees section
        follow_ups.register()  # the today panel of due collection follow-ups, billing jobs
        notices.register()  # the batch-notice job, the arrears and collection-rate menus
