"""What this app hears from the sources of revisits: a work order completed (and, later, a
complaint resolved). A receiver only creates the revisit; if it is lost, the sweep does."""

import logging

logger = logging.getLogger(__name__)


def on_order_completed(sender, *, order_id: int, **kwargs) -> None:
    from .services import revisit_for_order

    try:
        revisit_for_order(order_id=order_id)
    except Exception:  # the order's commit stands; the next sweep creates the revisit
        logger.exception("revisit for work order %s not created; the sweep will", order_id)


def connect() -> None:
    """Hook the sources' signals. A resolved complaint (``complaints.signals.
    complaint_resolved``, with ``complaint_id``) is hooked the same way once that app sends
    it: a ``Revisit.complaint`` link (nullable, unique), ``SourceKind.COMPLAINT``, a rule of
    days per complaint kind, and the sweep's ``sources.complaints_without_revisit``."""
    from workorders.signals import order_completed

    order_completed.connect(on_order_completed, dispatch_uid="revisits.order_completed")
