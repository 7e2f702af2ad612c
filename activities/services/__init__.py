"""Every write of community activities: bookings (``booking``) and the publicity column
(``posts``)."""

from .booking import (
    Slot,
    booking_approve,
    booking_cancel,
    booking_check,
    booking_check_in,
    booking_create,
    booking_no_show,
    paid_money,
)
from .posts import NewPost, column_replace, post_put_up, post_take_down, replacement_sweep

__all__ = [
    "NewPost",
    "column_replace",
    "post_put_up",
    "post_take_down",
    "replacement_sweep",
    "Slot",
    "booking_approve",
    "booking_cancel",
    "booking_check",
    "booking_check_in",
    "booking_create",
    "booking_no_show",
    "paid_money",
]
