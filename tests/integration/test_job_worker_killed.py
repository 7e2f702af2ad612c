"""A worker killed in the middle of a background job: the job does not stay "running" for
ever; once its lease runs out the sweep queues it again and a new worker finishes it, once."""

import datetime
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from frontdesk import jobs, tasks
from frontdesk.models import Job
from tests.factories import UserFactory
from tests.helpers import celery_broker
from tests.integration.test_celery_worker import REDIS_URL, _database_url, _require_redis

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

KIND = "tests.slow"
LEASE = datetime.timedelta(seconds=3)
STEPS = 20


def slow_runner(job, progress):
    """Twenty short steps with a heartbeat each; writes when it starts and when it ends."""
    log = Path(job.params["log"])
    with log.open("a") as out:
        out.write(f"start {os.getpid()}\n")
    for step in range(STEPS):
        progress(step, STEPS)
        time.sleep(0.3)
    progress(STEPS, STEPS)
    with log.open("a") as out:
        out.write(f"end {os.getpid()}\n")
    job.message = "finished"


# The worker registers the slow runner before it starts; it sends what it queues (the job a
# sweep queues again) to the test's own queue, the one it consumes.
WORKER = """
import sys

import django

django.setup()
from frontdesk.celery import app
from frontdesk.jobs import register_job
from tests.integration.test_job_worker_killed import KIND, LEASE, slow_runner

register_job(KIND, slow_runner, lease=LEASE)
app.conf.task_default_queue = sys.argv[1]
app.worker_main(
    ["worker", "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
     "-Q", sys.argv[1], "--loglevel=INFO", "--hostname", sys.argv[2]]
)
"""


class Workers:
    def __init__(self, tmp_path, queue):
        self.tmp_path, self.queue = tmp_path, queue
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "frontdesk.settings",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": REDIS_URL,
        }
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str) -> subprocess.Popen:
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 - the worker writes it
        process = subprocess.Popen(
            [sys.executable, "-c", WORKER, self.queue, f"{name}@{self.queue}"],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.processes.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.tmp_path.glob("*.log")))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=20)


def _forget_unacked(queue: str) -> None:
    """The killed worker's message waits, unacknowledged, for the visibility timeout; drop
    it so no later worker on this Redis hands out a message for a test database."""
    client = redis.Redis.from_url(REDIS_URL)
    for tag, payload in client.hgetall("unacked").items():
        if json.loads(payload)[2] == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


@pytest.fixture
def workers(tmp_path):
    _require_redis()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    jobs.register_job(KIND, slow_runner, lease=LEASE)  # job_start checks the kind exists
    pool = Workers(tmp_path, queue)
    try:
        with celery_broker(REDIS_URL, task_default_queue=queue):
            yield pool
    finally:
        pool.stop()
        jobs._runners.pop(KIND)
        jobs._leases.pop(KIND)
        _forget_unacked(queue)


def _wait_for(condition, pool, seconds=45):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail("the workers did not get there in time:\n" + pool.logs())


def test_a_job_whose_worker_is_killed_is_finished_once_by_another(workers, tmp_path):
    log = tmp_path / "runs.txt"
    first = workers.start("first")
    job = jobs.job_start(
        actor=UserFactory(), kind=KIND, title="打印催缴通知", params={"log": str(log)}
    )
    _wait_for(lambda: Job.objects.filter(pk=job.pk, done__gte=3).exists(), workers)

    first.send_signal(signal.SIGKILL)  # mid-job: no ack, no clean-up, nothing written
    first.wait(timeout=10)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1)
    assert log.read_text().count("end") == 0

    workers.start("second")
    # The lease runs out (no more heartbeats); the next minute's sweep finds the job.
    _wait_for(lambda: Job.objects.get(pk=job.pk).lease_until < timezone.now(), workers)
    tasks.jobs_run_queued.delay()
    _wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE, workers)

    job.refresh_from_db()
    assert (job.attempts, job.done, job.total, job.message) == (2, STEPS, STEPS, "finished")
    runs = log.read_text().splitlines()
    assert [line.split()[0] for line in runs] == ["start", "start", "end"]
    assert runs[0].split()[1] == str(first.pid)  # the first run was the killed worker's

    # A later sweep, or a message that comes back, runs nothing again.
    tasks.jobs_run_queued.delay()
    time.sleep(2)
    assert log.read_text().count("end") == 1
