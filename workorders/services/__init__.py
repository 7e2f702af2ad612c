"""Every write on work orders, by topic: opening and dispatching (``create``), the
department's steps (``department``), the owner's (``owner``), the end (``ending``), the
follow-up notes and reassignment between them (``follow``), and what the pages offer
(``steps``). Each step runs in one transaction on the order's locked row,
checks the actor's estate and role (``frontdesk.permissions.check_actor``) and department,
records an event for the timeline (and simple-history on the order), and leaves nothing
behind when it refuses. Other apps call them as ``workorders.services.order_create``."""

from .base import department_members, sla_hours, validate_photo
from .create import NUMBER_PREFIXES, order_create, order_dispatch
from .department import order_complete, order_sign, order_start, order_verify
from .ending import CANCELLABLE, REOPENABLE, order_cancel, order_close, order_reopen
from .follow import order_follow_up, order_reassign
from .owner import order_book_reinspection, order_confirm_by_owner
from .steps import OWNER_STEPS, STEP_RULES, allowed_steps

__all__ = [
    "CANCELLABLE",
    "NUMBER_PREFIXES",
    "OWNER_STEPS",
    "REOPENABLE",
    "STEP_RULES",
    "allowed_steps",
    "department_members",
    "order_book_reinspection",
    "order_cancel",
    "order_close",
    "order_complete",
    "order_confirm_by_owner",
    "order_create",
    "order_dispatch",
    "order_follow_up",
    "order_reassign",
    "order_reopen",
    "order_sign",
    "order_start",
    "order_verify",
    "sla_hours",
    "validate_photo",
]
