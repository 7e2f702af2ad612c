"""Plain helpers the tests of every app share (the fixtures are in ``tests/conftest.py``)."""

import contextlib
import os
import threading

import pytest
from django.conf import settings
from django.db import connection

from frontdesk.celery import app as celery_app

IN_CI = os.environ.get("CI") == "true"


def run_together(work, count):
    """Run ``work(n)`` for n in 0..count-1 in threads released at the same instant (each on
    its own database connection); returns the results and the exceptions raised."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(n):
        try:
            barrier.wait()
            results.append(work(n))
        except Exception as error:  # collected: a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def needs_postgres():
    """Skip unless the test database is PostgreSQL (the CI runs a PostgreSQL pass)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: runs in the PostgreSQL pass (DATABASE_URL=postgres://…)")


@contextlib.contextmanager
def celery_broker(url: str, **conf):
    """Send tasks for real to ``url`` (not eagerly) for the duration of the block."""
    # broker_write_url: celery lets the CELERY_BROKER_URL variable win over broker_url.
    names = ["broker_write_url", "broker_transport_options", "task_always_eager", *conf]
    saved = {name: celery_app.conf[name] for name in names}

    def reset_pools():
        # The app caches its connection and producer pools for the first broker it met;
        # kombu keeps one pool per broker URL, so dropping the app's references is enough.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    reset_pools()
    options = settings.REDIS_TRANSPORT_OPTIONS if url.startswith("redis") else {}
    celery_app.conf.update(
        broker_write_url=url, broker_transport_options=options, task_always_eager=False, **conf
    )
    try:
        yield
    finally:
        reset_pools()
        celery_app.conf.update(saved)
