import datetime

import pytest

from checkin import services, tasks
from checkin.models import Inspection
from frontdesk.errors import DeskError
from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory

from .helpers import START, start

pytestmark = pytest.mark.django_db


def weekly():
    return Inspection.objects.filter(kind="weekly").order_by("due_date")


def test_it_creates_one_inspection_per_house_and_week(custody):
    assert services.inspections_sweep(today=START) == 1
    assert services.inspections_sweep(today=START) == 0
    assert services.inspections_sweep(today=START + datetime.timedelta(days=6)) == 0
    inspection = weekly().get()
    assert (inspection.iso_year, inspection.iso_week) == (2026, 10)
    assert inspection.due_date == START + datetime.timedelta(days=6)
    assert not inspection.missed


def test_a_missed_week_is_created_and_shows_overdue(custody):
    services.inspections_sweep(today=START)
    # the sweep did not run in the second week: the third week's run makes up for it
    assert services.inspections_sweep(today=START + datetime.timedelta(days=15)) == 2
    second, third = list(weekly())[1:]
    assert second.missed and second.is_overdue(START + datetime.timedelta(days=15))
    assert not third.missed and not third.is_overdue(START + datetime.timedelta(days=15))
    assert services.inspections_sweep(today=START + datetime.timedelta(days=16)) == 0


def test_the_weeks_since_custody_start_are_made_up(receptionist, unit):
    start(receptionist, unit, start_date=START - datetime.timedelta(days=14))
    assert services.inspections_sweep(today=START) == 3
    assert [i.missed for i in weekly()] == [True, True, False]


def test_the_task_runs_the_sweep_and_twice_adds_nothing(custody):
    assert tasks.custody_inspections_sweep.delay(START.isoformat()).get() == 1
    assert tasks.custody_inspections_sweep.delay(START.isoformat()).get() == 0
    assert weekly().count() == 1


def test_ended_custody_gets_no_more_inspections(receptionist, custody):
    from .helpers import low

    services.custody_end(actor=receptionist, custody=custody, readings=low("4", "13"))
    assert services.inspections_sweep(today=START + datetime.timedelta(days=30)) == 0


def test_heavy_rain_makes_two_inspections_per_custody_house(supervisor, estate, custody, unit):
    second = UnitFactory(building=unit.building, room="1202", code="3-2-1202", status="handed_over")
    OwnershipFactory(unit=second, owner=OwnerFactory(estate=estate, name="王芳"))
    start(supervisor, second)
    elsewhere = UnitFactory(building=BuildingFactory(estate=estate, number="5"))
    assert elsewhere  # not in custody: no inspection
    warning = services.heavy_rain_warning(actor=supervisor, estate=estate, note="暴雨蓝色预警")
    kinds = sorted(warning.inspections.values_list("custody__unit__code", "kind"))
    assert kinds == [
        ("3-2-1201", "after_rain"),
        ("3-2-1201", "before_rain"),
        ("3-2-1202", "after_rain"),
        ("3-2-1202", "before_rain"),
    ]


def test_only_a_supervisor_warns_of_heavy_rain(receptionist, estate, custody):
    with pytest.raises(DeskError) as error:
        services.heavy_rain_warning(actor=receptionist, estate=estate)
    assert error.value.code == "forbidden"
    assert not Inspection.objects.exists()


def test_the_task_as_beat_calls_it_sweeps_up_to_today(receptionist, unit):
    from django.utils import timezone

    today = timezone.localdate()
    start(receptionist, unit, start_date=today - datetime.timedelta(days=14))
    assert tasks.custody_inspections_sweep.delay().get() == 3  # two weeks missed, this one
    assert [i.missed for i in weekly()] == [True, True, False]
    assert tasks.custody_inspections_sweep.delay().get() == 0


def test_a_rain_warning_dates_after_rain_the_next_day(supervisor, estate, custody):
    from django.utils import timezone

    warning = services.heavy_rain_warning(actor=supervisor, estate=estate)
    dates = dict(warning.inspections.values_list("kind", "due_date"))
    today = timezone.localdate()
    assert dates == {"before_rain": today, "after_rain": today + datetime.timedelta(days=1)}
