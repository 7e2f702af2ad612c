"""Leasing's morning sweep: idempotent, derived from the database."""

from celery import shared_task

from . import services


@shared_task
def daily_sweep() -> dict:
    """Charge the rent cycles that have started (once per contract and period) and send the
    90- and 30-day expiry reminders (once each)."""
    return {
        "charges": services.rent_cycle_run(),
        "reminders": services.expiry_reminders_send(),
    }
