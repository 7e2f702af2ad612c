"""The questionnaire's demo data (last year's, closed, and this year's, both answered) and
its bench rows on a tiny BIG."""

import pytest
from django.utils import timezone

from surveys import demo, selectors
from surveys.models import Questionnaire, Response
from tests.factories import BuildingFactory, UnitFactory
from tests.frontdesk.test_bench import NUMBER, TINY, bench, table_rows

pytestmark = pytest.mark.django_db


def test_the_demo_answers_two_years_once(estate, receptionist, supervisor):
    building = BuildingFactory(estate=estate, number="1")
    for n in range(60):
        UnitFactory(building=building, room=f"{n + 100}")
    said = []
    demo.seed([estate], report=said.append)
    demo.seed([estate], report=said.append)
    year = timezone.localdate().year
    last, now = Questionnaire.objects.filter(estate=estate).order_by("year")
    assert (last.year, last.status, now.year, now.status) == (year - 1, "closed", year, "open")
    assert Response.objects.filter(questionnaire=last, answered_at__isnull=False).count() == 4
    stats = selectors.statistics(now)
    assert stats.answered == 2 and stats.last_year == last
    assert stats.questions[0].last_year is not None
    assert said[-1].endswith("already seeded, skipped")


def test_the_bench_times_the_statistics_of_every_household():
    output = bench(*TINY, "--app", "surveys")
    rows = table_rows(output)
    for label in ("surveys: statistics, 100,000 households", "surveys: questionnaire page"):
        assert "queries" not in rows[label][-1], (label, rows[label])
        assert NUMBER.match(rows[label][0]), (label, rows[label])
    big = Questionnaire.objects.get(estate__code="BIG")
    assert Response.objects.filter(questionnaire=big).count() == big.estate.units.count()
    assert bench(*TINY, "--app", "surveys").count("households answered") == 0
