"""Events other apps may consume (return visits). Sent after commit, with ids only."""

from django.dispatch import Signal

# Sent with ``order_id=`` once the transaction that completed a work order has committed.
order_completed = Signal()
