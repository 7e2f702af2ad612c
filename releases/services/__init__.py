"""Every write of release slips: the desk's request, the owner's confirmation, issue and
cancel (``desk``); the guard's check at the gate (``gate``); the expiry sweep."""

from .desk import (
    MAX_DAYS_AHEAD,
    ItemInput,
    slip_cancel,
    slip_confirm,
    slip_paper_returned,
    slip_request,
)
from .gate import GATE_LOOKUPS_PER_MINUTE, ItemCheck, gate_find, gate_use, slips_expire
from .reconcile import reconciliation_notify

__all__ = [
    "GATE_LOOKUPS_PER_MINUTE",
    "MAX_DAYS_AHEAD",
    "ItemCheck",
    "ItemInput",
    "gate_find",
    "gate_use",
    "reconciliation_notify",
    "slip_cancel",
    "slip_confirm",
    "slip_paper_returned",
    "slip_request",
    "slips_expire",
]
