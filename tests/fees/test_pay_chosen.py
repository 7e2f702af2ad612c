"""The move-in sends the cashier to the pay page with its own charges (``?charges=``): they
are marked, and the payment pays exactly those, not the oldest arrears first."""

import datetime
import re
from decimal import Decimal

import pytest

from fees import services
from fees.errors import FeesError
from fees.models import Charge, Payment
from fees.selectors import unit_credit
from owners.models import Unit
from tests.factories import BuildingFactory, UnitFactory
from tests.factories.fees import ChargeFactory

from .helpers import JAN, bill, pay_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(estate):
    """Owes January 2025 (250.00) and is charged three months ahead at move-in (750.00)."""
    unit = UnitFactory(
        building=BuildingFactory(estate=estate),
        area=Decimal("100.00"),
        status=Unit.Status.HANDED_OVER,
    )
    bill(estate, JAN)
    return unit


@pytest.fixture
def move_in_charges(receptionist, unit):
    return services.property_fee_advance(
        actor=receptionist, unit=unit, first_month=datetime.date(2026, 12, 1), months=3
    )


def ids(charges) -> str:
    return ",".join(str(charge.pk) for charge in charges)


def rendered_form(html: str) -> dict:
    """The pay form's inputs as the browser would post them."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="radio"' not in tag and 'type="checkbox"' not in tag:
            data[name.group(1)] = value.group(1) if value else ""
    data.pop("reason", None)  # the waiver forms' inputs
    return data


def test_the_pay_page_marks_the_move_in_charges_and_proposes_exactly_them(
    client, cashier, unit, move_in_charges
):
    client.force_login(cashier)

    response = client.get(f"{pay_url(unit)}?charges={ids(move_in_charges)}")

    html = response.content.decode()
    assert html.count('data-testid="chosen-charge"') == 3
    assert response.context["form"].initial["amount"] == Decimal("750.00")
    rows = {row.charge.pk: row for row in response.context["rows"]}
    assert {pk for pk, row in rows.items() if row.chosen} == {c.pk for c in move_in_charges}
    old = Charge.objects.get(unit=unit, period=JAN)
    assert rows[old.pk].value == "0.00"


def test_the_payment_pays_exactly_the_move_in_charges(client, cashier, unit, move_in_charges):
    client.force_login(cashier)
    url = f"{pay_url(unit)}?charges={ids(move_in_charges)}"
    data = {**rendered_form(client.get(url).content.decode()), "method": "cash"}
    data.pop("csrfmiddlewaretoken", None)

    confirm = client.post(url, data)
    assert confirm.status_code == 200 and "pay_confirm" in confirm.templates[0].name
    response = client.post(url, {**data, "confirm": "1"})

    assert response.status_code == 302
    for charge in move_in_charges:
        charge.refresh_from_db()
        assert charge.status == Charge.Status.PAID
    assert Charge.objects.get(unit=unit, period=JAN).status == Charge.Status.OPEN


def test_without_a_choice_the_oldest_is_paid_first(client, cashier, unit, move_in_charges):
    client.force_login(cashier)

    response = client.get(pay_url(unit))

    assert 'data-testid="chosen-charge"' not in response.content.decode()
    assert response.context["form"].initial["amount"] == Decimal("1000.00")


def test_charges_of_another_unit_or_not_open_are_not_chosen(
    client, cashier, receptionist, unit, move_in_charges
):
    other = UnitFactory(building=unit.building, area=Decimal("50.00"))
    elsewhere = services.property_fee_advance(
        actor=receptionist, unit=other, first_month=datetime.date(2026, 12, 1), months=1
    )
    closed = move_in_charges[0]
    Charge.objects.filter(pk=closed.pk).update(status=Charge.Status.PAID)
    client.force_login(cashier)

    response = client.get(f"{pay_url(unit)}?charges={ids(elsewhere)},{closed.pk},x,,-1,99999")

    assert response.status_code == 200
    assert 'data-testid="chosen-charge"' not in response.content.decode()


def test_the_confirmation_marks_the_move_in_charges_and_keeps_the_choice(
    client, cashier, unit, move_in_charges
):
    client.force_login(cashier)
    url = f"{pay_url(unit)}?charges={ids(move_in_charges)}"
    data = {**rendered_form(client.get(url).content.decode()), "method": "cash"}

    confirm = client.post(url, data)

    html = confirm.content.decode()
    assert html.count('data-testid="chosen-charge"') == 3
    assert f'action="{url}"' in html  # "back to change it" shows them marked again
    back = client.post(url, {**data, "edit": "1"})
    assert back.content.decode().count('data-testid="chosen-charge"') == 3


def test_more_than_the_chosen_charges_stays_as_prepaid_balance(
    client, cashier, unit, move_in_charges
):
    """The amount may exceed the chosen charges (the rest is the unit's prepaid balance, as
    the confirmation says), never fall short of what is allocated to them."""
    client.force_login(cashier)
    url = f"{pay_url(unit)}?charges={ids(move_in_charges)}"
    data = {**rendered_form(client.get(url).content.decode()), "method": "cash"}

    short = client.post(url, {**data, "amount": "749.99"})
    assert short.status_code == 400
    assert "The allocations add up to more than the amount received." in short.content.decode()

    confirm = client.post(url, {**data, "amount": "800.00"})
    assert 'data-testid="confirm-left-over"' in confirm.content.decode()
    client.post(url, {**data, "amount": "800.00", "confirm": "1"})
    assert Charge.objects.get(unit=unit, period=JAN).status == Charge.Status.OPEN
    assert unit_credit(unit=unit) == Decimal("50.00")


@pytest.mark.parametrize("whose", ["other unit", "other estate", "paid"])
def test_the_service_refuses_charges_of_another_unit_or_not_open(
    client, cashier, receptionist, other_estate, unit, move_in_charges, whose
):
    if whose == "other unit":
        other = UnitFactory(building=unit.building, area=Decimal("50.00"))
        foreign = ChargeFactory(unit=other, amount=Decimal("80.30"))
    elif whose == "other estate":
        foreign = ChargeFactory(unit__building__estate=other_estate, amount=Decimal("80.30"))
    else:
        foreign = move_in_charges[0]
        services.payment_take(
            actor=cashier,
            unit=unit,
            amount="250.00",
            method="cash",
            allocations={foreign.pk: "250.00"},
        )
    payments = Payment.objects.count()

    with pytest.raises(FeesError) as refused:
        services.payment_take(
            actor=cashier,
            unit=unit,
            amount="80.30",
            method="cash",
            allocations={foreign.pk: Decimal("80.30")},
        )

    assert (refused.value.code, refused.value.field) == ("charge_not_open", "allocations")
    client.force_login(cashier)
    url = f"{pay_url(unit)}?charges={foreign.pk}"
    data = {**rendered_form(client.get(url).content.decode()), "method": "cash"}
    data.update({"amount": "80.30", f"alloc-{foreign.pk}": "80.30", "confirm": "1"})
    response = client.post(url, data)
    assert response.status_code == 400
    assert "A chosen charge is not open on this unit" in response.content.decode()
    assert Payment.objects.count() == payments
