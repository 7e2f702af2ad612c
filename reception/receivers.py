"""What reception does when other apps' records move on: a work order opened from a call
closes — the caller waiting for a reply gets it, in the call's log, from the order."""

import logging

from django.contrib.auth import get_user_model

from workorders.selectors import order_source

from .services.calls import call_replied_by_order

log = logging.getLogger(__name__)


def on_order_closed(sender, *, order_id: int, actor_id: int, **kwargs) -> None:
    label, call_id, order = order_source(order_id)
    if label != "reception.phonecall" or order is None:
        return
    actor = get_user_model().objects.filter(pk=actor_id).first()
    if actor is None:
        return
    call_replied_by_order(call_id=call_id, actor=actor, order=order)


def connect() -> None:
    from workorders.signals import order_closed

    order_closed.connect(on_order_closed, dispatch_uid="reception.order_closed")
