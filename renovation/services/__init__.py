"""Every write of renovations: the application, its documents, the review (``application``,
``review``); the agreement and the permit (``permit``); passes and the guard's check
(``passes``); patrols, the acceptance, closing and the morning notices (``site``); extensions
and suspensions (``period``); the deposit and the pass fee through fees (``money``)."""

from .application import (
    Application,
    Checklist,
    Consent,
    file_add,
    renovation_apply,
)
from .money import DeductionInput, deposit_refund, refund_due_on, refund_payees
from .passes import (
    GATE_LOOKUPS_PER_MINUTE,
    pass_check,
    pass_issue,
    pass_refusal,
    pass_revoke,
    workers_change,
)
from .period import renovation_extend, renovation_resume
from .permit import agreement_sign, permit_issue
from .review import (
    garbage_fee_amount,
    missing_documents,
    renovation_approve,
    renovation_reject,
    renovation_resubmit,
    renovation_return,
    renovation_withdraw,
)
from .site import (
    acceptance_record,
    closing_blockers,
    daily_notices,
    garbage_cleared_record,
    patrol_record,
    rectification_recheck,
    renovation_close,
    water_test_record,
)

__all__ = [
    "GATE_LOOKUPS_PER_MINUTE",
    "Application",
    "Checklist",
    "Consent",
    "DeductionInput",
    "acceptance_record",
    "agreement_sign",
    "closing_blockers",
    "daily_notices",
    "deposit_refund",
    "file_add",
    "garbage_cleared_record",
    "garbage_fee_amount",
    "missing_documents",
    "pass_check",
    "pass_issue",
    "pass_refusal",
    "pass_revoke",
    "workers_change",
    "patrol_record",
    "permit_issue",
    "rectification_recheck",
    "refund_due_on",
    "refund_payees",
    "renovation_apply",
    "renovation_approve",
    "renovation_close",
    "renovation_extend",
    "renovation_reject",
    "renovation_resubmit",
    "renovation_resume",
    "renovation_return",
    "renovation_withdraw",
    "water_test_record",
]
