"""The procedure's checklist of one complaint: which of its steps are done (who, when) and
which comes next. Pure: it reads the complaint and its step rows, nothing else."""

from dataclasses import dataclass
from typing import Any

from .choices import PROCEDURES, ROUND_STEPS, VISIT_DONE_RESULTS, Step, Verdict


@dataclass
class Item:
    step: str
    label: Any
    done: Any = None  # the ComplaintStep row that did it, in this round

    @property
    def is_done(self) -> bool:
        return self.done is not None


def procedure_of(complaint: Any) -> tuple[str, ...]:
    if complaint.verdict in PROCEDURES:
        return PROCEDURES[complaint.verdict]
    return (Step.RECORD, Step.NATURE)


def checklist(complaint: Any, steps: list) -> list[Item]:
    """The complaint's procedure in order; a handling step counts only in the current round
    (a reopened complaint is handled and visited again), a return visit only if it did not
    find the complainant dissatisfied."""
    latest: dict[str, Any] = {}
    for row in steps:
        if row.step in ROUND_STEPS and row.round != complaint.reopen_count:
            continue
        if row.step == Step.RETURN_VISIT and row.data.get("result") not in VISIT_DONE_RESULTS:
            continue
        latest[row.step] = row
    labels = dict(Step.choices)
    return [Item(step, labels[step], latest.get(step)) for step in procedure_of(complaint)]


def next_step(items: list[Item]) -> str:
    """The first step not done ("" when all are)."""
    return next((item.step for item in items if not item.is_done), "")


def is_judged(complaint: Any) -> bool:
    return complaint.verdict in (Verdict.EFFECTIVE, Verdict.COMMUNICATION)
