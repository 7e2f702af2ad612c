"""The activity-plan pages: the list, a new plan with every seed field (posted twice: one
plan), the plan with approval, layout acknowledgement, sign-ups and the waiting list,
attendance, the summary; roles, estates and bad input."""

import uuid

import pytest
from django.urls import reverse

from activities.models import LayoutTask, Plan, SignUp
from activities.services import plans
from tests.factories import OwnershipFactory, UnitFactory

from .conftest import at
from .helpers import department_heads, plan_input

pytestmark = pytest.mark.django_db
QUERIES = 11  # the page with 1 row and with many
PLAN_QUERIES = 16  # the plan page, with one sign-up and with nine


@pytest.fixture
def heads(estate):
    return department_heads(estate)


@pytest.fixture
def plan(receptionist, estate, heads):
    return plans.plan_create(actor=receptionist, estate=estate, plan=plan_input())


@pytest.fixture
def approved(plan, supervisor):
    return plans.plan_approve(actor=supervisor, plan=plan)


def form(for_estate, **extra):
    values = {
        "key": str(uuid.uuid4()),
        "estate": for_estate.pk,
        "theme": "重阳节敬老活动",
        "items": "义诊、理发、茶话会",
        "location": "会所多功能厅",
        "starts_at": at(4, 9).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": at(4, 11).strftime("%Y-%m-%dT%H:%M"),
        "participants": "60 岁以上业主",
        "expected_headcount": "40",
        "process": "9:00 签到；9:30 义诊；10:30 茶话会",
        "cooperating": "社区卫生服务站、工程部",
        "prizes": "纪念品：保温杯 40 个",
        "layout_engineering": "布置桌椅、音响",
        "layout_security": "引导停车",
        "layout_cleaning": "会后清扫",
        "duties": "李娜：主持\n王强: 签到",
        "signup_capacity": "30",
        "budget-TOTAL_FORMS": "3",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "1",
        "budget-MAX_NUM_FORMS": "30",
        "budget-0-item": "茶点",
        "budget-0-amount": "300.10",
        "budget-1-item": "纪念品",
        "budget-1-amount": "640.20",
        "budget-2-item": "",
        "budget-2-amount": "",
    }
    values.update(extra)
    return values


def test_it_draws_up_a_plan_with_every_seed_field(client, receptionist, estate, heads):
    client.force_login(receptionist)
    assert client.get(reverse("activities:plan-new")).status_code == 200
    response = client.post(reverse("activities:plan-new"), form(estate))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.theme, plan.location, plan.expected_headcount) == (
        "重阳节敬老活动",
        "会所多功能厅",
        40,
    )
    assert plan.prizes == "纪念品：保温杯 40 个" and plan.signup_capacity == 30
    assert [str(line.amount) for line in plan.budget.all()] == ["300.10", "640.20"]
    assert sorted(t.department.kind for t in plan.layout_tasks.all()) == [
        "cleaning",
        "engineering",
        "security",
    ]
    assert [(d.person, d.duty) for d in plan.duties.all()] == [("李娜", "主持"), ("王强", "签到")]
    page = client.get(response["Location"]).content.decode()
    for text in ("义诊、理发、茶话会", "60 岁以上业主", "社区卫生服务站", "940.30", "引导停车"):
        assert text in page


def test_the_same_form_posted_twice_draws_up_one_plan(client, receptionist, estate, heads):
    client.force_login(receptionist)
    data = form(estate)
    first = client.post(reverse("activities:plan-new"), data)
    second = client.post(reverse("activities:plan-new"), data)
    assert Plan.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"theme": " "}, "This field is required"),
        ({"prizes": ""}, "This field is required"),
        ({"expected_headcount": "0"}, "greater than or equal to 1"),
        ({"ends_at": at(4, 8).strftime("%Y-%m-%dT%H:%M")}, "The end must be after the start"),
        (
            {
                "budget-0-item": "",
                "budget-0-amount": "",
                "budget-1-item": "",
                "budget-1-amount": "",
            },
            "at least 1",
        ),
        ({"budget-0-amount": "-5"}, "greater than or equal to 0"),
        ({"duties": "李娜主持"}, "person: duty"),
        ({"key": "not-a-key"}, None),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    client, receptionist, estate, heads, extra, message
):
    client.force_login(receptionist)
    response = client.post(reverse("activities:plan-new"), form(estate, **extra))
    if message is None:  # a damaged key: a fresh key, the form shown again with it
        assert Plan.objects.count() <= 1
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Plan.objects.exists()


def test_a_layout_department_the_estate_lacks_is_refused(client, receptionist, estate):
    client.force_login(receptionist)
    response = client.post(reverse("activities:plan-new"), form(estate))
    assert response.status_code == 400
    assert "This estate has no such department" in response.content.decode()
    assert not Plan.objects.exists()


def test_another_estate_cannot_be_chosen(client, receptionist, estate, other_estate, heads):
    client.force_login(receptionist)
    response = client.post(reverse("activities:plan-new"), form(estate, estate=other_estate.pk))
    assert response.status_code == 400 and not Plan.objects.exists()


@pytest.mark.parametrize("who", ["technician", "cashier", "director"])
def test_roles_without_planning_cannot_draw_up(client, request, estate, heads, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("activities:plan-new")).status_code == 403
    assert client.post(reverse("activities:plan-new"), form(estate)).status_code == 403
    assert not Plan.objects.exists()


def test_the_list_is_newest_first_paged_in_constant_queries(
    client, receptionist, estate, heads, other_estate, django_assert_max_num_queries
):
    client.force_login(receptionist)
    plans.plan_create(actor=receptionist, estate=estate, plan=plan_input(theme="第一场"))
    with django_assert_max_num_queries(QUERIES):
        page = client.get(reverse("activities:plans"))
    assert "第一场" in page.content.decode()
    for n in range(55):
        Plan.objects.create(
            estate=estate,
            theme=f"活动{n:02d}",
            items="x",
            location="x",
            starts_at=at(2, 9),
            ends_at=at(2, 10),
            participants="x",
            expected_headcount=1,
            process="x",
            cooperating="x",
            prizes="x",
            created_by=receptionist,
        )
    other = Plan.objects.create(
        estate=other_estate,
        theme="别的小区的活动",
        items="x",
        location="x",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        participants="x",
        expected_headcount=1,
        process="x",
        cooperating="x",
        prizes="x",
        created_by=receptionist,
    )
    with django_assert_max_num_queries(QUERIES):
        page = client.get(reverse("activities:plans"))
    text = page.content.decode()
    assert text.index("活动54") < text.index("活动53")
    assert "第一场" not in text and other.theme not in text
    assert 'data-testid="next-page"' in text
    cursor = page.context["page"].next_cursor
    second = client.get(reverse("activities:plans"), {"after": cursor}).content.decode()
    assert "第一场" in second and "活动54" not in second


def test_the_plan_page_of_another_estate_is_404(client, outsider, plan):
    client.force_login(outsider)
    for name in ("plan", "gallery", "plan-pdf"):
        assert client.get(reverse(f"activities:{name}", args=[plan.pk])).status_code == 404
    assert client.post(reverse("activities:plan-approve", args=[plan.pk])).status_code in (
        403,
        404,
    )
    assert Plan.objects.get().state == Plan.State.SUBMITTED


def test_the_management_office_approves(client, receptionist, supervisor, plan):
    client.force_login(receptionist)
    assert client.post(reverse("activities:plan-approve", args=[plan.pk])).status_code == 403
    assert Plan.objects.get().state == Plan.State.SUBMITTED
    client.force_login(supervisor)
    assert client.get(reverse("activities:plan-approve", args=[plan.pk])).status_code == 405
    response = client.post(reverse("activities:plan-approve", args=[plan.pk]))
    assert response.status_code == 302
    assert Plan.objects.get().state == Plan.State.APPROVED
    again = client.post(reverse("activities:plan-approve", args=[plan.pk]), follow=True)
    assert "already approved" in again.content.decode()


def test_each_department_acknowledges_its_own_layout_task(client, approved, heads):
    tasks = {t.department.kind: t for t in approved.layout_tasks.select_related("department")}
    url = reverse("activities:layout-acknowledge", args=[approved.pk, tasks["security"].pk])
    client.force_login(heads["engineering"])
    page = client.get(reverse("activities:plan", args=[approved.pk])).content.decode()
    assert page.count('data-testid="layout-acknowledge"') == 1
    assert client.post(url).status_code == 403
    assert not LayoutTask.objects.filter(acknowledged_at__isnull=False).exists()
    client.force_login(heads["security"])
    assert client.post(url).status_code == 302
    task = LayoutTask.objects.get(pk=tasks["security"].pk)
    assert task.acknowledged_by == heads["security"]
    again = client.post(url, follow=True)
    assert "Already acknowledged" in again.content.decode()


def test_households_sign_up_and_past_capacity_wait(client, receptionist, approved, estate, unit):
    other = UnitFactory(building=unit.building, entrance="2", room="1202", code="3-2-1202")
    OwnershipFactory(unit=other)
    client.force_login(receptionist)
    url = reverse("activities:signup-add", args=[approved.pk])
    first = client.post(url, {"unit_code": "3栋2单元1201室", "name": "张伟", "people": 2})
    assert first.status_code == 302
    second = client.post(url, {"unit_code": "3-2-1202", "name": "李娜", "people": 1}, follow=True)
    assert "waiting list" in second.content.decode()
    rows = {s.unit.code: s for s in SignUp.objects.select_related("unit")}
    assert rows["3-2-1201"].waiting is False and rows["3-2-1202"].waiting is True
    page = client.get(reverse("activities:plan", args=[approved.pk])).content.decode()
    assert 'data-testid="waiting-3-2-1202"' in page

    again = client.post(url, {"unit_code": "3-2-1201", "name": "张伟", "people": 1})
    assert again.status_code == 400 and "already signed up" in again.content.decode()
    unknown = client.post(url, {"unit_code": "9-9-9999", "name": "某人", "people": 1})
    assert unknown.status_code == 400 and "No unit with this code" in unknown.content.decode()
    assert SignUp.objects.count() == 2

    cancel = reverse("activities:signup-cancel", args=[approved.pk, rows["3-2-1201"].pk])
    moved = client.post(cancel, follow=True)
    assert "moves up" in moved.content.decode()
    assert SignUp.objects.get(pk=rows["3-2-1202"].pk).waiting is False


def test_another_estates_unit_code_cannot_sign_up(client, receptionist, approved, other_unit):
    client.force_login(receptionist)
    response = client.post(
        reverse("activities:signup-add", args=[approved.pk]),
        {"unit_code": other_unit.code, "name": "王芳", "people": 1},
    )
    assert response.status_code == 400 and not SignUp.objects.exists()


def test_attendance_and_its_bad_input(client, receptionist, approved, unit, clock):
    signup = plans.signup_add(actor=receptionist, plan=approved, unit=unit, name="张伟")
    url = reverse("activities:attendance", args=[approved.pk, signup.pk])
    client.force_login(receptionist)
    page = client.get(reverse("activities:plan", args=[approved.pk])).content.decode()
    assert 'data-testid="attended-yes"' not in page  # days before the activity
    early = client.post(url, {"attended": "yes"}, follow=True)
    assert "once the activity has begun" in early.content.decode()
    assert SignUp.objects.get().attended is None
    clock.move_to(at(3, 15))
    client.force_login(receptionist)  # (the desk's idle timeout has passed meanwhile)
    page = client.get(reverse("activities:plan", args=[approved.pk])).content.decode()
    assert 'data-testid="attended-yes"' in page
    bad = client.post(url, {"attended": "maybe"}, follow=True)
    assert "Say whether the household came" in bad.content.decode()
    assert SignUp.objects.get().attended is None
    client.post(url, {"attended": "yes"})
    assert SignUp.objects.get().attended is True


def test_the_summary_comes_after_the_event(client, receptionist, approved, clock):
    url = reverse("activities:summary", args=[approved.pk])
    data = {"headcount": "130", "spending": "2300.30", "response": "业主反响热烈"}
    client.force_login(receptionist)
    early = client.post(url, data)
    assert early.status_code == 400 and "after the approved activity" in early.content.decode()
    clock.move_to(at(3, 18))
    client.force_login(receptionist)  # (the desk's idle timeout has passed meanwhile)
    missing = client.post(url, {**data, "response": ""})
    assert missing.status_code == 400
    assert Plan.objects.get().state == Plan.State.APPROVED
    assert client.post(url, data).status_code == 302
    plan = Plan.objects.get()
    assert plan.state == Plan.State.DONE and str(plan.actual_spending) == "2300.30"
    page = client.get(reverse("activities:plan", args=[plan.pk])).content.decode()
    assert "2300.30" in page and "2300.30" in page


def test_the_signup_actions_of_another_estate_are_404(client, outsider, approved, unit):
    signup = plans.signup_add(actor=approved.created_by, plan=approved, unit=unit, name="张伟")
    client.force_login(outsider)
    for url in (
        reverse("activities:signup-cancel", args=[approved.pk, signup.pk]),
        reverse("activities:attendance", args=[approved.pk, signup.pk]),
        reverse("activities:summary", args=[approved.pk]),
        reverse("activities:signup-add", args=[approved.pk]),
    ):
        assert client.post(url, {"attended": "yes"}).status_code == 404
    assert SignUp.objects.get().cancelled is False


def test_the_plan_page_shows_its_history_in_constant_queries(
    client, receptionist, approved, estate, django_assert_max_num_queries
):
    client.force_login(receptionist)
    url = reverse("activities:plan", args=[approved.pk])
    plans.signup_add(
        actor=receptionist, plan=approved, unit=UnitFactory(building__estate=estate), name="甲"
    )
    with django_assert_max_num_queries(PLAN_QUERIES):
        page = client.get(url).content.decode()
    history = page[page.index('data-testid="plan-history"') :]
    assert "Awaiting approval → Approved" in history
    for n in range(8):
        plans.signup_add(
            actor=receptionist,
            plan=approved,
            unit=UnitFactory(building__estate=estate),
            name=f"住户{n}",
        )
    with django_assert_max_num_queries(PLAN_QUERIES):
        client.get(url)
