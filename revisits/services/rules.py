"""The deadline of a revisit: the estate's rule for the work order's category (or the seed's
default), counted in local days from the completion or from the leak test."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from workorders.choices import Category

from ..choices import CountedFrom, Status
from ..models import RevisitRule, RevisitSettings

# How long before its deadline a revisit shows as due soon (and the supervisor is told).
DUE_SOON = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class Rule:
    days: int
    counted_from: str = CountedFrom.COMPLETION
    safety_facility: bool = False


# The seed: safety facilities within 2 days of the repair, house leaks within 3 days of the
# leak test, every other repair within 2 days.
DEFAULT_RULE = Rule(days=2)
DEFAULT_RULES: dict[str, Rule] = {
    Category.SAFETY_FACILITY: Rule(days=2, safety_facility=True),
    Category.HOUSE_LEAKAGE: Rule(days=3, counted_from=CountedFrom.LEAK_TEST),
}


def rules_for(estate_ids) -> dict[tuple[int, str], Rule]:
    """The estates' own rules by (estate id, category): one query."""
    return {
        (row.estate_id, row.category): Rule(row.days, row.counted_from, row.safety_facility)
        for row in RevisitRule.objects.filter(estate_id__in=list(estate_ids))
    }


# The seed leaves the complaint's revisit to the office: two local days unless its settings say.
DEFAULT_COMPLAINT_DAYS = 2


def complaint_days_for(estate_ids) -> dict[int, int]:
    """Days to revisit a resolved complaint, by estate: one query."""
    found = dict(
        RevisitSettings.objects.filter(estate_id__in=list(estate_ids)).values_list(
            "estate_id", "complaint_days"
        )
    )
    return {estate_id: found.get(estate_id, DEFAULT_COMPLAINT_DAYS) for estate_id in estate_ids}


def rule_of(rules: dict[tuple[int, str], Rule], estate_id: int, category: str) -> Rule:
    return rules.get((estate_id, category)) or DEFAULT_RULES.get(category, DEFAULT_RULE)


def counted_from(rule: Rule, *, completed_at, leak_test_at) -> datetime.datetime:
    """What the days count from: the leak test when the rule says so and it was done."""
    if rule.counted_from == CountedFrom.LEAK_TEST and leak_test_at is not None:
        return leak_test_at
    return completed_at


def due_at(start: datetime.datetime, days: int) -> datetime.datetime:
    """The end of the ``days``-th local day after ``start`` (midnight, local time): a repair
    finished at 23:50 on the 31st with 2 days is due by the end of the 2nd."""
    day = timezone.localtime(start).date() + datetime.timedelta(days=days + 1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def status_for(due: datetime.datetime, now: datetime.datetime) -> str:
    if now >= due:
        return Status.OVERDUE
    if now >= due - DUE_SOON:
        return Status.DUE_SOON
    return Status.PENDING
