"""Celery tasks of the return visits: sweeps, safe to run twice or late."""

import logging

from celery import shared_task

from .services import monthly_run
from .services import revisits_sweep as sweep

logger = logging.getLogger(__name__)


@shared_task
def revisits_sweep() -> dict[str, int]:
    """Beat runs it every 15 minutes: a lost event or a broker outage loses no revisit."""
    result = sweep()
    logger.info("revisits sweep: %s", result)
    return result


@shared_task
def revisits_monthly(month: str | None = None) -> dict[str, int]:
    """Beat runs it on the 1st: last month's summary to the supervisors, analysis drafts."""
    import datetime

    day = datetime.date.fromisoformat(month) if month else None
    result = monthly_run(month=day)
    logger.info("revisits monthly run: %s", result)
    return result
