"""The monthly summary: visits by source, category and verdict, problems by category and
building, late visits and repeat repairs; for supervisors and the director only."""

import datetime

import pytest
from django.urls import reverse

from revisits import services, summary
from revisits.models import Revisit
from tests.factories import BuildingFactory, UnitFactory
from workorders.choices import Category

from .helpers import completed_order, local

pytestmark = pytest.mark.django_db

SCORES = {"score_timeliness": 5, "score_attitude": 4, "score_quality": 3, "score_overall": 4}
MAY = datetime.date(2026, 5, 1)


@pytest.fixture
def unit(estate):
    return UnitFactory(building=BuildingFactory(estate=estate, number="7", name="7栋"))


def _visited(actor, revisit, at, **extra):
    values = {"channel": "phone", "result": "satisfied", "scores": SCORES, **extra}
    done = services.revisit_record(actor=actor, revisit=revisit, **values)
    Revisit.objects.filter(pk=done.pk).update(visited_at=at)
    return done


def test_it_counts_the_months_visits_problems_late_ones_and_repeats(receptionist, estate, unit):
    first = completed_order(estate, unit=unit, completed_at=local(2026, 5, 3, 9))
    second = completed_order(estate, unit=unit, completed_at=local(2026, 5, 20, 9))
    lift = completed_order(
        estate, unit=unit, category=Category.LIFT, completed_at=local(2026, 5, 24, 9)
    )
    r1, r2, r3 = (services.revisit_for_order(order_id=o.pk) for o in (first, second, lift))
    _visited(receptionist, r1, local(2026, 5, 4, 10))
    _visited(
        receptionist,
        r2,
        local(2026, 5, 25, 10),  # due by the end of the 22nd: late
        result="dissatisfied",
        problem_found="又漏了",
    )
    report = summary.monthly_summary(estate_ids=[estate.pk], month=MAY)
    assert report.visited == 2
    assert dict(report.by_category) == {"Plumbing": 2}
    assert dict(report.by_result)["Dissatisfied"] == 1
    assert str(report.scores["score_quality"]) == "3.00"
    assert report.problems_by_category == [("Plumbing", 1)]
    assert report.problems_by_building == [("7栋", 1)]
    assert {r.pk for r in report.late} == {r2.pk, r3.pk}  # r3: due in May, never visited
    assert report.repeats == [(unit.code, "Plumbing", 2)]
    # The rectification order's own revisit will come when it completes: not counted yet.
    assert Revisit.objects.count() == 3


def test_the_page_defaults_to_last_month_and_is_for_supervisors(client, supervisor, receptionist):
    client.force_login(supervisor)
    response = client.get(reverse("revisits:summary"))
    assert response.status_code == 200
    assert response.context["summary"].month.day == 1
    assert client.get(reverse("revisits:summary"), {"month": "2026-13"}).context["bad_month"]
    client.force_login(receptionist)
    assert client.get(reverse("revisits:summary")).status_code == 403


def test_another_estates_visits_are_left_out(receptionist, estate, other_estate):
    order = completed_order(other_estate, completed_at=local(2026, 5, 3, 9))
    services.revisit_for_order(order_id=order.pk)
    report = summary.monthly_summary(estate_ids=[estate.pk], month=MAY)
    assert report.visited == 0 and report.late_count == 0
