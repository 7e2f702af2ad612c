"""Every write on inspections: rounds (``rounds``), nonconformities and their follow-up
(``findings``), the seed's templates (``seed``). Each runs in one transaction, checks its
actor's estate and role, and changes nothing when it refuses."""

from .findings import (
    SHEET_DONE_STATUSES,
    contractors_notify_pending,
    follow_up_record,
    follow_ups_release,
    nonconformity_close,
    nonconformity_handle,
    nonconformity_notify_contractor,
    nonconformity_open_sheet,
    sheet_done,
)
from .planning import rounds_plan_due
from .rounds import (
    result_record,
    round_complete,
    round_plan,
    round_reassign,
    rounds_mark_missed,
    visit_confirm,
    visit_excuse,
)
from .seed import templates_seed

__all__ = [
    "SHEET_DONE_STATUSES",
    "contractors_notify_pending",
    "follow_up_record",
    "follow_ups_release",
    "nonconformity_close",
    "nonconformity_handle",
    "nonconformity_notify_contractor",
    "nonconformity_open_sheet",
    "result_record",
    "round_complete",
    "round_plan",
    "round_reassign",
    "rounds_plan_due",
    "rounds_mark_missed",
    "sheet_done",
    "templates_seed",
    "visit_confirm",
    "visit_excuse",
]
