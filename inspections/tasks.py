"""Scheduled sweeps of inspections: idempotent, derived from the database."""

from celery import shared_task

from . import services


@shared_task
def missed_rounds_sweep() -> int:
    """Each morning: rounds planned for a day that has passed and never started are missed."""
    return services.rounds_mark_missed()
