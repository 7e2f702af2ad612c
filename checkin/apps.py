from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = _("Move-in and custody")

    def ready(self):
        from fees.policy import register_ratio_policy

        from . import desk
        from .policy import custody_ratio

        register_ratio_policy("custody", custody_ratio)  # 70% of the property fee
        desk.register()  # today panel, the dossier's custody section, the custody menu
