"""The month's end (seed (5)): the summary for the CS supervisors and, when similar problems
recur past the estate's threshold, an analysis report drafted for the supervisor to edit,
review and submit to the director."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk import roles
from frontdesk.history import stamp
from frontdesk.models import Notification
from frontdesk.permissions import check_actor
from frontdesk.services import notification_send
from owners.models import Estate

from .. import permissions
from ..errors import RevisitError
from ..models import AnalysisReport, Revisit, RevisitSettings
from ..summary import Summary, monthly_summary
from .visit import clean_input

DEFAULT_THRESHOLD = 3


def _users(estate_id: int, *role_names: str) -> list:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True, groups__name__in=role_names, staff_profile__estates=estate_id
        )
        .distinct()
    )


def _draft(summary: Summary, recurring: list[tuple[str, int]]) -> str:
    lines = [
        _("Return visits in %(month)s: %(n)s made.")
        % {"month": f"{summary.month:%Y-%m}", "n": summary.visited},
        _("Similar problems that recurred:"),
        *(f"- {label}: {n}" for label, n in recurring),
    ]
    if summary.problems_by_building:
        lines.append(_("Problems by building:"))
        lines += [f"- {label}: {n}" for label, n in summary.problems_by_building[:10]]
    if summary.repeats:
        lines.append(_("Units repaired again for the same category:"))
        lines += [f"- {code} {label}: {n}" for code, label, n in summary.repeats[:10]]
    lines += ["", _("Causes:"), "", _("Measures:"), ""]
    return "\n".join(lines)


def monthly_run(*, month: datetime.date | None = None) -> dict[str, int]:
    """Last month's summary for each estate with revisits: the CS supervisors told once (the
    link names the estate and month), an analysis report drafted where one category's
    problems reach the threshold. Safe to run twice or late. No actor: beat runs it on the
    1st; a supervisor may run it from the summary page too."""
    if month is None:
        month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    month = month.replace(day=1)
    thresholds = dict(RevisitSettings.objects.values_list("estate_id", "problem_threshold"))
    estate_ids = Revisit.objects.order_by().values_list("estate_id", flat=True).distinct()
    drafted = notified = 0
    for estate in Estate.objects.filter(pk__in=list(estate_ids)).order_by("pk"):
        summary = monthly_summary(estate_ids=[estate.pk], month=month)
        threshold = thresholds.get(estate.pk, DEFAULT_THRESHOLD)
        recurring = [(label, n) for label, n in summary.problems_by_category if n >= threshold]
        if recurring and not AnalysisReport.objects.filter(estate=estate, month=month).exists():
            try:
                with transaction.atomic():
                    AnalysisReport.objects.create(
                        estate=estate, month=month, body=_draft(summary, recurring)
                    )
                    drafted += 1
            except IntegrityError:  # another run drafted it meanwhile
                pass
        url = reverse("revisits:summary") + f"?month={month:%Y-%m}&estate={estate.pk}"
        told = set(Notification.objects.filter(url=url).values_list("user_id", flat=True))
        supervisors = [u for u in _users(estate.pk, *permissions.NOTICE_ROLES) if u.pk not in told]
        if supervisors:
            title = _("%(estate)s: the return visits of %(month)s are summarised") % {
                "estate": estate.name,
                "month": f"{month:%Y-%m}",
            }
            body = (
                _("%(n)s visits; an analysis report is drafted.")
                if recurring
                else _("%(n)s visits.")
            )
            notification_send(
                users=supervisors, title=title, body=body % {"n": summary.visited}, url=url
            )
            notified += len(supervisors)
    return {"drafted": drafted, "notified": notified}


def _locked(report: AnalysisReport) -> AnalysisReport:
    return AnalysisReport.objects.select_for_update().get(pk=report.pk)


def _check(actor: Any, report: AnalysisReport) -> None:
    check_actor(
        actor,
        estate_id=report.estate_id,
        roles=permissions.SUPERVISOR_ROLES,
        message=_("Only a customer-service supervisor edits and submits the analysis."),
    )


@transaction.atomic
def report_edit(*, actor, report: AnalysisReport, body: str) -> AnalysisReport:
    """The supervisor's text; a reviewed report edited again is a draft again."""
    _check(actor, report)
    report = _locked(report)
    if report.status == AnalysisReport.Status.SUBMITTED:
        raise RevisitError(_("This report is already submitted."), code="submitted")
    body = clean_input(body, "body", max_length=20_000)
    if not body:
        raise RevisitError(_("Write the analysis."), code="no_body", field="body")
    report.body = body
    report.status = AnalysisReport.Status.DRAFT
    stamp(report, actor)
    report.save(update_fields=["body", "status"])
    return report


@transaction.atomic
def report_review(*, actor, report: AnalysisReport) -> AnalysisReport:
    _check(actor, report)
    report = _locked(report)
    if report.status != AnalysisReport.Status.DRAFT:
        raise RevisitError(_("Only a draft is reviewed."), code="wrong_step")
    report.status = AnalysisReport.Status.REVIEWED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    stamp(report, actor)
    report.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return report


@transaction.atomic
def report_submit(*, actor, report: AnalysisReport) -> AnalysisReport:
    """To the director of the management office, who is notified."""
    _check(actor, report)
    report = _locked(report)
    if report.status != AnalysisReport.Status.REVIEWED:
        raise RevisitError(_("Review the report before submitting it."), code="wrong_step")
    report.status = AnalysisReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    stamp(report, actor)
    report.save(update_fields=["status", "submitted_at"])
    notification_send(
        users=_users(report.estate_id, roles.DIRECTOR),
        title=_("Return-visit analysis of %(month)s submitted")
        % {"month": f"{report.month:%Y-%m}"},
        body=report.body[:500],
        url=report.get_absolute_url(),
    )
    return report
