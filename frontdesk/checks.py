"""System checks of the deployment's own settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def plain_http(app_configs, **kwargs):
    if settings.DEBUG or not settings.PLAIN_HTTP:
        return []
    return [
        Warning(
            "PLAIN_HTTP is on: passwords, session cookies and owners' personal data cross the "
            "network unencrypted.",
            hint="Put TLS in front (a reverse proxy with a certificate) and unset PLAIN_HTTP.",
            id="frontdesk.W001",
        )
    ]
