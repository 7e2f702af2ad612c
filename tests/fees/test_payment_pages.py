import datetime
from decimal import Decimal

import pytest

from fees import services
from fees.models import Allocation, Charge, CollectionAttempt, Payment, ReversalRequest
from fees.selectors import unit_credit
from frontdesk import roles
from frontdesk.models import DocumentSequence
from owners.models import Unit
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    staff,
)
from tests.fees.helpers import FEB, JAN, MAR, bill, pay_url, proposed
from tests.frontdesk.test_pdf import pdf_text


@pytest.fixture
def foreign_cashier(other_estate):
    """A cashier and supervisor of another estate: has every role, not the estate."""
    return staff(
        estates=[other_estate], roles=[roles.CASHIER, roles.CS_SUPERVISOR], username="foreign"
    )


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
    return unit


# The pay page


def test_it_shows_open_charges_oldest_first_with_arrears_and_balance(client, cashier, estate, unit):
    bill(estate, FEB, JAN)
    client.force_login(cashier)
    response = client.get(pay_url(unit))
    assert response.status_code == 200
    html = response.content.decode()
    for fact in ["3-2-1201", "王喆", "¥500.00", "overdue", "物业管理费", "Reference number"]:
        assert fact in html, fact
    assert html.index("2025-01") < html.index("2025-02")
    assert "Required for WeChat Pay" in html
    assert "Prepaid balance" not in dict(response.context["form"].fields["method"].choices)


def test_it_takes_a_wechat_payment_for_three_months_and_prints_its_receipt(
    client, cashier, estate, unit, tmp_path
):
    bill(estate, JAN, FEB, MAR)
    client.force_login(cashier)
    data = {"amount": "750", "method": "wechat", "reference": "4200001234", **proposed(unit)}
    response = client.post(pay_url(unit), data)
    payment = Payment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/fees/payments/{payment.pk}/"
    assert set(Charge.objects.values_list("status", flat=True)) == {"paid"}
    assert (payment.method, payment.reference, payment.received_by) == (
        "wechat",
        "4200001234",
        cashier,
    )

    html = client.get(response["Location"]).content.decode()
    for fact in [payment.receipt_number, "柒佰伍拾元整", "WeChat Pay", "4200001234", "2025-03"]:
        assert fact in html, fact
    assert f"/fees/payments/{payment.pk}/receipt.pdf?layout=a5" in html
    assert f"/fees/payments/{payment.pk}/receipt.pdf?layout=thermal" in html

    receipt = client.get(f"/fees/payments/{payment.pk}/receipt.pdf?layout=a5")
    assert receipt["Content-Type"] == "application/pdf"
    text = pdf_text(receipt.content, tmp_path)
    for fact in [
        payment.receipt_number,
        "3-2-1201",
        "物业管理费",
        "750.00",
        "柒佰伍拾元整",
        "王喆",
    ]:
        assert fact in text, fact


@pytest.mark.parametrize(
    "next_url, kept",
    [("/checkin/move-in/7/", True), ("https://evil.example/x", False), ("//evil.example", False)],
)
def test_it_returns_to_the_page_that_asked_for_the_payment(
    client, cashier, estate, unit, next_url, kept
):
    bill(estate, JAN)
    client.force_login(cashier)
    form = client.get(pay_url(unit), {"next": next_url}).content.decode()
    assert (f'name="next" value="{next_url}"' in form) == kept
    data = {"amount": "250", "method": "cash", "next": next_url, **proposed(unit)}
    response = client.post(pay_url(unit), data)
    payment = Payment.objects.get()
    detail = f"/fees/payments/{payment.pk}/"
    if kept:
        assert response["Location"] == f"{detail}?next=%2Fcheckin%2Fmove-in%2F7%2F"
        assert 'href="/checkin/move-in/7/"' in client.get(response["Location"]).content.decode()
    else:
        assert response["Location"] == detail
        page = client.get(f"{detail}?next={next_url}").content.decode()
        assert 'data-testid="back"' not in page


@pytest.mark.parametrize(
    "amount, method, reference, message",
    [
        ("0", "cash", "", "The amount must be more than zero."),
        ("-5", "cash", "", "The amount must be more than zero."),
        ("abc", "cash", "", "Enter an amount such as 128.50."),
        ("10.005", "cash", "", "Amounts have at most two decimals (fen)."),
        ("", "cash", "", "This field is required."),
        ("10", "wechat", "", "Enter the transaction reference of a non-cash payment."),
        ("10", "prepaid", "", "Select a valid choice."),
    ],
)
def test_it_refuses_bad_input_keeps_it_and_saves_nothing(
    client, cashier, estate, unit, amount, method, reference, message
):
    bill(estate, JAN)
    client.force_login(cashier)
    data = {"amount": amount, "method": method, "reference": reference, **proposed(unit)}
    response = client.post(pay_url(unit), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{amount}"' in html or not amount
    assert not Payment.objects.exists() and not Allocation.objects.exists()
    assert not DocumentSequence.objects.exists()
    assert Charge.objects.get().status == "open"


def test_it_refuses_allocating_more_than_a_charge_owes(client, cashier, estate, unit):
    bill(estate, JAN)
    charge = Charge.objects.get()
    client.force_login(cashier)
    data = {"amount": "300", "method": "cash", **proposed(unit), f"alloc-{charge.pk}": "260"}
    response = client.post(pay_url(unit), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "has only 250.00 left to pay" in html
    assert 'value="260"' in html  # the cashier's split is kept for the next try
    assert not Payment.objects.exists() and Charge.objects.get().status == "open"


def test_it_follows_the_cashiers_split_when_it_was_changed(client, cashier, estate, unit):
    bill(estate, JAN, FEB)
    january, february = Charge.objects.order_by("period")
    client.force_login(cashier)
    data = {
        "amount": "250",
        "method": "cash",
        **proposed(unit, Decimal("250")),
        f"alloc-{january.pk}": "0",
        f"alloc-{february.pk}": "250",
    }
    assert client.post(pay_url(unit), data).status_code == 302
    january.refresh_from_db(), february.refresh_from_db()
    assert (january.status, february.status) == ("open", "paid")


def test_it_splits_oldest_first_when_the_split_was_left_alone(client, cashier, estate, unit):
    bill(estate, JAN, FEB)
    client.force_login(cashier)
    # The page proposed paying both in full; the cashier typed 300 without touching the split.
    data = {"amount": "300", "method": "cash", **proposed(unit)}
    assert client.post(pay_url(unit), data).status_code == 302
    january, february = Charge.objects.order_by("period")
    assert (january.status, february.paid_amount) == ("paid", Decimal("50.00"))


def test_it_keeps_what_is_left_over_as_prepaid_balance(client, cashier, estate, unit):
    bill(estate, JAN)
    client.force_login(cashier)
    data = {"amount": "300", "method": "cash", **proposed(unit)}
    assert client.post(pay_url(unit), data).status_code == 302
    assert unit_credit(unit=unit) == Decimal("50.00")
    html = client.get(pay_url(unit)).content.decode()
    assert "¥50.00" in html and "No open charges" in html


def test_it_answers_405_to_other_methods(client, cashier, unit):
    client.force_login(cashier)
    assert client.put(pay_url(unit)).status_code == 405


def test_it_answers_404_for_another_estates_unit(client, foreign_cashier, estate, unit):
    bill(estate, JAN)
    client.force_login(foreign_cashier)
    assert client.get(pay_url(unit)).status_code == 404
    response = client.post(pay_url(unit), {"amount": "10", "method": "cash"})
    assert response.status_code == 404 and not Payment.objects.exists()


def test_it_answers_403_to_a_role_that_takes_no_money(client, receptionist, estate, unit):
    bill(estate, JAN)
    client.force_login(receptionist)
    assert client.get(pay_url(unit)).status_code == 403
    response = client.post(pay_url(unit), {"amount": "10", "method": "cash"})
    assert response.status_code == 403 and not Payment.objects.exists()


@pytest.mark.parametrize("months", [1, 12])
def test_it_keeps_the_pay_page_in_a_constant_query_count(
    client, cashier, estate, unit, months, django_assert_max_num_queries
):
    bill(estate, *(datetime.date(2025, month, 1) for month in range(1, months + 1)))
    client.force_login(cashier)
    client.get(pay_url(unit))
    with django_assert_max_num_queries(12):
        response = client.get(pay_url(unit))
    assert len(response.context["rows"]) == months


# Prepaid balance and waivers


def test_it_applies_the_prepaid_balance_to_open_charges(client, cashier, estate, unit):
    bill(estate, JAN, FEB)
    january, february = Charge.objects.order_by("period")
    services.payment_take(
        actor=cashier, unit=unit, amount="500", method="cash", allocations={january.pk: "250"}
    )
    client.force_login(cashier)
    assert 'data-testid="apply-credit"' in client.get(pay_url(unit)).content.decode()
    response = client.post(f"/fees/units/{unit.pk}/apply-credit/")
    assert response.status_code == 302 and response["Location"] == pay_url(unit)
    february.refresh_from_db()
    assert february.status == "paid" and unit_credit(unit=unit) == Decimal("0.00")


def test_it_refuses_applying_the_balance_by_get_for_others_and_elsewhere(
    client, cashier, receptionist, foreign_cashier, unit
):
    url = f"/fees/units/{unit.pk}/apply-credit/"
    client.force_login(cashier)
    assert client.get(url).status_code == 405
    client.force_login(receptionist)
    assert client.post(url).status_code == 403
    client.force_login(foreign_cashier)
    assert client.post(url).status_code == 404


def test_it_lets_a_supervisor_waive_a_charge_with_a_reason(client, supervisor, estate, unit):
    bill(estate, JAN)
    charge = Charge.objects.get()
    client.force_login(supervisor)
    assert f"/fees/charges/{charge.pk}/waive/" in client.get(pay_url(unit)).content.decode()
    response = client.post(f"/fees/charges/{charge.pk}/waive/", {"reason": "开发商承担"})
    assert response.status_code == 302 and response["Location"] == pay_url(unit)
    charge.refresh_from_db()
    assert (charge.status, charge.waived_reason) == ("waived", "开发商承担")


def test_it_refuses_a_waiver_without_reason_with_a_message(client, supervisor, estate, unit):
    bill(estate, JAN)
    charge = Charge.objects.get()
    client.force_login(supervisor)
    response = client.post(f"/fees/charges/{charge.pk}/waive/", {"reason": " "}, follow=True)
    assert "Give the reason for the waiver." in response.content.decode()
    assert Charge.objects.get().status == "open"


def test_it_keeps_waivers_from_cashiers_get_and_other_estates(
    client, cashier, foreign_cashier, estate, unit
):
    bill(estate, JAN)
    charge = Charge.objects.get()
    url = f"/fees/charges/{charge.pk}/waive/"
    client.force_login(cashier)
    assert "/waive/" not in client.get(pay_url(unit)).content.decode()
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="sup2"))
    assert client.get(url).status_code == 405
    client.force_login(foreign_cashier)
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert Charge.objects.get().status == "open"


# The receipt page and reversals


@pytest.fixture
def payment(estate, unit, cashier):
    bill(estate, JAN)
    return services.payment_take(actor=cashier, unit=unit, amount="250", method="cash")


def test_it_shows_the_receipt_with_its_amount_in_words(client, receptionist, payment):
    client.force_login(receptionist)  # the desk may reprint a receipt for the owner
    html = client.get(f"/fees/payments/{payment.pk}/").content.decode()
    for fact in [payment.receipt_number, "3-2-1201", "王喆", "250.00", "贰佰伍拾元整", "Cash"]:
        assert fact in html, fact
    assert 'data-testid="request-reversal"' not in html  # a receptionist takes no money


def test_it_answers_404_and_403_and_405_for_the_receipt(
    client, payment, foreign_cashier, technician, cashier
):
    url = f"/fees/payments/{payment.pk}/"
    client.force_login(foreign_cashier)
    assert client.get(url).status_code == 404
    client.force_login(technician)
    assert client.get(url).status_code == 403
    client.force_login(cashier)
    assert client.post(url).status_code == 405


def test_it_reverses_a_receipt_once_a_supervisor_approves(client, cashier, supervisor, payment):
    client.force_login(cashier)
    response = client.post(f"/fees/payments/{payment.pk}/reversal/", {"reason": "金额录错"})
    assert response.status_code == 302
    request = ReversalRequest.objects.get()
    assert (request.status, request.requested_by) == ("pending", cashier)

    client.force_login(supervisor)
    html = client.get(f"/fees/payments/{payment.pk}/").content.decode()
    assert f"/fees/reversals/{request.pk}/approve/" in html
    response = client.post(f"/fees/reversals/{request.pk}/approve/")
    reversal = Payment.objects.get(reverses=payment)
    assert response["Location"] == f"/fees/payments/{reversal.pk}/"
    assert Charge.objects.get().status == "open"

    html = client.get(f"/fees/payments/{reversal.pk}/").content.decode()
    assert f"reverses receipt {payment.receipt_number}" in html
    assert f'href="/fees/payments/{payment.pk}/"' in html and "-250.00" in html
    html = client.get(f"/fees/payments/{payment.pk}/").content.decode()
    assert f"reversed by {reversal.receipt_number}" in html
    assert f'href="/fees/payments/{reversal.pk}/"' in html


def test_it_does_not_let_a_cashier_approve(client, cashier, payment):
    request = services.reversal_request(actor=cashier, payment=payment, reason="录错")
    client.force_login(cashier)
    assert "/approve/" not in client.get(f"/fees/payments/{payment.pk}/").content.decode()
    assert client.post(f"/fees/reversals/{request.pk}/approve/").status_code == 403
    request.refresh_from_db()
    assert request.status == "pending" and not Payment.objects.filter(reverses=payment).exists()


def test_it_tells_a_supervisor_who_asked_that_someone_else_must_approve(
    client, supervisor, payment
):
    request = services.reversal_request(actor=supervisor, payment=payment, reason="录错")
    client.force_login(supervisor)
    response = client.post(f"/fees/reversals/{request.pk}/approve/", follow=True)
    assert "The approver must be someone other than the cashier who asked." in (
        response.content.decode()
    )
    assert ReversalRequest.objects.get().status == "pending"
    assert Payment.objects.count() == 1


def test_it_refuses_a_reversal_request_without_reason(client, cashier, payment):
    client.force_login(cashier)
    response = client.post(f"/fees/payments/{payment.pk}/reversal/", {"reason": ""})
    assert response.status_code == 400
    assert "Give the reason for the reversal." in response.content.decode()
    assert not ReversalRequest.objects.exists()


def test_it_says_when_a_reversal_is_already_waiting(client, cashier, payment):
    services.reversal_request(actor=cashier, payment=payment, reason="录错")
    client.force_login(cashier)
    url = f"/fees/payments/{payment.pk}/reversal/"
    response = client.post(url, {"reason": "again"}, follow=True)
    assert "A reversal of this payment is already waiting for approval." in (
        response.content.decode()
    )
    assert ReversalRequest.objects.count() == 1


def test_it_lets_a_supervisor_refuse_a_reversal(client, cashier, supervisor, payment):
    request = services.reversal_request(actor=cashier, payment=payment, reason="录错")
    client.force_login(supervisor)
    response = client.post(f"/fees/reversals/{request.pk}/refuse/")
    assert response["Location"] == f"/fees/payments/{payment.pk}/"
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("refused", supervisor)
    assert Charge.objects.get().status == "paid"


def test_it_guards_the_reversal_actions(
    client, cashier, receptionist, supervisor, foreign_cashier, payment
):
    request = services.reversal_request(actor=cashier, payment=payment, reason="录错")
    client.force_login(receptionist)
    assert client.post(f"/fees/payments/{payment.pk}/reversal/", {"reason": "x"}).status_code == 403
    client.force_login(supervisor)
    assert client.get(f"/fees/payments/{payment.pk}/reversal/").status_code == 405
    assert client.get(f"/fees/reversals/{request.pk}/approve/").status_code == 405
    assert client.get(f"/fees/reversals/{request.pk}/refuse/").status_code == 405
    client.force_login(foreign_cashier)
    assert client.post(f"/fees/payments/{payment.pk}/reversal/", {"reason": "x"}).status_code == 404
    assert client.post(f"/fees/reversals/{request.pk}/approve/").status_code == 404
    assert client.post(f"/fees/reversals/{request.pk}/refuse/").status_code == 404
    assert ReversalRequest.objects.get().status == "pending"


def test_it_shows_supervisors_the_reversals_waiting_on_the_desk_home(
    client, cashier, supervisor, payment
):
    services.reversal_request(actor=cashier, payment=payment, reason="录错")
    client.force_login(supervisor)
    assert "/panels/fees-reversals/" in client.get("/").content.decode()
    html = client.get("/panels/fees-reversals/").content.decode()
    assert payment.receipt_number in html and f"/fees/payments/{payment.pk}/" in html
    client.force_login(cashier)
    assert "/panels/fees-reversals/" not in client.get("/").content.decode()


# The desk: quick action and the dossier's fees section


def test_it_offers_take_payment_on_the_desk_home_to_cashiers_only(client, cashier, receptionist):
    client.force_login(cashier)
    assert 'href="/fees/pay/"' in client.get("/").content.decode()
    client.force_login(receptionist)
    assert 'href="/fees/pay/"' not in client.get("/").content.decode()


def test_it_finds_the_unit_to_take_payment_for(client, cashier, receptionist, unit):
    UnitFactory(building=unit.building, room="1202", code="3-2-1202")
    client.force_login(cashier)
    assert "Type at least two characters." in client.get("/fees/pay/").content.decode()
    html = client.get("/fees/pay/", {"q": "3-2-12"}).content.decode()
    assert f'href="/fees/units/{unit.pk}/pay/"' in html and "3-2-1202" in html
    html = client.get("/fees/pay/", {"q": "王喆"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'href="/fees/units/{unit.pk}/pay/"' in html and "<html" not in html
    # Enter on a single match opens its pay page.
    response = client.get("/fees/pay/", {"q": "3-2-1201"})
    assert response.status_code == 302 and response["Location"] == pay_url(unit)
    assert client.post("/fees/pay/").status_code == 405
    client.force_login(receptionist)
    assert client.get("/fees/pay/").status_code == 403


def test_it_finds_no_unit_of_another_estate_to_take_payment_for(client, foreign_cashier, unit):
    client.force_login(foreign_cashier)
    response = client.get("/fees/pay/", {"q": "3-2-1201"})
    assert response.status_code == 200 and f"/fees/units/{unit.pk}/pay/" not in (
        response.content.decode()
    )


def section_url(unit):
    return f"/units/{unit.pk}/sections/fees/"


def test_it_puts_a_fees_section_on_the_dossier(client, cashier, receptionist, estate, unit):
    client.force_login(receptionist)
    assert section_url(unit) in client.get(f"/units/{unit.pk}/").content.decode()
    assert 'data-testid="take-payment"' not in client.get(section_url(unit)).content.decode()
    client.force_login(cashier)
    assert f'href="{pay_url(unit)}"' in client.get(section_url(unit)).content.decode()
    client.force_login(staff(estates=[estate], roles=[roles.DEPARTMENT_HEAD]))
    assert section_url(unit) not in client.get(f"/units/{unit.pk}/").content.decode()
    assert client.get(section_url(unit)).status_code == 403


def test_it_fills_the_section_with_balance_arrears_payments_and_attempts(
    client, cashier, receptionist, estate, unit
):
    bill(estate, JAN, FEB)
    payment = services.payment_take(actor=cashier, unit=unit, amount="300", method="cash")
    CollectionAttempt.objects.create(
        unit=unit,
        channel="phone",
        outcome="promised",
        promised_on=datetime.date(2025, 3, 15),
        recorded_by=cashier,
    )
    client.force_login(receptionist)
    html = client.get(section_url(unit)).content.decode()
    assert "¥200.00" in html  # February's remainder, fallen due
    assert "1 open charge" in html and "2025-02" in html
    assert f'href="/fees/payments/{payment.pk}/"' in html and payment.receipt_number in html
    assert "Promised to pay" in html and "2025-03-15" in html


def test_it_guards_the_section(client, foreign_cashier, technician, receptionist, unit):
    url = section_url(unit)
    client.force_login(foreign_cashier)
    assert client.get(url).status_code == 404
    client.force_login(technician)
    assert client.get(url).status_code == 403
    client.force_login(receptionist)
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("months", [1, 12])
def test_it_keeps_the_section_in_a_constant_query_count(
    client, cashier, estate, unit, months, django_assert_max_num_queries
):
    bill(estate, *(datetime.date(2025, month, 1) for month in range(1, months + 1)))
    for _ in range(months):
        services.payment_take(actor=cashier, unit=unit, amount="1", method="cash")
        CollectionAttempt.objects.create(
            unit=unit, channel="door", outcome="refused", recorded_by=cashier
        )
    client.force_login(cashier)
    client.get(section_url(unit))
    with django_assert_max_num_queries(11):
        response = client.get(section_url(unit))
    assert response.status_code == 200
    assert f"{months} open charge" in response.content.decode()
