"""An outside payer (a lessee): charges named to a payer, paid under the estate's gapless
receipts, oldest first, never beyond what they owe; a deposit with no unit. Wrong role,
another estate, mixed payers, a unit's charge, a used form: refused, nothing changed."""

import uuid
from decimal import Decimal

import pytest

from fees import services
from fees.errors import PaymentFormUsed
from fees.models import Allocation, Charge, Deposit, FeeType, Payment
from frontdesk.errors import DeskError
from tests.factories import UnitFactory
from tests.factories.fees import ChargeFactory, FeeTypeFactory

pytestmark = pytest.mark.django_db

PAYER = "上海美联广告有限公司"


@pytest.fixture
def rent_type(estate):
    return FeeTypeFactory(estate=estate, kind=FeeType.Kind.ADVERTISING_RENT, name="广告位租金")


def payer_charge(estate, fee_type, amount="100.10", payer=PAYER, **extra):
    return ChargeFactory(
        unit=None,
        estate=estate,
        fee_type=fee_type,
        payer_name=payer,
        amount=Decimal(amount),
        **extra,
    )


def counts():
    return (Payment.objects.count(), Allocation.objects.count())


def test_it_pays_a_payers_charges_oldest_first_under_a_receipt(estate, cashier, rent_type):
    import datetime

    later = payer_charge(estate, rent_type, "200.20", due_date=datetime.date(2026, 3, 1))
    first = payer_charge(estate, rent_type, "100.10", due_date=datetime.date(2026, 2, 1))
    payment = services.payer_payment_take(
        actor=cashier, charge_ids=[later.pk, first.pk], amount="150.15", method="cash"
    )
    assert payment.unit is None and payment.payer_name == PAYER
    assert payment.receipt_number.startswith("SK")
    first.refresh_from_db()
    later.refresh_from_db()
    assert first.status == Charge.Status.PAID
    assert later.paid_amount == Decimal("50.05") and later.status == Charge.Status.PART_PAID


def test_its_receipts_share_the_units_gapless_sequence(estate, cashier, rent_type):
    unit = UnitFactory(building__estate=estate)
    unit_charge = ChargeFactory(unit=unit, amount=Decimal("0.30"))
    one = services.payment_take(
        actor=cashier, unit=unit, amount="0.30", method="cash", charge_ids=[unit_charge.pk]
    )
    charge = payer_charge(estate, rent_type)
    two = services.payer_payment_take(
        actor=cashier, charge_ids=[charge.pk], amount="100.10", method="cash"
    )
    assert int(two.receipt_number[-5:]) == int(one.receipt_number[-5:]) + 1


def test_it_refuses_more_than_is_owed(estate, cashier, rent_type):
    charge = payer_charge(estate, rent_type)
    with pytest.raises(DeskError) as error:
        services.payer_payment_take(
            actor=cashier, charge_ids=[charge.pk], amount="100.11", method="cash"
        )
    assert error.value.code == "overpaid"
    assert counts() == (0, 0)


def test_a_form_is_used_once(estate, cashier, rent_type):
    charge = payer_charge(estate, rent_type, "300.30")
    key = uuid.uuid4()
    first = services.payer_payment_take(
        actor=cashier, charge_ids=[charge.pk], amount="100.10", method="cash", form_key=key
    )
    with pytest.raises(PaymentFormUsed) as error:
        services.payer_payment_take(
            actor=cashier, charge_ids=[charge.pk], amount="100.10", method="cash", form_key=key
        )
    assert error.value.code == "form_used" and error.value.payment == first
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    "case", ["receptionist", "other_estate", "unit_charge", "mixed", "paid", "none", "bad_amount"]
)
def test_it_refuses_and_changes_nothing(
    case, estate, other_estate, cashier, receptionist, rent_type
):
    charge = payer_charge(estate, rent_type)
    actor, ids, amount, code = cashier, [charge.pk], "100.10", None
    if case == "receptionist":
        actor, code = receptionist, "forbidden"
    elif case == "other_estate":
        other_type = FeeTypeFactory(estate=other_estate, name="租金")
        ids, code = [payer_charge(other_estate, other_type).pk], "other_estate"
    elif case == "unit_charge":
        unit = UnitFactory(building__estate=estate)
        ids, code = [ChargeFactory(unit=unit, fee_type=rent_type).pk], "unit_charge"
    elif case == "mixed":
        ids = [charge.pk, payer_charge(estate, rent_type, payer="另一家公司").pk]
        amount, code = "1.00", "mixed_payers"
    elif case == "paid":
        services.payer_payment_take(actor=cashier, charge_ids=ids, amount="100.10", method="cash")
        code = "charges_changed"
    elif case == "none":
        ids, code = [], "no_charges"
    elif case == "bad_amount":
        amount, code = "1.001", None
    before = counts()
    with pytest.raises(DeskError) as error:
        services.payer_payment_take(actor=actor, charge_ids=ids, amount=amount, method="cash")
    if code:
        assert error.value.code == code
    assert counts() == before


def test_a_payers_payment_is_reversed_like_any(estate, cashier, supervisor, rent_type):
    charge = payer_charge(estate, rent_type)
    payment = services.payer_payment_take(
        actor=cashier, charge_ids=[charge.pk], amount="100.10", method="cash"
    )
    request = services.reversal_request(actor=cashier, payment=payment, reason="收错了")
    reversal = services.reversal_approve(actor=supervisor, request=request)
    assert reversal.amount == Decimal("-100.10") and reversal.payer_name == PAYER
    charge.refresh_from_db()
    assert charge.status == Charge.Status.OPEN and charge.paid_amount == 0


def test_a_deposit_with_no_unit_is_the_payers_charge(estate, receptionist, cashier, supervisor):
    deposit_type = FeeTypeFactory(estate=estate, kind=FeeType.Kind.DEPOSIT, name="租赁押金")
    deposit = services.deposit_require(
        actor=receptionist,
        estate_id=estate.pk,
        fee_type=deposit_type,
        amount="5000.50",
        purpose="广告位 A-01 租赁押金",
        payer_name=PAYER,
    )
    assert deposit.unit is None and deposit.payer_name == PAYER
    assert deposit.charge.unit is None and deposit.charge.payer_name == PAYER
    services.payer_payment_take(
        actor=cashier, charge_ids=[deposit.charge_id], amount="5000.50", method="cash"
    )
    deposit = Deposit.objects.select_related("charge").get(pk=deposit.pk)
    assert deposit.is_held
    settled = services.deposit_settle(
        actor=supervisor,
        deposit=deposit,
        deductions=[services.DeductionInput(kind="damage", amount="500.50", reason="灯箱损坏")],
        refund_to=PAYER,
        refund_method="transfer",
    )
    assert settled.refunded == Decimal("4500.00") and settled.refund_number


def test_a_deposit_with_no_unit_names_its_payer(estate, receptionist):
    deposit_type = FeeTypeFactory(estate=estate, kind=FeeType.Kind.DEPOSIT, name="租赁押金")
    with pytest.raises(DeskError) as error:
        services.deposit_require(
            actor=receptionist,
            estate_id=estate.pk,
            fee_type=deposit_type,
            amount="5000.00",
            purpose="押金",
            payer_name="  ",
        )
    assert error.value.code == "no_payer"
    assert Deposit.objects.count() == 0 and Charge.objects.count() == 0


def _line(fee_type, amount="3000.33", payer=PAYER):
    import datetime

    return services.PayerChargeLine(
        fee_type_id=fee_type.pk,
        payer_name=payer,
        amount=Decimal(amount),
        description="广告位租金 2026-01",
        due_date=datetime.date(2026, 1, 10),
        period=datetime.date(2026, 1, 1),
    )


def test_a_batch_of_payer_charges_is_made_with_history(estate, rent_type):
    charges = services.payer_charges_bill(
        estate_id=estate.pk, lines=[_line(rent_type), _line(rent_type, "0.10", "乙公司")]
    )
    assert [c.pk is not None for c in charges] == [True, True]
    assert Charge.objects.filter(unit=None).count() == 2
    assert Charge.history.filter(unit=None).count() == 2


@pytest.mark.parametrize("case", ["role", "other_type", "bad_amount", "no_payer"])
def test_a_batch_refused_makes_nothing(case, estate, other_estate, director, rent_type):
    actor, lines, code = None, [_line(rent_type)], None
    if case == "role":
        actor, code = director, "forbidden"
    elif case == "other_type":
        lines.append(_line(FeeTypeFactory(estate=other_estate, name="租金")))
        code = "other_estate"
    elif case == "bad_amount":
        lines.append(_line(rent_type, "-1.00"))
    else:
        lines.append(_line(rent_type, payer=" "))
        code = "no_payer"
    with pytest.raises(DeskError) as error:
        services.payer_charges_bill(actor=actor, estate_id=estate.pk, lines=lines)
    if code:
        assert error.value.code == code
    assert Charge.objects.count() == 0
