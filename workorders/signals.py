"""Events other apps may consume (return visits). Sent after commit, with ids only."""

from django.dispatch import Signal

# Sent with ``order_id=`` once the transaction that completed a work order has committed.
order_completed = Signal()
# Sent with ``order_id=`` and ``actor_id=`` once an order's closing has committed (the call it
# came from gets its reply).
order_closed = Signal()
