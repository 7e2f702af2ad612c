"""A receptionist books the gym for an owner within the rules, prints the confirmation, and
is refused a second booking past the household's weekly limit; an activity plan with every
seed field is approved, laid out, signed up for, summarised and archived — in a real
browser."""

import datetime
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from activities.models import Booking, LayoutTask, Plan
from tests.activities.helpers import department_heads
from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory
from tests.factories.activities import FacilityFactory

from .test_call_to_order import local_input, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_gym_is_booked_within_the_rules_and_refused_past_the_limit(
    page, live_server, receptionist, estate
):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
    gym = FacilityFactory(estate=estate, name="会所健身房", weekly_limit=1)
    day = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    sign_in(page, live_server, receptionist.username)
    page.goto(f"{live_server.url}/activities/")
    page.locator(f"[data-testid=book-{gym.pk}]").click()
    expect(page).to_have_url(re.compile(rf"/activities/facilities/{gym.pk}/book/"))

    def book(start: str, end: str) -> None:
        form = page.locator("[data-testid=booking-form]")
        form.locator("input[name=unit_code]").fill("3-2-1201")
        form.locator("input[name=booked_for]").fill("张伟")
        form.locator("input[name=day]").fill(day)
        form.locator("input[name=start]").fill(start)
        form.locator("input[name=end]").fill(end)
        form.locator("input[name=people]").fill("2")
        page.locator("[data-testid=booking-submit]").click()

    book("09:00", "10:00")
    expect(page).to_have_url(re.compile(r"/activities/bookings/\d+/$"))
    booking = Booking.objects.get()
    expect(page.locator("[data-testid=booking-number]")).to_have_text(booking.number)
    expect(page.locator("[data-testid=booking-state]")).to_have_text("已预约")
    expect(page.locator("[data-testid=confirmation-print]")).to_be_visible()

    page.goto(f"{live_server.url}/activities/facilities/{gym.pk}/book/")
    book("14:00", "15:00")
    expect(page.locator("[data-testid=booking-form]")).to_contain_text("上限为 1 次")
    assert Booking.objects.count() == 1

    page.goto(f"{live_server.url}/activities/facilities/{gym.pk}/?month={day[:7]}")
    expect(page.locator(f"[data-testid=day-{day}]")).to_contain_text("09:00–10:00")


def test_an_activity_plan_is_approved_laid_out_signed_up_summarised_and_archived(
    page, live_server, receptionist, supervisor, estate, monkeypatch, tmp_path
):
    building = BuildingFactory(estate=estate, number="3")
    for room, name in (("1201", "张伟"), ("1202", "李娜")):
        unit = UnitFactory(building=building, entrance="2", room=room, code=f"3-2-{room}")
        OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name=name))
    heads = department_heads(estate)
    starts = timezone.localtime() + datetime.timedelta(days=2)
    starts = starts.replace(hour=14, minute=0, second=0, microsecond=0)

    sign_in(page, live_server, receptionist.username)
    page.goto(f"{live_server.url}/activities/activity-plans/")
    page.locator("[data-testid=new-plan]").click()
    form = page.locator("[data-testid=plan-form]")
    fields = {
        "theme": "迎新春社区联欢会",
        "items": "文艺演出、猜灯谜、写春联",
        "location": "中心广场",
        "starts_at": local_input(starts),
        "ends_at": local_input(starts + datetime.timedelta(hours=3)),
        "participants": "小区业主及家属",
        "expected_headcount": "120",
        "signup_capacity": "1",
        "process": "14:00 开场；14:30 演出；16:00 猜灯谜；17:00 结束",
        "cooperating": "工程部、秩序维护部、环境部",
        "prizes": "灯谜奖品：春联礼包 50 份",
        "budget-0-item": "舞台租赁",
        "budget-0-amount": "1500.10",
        "budget-1-item": "奖品",
        "budget-1-amount": "800.20",
        "layout_engineering": "搭舞台、接电源",
        "layout_security": "现场秩序",
        "layout_cleaning": "会后清扫",
        "duties": "李娜：主持\n王强：签到",
    }
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    page.locator("[data-testid=plan-submit]").click()
    expect(page).to_have_url(re.compile(r"/activities/activity-plans/\d+/$"))
    plan = Plan.objects.get()
    plan_url = f"{live_server.url}/activities/activity-plans/{plan.pk}/"
    expect(page.locator("[data-testid=plan-state]")).to_have_attribute("data-state", "submitted")
    expect(page.locator("[data-testid=budget-total]")).to_contain_text("2300.30")

    sign_in(page, live_server, supervisor.username)
    page.goto(plan_url)
    page.locator("[data-testid=plan-approve]").click()
    expect(page.locator("[data-testid=plan-state]")).to_have_attribute("data-state", "approved")

    for kind, head in heads.items():
        sign_in(page, live_server, head.username)
        page.goto(plan_url)
        page.locator("[data-testid=layout-acknowledge]").click()
        expect(
            page.locator(f"[data-testid=layout-{kind}] [data-testid=layout-acknowledged]")
        ).to_be_visible()
    assert not LayoutTask.objects.filter(acknowledged_at__isnull=True).exists()

    sign_in(page, live_server, receptionist.username)
    page.goto(plan_url)
    for code, name in (("3-2-1201", "张伟"), ("3-2-1202", "李娜")):
        signup = page.locator("[data-testid=signup-form]")
        signup.locator("[name=unit_code]").fill(code)
        signup.locator("[name=name]").fill(name)
        page.locator("[data-testid=signup-submit]").click()
    expect(page.locator("[data-testid=signup-3-2-1201]")).to_be_visible()
    expect(page.locator("[data-testid=waiting-3-2-1202]")).to_be_visible()

    after = starts + datetime.timedelta(hours=4)
    monkeypatch.setattr(timezone, "now", lambda: after)  # the activity is over
    sign_in(page, live_server, receptionist.username)
    page.goto(plan_url)
    page.locator("[data-testid=signup-3-2-1201] [data-testid=attended-yes]").click()
    summary = page.locator("[data-testid=summary-form]")
    summary.locator("[name=headcount]").fill("135")
    summary.locator("[name=spending]").fill("2400.40")
    summary.locator("[name=response]").fill("业主反响热烈，希望明年继续举办")
    page.locator("[data-testid=summary-submit]").click()
    expect(page.locator("[data-testid=plan-state]")).to_have_attribute("data-state", "done")
    expect(page.locator("[data-testid=summary-print]")).to_be_visible()

    photo = tmp_path / "合影.png"
    Image.new("RGB", (640, 480), "orange").save(photo)
    archive = page.locator("[data-testid=archive-form]")
    archive.locator("[name=file]").set_input_files(str(photo))
    archive.locator("[name=caption]").fill("大合影")
    page.locator("[data-testid=archive-submit]").click()
    expect(page.locator("[data-testid=plan-archive]")).to_contain_text("大合影")
    page.locator("[data-testid=gallery-link]").click()
    image = page.locator("[data-testid=gallery-photos] img")
    expect(image).to_have_count(1)
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == 320
