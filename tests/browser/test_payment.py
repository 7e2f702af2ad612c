"""A cashier takes a WeChat payment for three months of fees and prints the receipt, in a
real browser; the arrears list and the unit's charges agree with it afterwards. The pay page
confirms before it takes money: Enter in a field, a double click or a resend record one
payment."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from fees import services
from fees.models import Charge, Payment
from owners.models import Unit
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    property_fee,
)
from tests.frontdesk.test_pdf import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "desk-pass-123"
MONTHS = [datetime.date(2026, month, 1) for month in (6, 7, 8)]


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
        area=Decimal("100.00"),
        status=Unit.Status.OCCUPIED,
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="王喆"))
    property_fee(estate, rate="2.50")
    for month in MONTHS:
        services.billing_run(estate_id=estate.pk, period=month)
    return unit


def test_a_cashier_takes_three_months_by_wechat_and_prints_the_receipt(
    page, live_server, cashier, unit, tmp_path
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", cashier.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button").last.click()

    page.locator("[data-testid=quick-actions] a[href='/fees/pay/']").click()
    page.fill("#pay-search", "3-2-1201")
    page.keyboard.press("Enter")  # one unit found: straight to its pay page
    expect(page).to_have_url(re.compile(rf"/fees/units/{unit.pk}/pay/$"))
    expect(page.locator("[data-testid=open-charges] tbody tr")).to_have_count(3)

    # Forgetting the method says so in words, under the radios.
    form = page.locator("[data-testid=pay-form]")
    form.locator("input[name=amount]").fill("750.00")
    form.locator("input[type=submit][name=take]").click()
    expect(page.locator("#id_method_error")).to_be_visible()
    expect(page.locator("#id_method_error")).to_contain_text("付款方式")

    form = page.locator("[data-testid=pay-form]")
    form.locator("input[name=amount]").fill("750.00")
    form.locator("input[name=method][value=wechat]").check()
    form.locator("input[name=reference]").fill("4200001234202611280001")
    form.locator("input[type=submit][name=take]").click()

    # The confirmation shows amount and method; a double click on it takes the money once.
    expect(page.locator("[data-testid=confirm-amount]")).to_have_text("¥750.00")
    expect(page.locator("[data-testid=confirm-method]")).to_have_text("微信支付")
    assert not Payment.objects.exists()
    page.locator("[data-testid=confirm-payment]").dblclick()

    expect(page).to_have_url(re.compile(r"/fees/payments/\d+/$"))
    payment = Payment.objects.get()
    expect(page).to_have_url(re.compile(rf"/fees/payments/{payment.pk}/$"))
    expect(page.locator("[data-testid=receipt-number]")).to_have_text(payment.receipt_number)
    expect(page.locator("[data-testid=amount-words]")).to_contain_text("柒佰伍拾元整")
    expect(page.locator("[data-testid=allocations] tbody tr")).to_have_count(3)

    href = page.locator("[data-testid=print-a5]").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body(), tmp_path)
    for fact in (payment.receipt_number, "3-2-1201", "王喆", "柒佰伍拾元整", "2026-06", "2026-08"):
        assert fact in text, fact

    # Everything is paid: the unit leaves the arrears list.
    assert set(Charge.objects.values_list("status", flat=True)) == {Charge.Status.PAID}
    page.goto(f"{live_server.url}/fees/arrears/")
    expect(page.locator("[data-testid=arrears-empty]")).to_be_visible()


def test_a_cashier_pressing_enter_and_double_clicking_gets_one_receipt(
    page, live_server, cashier, unit
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", cashier.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button").last.click()

    page.goto(f"{live_server.url}/fees/units/{unit.pk}/pay/")
    form = page.locator("[data-testid=pay-form]")
    form.locator("input[name=amount]").fill("250.00")
    form.locator("input[name=method][value=cash]").check()
    form.locator("input[name=note]").fill("王喆本人")
    form.locator("input[name=note]").press("Enter")  # Enter in a text field: a confirmation
    expect(page.locator("[data-testid=confirm-amount]")).to_have_text("¥250.00")
    assert not Payment.objects.exists()

    # Back to change the amount keeps what was typed.
    page.locator("[data-testid=edit-payment]").click()
    expect(form.locator("input[name=note]")).to_have_value("王喆本人")
    form.locator("input[name=amount]").fill("500.00")
    form.locator("input[type=submit][name=take]").click()
    expect(page.locator("[data-testid=confirm-amount]")).to_have_text("¥500.00")

    page.locator("[data-testid=confirm-payment]").dblclick()
    expect(page).to_have_url(re.compile(r"/fees/payments/\d+/$"))
    payment = Payment.objects.get()
    assert payment.amount == Decimal("500.00")

    # The browser's Back and a second confirmation: the first receipt, nothing recorded.
    page.go_back()
    expect(page.locator("[data-testid=confirm-payment]")).to_be_visible()
    page.locator("[data-testid=confirm-payment]").click()
    expect(page).to_have_url(re.compile(rf"/fees/payments/{payment.pk}/$"))
    expect(page.locator("[data-testid=receipt-number]")).to_have_text(payment.receipt_number)
    assert Payment.objects.count() == 1


def test_a_cashier_sent_by_the_move_in_pays_exactly_its_charges(
    page, live_server, cashier, receptionist, unit
):
    """The unit owes June to August; the move-in charged December ahead. The move-in page's
    link marks December, and the payment pays it, not the oldest month."""
    (december,) = services.property_fee_advance(
        actor=receptionist, unit=unit, first_month=datetime.date(2026, 12, 1), months=1
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", cashier.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button").last.click()

    page.goto(f"{live_server.url}/fees/units/{unit.pk}/pay/?charges={december.pk}")
    expect(page.locator("[data-testid=chosen-charge]")).to_have_count(1)
    expect(page.locator("[data-testid=chosen-charge] .badge")).to_have_text(
        re.compile("入住费用|Move-in fee")  # before and after the catalogue is compiled
    )
    form = page.locator("[data-testid=pay-form]")
    expect(form.locator("input[name=amount]")).to_have_value("250.00")
    form.locator("input[name=method][value=cash]").check()
    form.locator("input[type=submit][name=take]").click()

    expect(page.locator("[data-testid=confirm-split] [data-testid=chosen-charge]")).to_have_count(1)
    page.locator("[data-testid=confirm-payment]").click()

    expect(page).to_have_url(re.compile(r"/fees/payments/\d+/$"))
    december.refresh_from_db()
    assert december.status == Charge.Status.PAID
    assert Charge.objects.filter(status=Charge.Status.OPEN).count() == 3
