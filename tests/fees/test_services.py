import datetime
from decimal import Decimal

import pytest

from fees import policy, services
from fees.errors import FeesError
from fees.models import Allocation, Charge, FeeRate, Payment
from fees.selectors import arrears_for_unit, unit_credit
from fees.services import billing
from frontdesk.errors import DeskError
from frontdesk.models import DocumentSequence
from owners.models import Unit
from tests.factories import BuildingFactory, UnitFactory, property_fee
from tests.factories.fees import FeeTypeFactory

MAY = datetime.date(2026, 5, 1)


@pytest.fixture
def unit(estate):
    return UnitFactory(
        building=BuildingFactory(estate=estate), area=Decimal("100.00"), status=Unit.Status.OCCUPIED
    )


@pytest.fixture
def fee(estate):
    return property_fee(estate, rate="2.50")


def bill(estate, period=MAY):
    return services.billing_run(estate_id=estate.pk, period=period)


def test_it_bills_every_billable_unit_once_per_month(estate, unit, fee):
    UnitFactory(building=unit.building, status=Unit.Status.UNSOLD)
    first = bill(estate)
    again = bill(estate)
    assert (first.created, again.created, again.skipped) == (1, 0, 1)
    charge = Charge.objects.get()
    assert (charge.amount, charge.period, charge.due_date) == (
        Decimal("250.00"),
        MAY,
        datetime.date(2026, 5, 31),
    )
    assert charge.history.get().history_change_reason == "Property fee 2026-05"


def test_it_bills_at_the_rate_in_force_for_the_month(estate, unit, fee):
    FeeRate.objects.create(
        fee_type=fee, unit_use="", rate="3.00", effective_from=datetime.date(2026, 6, 1)
    )
    bill(estate, MAY)
    bill(estate, datetime.date(2026, 6, 1))
    assert list(Charge.objects.order_by("period").values_list("amount", flat=True)) == [
        Decimal("250.00"),
        Decimal("300.00"),
    ]


def test_it_takes_the_ratio_from_registered_policies(estate, unit, fee):
    policy.register_ratio_policy(
        "test-custody", lambda ids, kind, period: {i: (Decimal("0.7"), "托管") for i in ids}
    )
    try:
        bill(estate)
    finally:
        policy.unregister_ratio_policy("test-custody")
    charge = Charge.objects.get()
    assert (charge.base_amount, charge.ratio, charge.amount, charge.ratio_reason) == (
        Decimal("250.00"),
        Decimal("0.7000"),
        Decimal("175.00"),
        "托管",
    )


def test_it_refuses_to_bill_without_a_rate(estate, unit):
    with pytest.raises(FeesError) as error:
        bill(estate)
    assert error.value.code == "no_fee_type"


def test_it_allocates_a_payment_to_the_oldest_charges_first(estate, unit, fee, cashier):
    bill(estate, MAY)
    bill(estate, datetime.date(2026, 6, 1))
    payment = services.payment_take(
        actor=cashier, unit=unit, amount="300", method="wechat", reference="WX123"
    )
    may, june = Charge.objects.order_by("period")
    assert (may.status, may.paid_amount) == ("paid", Decimal("250.00"))
    assert (june.status, june.paid_amount) == ("part_paid", Decimal("50.00"))
    assert payment.receipt_number.startswith("SK") and payment.receipt_number.endswith("000001")
    assert may.history.first().history_user == cashier


def test_it_keeps_an_overpayment_as_prepaid_and_uses_it_on_the_next_bill(
    estate, unit, fee, cashier
):
    bill(estate, MAY)
    services.payment_take(actor=cashier, unit=unit, amount="400", method="cash")
    assert unit_credit(unit=unit) == Decimal("150.00")
    bill(estate, datetime.date(2026, 6, 1))
    june = Charge.objects.get(period=datetime.date(2026, 6, 1))
    assert (june.paid_amount, june.status) == (Decimal("150.00"), "part_paid")
    assert unit_credit(unit=unit) == Decimal("0.00")


@pytest.mark.parametrize(
    "amount, method, reference, code",
    [
        ("0", "cash", "", "not_positive"),
        ("-5", "cash", "", "not_positive"),
        ("abc", "cash", "", "not_a_number"),
        ("10.005", "cash", "", "too_precise"),
        ("10", "wechat", "", "no_reference"),
        ("10", "bitcoin", "", "no_method"),
    ],
)
def test_it_refuses_bad_payments_and_leaves_nothing_behind(
    estate, unit, fee, cashier, amount, method, reference, code
):
    bill(estate)
    with pytest.raises(FeesError) as error:
        services.payment_take(
            actor=cashier, unit=unit, amount=amount, method=method, reference=reference
        )
    assert error.value.code == code
    assert not Payment.objects.exists() and not Allocation.objects.exists()
    assert not DocumentSequence.objects.exists()
    assert Charge.objects.get().status == "open"


def test_it_refuses_allocating_more_than_a_charge_owes(estate, unit, fee, cashier):
    bill(estate)
    charge = Charge.objects.get()
    with pytest.raises(FeesError) as error:
        services.payment_take(
            actor=cashier, unit=unit, amount="300", method="cash", allocations={charge.pk: "260"}
        )
    assert error.value.code == "over_allocated"
    assert not Payment.objects.exists()


def test_it_refuses_paying_a_waived_charge(estate, unit, fee, cashier, supervisor):
    bill(estate)
    charge = services.charge_waive(
        actor=supervisor, charge=Charge.objects.get(), reason="开发商承担"
    )
    assert charge.status == "waived"
    with pytest.raises(FeesError) as error:
        services.payment_take(
            actor=cashier, unit=unit, amount="10", method="cash", allocations={charge.pk: "10"}
        )
    assert error.value.code == "charge_not_open"


def test_it_lets_only_a_supervisor_waive_with_a_reason(estate, unit, fee, cashier, supervisor):
    bill(estate)
    charge = Charge.objects.get()
    with pytest.raises(DeskError) as error:
        services.charge_waive(actor=cashier, charge=charge, reason="x")
    assert error.value.code == "forbidden"
    with pytest.raises(FeesError) as error:
        services.charge_waive(actor=supervisor, charge=charge, reason=" ")
    assert error.value.code == "no_reason"
    assert Charge.objects.get().status == "open"


def test_it_reverses_a_payment_after_approval_and_reopens_its_charges(
    estate, unit, fee, cashier, supervisor
):
    bill(estate)
    payment = services.payment_take(actor=cashier, unit=unit, amount="250", method="cash")
    request = services.reversal_request(actor=cashier, payment=payment, reason="金额录错")
    with pytest.raises(DeskError) as error:
        services.reversal_approve(actor=cashier, request=request)
    assert error.value.code == "forbidden"
    reversal = services.reversal_approve(actor=supervisor, request=request)
    assert (reversal.amount, reversal.reverses, reversal.approved_by) == (
        Decimal("-250.00"),
        payment,
        supervisor,
    )
    assert reversal.receipt_number.startswith("HC")
    assert Charge.objects.get().status == "open"
    assert arrears_for_unit(unit, as_of=datetime.date(2026, 6, 30)).amount == Decimal("250.00")
    with pytest.raises(FeesError) as error:
        services.reversal_request(actor=cashier, payment=payment, reason="again")
    assert error.value.code == "already_reversed"


def test_it_refuses_a_reversal_without_reason(estate, unit, fee, cashier):
    bill(estate)
    payment = services.payment_take(actor=cashier, unit=unit, amount="100", method="cash")
    with pytest.raises(FeesError) as error:
        services.reversal_request(actor=cashier, payment=payment, reason="")
    assert error.value.code == "no_reason"


def test_it_reports_arrears_by_fee_type_from_the_oldest_due_date(estate, unit, fee, cashier):
    bill(estate, MAY)
    bill(estate, datetime.date(2026, 6, 1))
    services.payment_take(actor=cashier, unit=unit, amount="100", method="cash")
    arrears = arrears_for_unit(unit, as_of=datetime.date(2026, 6, 1))
    assert (arrears.amount, arrears.oldest_due) == (Decimal("150.00"), datetime.date(2026, 5, 31))
    assert arrears.by_fee_type == [("物业管理费", Decimal("150.00"))]
    assert arrears_for_unit(unit, as_of=datetime.date(2026, 5, 1)).amount == Decimal("0")


def test_it_rounds_half_up_to_the_fen_as_receipts_are_read(estate, fee):
    FeeRate.objects.filter(fee_type=fee).update(rate="2.45")
    UnitFactory(
        building=BuildingFactory(estate=estate), area=Decimal("89.30"), status=Unit.Status.OCCUPIED
    )
    bill(estate)
    assert Charge.objects.get().amount == Decimal("218.79")  # 218.785, half up


def test_it_reports_progress_batch_by_batch(estate, fee, monkeypatch):
    building = BuildingFactory(estate=estate)
    for _ in range(5):
        UnitFactory(building=building, status=Unit.Status.OCCUPIED)
    monkeypatch.setattr(billing, "BATCH", 2)
    seen = []
    result = services.billing_run(
        estate_id=estate.pk, period=MAY, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert result.created == 5


def test_it_sums_arrears_to_the_fen_whatever_the_database(estate, unit, cashier):
    fee_type = FeeTypeFactory(estate=estate)
    for amount in ("0.10", "0.20"):
        services.charge_create(
            actor=cashier,
            estate_id=estate.pk,
            fee_type=fee_type,
            amount=amount,
            unit=unit,
            due_date=datetime.date(2026, 5, 1),
        )
    arrears = arrears_for_unit(unit, as_of=datetime.date(2026, 5, 1))
    assert str(arrears.amount) == "0.30"  # not 0.300000000000000: SQLite sums floats
