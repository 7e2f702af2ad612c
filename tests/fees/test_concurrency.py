"""Cashiers at once, on PostgreSQL: no over-allocation, gapless unique receipt numbers, one
payment per pay form however often and from however many sessions it is posted."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.test import Client

from fees import services
from fees.errors import FeesError
from fees.models import Allocation, Charge, Payment
from frontdesk import roles
from owners.models import Unit
from tests.factories import BuildingFactory, EstateFactory, UnitFactory, property_fee, staff
from tests.helpers import needs_postgres, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting():
    needs_postgres()
    estate = EstateFactory(code="PGF")
    property_fee(estate, rate="1.00")
    building = BuildingFactory(estate=estate)
    units = [
        UnitFactory(building=building, area=Decimal("100.00"), status=Unit.Status.OCCUPIED)
        for _ in range(4)
    ]
    services.billing_run(estate_id=estate.pk, period=datetime.date(2026, 5, 1))
    cashiers = [staff(estates=[estate], roles=[roles.CASHIER]) for _ in range(2)]
    return estate, units, cashiers


def test_it_never_over_allocates_one_charge_paid_twice_at_once(setting):
    _estate, units, cashiers = setting
    charge = Charge.objects.get(unit=units[0])

    def pay(n):
        return services.payment_take(
            actor=cashiers[n],
            unit=units[0],
            amount="100",
            method="cash",
            allocations={charge.pk: "100"},
        )

    results, errors = run_together(pay, 2)
    assert len(results) == 1
    assert [e.code for e in errors if isinstance(e, FeesError)] == ["charge_not_open"]
    charge.refresh_from_db()
    assert (charge.paid_amount, charge.status) == (Decimal("100.00"), "paid")
    assert Allocation.objects.filter(charge=charge).count() == 1


def test_it_keeps_receipt_numbers_gapless_under_concurrent_payments(setting):
    estate, units, cashiers = setting

    def pay(n):
        return [
            services.payment_take(
                actor=cashiers[n % 2], unit=units[n], amount="10", method="cash"
            ).receipt_number
            for _ in range(5)
        ]

    results, errors = run_together(pay, 4)
    assert errors == []
    numbers = sorted(number for batch in results for number in batch)
    assert [int(n[-6:]) for n in numbers] == list(range(1, 21))
    assert Payment.objects.filter(estate=estate).count() == 20


# One pay form posted many times at once (double clicks, resends, a shared form)


def test_it_takes_one_form_key_once_when_posted_sixteen_times_at_once(setting):
    _estate, units, cashiers = setting
    key = uuid.uuid4()

    def pay(n):
        return services.payment_take(
            actor=cashiers[n % 2], unit=units[0], amount="100.10", method="cash", form_key=key
        )

    results, errors = run_together(pay, 16)
    assert len(results) == 1
    assert [e.code for e in errors] == ["form_used"] * 15
    assert all(e.payment == results[0] for e in errors)
    assert Payment.objects.count() == 1 and str(Payment.objects.get().form_key) == str(key)


def _posting(client, unit, data):
    def post(n):
        response = client(n).post(f"/fees/units/{unit.pk}/pay/", data(n))
        return response.status_code, response.get("Location", "")

    return post


@pytest.mark.parametrize("sessions", ["one", "many"])
def test_the_pay_page_records_one_payment_for_one_form_posted_at_once(setting, sessions):
    _estate, units, cashiers = setting
    charge = Charge.objects.get(unit=units[0])
    data = {
        "amount": "100",
        "method": "cash",
        "key": str(uuid.uuid4()),
        "confirm": "1",
        f"alloc-{charge.pk}": "100.00",
        f"initial-alloc-{charge.pk}": "100.00",
    }
    shared = Client()
    shared.force_login(cashiers[0])
    clients = [shared] * 16
    if sessions == "many":
        clients = []
        for n in range(16):
            clients.append(Client())
            clients[-1].force_login(cashiers[n % 2])

    results, errors = run_together(_posting(lambda n: clients[n], units[0], lambda n: data), 16)
    assert errors == []
    payment = Payment.objects.get()
    assert {status for status, _location in results} == {302}
    assert {location for _status, location in results} == {f"/fees/payments/{payment.pk}/"}
    charge.refresh_from_db()
    assert charge.paid_amount == Decimal("100.00")


def test_sixteen_forms_for_one_bill_record_one_payment(setting):
    _estate, units, cashiers = setting
    charge = Charge.objects.get(unit=units[0])
    clients = []
    for n in range(16):
        clients.append(Client())
        clients[-1].force_login(cashiers[n % 2])

    def data(n):  # each desk rendered its own form: its own key, the same open charge
        return {
            "amount": "100",
            "method": "cash",
            "key": str(uuid.uuid4()),
            "confirm": "1",
            f"alloc-{charge.pk}": "100.00",
            f"initial-alloc-{charge.pk}": "100.00",
        }

    results, errors = run_together(_posting(lambda n: clients[n], units[0], data), 16)
    assert errors == []
    assert sorted(status for status, _location in results) == [302] + [400] * 15
    assert Payment.objects.count() == 1
    charge.refresh_from_db()
    assert (charge.paid_amount, charge.status) == (Decimal("100.00"), "paid")
