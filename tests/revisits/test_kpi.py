"""The KPI page: visit and on-time rates per month and group, for supervisors and the
director only, in a constant number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from revisits import kpis, services
from revisits.models import Revisit

from .helpers import completed_order, local

pytestmark = pytest.mark.django_db

SCORES = {"score_timeliness": 5, "score_attitude": 5, "score_quality": 5, "score_overall": 5}


def _due(estate, engineering, day, n):
    revisits = []
    for _n in range(n):
        order = completed_order(estate, department=engineering, completed_at=day)
        revisits.append(services.revisit_for_order(order_id=order.pk))
    return revisits


def test_it_counts_visited_on_time_and_late(estate, engineering, receptionist, supervisor):
    done = timezone.now() - datetime.timedelta(days=40)
    on_time, late, missed, exempt = _due(estate, engineering, done, 4)
    services.revisit_record(
        actor=receptionist, revisit=on_time, channel="phone", result="satisfied", scores=SCORES
    )
    services.revisit_record(
        actor=receptionist, revisit=late, channel="phone", result="satisfied", scores=SCORES
    )
    Revisit.objects.filter(pk=on_time.pk).update(visited_at=on_time.due_at)
    services.revisit_exempt(actor=supervisor, revisit=exempt, reason="业主已出售")
    report = kpis.kpi_report(estate_ids=[estate.pk], month=timezone.localtime(late.due_at).date())
    assert [(r.label, r.due, r.visited, r.on_time) for r in report.rows] == [
        (str(engineering), 3, 2, 1)
    ]
    assert str(report.total.visit_rate) == "66.7"
    assert str(report.total.on_time_rate) == "33.3"
    assert missed.status != "done"


def test_a_revisit_not_yet_due_does_not_lower_the_rate(estate, engineering):
    _due(estate, engineering, timezone.now(), 1)
    report = kpis.kpi_report(estate_ids=[estate.pk], month=timezone.localdate())
    assert report.total.due == 0 and report.total.visit_rate is None


def test_months_are_local_months(estate, engineering):
    # Completed 29 Jan 10:00 local: due by the end of 31 January, 16:00 UTC on the 31st.
    (revisit,) = _due(estate, engineering, local(2026, 1, 29, 10, 0), 1)
    assert revisit.due_at == local(2026, 2, 1, 0, 0)
    report = kpis.kpi_report(estate_ids=[estate.pk], month=datetime.date(2026, 2, 1))
    assert report.total.due == 1
    assert report.trend[-1][0] == "2026-02" and report.trend[-1][1].due == 1


@pytest.mark.parametrize("n", [1, 20])
def test_the_page_costs_the_same_queries(
    client, supervisor, estate, engineering, n, django_assert_max_num_queries
):
    _due(estate, engineering, timezone.now() - datetime.timedelta(days=5), n)
    client.force_login(supervisor)
    url = reverse("revisits:kpi")
    client.get(url)
    for group in ("estate", "department", "technician"):
        with django_assert_max_num_queries(8):
            response = client.get(url, {"by": group})
        assert response.status_code == 200
    assert b"kpi-chart-data" in response.content


def test_a_bad_month_says_so(client, director):
    response = client.force_login(director) or client.get(reverse("revisits:kpi"), {"month": "x"})
    assert response.status_code == 200 and response.context["bad_month"]


@pytest.mark.parametrize("who", ["receptionist", "technician", "cashier"])
def test_the_page_is_for_supervisors_and_the_director(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("revisits:kpi")).status_code == 403


def test_another_estates_revisits_are_not_counted(client, supervisor, other_estate):
    _due(other_estate, None, timezone.now() - datetime.timedelta(days=5), 2)
    client.force_login(supervisor)
    response = client.get(reverse("revisits:kpi"))
    assert response.context["report"].total.due == 0


def test_the_cached_trend_follows_a_recorded_visit(estate, engineering, receptionist):
    (revisit,) = _due(estate, engineering, timezone.now() - datetime.timedelta(days=10), 1)
    month = timezone.localtime(revisit.due_at).date()
    before = kpis.kpi_report(estate_ids=[estate.pk], month=month)
    assert before.trend[-1][1].visited == 0
    assert kpis.kpi_report(estate_ids=[estate.pk], month=month).trend == before.trend
    services.revisit_record(
        actor=receptionist, revisit=revisit, channel="phone", result="satisfied", scores=SCORES
    )
    after = kpis.kpi_report(estate_ids=[estate.pk], month=month)
    assert after.trend[-1][1].visited == 1
