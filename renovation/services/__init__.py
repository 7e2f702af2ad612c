"""Every write of renovations: the application, its documents, the review (``application``,
``review``); the agreement and the permit (``permit``); passes and the guard's check
(``passes``); patrols, the acceptance, closing and the morning notices (``site``)."""

from .application import (
    Application,
    Checklist,
    Consent,
    file_add,
    renovation_apply,
    renovation_withdraw,
)
from .passes import GATE_LOOKUPS_PER_MINUTE, pass_check, pass_issue, pass_refusal, pass_revoke
from .permit import agreement_sign, permit_issue
from .review import (
    garbage_fee_amount,
    missing_documents,
    renovation_approve,
    renovation_reject,
    renovation_resubmit,
    renovation_return,
)
from .site import (
    acceptance_record,
    closing_blockers,
    daily_notices,
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
    "acceptance_record",
    "agreement_sign",
    "closing_blockers",
    "daily_notices",
    "file_add",
    "garbage_fee_amount",
    "missing_documents",
    "pass_check",
    "pass_issue",
    "pass_refusal",
    "pass_revoke",
    "patrol_record",
    "permit_issue",
    "rectification_recheck",
    "renovation_apply",
    "renovation_approve",
    "renovation_close",
    "renovation_reject",
    "renovation_resubmit",
    "renovation_return",
    "renovation_withdraw",
    "water_test_record",
]
