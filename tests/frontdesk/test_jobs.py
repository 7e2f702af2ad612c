"""Background jobs hold a lease: a dead worker's job is queued again, a few times at most,
and a job finishes once."""

import datetime

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from frontdesk import jobs, tasks
from frontdesk.models import Job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "tests.lease"
LEASE = datetime.timedelta(minutes=2)


class Recorder:
    """A runner that records its runs; ``during`` runs inside it, between two steps."""

    def __init__(self):
        self.runs = 0
        self.during = None

    def __call__(self, job, progress):
        self.runs += 1
        progress(1, 2)
        if self.during:
            self.during(job)
        progress(2, 2)
        job.message = f"run {self.runs}"


@pytest.fixture
def runner():
    recorder = Recorder()
    jobs.register_job(KIND, recorder, lease=LEASE)
    yield recorder
    jobs._runners.pop(KIND)
    jobs._leases.pop(KIND)


def make_job(**fields):
    return Job.objects.create(kind=KIND, title="对账", requested_by=UserFactory(), **fields)


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def dead(attempts=1, **fields):
    """A job whose worker died: running, its lease run out a minute ago."""
    return make_job(
        status=Job.Status.RUNNING, attempts=attempts, lease_until=ago(minutes=1), **fields
    )


def test_it_takes_a_lease_when_it_claims_a_job(runner):
    seen = {}
    runner.during = lambda job: seen.update(
        Job.objects.filter(pk=job.pk).values("status", "attempts", "lease_until").get()
    )
    job = make_job()
    before = timezone.now()

    assert jobs.job_run(job_id=job.pk)

    assert seen["status"] == Job.Status.RUNNING
    assert seen["attempts"] == 1
    assert before + LEASE <= seen["lease_until"] <= timezone.now() + LEASE
    job.refresh_from_db()
    assert (job.status, job.attempts, job.lease_until, job.message) == ("done", 1, None, "run 1")
    assert job.finished_at is not None


def test_progress_renews_the_lease(runner):
    def lease_nearly_out(job):
        Job.objects.filter(pk=job.pk).update(lease_until=ago(seconds=-5))

    leases = []
    original = runner.__call__

    def watching(job, progress):
        def spy(done, total):
            progress(done, total)
            leases.append(Job.objects.values_list("lease_until", flat=True).get(pk=job.pk))

        return original(job, spy)

    runner.during = lease_nearly_out
    jobs.register_job(KIND, watching, lease=LEASE)
    job = make_job()

    assert jobs.job_run(job_id=job.pk)

    # the second call came after the lease was made almost out, and pushed it a lease ahead
    assert leases[1] > timezone.now() + LEASE - datetime.timedelta(seconds=30)


def test_it_does_not_run_a_job_whose_lease_is_live(runner):
    job = make_job(status=Job.Status.RUNNING, attempts=1, lease_until=ago(minutes=-5))

    assert not jobs.job_run(job_id=job.pk)
    assert not jobs.jobs_sweep()

    job.refresh_from_db()
    assert (runner.runs, job.status, job.attempts) == (0, "running", 1)


def test_a_repeated_message_runs_nothing(runner):
    job = make_job()

    assert jobs.job_run(job_id=job.pk)
    assert not jobs.job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (runner.runs, job.status, job.attempts) == (1, "done", 1)


def test_the_sweep_queues_a_dead_workers_job_again(runner, django_capture_on_commit_callbacks):
    job = dead(attempts=1)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert tasks.jobs_run_queued() == 0  # queued for a worker, not run in the sweep

    job.refresh_from_db()
    assert (job.status, job.lease_until) == ("queued", None)
    assert job.message == "The job was interrupted and is queued to run again."
    assert len(queued) == 1

    queued[0]()  # the queue message: a worker runs it (eagerly here)

    job.refresh_from_db()
    assert (runner.runs, job.status, job.attempts, job.message) == (1, "done", 2, "run 1")


def test_a_message_that_comes_back_takes_over_a_dead_workers_job(runner):
    """The broker hands the dead worker's message out again (visibility timeout): it claims
    the job without waiting for the sweep."""
    job = dead(attempts=1)

    assert jobs.job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (runner.runs, job.status, job.attempts) == (1, "done", 2)


def test_it_fails_a_job_out_of_attempts_with_a_message(runner):
    job = dead(attempts=jobs.MAX_ATTEMPTS)

    assert not jobs.job_run(job_id=job.pk)  # a late message does not run it a fourth time
    jobs.jobs_sweep()

    job.refresh_from_db()
    assert (runner.runs, job.status, job.lease_until) == (0, "failed", None)
    assert job.message.startswith("The job stopped 3 times before it finished")
    assert job.finished_at is not None
    assert not jobs.job_run(job_id=job.pk)


def test_a_job_tried_three_times_in_all_then_fails(runner, django_capture_on_commit_callbacks):
    def worker_dies(job):
        Job.objects.filter(pk=job.pk).update(lease_until=ago(minutes=1))
        raise KeyboardInterrupt  # stands for the process going away mid-job

    runner.during = worker_dies
    job = make_job()
    for _ in range(jobs.MAX_ATTEMPTS):
        with pytest.raises(KeyboardInterrupt):
            jobs.job_run(job_id=job.pk)
        with django_capture_on_commit_callbacks(execute=False):
            jobs.jobs_sweep()

    job.refresh_from_db()
    assert (runner.runs, job.attempts, job.status) == (3, 3, "failed")


def test_the_sweep_leaves_live_and_finished_jobs_alone(runner):
    live = make_job(status=Job.Status.RUNNING, attempts=1, lease_until=ago(minutes=-1))
    done = make_job(status=Job.Status.DONE, attempts=1, lease_until=None)
    failed = make_job(status=Job.Status.FAILED, attempts=1, lease_until=None)

    jobs.jobs_sweep()

    states = dict(Job.objects.values_list("pk", "status"))
    assert states == {live.pk: "running", done.pk: "done", failed.pk: "failed"}
    assert runner.runs == 0


def test_a_job_left_running_without_a_lease_is_queued_again(runner):
    """Claimed before leases existed, its worker gone: it would stay running for ever."""
    job = make_job(status=Job.Status.RUNNING, attempts=0, lease_until=None)

    jobs.jobs_sweep()

    job.refresh_from_db()
    assert job.status == "queued"


def test_the_sweep_runs_a_queued_job_whose_message_was_lost(runner):
    lost = make_job(queued_at=ago(minutes=2))
    fresh = make_job()  # its message is likely still on its way

    assert jobs.jobs_sweep() == 1

    assert dict(Job.objects.values_list("pk", "status")) == {lost.pk: "done", fresh.pk: "queued"}


def test_a_slow_run_that_lost_its_lease_stops_at_its_next_progress(runner):
    def taken_over(job):
        # the sweep re-queued it and another worker claimed it: attempt 2 holds the job
        Job.objects.filter(pk=job.pk).update(attempts=2, lease_until=ago(minutes=-5))

    runner.during = taken_over
    job = make_job()

    assert not jobs.job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.message, job.done) == ("running", 2, "", 1)


def test_a_slow_run_that_finishes_after_losing_its_lease_is_dropped(tmp_path):
    def runner(job, progress):
        progress(1, 1)
        Job.objects.filter(pk=job.pk).update(attempts=2, lease_until=ago(minutes=-5))
        job.file.save("late.pdf", ContentFile(b"%PDF late"), save=False)
        job.message = "late"

    jobs.register_job(KIND, runner)
    try:
        job = make_job()
        assert not jobs.job_run(job_id=job.pk)
    finally:
        jobs._runners.pop(KIND)
        jobs._leases.pop(KIND)

    job.refresh_from_db()
    assert (job.status, job.message, job.file.name) == ("running", "", "")
    assert not list((tmp_path / "private").rglob("late*.pdf"))  # its file is not left behind


def test_a_failing_runner_fails_the_job_and_ends_its_lease(runner):
    def broken(job):
        raise ValueError("没有收费标准")

    runner.during = broken
    job = make_job()

    assert jobs.job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.message, job.lease_until) == ("failed", "没有收费标准", None)


def test_the_broker_hands_a_message_out_again_only_after_every_job_lease():
    timeout = settings.REDIS_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout > 3 * jobs.longest_lease().total_seconds()
    assert tasks.job_run.acks_late
