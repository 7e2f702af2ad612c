"""Background jobs with a progress bar: an app registers a runner for a kind of job, a view
starts one, a Celery task runs it, the user watches ``/jobs/<id>/``.

A runner is ``runner(job, progress)``; it calls ``progress(done, total)`` as it goes, may set
``job.message`` and save a file into ``job.file``. The queue is only a trigger: a sweep picks
up jobs whose message was lost, and a job is claimed once, so a repeat runs nothing twice.
"""

import datetime
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from .models import Job
from .queueing import enqueue_on_commit

logger = logging.getLogger(__name__)

Runner = Callable[[Job, Callable[[int, int], None]], None]
_runners: dict[str, Runner] = {}


def register_job(kind: str, runner: Runner) -> None:
    _runners[kind] = runner


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


def job_run(*, job_id: int) -> bool:
    """Run a queued job once; False when it was already claimed. Run by Celery (the task and
    the beat sweep), with no human actor: the job was checked when it was started."""
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING
        )
    if not claimed:
        return False
    job = Job.objects.get(pk=job_id)

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        _runners[job.kind](job, progress)
    except Exception as error:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        job.status, job.message = Job.Status.FAILED, str(error)
    else:
        job.status = Job.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "file", "finished_at"])
    return True


def queued_job_ids(older_than: datetime.timedelta = datetime.timedelta(minutes=1)) -> list[int]:
    cutoff = timezone.now() - older_than
    return list(
        Job.objects.filter(status=Job.Status.QUEUED, created_at__lte=cutoff).values_list(
            "pk", flat=True
        )
    )
