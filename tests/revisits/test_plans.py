"""Visit plans: the supervisor plans visits to units; each becomes a revisit in the queue,
recorded the same way; bad input changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdesk.errors import DeskError
from revisits import services
from revisits.choices import SourceKind, Status
from revisits.models import Revisit, VisitPlan
from tests.factories import BuildingFactory, UnitFactory
from workorders.models import WorkOrder

from .helpers import local

pytestmark = pytest.mark.django_db

OLD = datetime.date(2020, 1, 1)
SCORES = {"score_timeliness": 5, "score_attitude": 5, "score_quality": 5, "score_overall": 5}


@pytest.fixture
def units(estate):
    building = BuildingFactory(estate=estate, number="5")
    return [UnitFactory(building=building, room=f"{n}01", code=f"5-1-{n}01") for n in range(1, 4)]


def plan(actor, estate, **extra):
    today = timezone.localdate()
    values = {
        "title": "春节前走访",
        "channel": "home",
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=6),
        "units": "5-1-101, 5-1-201\n5-1-301",
    }
    values.update(extra)
    return services.plan_create(actor=actor, estate=estate, **values)


def test_a_plan_puts_one_revisit_per_unit_in_the_queue(supervisor, receptionist, estate, units):
    made = plan(supervisor, estate, assignee=receptionist)
    revisits = list(Revisit.objects.filter(plan=made).order_by("unit__code"))
    assert [r.unit for r in revisits] == units
    assert {r.source_kind for r in revisits} == {SourceKind.PLAN}
    end = made.ends_on + datetime.timedelta(days=1)
    assert revisits[0].due_at == local(end.year, end.month, end.day)
    assert revisits[0].history.count() == 1
    assert made.history.first().history_user == supervisor


def test_a_planned_visit_is_recorded_the_same_way_and_a_problem_opens_an_order(
    supervisor, receptionist, estate, units
):
    made = plan(supervisor, estate)
    revisit = made.revisits.order_by("id").first()
    done = services.revisit_record(
        actor=receptionist,
        revisit=revisit,
        channel="home",
        result="basically_satisfied",
        scores=SCORES,
        problem_found="楼道灯不亮",
    )
    order = done.rectification_order
    assert done.status == Status.DONE
    assert order.unit == revisit.unit and order.category == "other"
    assert order.status == "open"  # for the desk to dispatch


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"units": ""}, "no_units"),
        ({"units": "5-1-101 9-9-999"}, "unknown_units"),
        ({"title": " "}, "no_title"),
        ({"channel": "fax"}, "bad_channel"),
        (
            {"ends_on": datetime.date(2020, 1, 1), "starts_on": datetime.date(2019, 12, 1)},
            "bad_dates",
        ),
        ({"ends_on": OLD}, "bad_dates"),
    ],
)
def test_bad_plans_change_nothing(supervisor, estate, units, extra, code):
    with pytest.raises(DeskError) as caught:
        plan(supervisor, estate, **extra)
    assert caught.value.code == code
    assert not VisitPlan.objects.exists() and not Revisit.objects.exists()


def test_only_a_supervisor_of_the_estate_plans(receptionist, other_supervisor, estate, units):
    for actor, code in ((receptionist, "forbidden"), (other_supervisor, "other_estate")):
        with pytest.raises(DeskError) as caught:
            plan(actor, estate)
        assert caught.value.code == code
    assert not VisitPlan.objects.exists()


def test_the_visits_go_to_the_estates_desk_only(supervisor, technician, estate, units):
    with pytest.raises(DeskError):
        plan(supervisor, estate, assignee=technician)
    assert not VisitPlan.objects.exists()


def test_the_plan_pages(client, supervisor, receptionist, estate, units):
    client.force_login(supervisor)
    today = timezone.localdate()
    data = {
        "estate": estate.pk,
        "title": "老人关怀走访",
        "channel": "phone",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=3)).isoformat(),
        "units": "5-1-101 5-1-201",
        "assignee": receptionist.pk,
    }
    assert client.get(reverse("revisits:plan-new")).status_code == 200
    bad = client.post(reverse("revisits:plan-new"), {**data, "units": "1-1-1"})
    assert bad.status_code == 400 and not VisitPlan.objects.exists()
    response = client.post(reverse("revisits:plan-new"), data)
    made = VisitPlan.objects.get()
    assert response.status_code == 302 and response.url == made.get_absolute_url()
    page = client.get(made.get_absolute_url()).content.decode()
    assert "5-1-201" in page
    listing = client.get(reverse("revisits:plan-list")).content.decode()
    assert "老人关怀走访" in listing and "0 / 2" in listing
    queue = client.get(reverse("revisits:revisit-list"), {"source_kind": "plan"})
    assert len(queue.context["page"].rows) == 2
    client.force_login(receptionist)
    assert client.get(reverse("revisits:plan-new")).status_code == 403
    assert client.get(made.get_absolute_url()).status_code == 200
    revisit = made.revisits.first()
    assert "source-plan" in client.get(revisit.get_absolute_url()).content.decode()


def test_another_estates_plan_is_a_404(client, supervisor, outsider, estate, units):
    made = plan(supervisor, estate)
    client.force_login(outsider)
    assert client.get(made.get_absolute_url()).status_code == 404
    assert "春节前走访" not in client.get(reverse("revisits:plan-list")).content.decode()


def test_no_work_order_is_touched_by_a_plan(supervisor, estate, units):
    plan(supervisor, estate)
    assert not WorkOrder.objects.exists()
