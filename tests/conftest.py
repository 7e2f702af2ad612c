import contextlib
import os
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from django.utils.functional import empty

from frontdesk import roles
from frontdesk.celery import app as celery_app
from owners.models import private_storage
from tests.factories import EstateFactory, staff

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


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    private_storage._wrapped = empty  # re-read STORAGES: scans go to the test's folder
    # Tasks run in-process during tests, exceptions propagating; the integration tests
    # run a real worker instead.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    private_storage._wrapped = empty


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English texts; Chinese, the default, has tests of its own."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def estate(db):
    return EstateFactory(code="A", name="丽景花园")


@pytest.fixture
def other_estate(db):
    return EstateFactory(code="B", name="翠湖苑")


@pytest.fixture
def receptionist(estate):
    return staff(estates=[estate], roles=[roles.RECEPTIONIST], username="reception")


@pytest.fixture
def supervisor(estate):
    return staff(
        estates=[estate], roles=[roles.CS_SUPERVISOR], username="supervisor", is_staff=True
    )


@pytest.fixture
def cashier(estate):
    return staff(estates=[estate], roles=[roles.CASHIER], username="cashier")


@pytest.fixture
def director(estate):
    return staff(estates=[estate], roles=[roles.DIRECTOR], username="director")


@pytest.fixture
def technician(estate):
    """A role without desk work: pages of the desk answer 403."""
    return staff(estates=[estate], roles=[roles.TECHNICIAN], username="technician")


@pytest.fixture
def outsider(other_estate):
    """A receptionist of another estate."""
    return staff(estates=[other_estate], roles=[roles.RECEPTIONIST], username="outsider")


def pytest_configure(config):
    from django.conf import settings

    # Hashing test passwords with PBKDF2 costs half a second per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
