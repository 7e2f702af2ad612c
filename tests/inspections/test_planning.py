"""Rounds planned by the beat from each template's frequency, in Asia/Shanghai days; the
supervisor reassigns them or adds rounds by hand."""

import datetime

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from frontdesk.errors import DeskError
from inspections import services, tasks
from inspections.models import Round, Template
from inspections.services.planning import periods_ahead
from tests.factories import staff

from .helpers import building_template

pytestmark = pytest.mark.django_db

# A Wednesday: this week runs 2026-03-02 (Mon) to 2026-03-08 (Sun).
WEDNESDAY = datetime.date(2026, 3, 4)


@pytest.fixture
def planned(template, inspector):
    template.default_assignee = inspector
    template.save()
    return template


def _weekly(estate, assignee):
    security = Template.objects.get(estate=estate, kind="security")
    security.frequency = Template.Frequency.WEEKLY
    security.default_assignee = assignee
    security.save()
    return security


def test_it_plans_today_and_tomorrow_of_a_daily_template(planned, inspector):
    assert services.rounds_plan_due(today=WEDNESDAY) == 2
    rounds = list(Round.objects.order_by("due_on"))
    assert [r.due_on for r in rounds] == [WEDNESDAY, WEDNESDAY + datetime.timedelta(days=1)]
    assert all(r.assignee == inspector and r.planned_by is None for r in rounds)
    assert all(r.period_start == r.due_on for r in rounds)
    assert all(r.visits.count() == 2 for r in rounds)


def test_a_second_run_creates_nothing(planned):
    assert services.rounds_plan_due(today=WEDNESDAY) == 2
    assert services.rounds_plan_due(today=WEDNESDAY) == 0
    # The next night adds only the new tomorrow.
    assert services.rounds_plan_due(today=WEDNESDAY + datetime.timedelta(days=1)) == 1
    assert Round.objects.count() == 3


def test_the_database_refuses_a_second_round_of_a_period(planned, inspector):
    services.rounds_plan_due(today=WEDNESDAY)
    first = Round.objects.order_by("due_on").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(
            estate=first.estate,
            template=planned,
            assignee=inspector,
            due_on=first.due_on,
            period_start=first.period_start,
        )


def test_a_weekly_template_is_due_on_sunday_this_week_and_next(estate, template, inspector):
    security = _weekly(estate, inspector)
    assert services.rounds_plan_due(today=WEDNESDAY) == 2
    rounds = list(Round.objects.filter(template=security).order_by("due_on"))
    assert [(r.period_start, r.due_on) for r in rounds] == [
        (datetime.date(2026, 3, 2), datetime.date(2026, 3, 8)),
        (datetime.date(2026, 3, 9), datetime.date(2026, 3, 15)),
    ]


def test_a_monthly_template_plans_next_month_a_week_ahead():
    assert [p.start for p in periods_ahead("monthly", datetime.date(2026, 3, 10))] == [
        datetime.date(2026, 3, 1)
    ]
    periods = periods_ahead("monthly", datetime.date(2026, 3, 27))
    assert [(p.start, p.end) for p in periods] == [
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)),
    ]


def test_a_round_planned_by_hand_in_the_period_is_not_doubled(
    estate, template, supervisor, inspector
):
    security = _weekly(estate, inspector)
    today = timezone.localdate()
    services.round_plan(actor=supervisor, template=security, assignee=inspector, due_on=today)
    services.rounds_plan_due(today=today)
    this_week = periods_ahead("weekly", today)[0]
    in_week = Round.objects.filter(
        template=security, due_on__gte=this_week.start, due_on__lte=this_week.end
    )
    assert in_week.count() == 1 and in_week.get().planned_by == supervisor


def test_another_estate_is_untouched(planned, other_estate, supervisor):
    other_template = building_template(other_estate)  # no one to plan for
    staff(estates=[other_estate], roles=[roles.RECEPTIONIST], username="b-inspector")
    services.rounds_plan_due(today=WEDNESDAY)
    assert not Round.objects.filter(estate=other_estate).exists()
    assert not Round.objects.filter(template=other_template).exists()
    assert Round.objects.filter(estate=planned.estate).count() == 2


def test_a_person_who_left_the_estate_is_not_planned_for(planned, other_estate, estate):
    outsider = staff(estates=[other_estate], roles=[roles.RECEPTIONIST], username="b-r")
    planned.default_assignee = outsider
    planned.save()
    assert services.rounds_plan_due(today=WEDNESDAY) == 0


def test_an_inactive_template_is_not_planned(planned):
    planned.active = False
    planned.save()
    assert services.rounds_plan_due(today=WEDNESDAY) == 0


def test_the_task_plans_in_shanghai_days(planned, monkeypatch):
    # 17:30 UTC on the 4th is 01:30 on the 5th in Shanghai: the beat plans the 5th and 6th.
    night = datetime.datetime(2026, 3, 4, 17, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: night)
    assert tasks.plan_rounds.delay().get() == 2
    assert sorted(Round.objects.values_list("due_on", flat=True)) == [
        datetime.date(2026, 3, 5),
        datetime.date(2026, 3, 6),
    ]
    assert tasks.plan_rounds.delay().get() == 0


def test_the_plan_page_shows_the_automatic_rounds(client, planned, supervisor):
    services.rounds_plan_due()
    client.force_login(supervisor)
    response = client.get(reverse("inspections:plan"))
    assert response.content.decode().count('data-testid="auto-round"') == 2


# --- reassigning -------------------------------------------------------------------------


@pytest.fixture
def colleague(estate):
    return staff(estates=[estate], roles=[roles.RECEPTIONIST], username="colleague")


def test_the_supervisor_reassigns_a_planned_round(client, planned, supervisor, colleague):
    services.rounds_plan_due()
    round_ = Round.objects.order_by("due_on").first()
    client.force_login(supervisor)
    page = client.get(round_.get_absolute_url()).content.decode()
    assert 'data-testid="reassign-form"' in page and 'data-testid="planned-automatically"' in page
    response = client.post(
        reverse("inspections:reassign", args=[round_.pk]), {"assignee": colleague.pk}
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.assignee == colleague
    assert round_.history.first().history_user == supervisor


def test_reassigning_to_someone_who_does_not_walk_rounds_is_refused(
    round_, supervisor, cashier, inspector
):
    with pytest.raises(DeskError) as error:
        services.round_reassign(actor=supervisor, round=round_, assignee=cashier)
    assert error.value.code == "not_assignable"
    round_.refresh_from_db()
    assert round_.assignee == inspector


def test_a_done_round_is_not_reassigned(round_, inspector, supervisor, colleague):
    from .helpers import walk

    walk(inspector, round_)
    services.round_complete(actor=inspector, round=round_)
    with pytest.raises(DeskError) as error:
        services.round_reassign(actor=supervisor, round=round_, assignee=colleague)
    assert error.value.code == "wrong_step"


def test_only_the_supervisor_reassigns(client, round_, inspector, colleague, other_estate):
    client.force_login(inspector)
    url = reverse("inspections:reassign", args=[round_.pk])
    assert client.post(url, {"assignee": colleague.pk}).status_code == 403
    outsider = staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="b-s")
    client.force_login(outsider)
    assert client.post(url, {"assignee": colleague.pk}).status_code == 404
    assert client.get(url).status_code in (404, 405)
    round_.refresh_from_db()
    assert round_.assignee == inspector


def test_reassigning_to_a_stranger_is_refused_on_the_page(client, round_, supervisor, inspector):
    client.force_login(supervisor)
    response = client.post(reverse("inspections:reassign", args=[round_.pk]), {"assignee": 99999})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.assignee == inspector


def test_the_admin_refuses_a_default_person_who_cannot_walk_rounds(
    admin_client, planned, cashier, inspector
):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("admin:inspections_template_change", args=[planned.pk])
    data = {
        "estate": planned.estate_id,
        "name": planned.name,
        "kind": planned.kind,
        "frequency": "daily",
        "places": [p.pk for p in planned.places.all()],
        "default_assignee": cashier.pk,
        "active": "on",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "does not walk inspection rounds" in (
        response.content.decode()
    )
    planned.refresh_from_db()
    assert planned.default_assignee == inspector
    response = admin_client.post(url, {**data, "default_assignee": inspector.pk})
    assert response.status_code == 302
