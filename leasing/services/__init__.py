"""Every leasing write, by topic; other code imports from here."""

from .contracts import (
    Terms,
    contract_renew,
    contract_sign,
    contract_terminate,
    payment_take,
    scan_add,
)
from .parties import (
    LesseeInput,
    SpaceInput,
    contact_record,
    lessee_create,
    lessee_update,
    negotiation_drop,
    negotiation_open,
    space_create,
    space_update,
)
from .rent import expiry_reminders_send, rent_cycle_run
from .supervision import supervision_record, supervision_rectified

__all__ = [
    "LesseeInput",
    "SpaceInput",
    "Terms",
    "contact_record",
    "contract_renew",
    "contract_sign",
    "contract_terminate",
    "expiry_reminders_send",
    "lessee_create",
    "lessee_update",
    "negotiation_drop",
    "negotiation_open",
    "payment_take",
    "rent_cycle_run",
    "scan_add",
    "space_create",
    "space_update",
    "supervision_record",
    "supervision_rectified",
]
