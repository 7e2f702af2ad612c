from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_celery_beat.models import PeriodicTask

from . import registry, services, signin
from .celery import app as celery_app
from .errors import DeskError
from .http import private_file_response, safe_next
from .models import Job
from .pdf import fast_font_subsetting
from .permissions import JOB_OVERSIGHT_ROLES, SIGNIN_UNLOCK_ROLES
from .scoping import DESK_ESTATE_SESSION_KEY, estate_ids_for, has_role, require_role, scope


@login_required
def home(request):
    # Each today panel loads on its own request, so the home page's queries stay fixed
    # however many apps plug panels in.
    return render(
        request,
        "frontdesk/home.html",
        {
            "quick_actions": registry.quick_actions.for_user(request.user),
            "panels": registry.today_panels.for_user(request.user),
        },
    )


@require_GET
@login_required
def today_panel(request, key: str):
    entry = registry.today_panels.get(key)
    if entry is None:
        raise Http404
    if not entry.visible_to(request.user):
        raise PermissionDenied
    return render(request, entry.template, {"panel": registry.panel_context(entry, request)})


@require_POST
@login_required
def estate_switch(request):
    """Narrow the desk to one of the user's estates, or back to all of them ("")."""
    choice = request.POST.get("estate", "")
    allowed = estate_ids_for(request.user)
    if choice.isdigit() and (allowed is None or int(choice) in allowed):
        request.session[DESK_ESTATE_SESSION_KEY] = int(choice)
    else:
        request.session.pop(DESK_ESTATE_SESSION_KEY, None)
    return redirect(safe_next(request, "/"))


@login_required
def notifications(request):
    items = request.user.notifications.all()[:50]
    return render(request, "frontdesk/notifications.html", {"notifications": items})


@require_POST
@login_required
def notifications_mark_read(request):
    ids = request.POST.getlist("id")
    services.notification_mark_read(user=request.user, notification_ids=ids)
    return redirect("notifications")


@never_cache
@require_GET
def healthz(request):
    """Liveness for the load balancer: database, broker and the PDF fast path.

    Also, for the administrator's monitoring (they do not make it unhealthy): when beat last
    ran a scheduled task, and how long the oldest queued job has waited (a stopped worker or
    beat shows here first). Three queries, whatever the number of tasks and jobs.
    """
    checks = {"database": _check_database(), "broker": _check_broker()}
    checks["pdf_fast_subsetting"] = "ok" if fast_font_subsetting() else "missing"
    background = {}
    if checks["database"] == "ok":
        try:
            background = _background_work()
        except DatabaseError:  # reachable, but its tables are missing: not migrated
            checks["database"] = "error: not migrated"
    healthy = checks["database"] == "ok" and checks["broker"] == "ok"
    body = {"status": "ok" if healthy else "error", **checks, **background}
    return JsonResponse(body, status=200 if healthy else 503)


def _background_work() -> dict:
    now = timezone.now()
    beat_last_run = PeriodicTask.objects.aggregate(last=Max("last_run_at"))["last"]
    queued = Job.objects.filter(status=Job.Status.QUEUED).aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    return {
        "beat_last_run": beat_last_run.isoformat() if beat_last_run else None,
        "beat_last_run_age_seconds": _age(now, beat_last_run),
        "queued_jobs": queued["count"],
        "oldest_queued_job_age_seconds": _age(now, queued["oldest"]),
    }


def _age(now, moment) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:
        return f"error: {error.__class__.__name__}"


def _check_broker() -> str:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=1)
        return "ok"
    except Exception as error:
        return f"error: {error.__class__.__name__}"


@require_GET
@login_required
def job_detail(request, pk: int):
    """A background job's progress; htmx polls the fragment until it is finished."""
    job = _job_for(request, pk)
    template = "frontdesk/_job.html" if request.htmx else "frontdesk/job.html"
    return render(request, template, {"job": job})


@require_GET
@login_required
def job_file(request, pk: int):
    job = _job_for(request, pk)
    if not job.file:
        raise Http404
    return private_file_response(job.file)


def _job_for(request, pk: int) -> Job:
    # A job's file is an export or notices full of owners' data: its requester's, and the
    # supervisors' of its estate; anyone else gets a 404 (not even that it exists).
    jobs = Job.objects.filter(requested_by=request.user)
    if has_role(request.user, *JOB_OVERSIGHT_ROLES):
        jobs = jobs | scope(Job.objects.all(), request.user)
    return get_object_or_404(jobs, pk=pk)


@require_GET
@login_required
def signin_lockouts(request):
    """The sign-ins locked out now, of the people of the supervisor's estates."""
    require_role(request.user, *SIGNIN_UNLOCK_ROLES)
    lockouts = signin.lockout_list(actor=request.user)
    return render(request, "registration/lockouts.html", {"lockouts": lockouts})


@require_POST
@login_required
def signin_unlock(request):
    require_role(request.user, *SIGNIN_UNLOCK_ROLES)
    username = request.POST.get("username", "")
    ip_address = request.POST.get("ip_address") or None
    try:
        signin.signin_unlock(actor=request.user, username=username, ip_address=ip_address)
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(user)s can sign in again.") % {"user": username})
    return redirect("signin-lockouts")
