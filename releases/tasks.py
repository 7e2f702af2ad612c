"""Scheduled sweeps of release slips: idempotent, derived from the database."""

import datetime

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def expiry_sweep() -> int:
    """Slips whose day has passed, unused: expired (once each, whenever it runs)."""
    return services.slips_expire()


@shared_task
def reconciliation_flag() -> int:
    """Each morning: yesterday's differences (slips issued but unused, goods held back), per
    estate, to the supervisors; once per estate and day however often it runs."""
    day = timezone.localdate() - datetime.timedelta(days=1)
    services.slips_expire()
    return services.reconciliation_notify(day=day)
