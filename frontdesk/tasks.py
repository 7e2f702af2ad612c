from celery import shared_task

from . import services
from .models import Notification


@shared_task
def notification_email(notification_id: int) -> bool:
    return services.notification_email(notification_id=notification_id)


@shared_task
def notifications_send_pending() -> int:
    """Sweep: email every notification not emailed yet (a lost message loses nothing)."""
    sent = 0
    pending = Notification.objects.filter(emailed_at__isnull=True).values_list("pk", flat=True)
    for notification_id in pending[:500]:
        sent += services.notification_email(notification_id=notification_id)
    return sent
