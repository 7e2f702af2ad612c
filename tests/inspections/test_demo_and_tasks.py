"""The demo's inspections, the seed command and the missed-rounds sweep."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from frontdesk import roles
from inspections import demo, tasks
from inspections.models import Nonconformity, Round, Template
from tests.factories import BuildingFactory, staff

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_templates_rounds_and_a_sheet_once(estate):
    staff(estates=[estate], roles=[roles.RECEPTIONIST], username="desk")
    staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="boss")
    BuildingFactory(estate=estate, number="1")
    BuildingFactory(estate=estate, number="2")
    lines = []
    demo.seed([estate], report=lines.append)
    demo.seed([estate], report=lines.append)
    assert Template.objects.filter(estate=estate).count() == 5
    # Three by hand; the beat's tomorrow's building round and next week's security one.
    assert Round.objects.filter(estate=estate).count() == 5
    assert Round.objects.filter(estate=estate, planned_by__isnull=True).count() == 2
    assert Nonconformity.objects.get().status == "sheet"


def test_the_seed_command_makes_the_templates(estate, other_estate):
    call_command("inspections_seed", "A")
    assert Template.objects.filter(estate=estate).count() == 5
    assert not Template.objects.filter(estate=other_estate).exists()


def test_the_sweep_marks_missed_rounds_once(round_):
    Round.objects.filter(pk=round_.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert tasks.missed_rounds_sweep.delay().get() == 1
    assert tasks.missed_rounds_sweep.delay().get() == 0
    assert Round.objects.get().status == "missed"


def test_it_times_the_report_lists_and_panels_on_the_big_estate():
    from tests.frontdesk.test_bench import TINY, bench, table_rows

    output = bench(*TINY, "--app", "inspections")
    rows = table_rows(output)
    for label in (
        "inspections: monthly report",
        "inspections: nonconformities",
        "inspections: plan",
        "inspections: my rounds",
        "inspections: panel inspections-rounds",
        "inspections: panel inspections-follow-ups",
    ):
        assert label in rows, output
    assert Round.objects.filter(estate__code="BIG").count() == 100
