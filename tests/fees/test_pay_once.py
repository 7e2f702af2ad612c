"""One pay form, one payment: the pay page confirms before it commits, each rendered form
carries a key the service takes once, charges paid meanwhile are not paid again, and every
amount is bounded by its column and the estate's ceiling."""

import re
import uuid
from decimal import Decimal

import pytest

from fees import services
from fees.errors import FeesError, PaymentFormUsed
from fees.models import Allocation, Charge, FeeSettings, Payment
from fees.selectors import unit_credit
from frontdesk.models import DocumentSequence
from frontdesk.roles_sync import sync_role_permissions
from owners.models import Unit
from tests.factories import BuildingFactory, UnitFactory
from tests.fees.helpers import FEB, JAN, bill, pay_url, proposed


@pytest.fixture
def unit(estate):
    """A 100 m² unit: 250.00 a month at the 2.50/m² of ``bill``."""
    return UnitFactory(
        building=BuildingFactory(estate=estate),
        area=Decimal("100.00"),
        status=Unit.Status.OCCUPIED,
    )


def form_key(html: str) -> str:
    return re.search(r'name="key" value="([0-9a-f-]{36})"', html).group(1)


def carried(html: str) -> dict:
    """The hidden inputs of the confirmation page, as the browser posts them back."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def first_step(unit, amount="250.00", method="cash", **extra) -> dict:
    data = {"amount": amount, "method": method, **proposed(unit), **extra}
    del data["confirm"]
    return data


# The confirmation step


def test_it_confirms_amount_and_method_before_it_takes_the_money(client, cashier, estate, unit):
    bill(estate, JAN)
    client.force_login(cashier)
    key = form_key(client.get(pay_url(unit)).content.decode())
    data = {**first_step(unit, method="wechat", reference="4200001234"), "key": key}

    # Enter in a field of the pay page posts it without "confirm": nothing is taken yet.
    response = client.post(pay_url(unit), data)
    assert response.status_code == 200 and not Payment.objects.exists()
    html = response.content.decode()
    assert "¥250.00" in html and "WeChat Pay" in html and "4200001234" in html
    assert 'data-testid="confirm-split"' in html
    back = carried(html)
    assert back["key"] == key and back["amount"] == "250.00"

    response = client.post(pay_url(unit), {**back, "confirm": "1"})
    payment = Payment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fees/payments/{payment.pk}/"
    assert (payment.amount, payment.method, str(payment.form_key)) == (
        Decimal("250.00"),
        "wechat",
        key,
    )


def test_a_missing_method_is_named_in_words_and_takes_nothing(client, cashier, estate, unit):
    bill(estate, JAN)
    client.force_login(cashier)
    data = first_step(unit)
    del data["method"]

    response = client.post(pay_url(unit), data)

    assert response.status_code == 400 and not Payment.objects.exists()
    assert "Choose how it is paid" in response.content.decode()


def test_it_goes_back_to_the_form_with_what_was_typed(client, cashier, estate, unit):
    bill(estate, JAN)
    client.force_login(cashier)
    data = first_step(unit, amount="120.50", note="王先生代付")
    response = client.post(pay_url(unit), {**data, "edit": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="120.50"' in html and "王先生代付" in html
    assert form_key(html) == data["key"] and not Payment.objects.exists()


def test_a_confirmation_without_a_key_asks_again(client, cashier, estate, unit):
    bill(estate, JAN)
    client.force_login(cashier)
    data = {**proposed(unit), "amount": "250", "method": "cash"}
    del data["key"]
    response = client.post(pay_url(unit), data)
    assert response.status_code == 200 and not Payment.objects.exists()
    assert carried(response.content.decode())["key"]  # a fresh key for the confirmation


# The same form twice


def test_it_takes_a_form_posted_twice_once_and_shows_the_first_receipt(
    client, cashier, estate, unit
):
    bill(estate, JAN, FEB)
    client.force_login(cashier)
    data = {"amount": "500", "method": "cash", **proposed(unit)}
    first = client.post(pay_url(unit), data)
    second = client.post(pay_url(unit), data)
    payment = Payment.objects.get()
    assert first["Location"] == second["Location"] == f"/fees/payments/{payment.pk}/"
    assert Allocation.objects.count() == 2 and unit_credit(unit=unit) == Decimal("0.00")
    assert DocumentSequence.objects.get().last_number == 1
    html = client.get(second["Location"]).content.decode()
    assert "already used" in html and payment.receipt_number in html

    # The pay page's first step of a used form (Back, then Enter) shows the receipt too.
    again = client.post(pay_url(unit), {**data, "confirm": ""})
    assert again.status_code == 302 and again["Location"] == second["Location"]
    assert Payment.objects.count() == 1


def test_the_service_takes_a_key_once(estate, unit, cashier):
    bill(estate, JAN)
    key = uuid.uuid4()
    first = services.payment_take(
        actor=cashier, unit=unit, amount="250.10", method="cash", form_key=key
    )
    with pytest.raises(PaymentFormUsed) as refused:
        services.payment_take(
            actor=cashier, unit=unit, amount="250.10", method="cash", form_key=str(key)
        )
    assert refused.value.code == "form_used" and refused.value.payment == first
    assert Payment.objects.count() == 1
    with pytest.raises(FeesError) as damaged:
        services.payment_take(
            actor=cashier, unit=unit, amount="1", method="cash", form_key="not-a-key"
        )
    assert damaged.value.code == "bad_form_key"


def test_it_refuses_charges_paid_meanwhile_unless_it_is_a_prepayment(client, cashier, estate, unit):
    bill(estate, JAN)
    client.force_login(cashier)
    data = {"amount": "250", "method": "cash", **proposed(unit)}
    # Another desk takes the money while this page is open.
    services.payment_take(actor=cashier, unit=unit, amount="250", method="cash")

    response = client.post(pay_url(unit), data)
    assert response.status_code == 400
    assert "paid or waived meanwhile" in response.content.decode()
    assert Payment.objects.count() == 1 and unit_credit(unit=unit) == Decimal("0.00")

    response = client.post(pay_url(unit), {**data, "prepayment": "on"})
    assert response.status_code == 302 and Payment.objects.count() == 2
    assert unit_credit(unit=unit) == Decimal("250.00")


def test_the_service_refuses_a_charge_no_longer_open(estate, unit, cashier):
    bill(estate, JAN)
    charge = Charge.objects.get()
    services.payment_take(actor=cashier, unit=unit, amount="250", method="cash")
    with pytest.raises(FeesError) as refused:
        services.payment_take(
            actor=cashier, unit=unit, amount="250", method="cash", charge_ids=[charge.pk]
        )
    assert refused.value.code == "charges_changed" and Payment.objects.count() == 1


# Bounds


@pytest.mark.parametrize(
    "amount, message",
    [
        ("999999999999", "The amount can be at most 9,999,999,999.99."),
        ("1e30", "Enter an amount such as 128.50."),
        ("9" * 40, "Ensure this value has at most 20 characters"),
        ("NaN", "Enter an amount such as 128.50."),
        ("１２８.５０", "Enter an amount such as 128.50."),
    ],
)
def test_it_refuses_an_amount_beyond_its_column_with_a_message(
    client, cashier, estate, unit, amount, message
):
    bill(estate, JAN)
    client.force_login(cashier)
    for data in (first_step(unit, amount=amount), {**proposed(unit), "amount": amount}):
        response = client.post(pay_url(unit), {"method": "cash", **data})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Payment.objects.exists() and not DocumentSequence.objects.exists()


@pytest.mark.parametrize("part", ["1e30", "9" * 30, "NaN", "１２"])
def test_it_refuses_an_allocation_beyond_its_column_with_a_message(
    client, cashier, estate, unit, part
):
    bill(estate, JAN)
    charge = Charge.objects.get()
    client.force_login(cashier)
    data = {"amount": "250", "method": "cash", **proposed(unit), f"alloc-{charge.pk}": part}
    response = client.post(pay_url(unit), data)
    assert response.status_code == 400
    assert "Enter an amount such as 128.50." in response.content.decode() or (
        "The amount can be at most" in response.content.decode()
    )
    assert not Payment.objects.exists()


def test_an_amount_above_the_estate_ceiling_needs_an_explicit_confirmation(
    client, cashier, estate, unit
):
    FeeSettings.objects.create(estate=estate, payment_ceiling=Decimal("1000.00"))
    bill(estate, JAN)
    client.force_login(cashier)
    response = client.post(pay_url(unit), first_step(unit, amount="1000.10"))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="above-ceiling"' in html
    back = carried(html)

    response = client.post(pay_url(unit), {**back, "confirm": "1"})
    assert response.status_code == 400 and not Payment.objects.exists()
    assert "check the amount and confirm it" in response.content.decode()

    response = client.post(pay_url(unit), {**back, "confirm": "1", "above_ceiling_confirmed": "on"})
    assert response.status_code == 302
    assert Payment.objects.get().amount == Decimal("1000.10")
    assert unit_credit(unit=unit) == Decimal("750.10")


def test_the_default_ceiling_is_fifty_thousand(estate, unit, cashier):
    services.payment_take(actor=cashier, unit=unit, amount="50000.00", method="cash")
    with pytest.raises(FeesError) as refused:
        services.payment_take(actor=cashier, unit=unit, amount="50000.01", method="cash")
    assert (refused.value.code, refused.value.field) == ("above_ceiling", "above_ceiling_confirmed")
    services.payment_take(
        actor=cashier,
        unit=unit,
        amount="50000.01",
        method="cash",
        above_ceiling_confirmed=True,
    )
    assert Payment.objects.count() == 2


def test_the_largest_payment_a_column_holds_leaves_every_page_working(
    client, supervisor, cashier, estate, unit
):
    bill(estate, JAN)
    payment = services.payment_take(
        actor=cashier,
        unit=unit,
        amount="9999999999.99",
        method="cash",
        above_ceiling_confirmed=True,
    )
    client.force_login(cashier)
    for url in (
        f"/fees/payments/{payment.pk}/",
        f"/fees/payments/{payment.pk}/receipt.pdf?layout=a5",
        f"/fees/payments/{payment.pk}/receipt.pdf?layout=thermal",
        pay_url(unit),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(supervisor)
    assert client.get(f"/units/{unit.pk}/").status_code == 200
    section = client.get(f"/units/{unit.pk}/sections/fees/")
    assert section.status_code == 200 and "9999999999.99" in section.content.decode()
    assert client.get("/admin/fees/payment/").status_code == 200
    assert client.get(f"/admin/fees/payment/{payment.pk}/change/").status_code == 200


def test_a_supervisor_sets_the_ceiling_of_their_estate_only(
    client, supervisor, estate, other_estate
):
    sync_role_permissions()  # the permissions the roles' migration gives
    mine = FeeSettings.objects.create(estate=estate)
    theirs = FeeSettings.objects.create(estate=other_estate)
    client.force_login(supervisor)
    listing = client.get("/admin/fees/feesettings/").content.decode()
    assert "50000.00" in listing or "50,000.00" in listing
    assert client.get(f"/admin/fees/feesettings/{theirs.pk}/change/").status_code in (302, 404)
    response = client.post(
        f"/admin/fees/feesettings/{mine.pk}/change/",
        {"estate": estate.pk, "payment_ceiling": "1e30"},
    )
    assert response.status_code == 200  # refused with a message on the form
    mine.refresh_from_db()
    assert mine.payment_ceiling == Decimal("50000.00")
    response = client.post(
        f"/admin/fees/feesettings/{mine.pk}/change/",
        {"estate": estate.pk, "payment_ceiling": "8000.10"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.payment_ceiling == Decimal("8000.10")
