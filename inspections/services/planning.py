"""Rounds planned by the beat from each template's frequency: every active template with a
person to plan for gets one round per period (a day, a week from Monday, a month), due on the
period's last day, for the periods that overlap the coming days (Asia/Shanghai local days).

Idempotent: a period that already holds a round of the template (planned by hand or by an
earlier run) is left alone, and the unique (template, period) index settles two runs racing.
The supervisor still reassigns these rounds or adds others by hand."""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdesk.months import month_start, next_month

from ..errors import InspectionError
from ..models import PlaceVisit, Round, Template
from .rounds import check_assignable

logger = logging.getLogger(__name__)

Frequency = Template.Frequency
# How far ahead each frequency is planned: tomorrow's daily round exists tonight, next
# week's and next month's rounds a week before they start.
LOOKAHEAD: dict[str, datetime.timedelta] = {
    Frequency.DAILY: datetime.timedelta(days=1),
    Frequency.WEEKLY: datetime.timedelta(days=7),
    Frequency.MONTHLY: datetime.timedelta(days=7),
}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # the last day: the round is due on it


def _period_of(frequency: str, day: datetime.date) -> Period:
    if frequency == Frequency.WEEKLY:
        start = day - datetime.timedelta(days=day.weekday())
        return Period(start, start + datetime.timedelta(days=6))
    if frequency == Frequency.MONTHLY:
        start = month_start(day)
        return Period(start, next_month(start) - datetime.timedelta(days=1))
    return Period(day, day)


def periods_ahead(frequency: str, today: datetime.date) -> list[Period]:
    """The periods of ``frequency`` that overlap today and the coming lookahead days."""
    last = today + LOOKAHEAD.get(frequency, datetime.timedelta(days=1))
    periods = []
    period = _period_of(frequency, today)
    while period.start <= last:
        periods.append(period)
        period = _period_of(frequency, period.end + datetime.timedelta(days=1))
    return periods


def _plan(template: Template, assignee, period: Period, places: list) -> bool:
    if Round.objects.filter(
        template=template, due_on__gte=period.start, due_on__lte=period.end
    ).exists():
        return False  # planned by hand, or by an earlier run
    try:
        with transaction.atomic():
            round_ = Round.objects.create(
                estate_id=template.estate_id,
                template=template,
                assignee=assignee,
                planned_by=None,
                due_on=period.end,
                period_start=period.start,
            )
            PlaceVisit.objects.bulk_create(PlaceVisit(round=round_, place=p) for p in places)
    except IntegrityError:
        return False  # another run planned it at the same moment
    return True


def rounds_plan_due(*, today: datetime.date | None = None, estate_id: int | None = None) -> int:
    """Plan the coming periods' rounds of every estate's active templates that name a person
    to plan for; the number of rounds created. No human actor (the beat runs it); a template
    whose person cannot walk its rounds (left the estate, lost the role) is skipped and
    logged, the others are planned. ``estate_id``: that estate only (the demo)."""
    today = today or timezone.localdate()
    created = 0
    templates = Template.objects.filter(active=True, default_assignee__isnull=False)
    if estate_id is not None:
        templates = templates.filter(estate_id=estate_id)
    for template in templates.select_related("default_assignee").order_by("pk"):
        assignee = template.default_assignee
        try:
            check_assignable(assignee, template.estate_id)
        except InspectionError as error:
            logger.warning("inspection template %s not planned: %s", template.pk, error.message)
            continue
        places = list(template.places.filter(active=True))
        if not places:
            continue
        for period in periods_ahead(template.frequency, today):
            created += _plan(template, assignee, period, places)
    return created
