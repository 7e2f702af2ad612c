"""A daily building round on a phone, from the plan to the monthly report.

The supervisor plans today's building round for the desk's inspector. On a phone (390 px
wide) the inspector walks both buildings, each confirmed by its QR code, and records every
item; in 1栋 the corridor light is broken (a note and a photo). The team leader cannot fix it
on the spot: the supervisor opens a coordination sheet to engineering (linked both ways);
engineering completes it, which makes the follow-up check due; the follow-up check finds it
fixed and closes it; the monthly report counts it under engineering and 1栋.
"""

import io
import re

import pytest
from django.utils import timezone, translation
from PIL import Image
from playwright.sync_api import expect

from frontdesk import roles
from inspections.models import Nonconformity, Place, Round
from tests.factories import staff
from tests.inspections.helpers import building_template, sheet_completed
from workorders.models import WorkOrder

from .axe import assert_accessible
from .conftest import ARTIFACTS
from .test_call_to_order import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_broken_light_found_on_the_round_goes_to_engineering_and_is_closed(
    browser, page, live_server, supervisor, estate, tmp_path
):
    template = building_template(estate)
    inspector = staff(estates=[estate], roles=[roles.RECEPTIONIST], username="inspector")
    light = template.items.get(department_kind="engineering")
    photo = tmp_path / "light.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "gray").save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())

    # The supervisor plans today's round for the inspector.
    sign_in(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/inspections/plan/")
    form = page.locator("[data-testid=plan-form]")
    form.locator("select[name=template]").select_option(str(template.pk))
    form.locator("select[name=assignee]").select_option(str(inspector.pk))
    form.locator("input[name=due_on]").fill(timezone.localdate().isoformat())
    form.locator("[data-testid=plan-submit]").click()
    expect(page).to_have_url(re.compile(r"/inspections/rounds/\d+/$"))
    round_ = Round.objects.get()
    # The supervisor may hand it to someone else from its page.
    expect(page.locator("[data-testid=reassign-form] select[name=assignee]")).to_have_value(
        str(inspector.pk)
    )

    # The inspector, on a phone.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    mobile = phone.new_page()
    mobile.set_default_timeout(10_000)
    sign_in(mobile, live_server, inspector.username)
    mobile.goto(f"{live_server.url}/inspections/")
    mobile.locator("[data-testid=round-link]").first.click()
    expect(mobile).to_have_url(re.compile(rf"/inspections/rounds/{round_.pk}/$"))
    # Not done before the places are visited.
    mobile.locator("[data-testid=complete-submit]").click()
    expect(mobile.locator(".alert-danger").first).to_contain_text("1栋")

    for place in Place.objects.filter(estate=estate).order_by("position"):
        # The phone's camera opens the printed code's address.
        mobile.goto(f"{live_server.url}{place.qr_path()}")
        mobile.locator("[data-testid=place-confirm]").first.click()
        expect(mobile).to_have_url(re.compile(rf"/inspections/rounds/{round_.pk}/"))
        section = mobile.locator(f"[data-testid=place-{place.pk}]")
        expect(section.locator("[data-testid=confirmed]")).to_be_visible()
        for item in template.items.all():
            row = mobile.locator(f"[data-testid=place-{place.pk}] [data-testid=item-{item.pk}]")
            if place.name == "1栋" and item == light:
                row.locator(f"label[for=o-{place.pk}-{item.pk}-nonconforming]").click()
                row.locator("input[name=note]").fill("3楼走廊灯不亮")
                row.locator("input[name=photos]").set_input_files(str(photo))
            else:
                row.locator(f"label[for=o-{place.pk}-{item.pk}-pass]").click()
            row.locator("[data-testid=record-submit]").click()
            expect(
                mobile.locator(
                    f"[data-testid=place-{place.pk}] [data-testid=item-{item.pk}] "
                    "[data-testid=outcome]"
                )
            ).to_be_visible()
    assert_accessible(mobile)
    ARTIFACTS.mkdir(exist_ok=True)
    mobile.screenshot(path=ARTIFACTS / "inspections-round-phone.png", full_page=True)
    mobile.locator("[data-testid=complete-submit]").click()
    expect(mobile.locator("[data-testid=round-status]")).to_have_attribute("data-status", "done")
    phone.close()
    nc = Nonconformity.objects.get()
    assert nc.department.kind == "engineering" and nc.result.photos.count() == 1

    # The team leader cannot fix it: a coordination sheet to engineering.
    page.goto(f"{live_server.url}{nc.get_absolute_url()}")
    page.locator("[data-testid=sheet-form] [name=note]").fill("需更换灯具")
    page.locator("[data-testid=sheet-submit]").click()
    expect(page.locator("[data-testid=sheet]")).to_be_visible()
    order = WorkOrder.objects.get()
    assert order.kind == "coordination" and order.department == nc.department
    expect(page.locator("[data-testid=sheet]")).to_contain_text(order.number)
    # The follow-up waits for engineering; the sheet links back to the nonconformity.
    expect(page.locator("[data-testid=sheet-pending]")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "inspections-sheet-pending.png", full_page=True)
    expect(page.locator("[data-testid=follow-up-form]")).to_have_count(0)
    page.locator("[data-testid=sheet] a").click()
    page.locator("[data-testid=source-link]").click()
    expect(page).to_have_url(re.compile(rf"/inspections/nonconformities/{nc.pk}/$"))

    # Engineering replaces the fitting and completes the sheet: the follow-up is due today.
    nc.refresh_from_db()
    sheet_completed(nc)
    page.goto(f"{live_server.url}/panels/inspections-follow-ups/")
    expect(page.get_by_role("link", name=re.compile("1栋"))).to_be_visible()
    page.goto(f"{live_server.url}{nc.get_absolute_url()}")
    expect(page.locator("[data-testid=sheet]")).to_have_attribute("data-order-status", "completed")

    # The follow-up check finds it fixed and closes it.
    page.locator("[data-testid=follow-up-form] input[value=resolved]").check()
    page.locator("[data-testid=follow-up-form] [name=note]").fill("已更换灯具，照明正常")
    page.locator("[data-testid=follow-up-submit]").click()
    expect(page.locator("[data-testid=nc-status]")).to_have_attribute("data-status", "closed")
    nc.refresh_from_db()
    assert nc.status == "closed"

    # The monthly report shows it.
    page.goto(f"{live_server.url}/inspections/report/")
    expect(page.locator("[data-testid=found]")).to_have_text("1")
    expect(page.locator("[data-testid=report-places]")).to_contain_text("1栋")
    with translation.override("zh-hans"):
        engineering = str(nc.department)
    expect(page.locator("[data-testid=report-departments]")).to_contain_text(engineering)
