"""What inspections hear from work orders: a coordination sheet completed makes its
nonconformity's follow-up check due. If the signal is lost, the daily sweep does it."""

import logging

logger = logging.getLogger(__name__)

SOURCE_LABEL = "inspections.nonconformity"


def on_order_completed(sender, *, order_id: int, **kwargs) -> None:
    from workorders.selectors import order_source

    from .services import follow_ups_release

    label, source_id, _order = order_source(order_id)
    if label != SOURCE_LABEL or source_id is None:
        return
    try:
        follow_ups_release(nonconformity_ids=[source_id])
    except Exception:  # the order's commit stands; the daily sweep releases the check
        logger.exception("follow-up of nonconformity %s not released; the sweep will", source_id)


def connect() -> None:
    from workorders.signals import order_completed

    order_completed.connect(on_order_completed, dispatch_uid="inspections.order_completed")
