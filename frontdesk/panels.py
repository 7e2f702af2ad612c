"""The kernel's own desk entries."""

from django.utils.translation import gettext_lazy as _

from .registry import Entry, today_panels


def _unread(request) -> dict:
    unread = request.user.notifications.filter(read_at__isnull=True)[:5]
    return {"notifications": list(unread)}


def register() -> None:
    today_panels.register(
        Entry(
            key="notifications",
            label=_("Unread notifications"),
            order=900,
            icon="bell",
            template="frontdesk/panels/notifications.html",
            context=_unread,
        )
    )
