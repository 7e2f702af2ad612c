"""Kernel writes: notifications."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification
from .queueing import enqueue_on_commit


@transaction.atomic
def notification_send(*, users: Iterable, title: str, body: str = "", url: str = "") -> list:
    """Store a notification for each user and email it after commit (or at the next sweep).

    No actor: the app's service that sends it has checked its own actor; the kernel only
    delivers."""
    from . import tasks

    notifications = Notification.objects.bulk_create(
        Notification(user=user, title=title[:200], body=body, url=url) for user in users
    )
    for notification in notifications:
        enqueue_on_commit(tasks.notification_email, notification.pk)
    return notifications


def notification_email(*, notification_id: int) -> bool:
    """Email one notification once; True when it was sent now. Run by Celery (the task and
    the beat sweep), with no human actor."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        if notification.user.email:
            link = f"\n\n{settings.SITE_URL}{notification.url}" if notification.url else ""
            send_mail(
                notification.title,
                notification.body + link,
                settings.DEFAULT_FROM_EMAIL,
                [notification.user.email],
            )
        # Also marked when the user has no address, so the sweep does not retry forever.
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        return True


def notification_mark_read(*, user, notification_ids: Iterable[int]) -> int:
    # Only the user's own notifications: there is nobody else's to check.
    return Notification.objects.filter(
        user=user, pk__in=list(notification_ids), read_at__isnull=True
    ).update(read_at=timezone.now())
