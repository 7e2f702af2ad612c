"""What the pages offer: the steps a user may take on an order as it is now (each service
still checks for itself when the step is taken)."""

from typing import Any

from .. import permissions
from ..models import FINAL_STATUSES, Status, WorkOrder
from .ending import CANCELLABLE, REOPENABLE

OPEN_STATUSES = tuple(s for s in Status.values if s not in FINAL_STATUSES)
STEP_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # step: (statuses it starts from, roles that may take it)
    "dispatch": ((Status.OPEN, Status.DISPATCHED), permissions.DISPATCH_ROLES),
    "sign": ((Status.DISPATCHED,), permissions.SIGN_ROLES),
    "start": ((Status.SIGNED,), permissions.WORK_ROLES),
    "complete": ((Status.IN_PROGRESS,), permissions.WORK_ROLES),
    "verify": ((Status.COMPLETED,), permissions.VERIFY_ROLES),
    "book": ((Status.VERIFIED, Status.BOOKED), permissions.OWNER_STEP_ROLES),
    "confirm": ((Status.BOOKED,), permissions.OWNER_STEP_ROLES),
    "close": ((Status.VERIFIED, Status.OWNER_CONFIRMED), permissions.CLOSE_ROLES),
    "reopen": (REOPENABLE, permissions.REOPEN_ROLES),
    "cancel": (CANCELLABLE, permissions.CANCEL_ROLES),
    "follow_up": (OPEN_STATUSES, permissions.FOLLOW_UP_ROLES),
    "reassign": ((Status.SIGNED, Status.IN_PROGRESS), permissions.REASSIGN_ROLES),
}
OWNER_STEPS = ("book", "confirm")


def allowed_steps(actor: Any, order: WorkOrder) -> list[str]:
    steps = []
    for step, (statuses, allowed) in STEP_RULES.items():
        if order.status not in statuses:
            continue
        if step in OWNER_STEPS and not order.has_owner_steps:
            continue
        if step == "close" and order.has_owner_steps and order.status != Status.OWNER_CONFIRMED:
            continue
        if permissions.can_act(actor, order, allowed):
            steps.append(step)
    return steps
