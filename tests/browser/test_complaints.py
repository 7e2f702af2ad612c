"""Both complaint procedures end to end in a real browser (the desk's default language).

An effective complaint comes from the phone log in one click, is judged, visited on site and
handled by the cleaning department's head, revisited by the desk through its planned return
visit and closed. A
help-seeking complaint is recorded on the new-complaint form (with its no-promise reminder),
opens a work order in one click and waits for it; once the order is completed the desk gives
its reply, makes the return visit and closes it.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from complaints.models import Complaint
from frontdesk import roles
from frontdesk.models import Department
from tests.factories import (
    BuildingFactory,
    DepartmentFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    staff,
)
from tests.reception.helpers import record_call
from workorders import services as workorder_services

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "desk-pass-123"


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
    return unit


@pytest.fixture
def cleaning(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.CLEANING, name="保洁部")


@pytest.fixture
def engineering(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.ENGINEERING, name="工程部")


@pytest.fixture
def head(estate, cleaning):
    user = staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="clean-head", department=cleaning
    )
    cleaning.head = user
    cleaning.save(update_fields=["head"])
    return user


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button").last.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def act(page, action: str, selects=None, **fields):
    section = page.locator(f"[data-testid=action-{action}]")
    for name, value in (selects or {}).items():
        section.locator(f"select[name={name}]").select_option(value)
    for name, value in fields.items():
        section.locator(f"[name={name}]").fill(value)
    section.locator("button").click()


def done(page, step: str):
    return page.locator(f"[data-testid=checklist] [data-step={step}]")


def revisit(page, complaint, *, words: str = "") -> None:
    """From the complaint's page to its planned return visit: the owner reached and
    satisfied; back to the complaint."""
    page.locator("[data-testid=engine-visit] a").click()
    expect(page).to_have_url(re.compile(r"/revisits/\d+/$"))
    expect(page.locator("[data-testid=source-complaint]")).to_have_text(complaint.number)
    form = page.locator("[data-testid=record-form]")
    form.locator("select[name=channel]").select_option("phone")
    form.locator("select[name=result]").select_option("satisfied")
    for name in ("score_timeliness", "score_attitude", "score_quality", "score_overall"):
        form.locator(f"select[name={name}]").select_option("5")
    form.locator("textarea[name=owner_words]").fill(words)
    page.locator("[data-testid=record-submit]").click()
    expect(page.locator("[data-testid=result]")).to_be_visible()
    page.locator("[data-testid=source-complaint]").click()


def test_an_effective_complaint_from_a_call_to_its_close(
    page, live_server, receptionist, estate, unit, cleaning, head
):
    call = record_call(receptionist, estate, unit=unit, content="楼道垃圾三天没人清理")
    sign_in(page, live_server, receptionist.username)
    page.goto(f"{live_server.url}{call.get_absolute_url()}")
    page.locator("form[action$='/convert/complaint/'] button").click()
    complaint = Complaint.objects.get()
    expect(page).to_have_url(re.compile(rf"/complaints/{complaint.pk}/$"))
    expect(page.locator("[data-testid=complaint-number]")).to_have_text(complaint.number)
    expect(page.locator("[data-testid=no-promise]")).to_be_visible()
    expect(done(page, "record")).to_have_attribute("data-done", "1")

    act(page, "judge", selects={"verdict": "effective", "cause": "cleaning"})
    expect(page.locator("[data-testid=department]")).to_contain_text("保洁部")
    expect(done(page, "department")).to_have_attribute("data-done", "1")

    sign_in(page, live_server, head.username)
    page.goto(f"{live_server.url}/complaints/department/")
    page.locator(f"[data-number='{complaint.number}'] a").first.click()
    act(page, "site-visit", attendees="保洁主管王强", findings="楼道确有垃圾堆放")
    expect(done(page, "site_visit")).to_have_attribute("data-done", "1")
    act(page, "handle", actions="当天清理并加派人手", result="已清理干净")
    expect(done(page, "handle")).to_have_attribute("data-done", "1")

    sign_in(page, live_server, receptionist.username)
    page.goto(f"{live_server.url}{complaint.get_absolute_url()}")
    revisit(page, complaint, words="业主满意")
    act(page, "close")
    expect(page.locator("[data-testid=no-actions]")).to_be_visible()
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert complaint.phone_call == call


def test_a_help_seeking_complaint_waits_for_its_work_order(
    page, live_server, receptionist, estate, unit, engineering
):
    fitter_head = staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="eng-head", department=engineering
    )
    sign_in(page, live_server, receptionist.username)
    page.locator("[data-testid=quick-actions] a[href='/complaints/new/']").click()
    expect(page.locator("[data-testid=no-promise]")).to_be_visible()
    form = page.locator("[data-testid=complaint-form]")
    form.locator("select[name=channel]").select_option("visit")
    form.locator("input[name=complainant_name]").fill("张伟")
    form.locator("input[name=contact_phone]").fill("13912345678")
    form.locator("input[name=unit_code]").fill("3-2-1201")
    form.locator("textarea[name=description]").fill("卫生间防水渗漏，房屋在保修期内")
    form.locator("[data-testid=save]").click()
    complaint = Complaint.objects.get()
    expect(page).to_have_url(re.compile(rf"/complaints/{complaint.pk}/$"))

    act(page, "judge", selects={"verdict": "communication", "cause": "help"})
    act(page, "identity", notes="核对了身份证")
    act(page, "payment")
    expect(page.locator("[data-testid=arrears]")).to_be_visible()
    act(page, "work-order")
    complaint.refresh_from_db()
    order = complaint.work_order
    expect(page.locator("[data-testid=work-order]")).to_contain_text(order.number)
    act(page, "notify", reply="已派工程部维修")
    expect(
        page.locator("[data-testid=refused], .invalid-feedback, .alert-danger").first
    ).to_be_visible()
    assert Complaint.objects.get(pk=complaint.pk).status == "waiting_order"

    workorder_services.order_sign(actor=fitter_head, order=order)
    workorder_services.order_start(actor=fitter_head, order=order)
    workorder_services.order_complete(
        actor=fitter_head,
        order=order,
        work_done="重做防水",
        leak_test_at=timezone.now(),  # a leak is leak-tested, after the report
    )

    page.goto(f"{live_server.url}{complaint.get_absolute_url()}")
    act(page, "notify", reply="已修好，请业主验收")
    expect(done(page, "notify")).to_have_attribute("data-done", "1")
    revisit(page, complaint)
    act(page, "close")
    complaint.refresh_from_db()
    assert complaint.status == "closed"


def test_the_monthly_statistics_draw_their_chart(
    page, live_server, receptionist, supervisor, estate, unit, cleaning
):
    from complaints import services

    complaint = services.complaint_record(
        actor=receptionist,
        estate=estate,
        channel="desk",
        complainant_kind="owner",
        complainant_name="张伟",
        description="楼道垃圾没人清理",
        unit=unit,
    )
    services.complaint_judge(
        actor=receptionist, complaint=complaint, verdict="effective", cause="cleaning"
    )
    sign_in(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/complaints/statistics/")
    expect(page.locator("[data-testid=stats-summary]")).to_contain_text("1")
    canvas = page.locator("#complaints-chart")
    expect(canvas).to_be_visible()
    assert page.evaluate("() => Boolean(window.Chart && Chart.getChart('complaints-chart'))")
