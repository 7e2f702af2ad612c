"""A tenant moving out asks for a release slip, in a real browser.

The unit owes a charge: the slip is refused until the supervisor takes the payment on the
spot, which returns to the slip form. The owner's phone confirmation is recorded with the
request, the slip is issued and prints (A5, two parts). At the gate a guard on a phone-sized
screen types the code, holds one item back with a note and confirms; a second scan is
refused. The day's reconciliation shows the use at the gate.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frontdesk import roles
from releases.models import ReleaseSlip
from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory, staff
from tests.factories.fees import ChargeFactory
from tests.releases.helpers import ID, pdf_text

from .test_call_to_order import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fill_slip(page, unit):
    form = page.locator("[data-testid=slip-form]")
    form.locator("input[name=unit_code]").fill("3-2-1201")
    form.locator("input[name=requester_name]").fill("刘洋")
    form.locator("select[name=relation]").select_option("tenant")
    form.locator("input[name=id_number]").fill(ID)
    form.locator("select[name=reason]").select_option("moving_out")
    form.locator("input[name=plate]").fill("京A12345")
    form.locator("input[name=item_1_description]").fill("双人床")
    form.locator("input[name=item_1_quantity]").fill("1")
    form.locator("input[name=item_2_description]").fill("冰箱")
    form.locator("input[name=item_2_quantity]").fill("1")
    form.locator("input[name=confirmed_by_name]").fill("王喆")
    form.locator("input[name=confirm_phone]").fill("13900001111")
    form.locator("select[name=confirm_answer]").select_option("agreed")
    return form


def test_a_tenants_slip_from_arrears_to_the_gate(
    browser, page, live_server, supervisor, estate, tmp_path
):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="王喆"))
    ChargeFactory(unit=unit, amount=Decimal("120.50"), due_date=datetime.date(2026, 1, 1))
    guard = staff(estates=[estate], roles=[roles.SECURITY_GUARD], username="guard")

    sign_in(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/releases/new/")
    fill_slip(page, unit).locator("[data-testid=slip-submit]").click()
    expect(page.locator("[data-testid=arrears-block]")).to_be_visible()
    assert not ReleaseSlip.objects.exists()

    # Paid on the spot; the receipt leads back to the slip form with the unit filled in.
    page.locator("[data-testid=pay-on-spot]").click()
    expect(page).to_have_url(re.compile(rf"/fees/units/{unit.pk}/pay/"))
    pay = page.locator("[data-testid=pay-form]")
    pay.locator("input[name=amount]").fill("120.50")
    pay.locator("input[name=method][value=cash]").check()
    pay.locator("input[type=submit][name=take]").click()
    page.locator("[data-testid=confirm-payment]").click()
    page.locator("[data-testid=back]").click()
    expect(page).to_have_url(re.compile(r"/releases/new/\?unit="))
    expect(page.locator("input[name=unit_code]")).to_have_value("3-2-1201")

    fill_slip(page, unit).locator("[data-testid=slip-submit]").click()
    expect(page).to_have_url(re.compile(r"/releases/\d+/$"))
    slip = ReleaseSlip.objects.get()
    assert slip.status == "issued" and slip.confirmed_by_name == "王喆"
    expect(page.locator("[data-testid=slip-number]")).to_have_text(slip.number)

    href = page.locator("[data-testid=slip-print]").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body(), tmp_path)
    for fact in (slip.number, "3-2-1201", "刘洋", "双人床", "冰箱", "京A12345", "王喆"):
        assert fact in text, fact
    assert text.count(slip.number) >= 2  # the guard's part and the requester's

    # The gate, on a phone.
    phone = browser.new_context(viewport={"width": 375, "height": 667}, locale="zh-CN")
    gate = phone.new_page()
    gate.set_default_timeout(10_000)
    sign_in(gate, live_server, guard.username)
    gate.goto(f"{live_server.url}/releases/gate/")
    gate.fill("#gate-q", slip.code.lower())
    gate.locator("[data-testid=gate-find] button").click()
    expect(gate.locator("[data-testid=gate-slip]")).to_contain_text("3-2-1201")
    expect(gate.locator("[data-testid=gate-item]")).to_have_count(2)
    gate.locator("[data-testid=hold-2]").click()
    gate.locator("[data-testid=note-2]").fill("冰箱型号与清单不符")
    gate.fill("#gate-name", "东门")
    gate.locator("[data-testid=gate-confirm]").click()
    expect(gate.locator("[data-testid=gate-message]")).to_contain_text(slip.number)
    assert gate.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll

    gate.fill("#gate-q", slip.code)
    gate.locator("[data-testid=gate-find] button").click()
    expect(gate.locator("[data-testid=gate-refusal]")).to_be_visible()
    expect(gate.locator("[data-testid=gate-slip]")).to_have_count(0)
    phone.close()
    slip.refresh_from_db()
    assert slip.status == "used" and slip.used_by == guard
    assert list(slip.items.values_list("outcome", flat=True)) == ["released", "held"]

    page.goto(f"{live_server.url}/releases/reconciliation/?day={timezone.localdate():%Y-%m-%d}")
    expect(page.locator("[data-testid=rec-issued]")).to_have_text("1")
    expect(page.locator("[data-testid=rec-used]")).to_have_text("1")
    expect(page.locator("[data-testid=reconciliation-gates]")).to_contain_text("东门")
