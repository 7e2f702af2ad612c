"""The month's end: the supervisors told once, an analysis report drafted when one
category's problems reach the estate's threshold, reviewed and submitted to the director;
and the estate's setting that revisits coordination sheets."""

import datetime

import pytest
from django.urls import reverse

from frontdesk.errors import DeskError
from frontdesk.models import Notification
from revisits import services
from revisits.models import AnalysisReport, Revisit, RevisitSettings
from revisits.tasks import revisits_monthly
from workorders.choices import Kind

from .helpers import completed_order, local

pytestmark = pytest.mark.django_db

SCORES = {"score_timeliness": 3, "score_attitude": 4, "score_quality": 2, "score_overall": 3}
MAY = datetime.date(2026, 5, 1)


def _problems(actor, estate, n):
    for day in range(1, n + 1):
        order = completed_order(estate, completed_at=local(2026, 5, day, 9))
        revisit = services.revisit_for_order(order_id=order.pk)
        services.revisit_record(
            actor=actor,
            revisit=revisit,
            channel="phone",
            result="dissatisfied",
            scores=SCORES,
            problem_found="水管接头又渗水",
        )
        Revisit.objects.filter(pk=revisit.pk).update(visited_at=local(2026, 5, day, 15))


def test_recurring_problems_draft_a_report_and_the_supervisors_are_told_once(
    receptionist, supervisor, estate
):
    _problems(receptionist, estate, 3)
    assert revisits_monthly("2026-05-01") == {"drafted": 1, "notified": 1}
    assert revisits_monthly("2026-05-01") == {"drafted": 0, "notified": 0}
    report = AnalysisReport.objects.get()
    assert report.month == MAY and report.status == AnalysisReport.Status.DRAFT
    assert "Plumbing: 3" in report.body
    assert Notification.objects.filter(user=supervisor).count() == 1


def test_below_the_estates_threshold_no_report_is_drafted(receptionist, supervisor, estate):
    RevisitSettings.objects.create(estate=estate, problem_threshold=5)
    _problems(receptionist, estate, 3)
    assert services.monthly_run(month=MAY)["drafted"] == 0
    assert not AnalysisReport.objects.exists()


def test_the_supervisor_edits_reviews_and_submits_to_the_director(
    client, receptionist, supervisor, director, estate
):
    _problems(receptionist, estate, 3)
    services.monthly_run(month=MAY)
    report = AnalysisReport.objects.get()
    client.force_login(receptionist)
    assert client.get(report.get_absolute_url()).status_code == 403
    assert (
        client.post(reverse("revisits:report-step", args=[report.pk, "review"])).status_code == 403
    )
    client.force_login(supervisor)
    submit = reverse("revisits:report-step", args=[report.pk, "submit"])
    client.post(submit)  # not reviewed yet: refused
    report.refresh_from_db()
    assert report.status == AnalysisReport.Status.DRAFT
    edit = reverse("revisits:report-step", args=[report.pk, "edit"])
    assert client.post(edit, {"body": ""}).status_code == 400
    client.post(edit, {"body": "原因：接头老化。措施：统一更换。"})
    client.post(reverse("revisits:report-step", args=[report.pk, "review"]))
    client.post(submit)
    report.refresh_from_db()
    assert report.status == AnalysisReport.Status.SUBMITTED
    assert report.reviewed_by == supervisor and report.body.startswith("原因")
    assert Notification.objects.filter(user=director, url=report.get_absolute_url()).exists()
    with pytest.raises(DeskError):
        services.report_edit(actor=supervisor, report=report, body="改")
    client.force_login(director)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "接头老化" in page and 'data-testid="report-form"' not in page


def test_another_estates_report_is_a_404(client, receptionist, estate, other_supervisor):
    _problems(receptionist, estate, 3)
    services.monthly_run(month=MAY)
    report = AnalysisReport.objects.get()
    client.force_login(other_supervisor)
    assert client.get(report.get_absolute_url()).status_code == 404
    edit = reverse("revisits:report-step", args=[report.pk, "edit"])
    assert client.post(edit, {"body": "x"}).status_code == 404


def test_coordination_sheets_are_revisited_only_where_the_estate_says_so(estate, other_estate):
    RevisitSettings.objects.create(estate=estate, include_coordination=True)
    here = completed_order(estate, kind=Kind.COORDINATION)
    there = completed_order(other_estate, kind=Kind.COORDINATION)
    services.revisits_sweep()
    assert Revisit.objects.filter(work_order=here).exists()
    assert not Revisit.objects.filter(work_order=there).exists()


def test_the_analysis_report_prints_in_chinese_with_its_charts(
    client, receptionist, supervisor, director, estate, other_supervisor, tmp_path
):
    from .test_printing import pdf_text

    _problems(receptionist, estate, 3)
    revisits_monthly("2026-05-01")
    report = AnalysisReport.objects.get()
    url = reverse("revisits:report-pdf", args=[report.pk])
    client.force_login(director)
    response = client.get(url)
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    for fact in (estate.name, "回访统计分析报告", "2026-05", "问题（按类别）", "给排水"):
        assert fact in text, fact
    client.force_login(receptionist)
    assert client.get(url).status_code == 403
    client.force_login(other_supervisor)
    assert client.get(url).status_code == 404
