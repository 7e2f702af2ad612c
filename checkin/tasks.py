"""Celery tasks of the check-in app: sweeps, safe to run twice or late."""

import datetime
import logging

from celery import shared_task

from .services.custody import inspections_sweep

logger = logging.getLogger(__name__)


@shared_task
def custody_inspections_sweep(today: str | None = None) -> int:
    """This ISO week's outdoor inspection of every custody house, and any week missed
    (flagged: it shows as overdue). Beat runs it Mondays 08:00 local time."""
    day = datetime.date.fromisoformat(today) if today else None
    created = inspections_sweep(today=day)
    logger.info("custody inspections sweep: %s created", created)
    return created
