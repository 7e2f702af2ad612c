from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FrontdeskConfig(AppConfig):
    name = "frontdesk"
    verbose_name = _("Front desk")

    def ready(self):
        from . import panels
        from .roles_sync import sync_role_permissions

        panels.register()

        # Permissions exist only after every app migrated, so groups get theirs here, the
        # way Django itself creates permissions.
        post_migrate.connect(sync_role_permissions, dispatch_uid="frontdesk.sync_roles")
