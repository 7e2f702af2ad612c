"""Background work of the fees app and its place on the desk: the monthly billing job (started
from the admin, watched on the job page) and the today panel of due collection follow-ups."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontdesk import roles
from frontdesk.jobs import job_start, register_job
from frontdesk.models import Job
from frontdesk.registry import Entry, menu, today_panels
from frontdesk.scoping import desk_estate_ids, has_role
from owners.models import Estate

from . import services
from .errors import FeesError
from .models import month_start
from .selectors import follow_ups_due
from .services import COLLECTION_ROLES

BILLING_JOB = "fees.billing"
BILLING_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)
PANEL_ROLES = (roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR)
PANEL_SIZE = 5


# Billing a month in the background


def can_start_billing(user) -> bool:
    return has_role(user, *BILLING_ROLES)


def billing_job_start(*, actor, estate: Estate, period: datetime.date) -> Job:
    """Queue the property-fee billing of one month for an estate; the job page shows progress.

    Checked here, before anything is queued, so the supervisor gets the reason on the form
    instead of a failed job.
    """
    if not can_start_billing(actor):
        raise FeesError(_("Only a supervisor or the director can bill a month."), code="forbidden")
    period = month_start(period)
    services.property_fee_in_force(estate_id=estate.pk, period=period)
    params = {"estate_id": estate.pk, "period": period.isoformat()}
    pending = Job.objects.filter(
        kind=BILLING_JOB,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        estate=estate,
        params__period=params["period"],
    )
    if pending.exists():
        raise FeesError(
            _("%(month)s is already being billed for this estate.")
            % {"month": period.strftime("%Y-%m")},
            code="already_running",
            field="month",
        )
    title = _("Property fees %(month)s · %(estate)s") % {
        "month": period.strftime("%Y-%m"),
        "estate": estate.name,
    }
    return job_start(actor=actor, kind=BILLING_JOB, title=title, estate=estate, params=params)


def billing_job_run(job: Job, progress) -> None:
    """The runner of a billing job; billing is idempotent, so a repeated job adds nothing."""
    result = services.billing_run(
        estate_id=job.params["estate_id"],
        period=datetime.date.fromisoformat(job.params["period"]),
        actor=job.requested_by,
        progress=progress,
    )
    progress(result.created, result.created)  # also when nothing was left to bill
    job.message = _(
        "Created %(created)s, already billed %(skipped)s, without a rate %(without_rate)s."
    ) % {
        "created": result.created,
        "skipped": result.skipped,
        "without_rate": result.without_rate,
    }


# The desk: due follow-ups


def _due_follow_ups_panel(request) -> dict:
    due = follow_ups_due(estate_ids=desk_estate_ids(request), on=timezone.localdate())
    return {"count": due.count(), "follow_ups": list(due[:PANEL_SIZE])}


def register() -> None:
    register_job(BILLING_JOB, billing_job_run)
    today_panels.register(
        Entry(
            key="fees-follow-ups",
            label=gettext_lazy("Collection follow-ups due"),
            roles=PANEL_ROLES,
            order=300,
            icon="telephone-outbound",
            url_name="fees:collection-list",
            template="fees/panels/follow_ups.html",
            context=_due_follow_ups_panel,
        )
    )
    menu.register(
        Entry(
            key="fees-collection",
            label=gettext_lazy("Collection"),
            roles=COLLECTION_ROLES,
            order=320,
            icon="telephone-outbound",
            url_name="fees:collection-list",
        )
    )
