"""Scheduled sweeps of inspections: idempotent, derived from the database."""

from celery import shared_task

from . import services


@shared_task
def missed_rounds_sweep() -> int:
    """Each morning: rounds planned for a day that has passed and never started are missed."""
    return services.rounds_mark_missed()


@shared_task
def plan_rounds() -> int:
    """Each night (after the missed-rounds sweep): the coming periods' rounds of every
    template that names a person to plan for; a second run creates nothing. Also releases
    the follow-ups of finished coordination sheets and emails contractors a lost message
    missed, both idempotent."""
    created = services.rounds_plan_due()
    services.follow_ups_release()
    services.contractors_notify_pending()
    return created


@shared_task
def contractor_notify(nonconformity_id: int) -> bool:
    return services.nonconformity_notify_contractor(nonconformity_id=nonconformity_id)
