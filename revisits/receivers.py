"""What this app hears from the sources of revisits: a work order completed, a complaint
resolved. A receiver only creates the revisit; if it is lost, the sweep does."""

import logging

from django.urls import reverse

logger = logging.getLogger(__name__)


def on_order_completed(sender, *, order_id: int, **kwargs) -> None:
    from .services import revisit_for_order

    try:
        revisit_for_order(order_id=order_id)
    except Exception:  # the order's commit stands; the next sweep creates the revisit
        logger.exception("revisit for work order %s not created; the sweep will", order_id)


def on_complaint_resolved(sender, *, complaint_id: int, **kwargs) -> None:
    from .services import revisit_for_complaint

    try:
        revisit_for_complaint(complaint_id=complaint_id)
    except Exception:  # the complaint's commit stands; the next sweep creates the revisit
        logger.exception("revisit for complaint %s not created; the sweep will", complaint_id)


def complaint_visit_url(complaint) -> str:
    return reverse("revisits:for-complaint", args=[complaint.pk])


def connect() -> None:
    """Hook the sources' signals, and take the complaints' return visit over."""
    from complaints.revisit import engine_plug
    from complaints.signals import complaint_resolved
    from workorders.signals import order_completed

    order_completed.connect(on_order_completed, dispatch_uid="revisits.order_completed")
    complaint_resolved.connect(on_complaint_resolved, dispatch_uid="revisits.complaint_resolved")
    engine_plug(complaint_visit_url)
