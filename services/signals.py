"""What a convenience service tells the apps that listen: sent after the commit."""

from django.dispatch import Signal

# The owner accepted the work (kwargs: service_id): the return-visit engine plans its visit.
service_accepted = Signal()
