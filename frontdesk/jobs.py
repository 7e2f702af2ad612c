"""Background jobs with a progress bar: an app registers a runner for a kind of job, a view
starts one, a Celery task runs it, the user watches ``/jobs/<id>/``.

A runner is ``runner(job, progress)``; it calls ``progress(done, total)`` as it goes, may set
``job.message`` and save a file into ``job.file`` (``save=False``). The queue is only a
trigger: a sweep picks up jobs whose message was lost, and a job is claimed once, so a repeat
runs nothing twice.

A worker can die in the middle of a job (killed, out of memory, the machine restarted). A run
therefore holds a lease: claiming the job sets ``lease_until`` and every ``progress`` call
renews it (a runner with a long stretch between steps calls ``progress`` again with the same
numbers as a heartbeat). When the lease runs out the job's worker is gone: the sweep queues
the job again, at most ``MAX_ATTEMPTS`` runs in all, then fails it with a message saying so.
A run that lost its lease (a worker that was only slow) stops at its next ``progress`` call
and its result is dropped, so a job finishes once. Runners are idempotent (billing adds only
what is missing), so a run cut short and repeated leaves no double.
"""

import datetime
import logging
from collections.abc import Callable

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job
from .queueing import enqueue_on_commit

logger = logging.getLogger(__name__)

Runner = Callable[[Job, Callable[[int, int], None]], None]

LEASE = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 3
# A queued job without a run after this long lost its queue message: the sweep runs it.
QUEUE_GRACE = datetime.timedelta(minutes=1)

_runners: dict[str, Runner] = {}
_leases: dict[str, datetime.timedelta] = {}


class JobLeaseLost(Exception):
    """This run's lease ran out and the job was queued again: stop, the new run owns it."""


def register_job(kind: str, runner: Runner, *, lease: datetime.timedelta = LEASE) -> None:
    """``lease``: how long the runner may go without calling ``progress`` before its run is
    taken for dead. The broker's visibility timeout must be longer than every lease."""
    _runners[kind] = runner
    _leases[kind] = lease


def longest_lease() -> datetime.timedelta:
    return max(_leases.values(), default=LEASE)


@transaction.atomic
def job_start(*, actor, kind: str, title: str, estate=None, params: dict | None = None) -> Job:
    # The app that starts a job checks the actor's role for it (e.g. fees' billing); the
    # kernel only records who asked, and shows the job to them and their estate.
    if kind not in _runners:
        raise ValueError(f"no runner registered for job kind {kind!r}")
    job = Job.objects.create(
        kind=kind, title=title, estate=estate, requested_by=actor, params=params or {}
    )
    from . import tasks

    enqueue_on_commit(tasks.job_run, job.pk)
    return job


def _claimable(now: datetime.datetime) -> Q:
    """Queued, or running under a lease that ran out (its worker died) with attempts left."""
    return Q(status=Job.Status.QUEUED) | Q(
        _lease_expired(now), status=Job.Status.RUNNING, attempts__lt=MAX_ATTEMPTS
    )


def _lease_expired(now: datetime.datetime) -> Q:
    # A job left running with no lease at all was claimed before leases existed.
    return Q(lease_until__lt=now) | Q(lease_until__isnull=True)


def job_run(*, job_id: int) -> bool:
    """Run a job once; False when it was not claimable (done, failed, or running under a
    live lease). Run by Celery (the task and the beat sweep), with no human actor: the job
    was checked when it was started."""
    kind = Job.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    if kind is None or kind not in _runners:
        return False
    lease = _leases[kind]
    now = timezone.now()
    # One conditional UPDATE: of two workers with the same message, one claims the job.
    claimed = Job.objects.filter(_claimable(now), pk=job_id).update(
        status=Job.Status.RUNNING,
        attempts=F("attempts") + 1,
        lease_until=now + lease,
        message="",
    )
    if not claimed:
        return False
    job = Job.objects.get(pk=job_id)
    mine = Q(pk=job_id, status=Job.Status.RUNNING, attempts=job.attempts)

    def progress(done: int, total: int) -> None:
        renewed = Job.objects.filter(mine).update(
            done=done, total=total, lease_until=timezone.now() + lease
        )
        if not renewed:
            raise JobLeaseLost(job_id)

    try:
        _runners[job.kind](job, progress)
    except JobLeaseLost:
        logger.warning("job %s (%s) lost its lease; the run that took over owns it", job_id, kind)
        return False
    except Exception as error:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        job.status, job.message = Job.Status.FAILED, str(error)
    else:
        job.status = Job.Status.DONE
    finished = Job.objects.filter(mine).update(
        status=job.status,
        message=job.message,
        file=job.file.name or "",
        finished_at=timezone.now(),
        lease_until=None,
    )
    if not finished:
        # Slow, not dead: the lease ran out between the last progress call and the end, and
        # another run took over. Its result stands; this one's is dropped.
        logger.warning("job %s (%s) finished after losing its lease; dropped", job_id, kind)
        if job.file:
            job.file.delete(save=False)
        return False
    return True


def jobs_sweep() -> int:
    """Every minute: queue again the jobs whose worker died (lease run out), fail those out
    of attempts, and run the queued jobs whose queue message was lost. Returns the number of
    jobs it ran here."""
    from . import tasks

    now = timezone.now()
    stale = Job.objects.filter(_lease_expired(now), status=Job.Status.RUNNING)
    stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Job.Status.FAILED,
        lease_until=None,
        finished_at=now,
        message=_(
            "The job stopped %(count)s times before it finished (the server running it "
            "went away) and was not tried again. Start it again; if it stops again, tell "
            "the administrator."
        )
        % {"count": MAX_ATTEMPTS},
    )
    for job_id in stale.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True):
        # Conditional again: a worker may have taken the job over in the meantime.
        requeued = Job.objects.filter(_lease_expired(now), pk=job_id, status=Job.Status.RUNNING)
        if requeued.update(
            status=Job.Status.QUEUED,
            lease_until=None,
            queued_at=now,
            message=_("The job was interrupted and is queued to run again."),
        ):
            logger.warning("job %s lost its worker; queued again", job_id)
            enqueue_on_commit(tasks.job_run, job_id)
    return sum(job_run(job_id=job_id) for job_id in queued_job_ids())


def queued_job_ids(older_than: datetime.timedelta = QUEUE_GRACE) -> list[int]:
    cutoff = timezone.now() - older_than
    return list(
        Job.objects.filter(status=Job.Status.QUEUED, queued_at__lte=cutoff).values_list(
            "pk", flat=True
        )
    )
