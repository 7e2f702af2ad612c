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


@shared_task
def job_run(job_id: int) -> bool:
    from .jobs import job_run as run

    return run(job_id=job_id)


@shared_task
def jobs_run_queued() -> int:
    """Sweep: run jobs whose queue message was lost (broker down when they were started)."""
    from .jobs import job_run as run
    from .jobs import queued_job_ids

    return sum(run(job_id=job_id) for job_id in queued_job_ids())


@shared_task
def database_analyze() -> None:
    """Daily: fresh planner statistics (PostgreSQL's autovacuum may be off; SQLite has none)."""
    from .maintenance import analyze_database

    analyze_database()
