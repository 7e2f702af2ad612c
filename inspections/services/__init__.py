"""Every write on inspections: rounds (``rounds``), nonconformities and their follow-up
(``findings``), the seed's templates (``seed``). Each runs in one transaction, checks its
actor's estate and role, and changes nothing when it refuses."""

from .findings import (
    follow_up_record,
    nonconformity_close,
    nonconformity_handle,
    nonconformity_open_sheet,
)
from .rounds import (
    result_record,
    round_complete,
    round_plan,
    rounds_mark_missed,
    visit_confirm,
    visit_excuse,
)
from .seed import templates_seed

__all__ = [
    "follow_up_record",
    "nonconformity_close",
    "nonconformity_handle",
    "nonconformity_open_sheet",
    "result_record",
    "round_complete",
    "round_plan",
    "rounds_mark_missed",
    "templates_seed",
    "visit_confirm",
    "visit_excuse",
]
