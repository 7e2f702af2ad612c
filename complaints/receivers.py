"""What complaints hear from other apps: a work order a complaint waits for is completed."""

from workorders.signals import order_completed

from . import services


def _order_completed(sender, order_id: int, **kwargs) -> None:
    services.complaints_order_completed(order_id=order_id)


def connect() -> None:
    order_completed.connect(_order_completed, dispatch_uid="complaints-order-completed")
