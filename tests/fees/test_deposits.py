"""Refundable deposits: demanded as a unit's charge (one per form), paid with a receipt at the
desk, held, settled once by a CS supervisor with itemised deductions and a numbered refund
slip; an unpaid one cancelled. Bad input, wrong role and another estate change nothing."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from fees import services
from fees.models import Charge, Deposit, DepositDeduction, FeeType
from fees.services import DeductionInput
from frontdesk import roles
from frontdesk.errors import DeskError
from tests.factories import UnitFactory, staff
from tests.factories.fees import FeeTypeFactory, PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deposit_type(estate):
    return FeeTypeFactory(estate=estate, kind=FeeType.Kind.DEPOSIT, name="装修押金")


@pytest.fixture
def guard(estate):
    return staff(estates=[estate], roles=[roles.SECURITY_GUARD], username="guard")


@pytest.fixture
def other_supervisor(other_estate):
    return staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="other-sup")


@pytest.fixture
def unit(estate):
    return UnitFactory(building__estate=estate)


def demand(actor, unit, fee_type, amount="2000.00", **extra):
    return services.deposit_require(
        actor=actor,
        estate_id=unit.estate_id,
        fee_type=fee_type,
        amount=amount,
        purpose=f"装修押金 {unit.code}",
        unit=unit,
        **extra,
    )


def pay(cashier, deposit, amount=None):
    return PaymentFactory(
        unit=deposit.unit,
        actor=cashier,
        amount=amount or deposit.amount,
        charge_ids=[deposit.charge_id],
    )


def held(receptionist, cashier, unit, fee_type):
    deposit = demand(receptionist, unit, fee_type)
    pay(cashier, deposit)
    return Deposit.objects.select_related("charge").get(pk=deposit.pk)


def snapshot(deposit):
    row = Deposit.objects.filter(pk=deposit.pk).values().get()
    return {**row, "deductions": deposit.deductions.count(), "history": deposit.history.count()}


def test_a_deposit_is_demanded_as_the_units_charge(receptionist, unit, deposit_type):
    deposit = demand(receptionist, unit, deposit_type)
    assert deposit.amount == Decimal("2000.00")
    assert deposit.charge.unit == unit and deposit.charge.fee_type == deposit_type
    assert deposit.charge.status == Charge.Status.OPEN
    assert deposit.status == Deposit.Status.OPEN and not deposit.is_held
    assert deposit.payer_name  # the unit's owners, or its code


def test_a_form_posted_twice_demands_one_deposit(receptionist, unit, deposit_type):
    key = uuid.uuid4()
    demand(receptionist, unit, deposit_type, form_key=key)
    with pytest.raises(DeskError) as used:
        demand(receptionist, unit, deposit_type, form_key=key)
    assert used.value.code == "form_used"
    assert Deposit.objects.count() == 1 and Charge.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"amount": "0"}, None),
        ({"amount": "-5"}, None),
        ({"amount": "abc"}, None),
        ({"purpose": "  "}, "no_purpose"),
        ({"purpose": "押金\x07"}, "bad_text"),
    ],
)
def test_bad_input_demands_nothing(receptionist, unit, deposit_type, extra, code):
    values = {"amount": "2000.00", "purpose": "装修押金"}
    values.update(extra)
    with pytest.raises(DeskError) as refused:
        services.deposit_require(
            actor=receptionist,
            estate_id=unit.estate_id,
            fee_type=deposit_type,
            unit=unit,
            **values,
        )
    if code:
        assert refused.value.code == code
    assert not Deposit.objects.exists() and not Charge.objects.exists()


def test_only_a_deposit_fee_type_and_the_estates_own(receptionist, unit, estate, other_estate):
    service = FeeTypeFactory(estate=estate)
    with pytest.raises(DeskError) as refused:
        demand(receptionist, unit, service)
    assert refused.value.code == "not_deposit"
    foreign = FeeTypeFactory(estate=other_estate, kind=FeeType.Kind.DEPOSIT)
    with pytest.raises(DeskError):
        demand(receptionist, unit, foreign)
    assert not Deposit.objects.exists()


def test_a_paid_deposit_is_held_and_settled_once_with_its_deductions(
    receptionist, cashier, supervisor, unit, deposit_type
):
    deposit = held(receptionist, cashier, unit, deposit_type)
    assert deposit.is_held
    settled = services.deposit_settle(
        actor=supervisor,
        deposit=deposit,
        deductions=[
            DeductionInput("garbage", "150.00", "装修垃圾未清运"),
            DeductionInput("damage", "50.5", "电梯轿厢划伤"),
        ],
        refund_to="张伟",
        refund_method="transfer",
    )
    assert settled.status == Deposit.Status.SETTLED
    assert settled.deducted == Decimal("200.50")
    assert settled.refunded == Decimal("1799.50")
    assert settled.refund_number.startswith("TK")
    assert [d.kind for d in settled.deductions.all()] == ["garbage", "damage"]
    with pytest.raises(DeskError) as again:
        services.deposit_settle(
            actor=supervisor, deposit=settled, refund_to="张伟", refund_method="cash"
        )
    assert again.value.code == "closed"


def test_refund_numbers_are_gapless(receptionist, cashier, supervisor, estate, deposit_type):
    numbers = []
    for n in range(3):
        deposit = held(receptionist, cashier, UnitFactory(building__estate=estate), deposit_type)
        if n == 1:  # a refused settlement takes no number
            with pytest.raises(DeskError):
                services.deposit_settle(
                    actor=supervisor,
                    deposit=deposit,
                    deductions=[DeductionInput("other", "99999", "x")],
                    refund_to="王",
                    refund_method="cash",
                )
        deposit = services.deposit_settle(
            actor=supervisor, deposit=deposit, refund_to="王", refund_method="cash"
        )
        numbers.append(int(deposit.refund_number.rsplit("-", 1)[1]))
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


@pytest.mark.parametrize(
    ("deductions", "refund", "code"),
    [
        ([DeductionInput("damage", "2000.01", "超额")], {}, "too_much"),
        (
            [DeductionInput("damage", "100", "a"), DeductionInput("other", "1900.01", "b")],
            {},
            "too_much",
        ),
        ([DeductionInput("damage", "100", " ")], {}, "no_reason"),
        ([DeductionInput("bribe", "100", "x")], {}, "bad_kind"),
        ([DeductionInput("damage", "0", "x")], {}, None),
        ([], {"refund_to": ""}, "no_payee"),
        ([], {"refund_method": "prepaid"}, "bad_method"),
    ],
)
def test_a_bad_settlement_changes_nothing(
    receptionist, cashier, supervisor, unit, deposit_type, deductions, refund, code
):
    deposit = held(receptionist, cashier, unit, deposit_type)
    before = snapshot(deposit)
    values = {"refund_to": "张伟", "refund_method": "cash"}
    values.update(refund)
    with pytest.raises(DeskError) as refused:
        services.deposit_settle(actor=supervisor, deposit=deposit, deductions=deductions, **values)
    if code:
        assert refused.value.code == code
    assert snapshot(deposit) == before
    assert not DepositDeduction.objects.exists()


def test_an_unpaid_deposit_is_not_settled_but_cancelled(
    receptionist, cashier, supervisor, unit, deposit_type
):
    deposit = demand(receptionist, unit, deposit_type)
    with pytest.raises(DeskError) as refused:
        services.deposit_settle(
            actor=supervisor, deposit=deposit, refund_to="张伟", refund_method="cash"
        )
    assert refused.value.code == "not_held"
    pay(cashier, deposit, amount=Decimal("500.00"))
    with pytest.raises(DeskError) as part_paid:
        services.deposit_cancel(actor=supervisor, deposit=deposit, reason="不装修了")
    assert part_paid.value.code == "paid"
    other = demand(receptionist, UnitFactory(building__estate=unit.estate), deposit_type)
    cancelled = services.deposit_cancel(actor=supervisor, deposit=other, reason="不装修了")
    assert cancelled.status == Deposit.Status.CANCELLED
    assert Charge.objects.get(pk=other.charge_id).status == Charge.Status.WAIVED


def test_roles(receptionist, cashier, supervisor, director, guard, unit, deposit_type):
    with pytest.raises(DeskError):
        demand(guard, unit, deposit_type)
    deposit = held(receptionist, cashier, unit, deposit_type)
    for actor in (receptionist, cashier, director):
        with pytest.raises(DeskError) as refused:
            services.deposit_settle(
                actor=actor, deposit=deposit, refund_to="张伟", refund_method="cash"
            )
        assert refused.value.code == "forbidden"
    assert snapshot(deposit)["status"] == "open"


def test_another_estates_supervisor_cannot_settle(
    receptionist, cashier, unit, deposit_type, other_supervisor
):
    deposit = held(receptionist, cashier, unit, deposit_type)
    before = snapshot(deposit)
    with pytest.raises(DeskError):
        services.deposit_settle(
            actor=other_supervisor, deposit=deposit, refund_to="x", refund_method="cash"
        )
    assert snapshot(deposit) == before


# --- the pages ------------------------------------------------------------------------------


def test_the_desk_demands_pays_and_the_supervisor_settles_and_prints(
    client, receptionist, cashier, supervisor, unit, deposit_type, tmp_path
):
    from tests.releases.helpers import pdf_text

    client.force_login(receptionist)
    page = client.get(reverse("fees:deposit-new"))
    assert page.status_code == 200 and "装修押金" in page.content.decode()
    data = {
        "key": str(uuid.uuid4()),
        "fee_type": deposit_type.pk,
        "unit_code": unit.code,
        "amount": "3000",
        "purpose": "装修押金",
    }
    first = client.post(reverse("fees:deposit-new"), data)
    second = client.post(reverse("fees:deposit-new"), data)
    deposit = Deposit.objects.get()
    assert first["Location"] == second["Location"] == deposit.get_absolute_url()
    client.force_login(cashier)  # the payment page takes the deposit alone
    detail = client.get(deposit.get_absolute_url()).content.decode()
    assert f"charges={deposit.charge_id}" in detail
    pay(cashier, deposit)

    client.force_login(supervisor)
    detail = client.get(deposit.get_absolute_url()).content.decode()
    assert 'data-testid="settle-form"' in detail
    settle = reverse("fees:deposit-settle", args=[deposit.pk])
    form = {
        "refund_to": "张伟",
        "refund_method": "cash",
        "deduction_1_kind": "garbage",
        "deduction_1_amount": "120",
        "deduction_1_reason": "装修垃圾未清运",
    }
    assert client.post(settle, form).status_code == 302
    assert client.post(settle, form).status_code == 302  # a double click: settled once
    deposit.refresh_from_db()
    assert deposit.refunded == Decimal("2880.00") and deposit.deductions.count() == 1
    response = client.get(reverse("fees:deposit-refund-pdf", args=[deposit.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    for fact in (deposit.refund_number, "2880.00", "装修垃圾未清运", "120.00", "张伟"):
        assert fact in text, fact


def test_a_bad_deduction_on_the_page_shows_its_message(
    client, receptionist, cashier, supervisor, unit, deposit_type
):
    deposit = held(receptionist, cashier, unit, deposit_type)
    client.force_login(supervisor)
    response = client.post(
        reverse("fees:deposit-settle", args=[deposit.pk]),
        {
            "refund_to": "张伟",
            "refund_method": "cash",
            "deduction_1_kind": "damage",
            "deduction_1_amount": "5000",
            "deduction_1_reason": "超额",
        },
    )
    assert response.status_code == 400
    assert "more than the deposit held" in response.content.decode()
    assert Deposit.objects.get().status == "open"


def test_the_list_keeps_its_queries(
    client, receptionist, cashier, estate, deposit_type, django_assert_max_num_queries
):
    for _ in range(3):
        held(receptionist, cashier, UnitFactory(building__estate=estate), deposit_type)
    client.force_login(receptionist)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("fees:deposits"))
    assert page.content.decode().count("装修押金") >= 3


def test_another_estates_deposit_is_a_404_and_the_guard_a_403(
    client, receptionist, cashier, unit, deposit_type, other_supervisor, guard
):
    deposit = held(receptionist, cashier, unit, deposit_type)
    client.force_login(other_supervisor)
    assert client.get(deposit.get_absolute_url()).status_code == 404
    assert client.post(reverse("fees:deposit-settle", args=[deposit.pk]), {}).status_code == 404
    client.force_login(guard)
    assert client.get(reverse("fees:deposits")).status_code == 403
    assert client.get(deposit.get_absolute_url()).status_code == 403
