"""The monthly return-visit summary (seed (5)): a month's visits counted by source and
category, the owners' verdicts and average scores, the problems found by category and
building, the visits made late or still missing, and the units repaired again for the same
category. Read-only; a fixed number of queries whatever the month's size."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from workorders.choices import Category

from .choices import OPEN_STATUSES, Result, SourceKind, Status
from .kpis import month_start, next_month
from .models import SCORE_FIELDS, Revisit

# Repairs of the same unit and category within this many days count as a repeat.
REPEAT_WINDOW = datetime.timedelta(days=90)
LATE_ROWS = 50


@dataclass
class Summary:
    month: datetime.datetime
    visited: int = 0
    by_source: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_result: list[tuple[str, int]] = field(default_factory=list)
    scores: dict[str, Decimal | None] = field(default_factory=dict)
    problems_by_category: list[tuple[str, int]] = field(default_factory=list)
    problems_by_building: list[tuple[str, int]] = field(default_factory=list)
    late: list[Revisit] = field(default_factory=list)
    late_count: int = 0
    repeats: list[tuple[str, str, int]] = field(default_factory=list)


def _label(choices, value: str) -> str:
    return str(dict(choices).get(value, value or "—"))


def monthly_summary(*, estate_ids, month: datetime.date) -> Summary:
    start = month_start(month)
    end = next_month(start)
    now = timezone.now()
    revisits = Revisit.objects.filter(estate_id__in=list(estate_ids))
    visited = revisits.filter(
        status=Status.DONE, visited_at__gte=start, visited_at__lt=end
    ).exclude(result=Result.NOT_REACHED)
    summary = Summary(month=start)
    per_source = dict(visited.order_by().values_list("source_kind").annotate(n=Count("id")))
    summary.visited = sum(per_source.values())
    summary.by_source = [(_label(SourceKind.choices, k), n) for k, n in per_source.items()]
    per_category = visited.order_by().values_list("category").annotate(n=Count("id"))
    summary.by_category = sorted(
        ((_label(Category.choices, k), n) for k, n in per_category), key=lambda r: -r[1]
    )
    per_result = dict(visited.order_by().values_list("result").annotate(n=Count("id")))
    summary.by_result = [
        (str(label), per_result.get(value, 0))
        for value, label in Result.choices
        if value != Result.NOT_REACHED
    ]
    averages = visited.aggregate(**{name: Avg(name) for name in SCORE_FIELDS})
    summary.scores = {
        name: None
        if value is None
        else Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for name, value in averages.items()
    }
    problems = visited.filter(~Q(problem_found="") | Q(result=Result.DISSATISFIED))
    summary.problems_by_category = sorted(
        (
            (_label(Category.choices, k), n)
            for k, n in problems.order_by().values_list("category").annotate(n=Count("id"))
        ),
        key=lambda r: -r[1],
    )
    summary.problems_by_building = sorted(
        (
            (name or "—", n)
            for name, n in problems.order_by()
            .values_list("unit__building__name")
            .annotate(n=Count("id"))
        ),
        key=lambda r: -r[1],
    )
    # Late: due in the month and visited after the deadline, or still not visited.
    late = revisits.filter(due_at__gte=start, due_at__lt=min(end, now)).filter(
        Q(status__in=OPEN_STATUSES) | Q(status=Status.DONE, visited_at__gt=F("due_at"))
    )
    summary.late_count = late.count()
    summary.late = list(
        late.select_related("unit", "work_order", "complaint", "plan").order_by("due_at", "id")[
            :LATE_ROWS
        ]
    )
    # Repeats: a unit's repairs of one category, counted from completions in the window
    # ending with the month.
    repeats = (
        revisits.filter(
            source_kind=SourceKind.WORK_ORDER,
            unit__isnull=False,
            counted_from__gte=end - REPEAT_WINDOW,
            counted_from__lt=end,
        )
        .order_by()
        .values_list("unit__code", "category")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    summary.repeats = sorted(
        ((code, _label(Category.choices, category), n) for code, category, n in repeats),
        key=lambda r: (-r[2], r[0]),
    )[:LATE_ROWS]
    return summary
