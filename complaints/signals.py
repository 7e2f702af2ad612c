"""Events other apps may consume (the return-visit engine). Sent after commit, ids only."""

from django.dispatch import Signal

# Sent with ``complaint_id=`` once the transaction that handled a complaint (its last step
# before the return visit) has committed: the complaint now waits for its return visit.
complaint_resolved = Signal()
