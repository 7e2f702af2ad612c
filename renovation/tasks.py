"""Scheduled sweeps of renovations: idempotent, derived from the database."""

from celery import shared_task

from . import services


@shared_task
def daily_sweep() -> int:
    """Each morning: permits ending soon (or overrun) to the desk, patrols due to those who
    patrol; once per estate and day however often it runs. The today panels read the same
    rows live (``next_patrol_on``, ``planned_end``)."""
    return services.daily_notices()
