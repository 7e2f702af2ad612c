"""Queue Celery work after commit without letting a dead broker stall the request.

Every periodic task is a sweep over the database, so a message lost here is picked up by the
next sweep; the caller's write has already succeeded.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Send ``task(*args)`` (ids only) once the current transaction commits."""

    def send() -> None:
        try:
            task.apply_async(args=args, retry=False)
        except Exception:  # the broker is down or unreachable: the sweep will catch up
            logger.warning("could not queue %s%r; the next sweep will do it", task.name, args)

    transaction.on_commit(send)
