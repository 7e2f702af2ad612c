"""A real Celery worker consumes tasks from Redis and their effect shows in the database."""

import os
import re
import subprocess
import sys
import time
import uuid

import pytest
import redis
from django.conf import settings
from django.db import connection

from frontdesk import services, tasks
from frontdesk.models import Notification
from tests.factories import UserFactory
from tests.helpers import IN_CI, celery_broker

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    if connection.is_in_memory_db():
        pytest.skip("the worker needs a database it can share: runs in the PostgreSQL pass")
    return f"sqlite:///{db['NAME']}"


def _require_redis() -> None:
    if not REDIS_URL.startswith("redis://"):
        pytest.skip("CELERY_BROKER_URL is not a Redis URL")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if IN_CI:
            raise
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")


@pytest.fixture
def worker(tmp_path):
    """A worker process on its own queue, against Redis and the test database."""
    database_url = _database_url()
    _require_redis()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed in teardown
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "frontdesk",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            queue,
            "--loglevel=INFO",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        with celery_broker(REDIS_URL, task_default_queue=queue):
            yield tmp_path
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _wait_for(condition, worker_dir, seconds=45):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(
        "the worker did not do the work in time:\n" + (worker_dir / "worker.log").read_text()
    )


def test_it_emails_a_notification_through_a_real_worker(worker):
    user = UserFactory(email="desk@example.com")
    services.notification_send(users=[user], title="维修单已派工")  # queued on commit
    notification = Notification.objects.get()
    _wait_for(
        lambda: Notification.objects.filter(pk=notification.pk, emailed_at__isnull=False).exists(),
        worker,
    )
    sent = "".join(path.read_text() for path in (worker / "mail").iterdir())
    assert "desk@example.com" in sent


def test_it_sweeps_pending_work_when_beat_sends_the_task(worker):
    user = UserFactory(email="desk@example.com")
    # Stored while the broker was away: nothing was queued for it.
    Notification.objects.create(user=user, title="停电通知")
    tasks.notifications_send_pending.delay()
    _wait_for(lambda: not Notification.objects.filter(emailed_at__isnull=True).exists(), worker)


def test_the_weekly_custody_sweep_runs_as_beat_sends_it(worker):
    """Beat sends the task by the name in its schedule; a real worker creates this week's
    inspection of a custody house (and, sent again, nothing more)."""
    import datetime
    from decimal import Decimal

    from checkin.models import Inspection
    from checkin.services import Readings, custody_start
    from frontdesk import roles
    from frontdesk.celery import app as celery_app
    from tests.factories import BuildingFactory, EstateFactory, OwnershipFactory, UnitFactory, staff

    estate = EstateFactory()
    unit = UnitFactory(building=BuildingFactory(estate=estate))
    owner = OwnershipFactory(unit=unit).owner
    desk = staff(estates=[estate], roles=[roles.RECEPTIONIST], username="desk")
    custody_start(
        actor=desk,
        unit=unit,
        owner=owner,
        readings=Readings(Decimal("1"), Decimal("2")),
        start_date=datetime.date.today(),
    )
    entry = settings.CELERY_BEAT_SCHEDULE["checkin-custody-inspections"]
    celery_app.send_task(entry["task"])
    _wait_for(lambda: Inspection.objects.filter(custody__unit=unit).exists(), worker)
    celery_app.send_task(entry["task"])
    log = worker / "worker.log"
    done = re.compile(r"custody_inspections_sweep\[[^]]+\] succeeded in [\d.]+s: 0")
    _wait_for(lambda: done.search(log.read_text()) is not None, worker)
    inspection = Inspection.objects.get(custody__unit=unit)
    assert inspection.kind == Inspection.Kind.WEEKLY
    assert inspection.iso_week == datetime.date.today().isocalendar().week
