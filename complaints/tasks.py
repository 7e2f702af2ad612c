"""Celery tasks of the complaints app: the escalation sweep, safe to run twice or late."""

import logging

from celery import shared_task

from .services.escalation import escalation_sweep as sweep

logger = logging.getLogger(__name__)


@shared_task
def escalation_sweep() -> dict:
    """Every 15 minutes (beat): escalate late complaints once per change."""
    done = sweep()
    logger.info("complaints escalation sweep: %s", done)
    return done
