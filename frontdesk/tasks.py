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


# Acknowledged when it ends (acks late), so a message whose worker died comes back after the
# broker's visibility timeout; safe because a job is claimed once (frontdesk.jobs).
@shared_task(acks_late=True)
def job_run(job_id: int) -> bool:
    from .jobs import job_run as run

    return run(job_id=job_id)


@shared_task
def jobs_run_queued() -> int:
    """Sweep: queue again jobs whose worker died (their lease ran out), fail those out of
    attempts, run jobs whose queue message was lost (broker down when they were started)."""
    from .jobs import jobs_sweep

    return jobs_sweep()


@shared_task
def database_analyze() -> None:
    """Daily: fresh planner statistics (PostgreSQL's autovacuum may be off; SQLite has none)."""
    from .maintenance import analyze_database

    analyze_database()


@shared_task
def backup_nightly() -> str:
    """Nightly (when BACKUP_NIGHTLY=true): an archive in BACKUP_DIR, the oldest pruned."""
    from django.conf import settings

    from .backup import backup_create, backup_prune

    archive = backup_create(dest=settings.BACKUP_DIR)
    backup_prune(dest=settings.BACKUP_DIR, keep=settings.BACKUP_KEEP)
    return str(archive)
