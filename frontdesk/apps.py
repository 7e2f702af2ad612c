from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FrontdeskConfig(AppConfig):
    name = "frontdesk"
    verbose_name = _("Front desk")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks, panels  # noqa: F401 (checks register themselves)
        from .permissions import SIGNIN_UNLOCK_ROLES
        from .registry import Entry, menu
        from .roles_sync import sync_role_permissions
        from .signin import session_stamp

        panels.register()
        menu.register(
            Entry(
                key="signin-lockouts",
                group="manage",
                label=_("Locked sign-ins"),
                roles=SIGNIN_UNLOCK_ROLES,
                order=900,
                url_name="signin-lockouts",
                icon="unlock",
            )
        )
        user_logged_in.connect(session_stamp, dispatch_uid="frontdesk.session_stamp")

        # Permissions exist only after every app migrated, so groups get theirs here, the
        # way Django itself creates permissions.
        post_migrate.connect(sync_role_permissions, dispatch_uid="frontdesk.sync_roles")
