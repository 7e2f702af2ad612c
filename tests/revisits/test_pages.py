"""The pages: the queue, a revisit with its forms, the today panel and the dossier section;
each for the right roles only, another estate's revisit a 404."""

import datetime
import uuid

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from revisits import services
from revisits.choices import OPEN_STATUSES, Status
from revisits.models import Attempt, Revisit
from tests.factories import UnitFactory
from workorders.models import WorkOrder

from .helpers import completed_order, failed_try, snapshot

pytestmark = pytest.mark.django_db

RECORD = {
    "channel": "home",
    "result": "satisfied",
    "score_timeliness": "5",
    "score_attitude": "5",
    "score_quality": "4",
    "score_overall": "5",
    "owner_words": "满意",
    "manner": ["warm", "explained", "thanked"],
}


def _login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def revisit(estate, unit, engineering, tech):
    order = completed_order(estate, unit=unit, department=engineering, assignee=tech)
    return services.revisit_for_order(order_id=order.pk)


def _revisits(n, estate, *, done_days_ago=1):
    done = timezone.now() - datetime.timedelta(days=done_days_ago)
    return [
        services.revisit_for_order(
            order_id=completed_order(
                estate, unit=UnitFactory(building__estate=estate), completed_at=done
            ).pk
        )
        for _n in range(n)
    ]


# The queue


@pytest.mark.parametrize("n", [1, 50])
def test_the_queue_costs_the_same_queries_for_1_or_50_rows(
    client, receptionist, estate, n, django_assert_num_queries
):
    _revisits(n, estate)
    _login(client, receptionist)
    client.get(reverse("revisits:revisit-list"))  # warm the session and caches
    with django_assert_num_queries(9):  # the page's 5, and one per open status, then the rows
        response = client.get(reverse("revisits:revisit-list"))
    assert response.status_code == 200
    assert len(response.context["page"].rows) == n


def test_the_queue_puts_the_overdue_first_and_leaves_out_the_done(
    client, receptionist, supervisor, estate
):
    later = _revisits(1, estate, done_days_ago=0)[0]
    overdue = _revisits(1, estate, done_days_ago=9)[0]
    done = _revisits(1, estate, done_days_ago=3)[0]
    services.revisit_exempt(actor=supervisor, revisit=done, reason="重复")
    response = _login(client, receptionist).get(reverse("revisits:revisit-list"))
    assert [r.pk for r in response.context["page"].rows] == [overdue.pk, later.pk]
    response = client.get(reverse("revisits:revisit-list"), {"status": "exempted"})
    assert [r.pk for r in response.context["page"].rows] == [done.pk]


def test_the_queue_pages_by_keyset(client, receptionist, estate):
    revisits = _revisits(3, estate)
    from revisits import selectors

    page = selectors.revisit_page(Revisit.objects.all(), size=2)
    rest = selectors.revisit_page(Revisit.objects.all(), size=2, cursor=page.next_cursor)
    assert [r.pk for r in page.rows + rest.rows] == [r.pk for r in revisits]
    assert rest.next_cursor == ""
    parts = [Q(status=status) for status in OPEN_STATUSES]
    page = selectors.revisit_page(Revisit.objects.all(), size=2, parts=parts)
    rest = selectors.revisit_page(
        Revisit.objects.all(), size=2, cursor=page.next_cursor, parts=parts
    )
    assert [r.pk for r in page.rows + rest.rows] == [r.pk for r in revisits]
    response = _login(client, receptionist).get(
        reverse("revisits:revisit-list"), {"after": "garbage"}
    )
    assert response.status_code == 200


def test_the_queue_shows_only_the_users_estates(client, receptionist, estate, other_estate):
    mine = _revisits(1, estate)[0]
    _revisits(1, other_estate)
    response = _login(client, receptionist).get(reverse("revisits:revisit-list"))
    assert [r.pk for r in response.context["page"].rows] == [mine.pk]


@pytest.mark.parametrize("who", ["technician", "cashier"])
def test_the_queue_is_not_for_other_roles(client, request, who):
    response = _login(client, request.getfixturevalue(who)).get(reverse("revisits:revisit-list"))
    assert response.status_code == 403


# One revisit


def test_the_revisit_page_shows_the_source_and_forms(client, receptionist, revisit):
    response = _login(client, receptionist).get(revisit.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert revisit.work_order.number in page
    assert 'data-testid="record-form"' in page
    assert 'data-testid="exempt-form"' not in page  # supervisors only


def test_the_director_reads_but_gets_no_forms(client, director, revisit):
    response = _login(client, director).get(revisit.get_absolute_url())
    assert response.status_code == 200
    assert 'data-testid="record-form"' not in response.content.decode()


def test_another_estates_revisit_is_a_404(client, outsider, other_supervisor, revisit):
    assert _login(client, outsider).get(revisit.get_absolute_url()).status_code == 404
    before = snapshot(revisit)
    for name in ("revisits:revisit-record", "revisits:attempt-new", "revisits:revisit-exempt"):
        response = _login(client, other_supervisor).post(
            reverse(name, args=[revisit.pk]), {**RECORD, "reason": "x"}
        )
        assert response.status_code == 404
    assert snapshot(revisit) == before


def test_a_technician_may_not_open_a_revisit(client, technician, revisit):
    assert _login(client, technician).get(revisit.get_absolute_url()).status_code == 403
    response = client.post(reverse("revisits:revisit-record", args=[revisit.pk]), RECORD)
    assert response.status_code == 403


def test_posting_pages_refuse_a_get(client, supervisor, revisit):
    _login(client, supervisor)
    for name in (
        "revisits:revisit-record",
        "revisits:attempt-new",
        "revisits:revisit-close",
        "revisits:revisit-exempt",
    ):
        assert client.get(reverse(name, args=[revisit.pk])).status_code == 405


def test_the_desk_records_a_visit_once(client, receptionist, revisit):
    url = reverse("revisits:revisit-record", args=[revisit.pk])
    response = _login(client, receptionist).post(url, RECORD)
    assert response.status_code == 302
    revisit.refresh_from_db()
    assert revisit.status == Status.DONE
    assert revisit.manner_explained
    again = client.post(url, RECORD, follow=True)
    assert "already recorded" in again.content.decode()
    assert Attempt.objects.filter(revisit=revisit).count() == 1


def test_a_problem_found_on_the_page_opens_a_rectification_order(client, receptionist, revisit):
    orders = WorkOrder.objects.count()
    response = _login(client, receptionist).post(
        reverse("revisits:revisit-record", args=[revisit.pk]),
        {**RECORD, "result": "dissatisfied", "problem_found": "阀门仍渗水"},
        follow=True,
    )
    revisit.refresh_from_db()
    assert WorkOrder.objects.count() == orders + 1
    assert revisit.rectification_order.number in response.content.decode()


@pytest.mark.parametrize(
    "bad",
    [
        {"score_quality": "9"},
        {"score_quality": ""},  # nothing preselected: the owner was asked
        {"result": ""},
        {"channel": "fax"},
        {"result": "dissatisfied", "owner_words": ""},  # no word of why
        {"owner_words": "坏\x07"},
    ],
)
def test_bad_input_on_the_record_form_changes_nothing(client, receptionist, revisit, bad):
    before = snapshot(revisit)
    orders = WorkOrder.objects.count()
    response = _login(client, receptionist).post(
        reverse("revisits:revisit-record", args=[revisit.pk]), {**RECORD, **bad}
    )
    assert response.status_code == 400
    assert response.context["record_form"].errors
    assert snapshot(revisit) == before
    assert WorkOrder.objects.count() == orders


def test_a_receptionist_cannot_skip_the_rectification_order(client, receptionist, revisit):
    page = _login(client, receptionist).get(revisit.get_absolute_url()).content.decode()
    assert "no_rectification_reason" not in page
    client.post(
        reverse("revisits:revisit-record", args=[revisit.pk]),
        {**RECORD, "result": "dissatisfied", "no_rectification_reason": "不需要"},
    )
    revisit.refresh_from_db()
    assert revisit.rectification_order is not None and revisit.signed_off_by is None


def test_a_supervisor_closes_a_dissatisfied_visit_with_a_reason_on_the_page(
    client, supervisor, revisit
):
    orders = WorkOrder.objects.count()
    _login(client, supervisor).post(
        reverse("revisits:revisit-record", args=[revisit.pk]),
        {**RECORD, "result": "dissatisfied", "no_rectification_reason": "已当面解释清楚"},
    )
    revisit.refresh_from_db()
    assert revisit.status == Status.DONE and revisit.signed_off_by == supervisor
    assert WorkOrder.objects.count() == orders


def test_an_attempt_posted_twice_is_logged_once(client, receptionist, revisit):
    url = reverse("revisits:attempt-new", args=[revisit.pk])
    data = {"form_key": str(uuid.uuid4()), "channel": "phone", "result": "no_answer"}
    _login(client, receptionist)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Attempt.objects.filter(revisit=revisit).count() == 1


def test_a_bad_retry_time_is_shown_on_the_form(client, receptionist, revisit):
    past = timezone.localtime() - datetime.timedelta(days=1)
    response = _login(client, receptionist).post(
        reverse("revisits:attempt-new", args=[revisit.pk]),
        {"channel": "phone", "result": "no_answer", "next_try_at": past.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert "within 30 days" in response.content.decode()
    assert not Attempt.objects.exists()


def test_the_supervisor_signs_off_after_three_attempts_on_the_page(
    client, receptionist, supervisor, revisit
):
    for _n in range(2):  # two clicks a minute apart: one try
        services.attempt_record(
            actor=receptionist, revisit=revisit, channel="phone", result="no_answer"
        )
    failed_try(receptionist, revisit, hours_ago=5)
    page = _login(client, supervisor).get(revisit.get_absolute_url()).content.decode()
    assert 'data-testid="close-form"' not in page
    failed_try(receptionist, revisit, hours_ago=3)
    page = client.get(revisit.get_absolute_url()).content.decode()
    assert 'data-testid="close-form"' in page
    response = client.post(
        reverse("revisits:revisit-close", args=[revisit.pk]), {"reason": "三次未接"}
    )
    assert response.status_code == 302
    revisit.refresh_from_db()
    assert revisit.status == Status.DONE and revisit.signed_off_by == supervisor


def test_a_receptionist_may_not_exempt(client, receptionist, revisit):
    response = _login(client, receptionist).post(
        reverse("revisits:revisit-exempt", args=[revisit.pk]), {"reason": "x"}
    )
    assert response.status_code == 403


def test_an_exemption_needs_a_reason_on_the_page(client, supervisor, revisit):
    url = reverse("revisits:revisit-exempt", args=[revisit.pk])
    assert _login(client, supervisor).post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "业主已出售房屋"}).status_code == 302
    revisit.refresh_from_db()
    assert revisit.status == Status.EXEMPTED


# The desk


def test_the_today_panel_lists_due_and_overdue_overdue_first(
    client, receptionist, technician, estate
):
    later = _revisits(1, estate, done_days_ago=2)[0]  # due by tonight
    overdue = _revisits(1, estate, done_days_ago=8)[0]
    _revisits(1, estate, done_days_ago=0)  # not due today
    response = _login(client, receptionist).get(reverse("today-panel", args=["revisits-due"]))
    assert response.status_code == 200
    rows = response.context["panel"]["revisits"]
    assert [r.pk for r in rows] == [overdue.pk, later.pk]
    assert (
        _login(client, technician).get(reverse("today-panel", args=["revisits-due"])).status_code
        == 403
    )


def test_the_dossier_lists_a_units_revisits(client, receptionist, revisit, unit):
    response = _login(client, receptionist).get(
        reverse("owners:unit-section", args=[unit.pk, "revisits"])
    )
    assert response.status_code == 200
    assert revisit.get_absolute_url() in response.content.decode()


def test_the_menu_offers_the_queue(client, receptionist):
    page = _login(client, receptionist).get("/").content.decode()
    assert reverse("revisits:revisit-list") in page
