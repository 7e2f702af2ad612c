"""Every write on return visits: creating them and the sweep (``create``), the deadlines
(``rules``), and the visit itself (``visit``). Each write checks its actor's estate and role
(``frontdesk.permissions.check_actor``), runs in one transaction and leaves nothing behind
when it refuses."""

from .create import revisit_for_complaint, revisit_for_order, revisit_for_service, revisits_sweep
from .monthly import monthly_run, report_edit, report_review, report_submit
from .plans import plan_create
from .rules import DEFAULT_RULES, due_at, status_for
from .visit import (
    FAILED_ATTEMPTS_TO_CLOSE,
    attempt_record,
    revisit_close_unreached,
    revisit_exempt,
    revisit_record,
)

__all__ = [
    "DEFAULT_RULES",
    "FAILED_ATTEMPTS_TO_CLOSE",
    "attempt_record",
    "due_at",
    "monthly_run",
    "report_edit",
    "report_review",
    "report_submit",
    "plan_create",
    "revisit_close_unreached",
    "revisit_exempt",
    "revisit_for_complaint",
    "revisit_for_service",
    "revisit_for_order",
    "revisit_record",
    "revisits_sweep",
    "status_for",
]
