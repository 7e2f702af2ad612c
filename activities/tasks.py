"""Scheduled sweeps of activities: idempotent, derived from the database."""

from celery import shared_task

from .services import posts


@shared_task
def column_replacement_sweep() -> int:
    """Each morning: a today-panel reminder for every publicity column whose content is 14
    days old (once per column until the replacement is recorded)."""
    return posts.replacement_sweep()
