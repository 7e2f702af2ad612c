"""What a unit owes in all stays within a money column (9,999,999,999.99): the arrears
summary and a collection attempt's arrears are sums of its open charges in such columns.
Allocations and waivers are bounded by what a charge still owes."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fees import selectors, services
from fees.models import Allocation, Charge, CollectionAttempt, FeeRate, Payment, UnitArrears
from fees.services.limits import LIMIT
from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.jobs import job_run
from owners.models import Unit
from tests.factories import BuildingFactory, UnitFactory, property_fee, staff
from tests.factories.fees import FeeTypeFactory

pytestmark = pytest.mark.django_db

MAX = "9999999999.99"
MAY = datetime.date(2026, 5, 1)


@pytest.fixture
def unit(estate):
    return UnitFactory(
        building=BuildingFactory(estate=estate),
        area=Decimal("100.00"),
        status=Unit.Status.OCCUPIED,
    )


@pytest.fixture
def fee_type(estate):
    return FeeTypeFactory(estate=estate)


def charge(actor, unit, fee_type, amount, **extra):
    return services.charge_create(
        actor=actor,
        estate_id=unit.estate_id,
        fee_type=fee_type,
        unit=unit,
        amount=amount,
        due_date=timezone.localdate(),
        **extra,
    )


def refused(call) -> DeskError:
    with pytest.raises(DeskError) as error:
        call()
    return error.value


def test_the_limit_is_what_a_money_column_holds():
    assert Decimal(MAX) == LIMIT
    assert Charge._meta.get_field("amount").max_digits == 12
    assert UnitArrears._meta.get_field("total").max_digits == 12
    assert CollectionAttempt._meta.get_field("arrears_amount").max_digits == 12


def test_a_charge_that_would_make_the_unit_owe_too_much_is_refused(cashier, unit, fee_type):
    charge(cashier, unit, fee_type, "9999999000.00")
    charge(cashier, unit, fee_type, "999.99")  # exactly the limit: taken

    error = refused(lambda: charge(cashier, unit, fee_type, "0.01"))

    assert (error.code, error.field) == ("too_large", "amount")
    assert "9,999,999,999.99" in error.message
    assert Charge.objects.count() == 2


def test_the_limit_counts_what_is_still_owed_not_what_was_charged(cashier, unit, fee_type):
    charge(cashier, unit, fee_type, MAX)
    services.payment_take(
        actor=cashier, unit=unit, amount="100.00", method="cash", above_ceiling_confirmed=True
    )

    charge(cashier, unit, fee_type, "100.00")  # the payment made room

    assert refused(lambda: charge(cashier, unit, fee_type, "0.01")).code == "too_large"


def test_a_payers_charge_is_bounded_by_its_column_only(cashier, estate, fee_type):
    for _ in range(2):
        services.charge_create(
            actor=cashier, estate_id=estate.pk, fee_type=fee_type, amount=MAX, payer_name="某公司"
        )
    assert Charge.objects.count() == 2


def test_the_arrears_pages_keep_working_at_the_limit(client, cashier, receptionist, unit, fee_type):
    services.arrears_snapshot_build(estate_id=unit.estate_id)
    charge(cashier, unit, fee_type, "5000000000.00")
    charge(cashier, unit, fee_type, "4999999999.99")
    refused(lambda: charge(cashier, unit, fee_type, "4999999999.99"))

    assert UnitArrears.objects.get(unit=unit).total == LIMIT
    attempt = services.collection_attempt_record(
        actor=receptionist,
        unit=unit,
        channel="door",
        identity_shown=True,
        outcome="refused",
        next_follow_up=timezone.localdate(),
    )
    assert attempt.arrears_amount == LIMIT
    client.force_login(cashier)
    for url in ("/fees/arrears/", "/fees/arrears/totals/", f"/fees/units/{unit.pk}/pay/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "9999999999.99" in client.get("/fees/arrears/totals/").content.decode()


def test_a_reversal_that_would_make_the_unit_owe_too_much_is_refused(
    cashier, supervisor, unit, fee_type
):
    charge(cashier, unit, fee_type, "500.00")
    payment = services.payment_take(actor=cashier, unit=unit, amount="500.00", method="cash")
    charge(cashier, unit, fee_type, "9999999999.00")
    request = services.reversal_request(actor=cashier, payment=payment, reason="录错金额")

    error = refused(lambda: services.reversal_approve(actor=supervisor, request=request))

    assert error.code == "too_large"
    request.refresh_from_db()
    assert request.status == request.Status.PENDING
    assert Payment.objects.count() == 1 and Allocation.objects.count() == 1


def test_the_move_in_months_are_bounded_in_all(receptionist, cashier, unit, fee_type):
    property_fee(unit.estate, rate="2.50")  # 250.00 a month
    charge(cashier, unit, fee_type, "9999999499.99")  # room for two months, not three

    error = refused(
        lambda: services.property_fee_advance(
            actor=receptionist, unit=unit, first_month=MAY, months=3
        )
    )

    assert error.code == "too_large"
    assert not Charge.objects.filter(period__isnull=False).exists()
    assert services.property_fee_advance(actor=receptionist, unit=unit, first_month=MAY, months=2)


def test_a_rate_typed_with_too_many_zeros_is_refused_at_move_in(receptionist, unit):
    property_fee(unit.estate, rate="999999.9999")
    Unit.objects.filter(pk=unit.pk).update(area=Decimal("999999.99"))
    unit.refresh_from_db()

    error = refused(
        lambda: services.property_fee_advance(
            actor=receptionist, unit=unit, first_month=MAY, months=1
        )
    )

    assert error.code == "too_large"
    assert not Charge.objects.exists()


def test_billing_leaves_out_the_units_that_would_owe_too_much(
    estate, cashier, supervisor, unit, fee_type
):
    property_fee(estate, rate="2.50")
    charge(cashier, unit, fee_type, "9999999800.00")  # room for 199.99, not 250.00
    huge = UnitFactory(
        building=unit.building, area=Decimal("999999.99"), status=Unit.Status.OCCUPIED
    )
    FeeRate.objects.filter(fee_type__estate=estate).update(rate=Decimal("99999.9999"))
    FeeRate.objects.create(
        fee_type=FeeRate.objects.get().fee_type,
        unit_use=Unit.Use.RESIDENTIAL,
        rate=Decimal("2.50"),
        effective_from=datetime.date(2020, 1, 1),
    )
    Unit.objects.filter(pk=huge.pk).update(use=Unit.Use.COMMERCIAL)  # 99,999.9999/m²
    fine = UnitFactory(building=unit.building, area=Decimal("100.00"), status=unit.status)

    result = services.billing_run(estate_id=estate.pk, period=MAY, actor=supervisor)

    assert (result.created, result.over_limit, result.skipped) == (1, 2, 0)
    assert list(Charge.objects.filter(period=MAY).values_list("unit", "amount")) == [
        (fine.pk, Decimal("250.00"))
    ]
    assert services.billing_run(estate_id=estate.pk, period=MAY).over_limit == 2  # again


def test_the_billing_job_says_which_units_it_left_out(estate, cashier, supervisor, unit, fee_type):
    property_fee(estate, rate="2.50")
    charge(cashier, unit, fee_type, "9999999800.00")
    job = services.billing_job_start(actor=supervisor, estate=estate, period=MAY)

    assert job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.message == (
        "Created 0, already billed 0, without a rate 0. Not billed 1: the unit would owe more "
        "than the desk can hold (check its area and the rate)."
    )


def test_allocations_are_bounded_by_what_each_charge_owes(cashier, unit, fee_type):
    first = charge(cashier, unit, fee_type, "80.30")

    for part, code in (("80.31", "over_allocated"), ("10000000000.00", "too_large")):
        error = refused(
            lambda part=part: services.payment_take(
                actor=cashier,
                unit=unit,
                amount="100.00",
                method="cash",
                allocations={first.pk: part},
            )
        )
        assert (error.code, error.field) == (code, "allocations")
    assert not Payment.objects.exists()


def test_a_waiver_forgoes_what_the_charge_still_owes_and_no_more(
    cashier, supervisor, unit, fee_type
):
    waived = charge(cashier, unit, fee_type, MAX)
    services.payment_take(
        actor=cashier, unit=unit, amount="0.30", method="cash", above_ceiling_confirmed=True
    )

    services.charge_waive(actor=supervisor, charge=waived, reason="协商减免")

    waived.refresh_from_db()
    assert (waived.paid_amount, waived.waived_amount) == (Decimal("0.30"), Decimal("9999999999.69"))
    assert (
        refused(lambda: services.charge_waive(actor=supervisor, charge=waived, reason="再减")).code
        == "nothing_due"
    )
    assert selectors.arrears_for_unit(unit).amount == Decimal("0.00")


def test_the_rest_of_a_part_paid_charge_can_be_waived(cashier, supervisor, unit, fee_type):
    """0.30 - 0.20 is less than 0.10 in floating point (SQLite): the rule is kept in fen."""
    part_paid = charge(cashier, unit, fee_type, "0.30")
    services.payment_take(actor=cashier, unit=unit, amount="0.10", method="cash")

    services.charge_waive(actor=supervisor, charge=part_paid, reason="协商减免")

    part_paid.refresh_from_db()
    assert (part_paid.status, part_paid.waived_amount) == (Charge.Status.WAIVED, Decimal("0.20"))


def test_only_the_estates_cashier_charges_near_the_limit(estate, other_estate, unit, fee_type):
    theirs = staff(estates=[other_estate], roles=[roles.CASHIER])
    assert refused(lambda: charge(theirs, unit, fee_type, MAX)).code == "other_estate"
