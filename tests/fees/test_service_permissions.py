"""Every write service of fees checks its actor itself: another estate's staff are refused
("other_estate"), a role without the right is refused ("forbidden"), and nothing changes."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from fees import services
from fees.models import (
    Allocation,
    Charge,
    CollectionAttempt,
    Payment,
    ReversalRequest,
    UnitArrears,
)
from fees.selectors import arrears_for_unit
from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.models import DocumentSequence, Job
from owners.models import Unit
from tests.factories import BuildingFactory, UnitFactory, property_fee, staff
from tests.factories.fees import FeeTypeFactory, PaymentFactory

BILLED = datetime.date(2025, 1, 1)
NEXT = datetime.date(2025, 2, 1)
ADVANCE = datetime.date(2030, 1, 1)


@dataclass
class World:
    unit: Unit
    fee_type: object  # a one-off fee type of the estate
    charge: Charge  # the billed month, part paid
    payment: Payment  # 0.10 + 0.20, with a reversal waiting
    request: ReversalRequest
    spare: Payment  # a payment nobody asked to reverse


@pytest.fixture
def world(estate, cashier):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate), area=Decimal("100.00"), status="occupied"
    )
    property_fee(estate, rate="2.50")
    services.billing_run(estate_id=estate.pk, period=BILLED)
    fee_type = FeeTypeFactory(estate=estate)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    tenth, fifth = (
        services.charge_create(
            actor=cashier,
            estate_id=estate.pk,
            fee_type=fee_type,
            amount=amount,
            unit=unit,
            due_date=yesterday,
        )
        for amount in ("0.10", "0.20")
    )
    payment = PaymentFactory(
        actor=cashier, unit=unit, amount="0.30", allocations={tenth.pk: "0.10", fifth.pk: "0.20"}
    )
    request = services.reversal_request(actor=cashier, payment=payment, reason="录错金额")
    spare = PaymentFactory(actor=cashier, unit=unit, amount="0.30")  # onto the billed month
    services.arrears_snapshot_build(estate_id=estate.pk)
    charge = Charge.objects.get(unit=unit, period=BILLED)
    return World(unit, fee_type, charge, payment, request, spare)


def state(unit) -> dict:
    return {
        "payments": Payment.objects.count(),
        "charges": list(
            Charge.objects.order_by("pk").values_list(
                "pk", "paid_amount", "waived_amount", "status"
            )
        ),
        "allocations": Allocation.objects.count(),
        "requests": list(ReversalRequest.objects.order_by("pk").values_list("pk", "status")),
        "attempts": CollectionAttempt.objects.count(),
        "jobs": Job.objects.count(),
        "numbers": list(DocumentSequence.objects.values_list("kind", "last_number")),
        "summary": list(UnitArrears.objects.filter(unit=unit).values_list("total", "oldest")),
        "arrears": arrears_for_unit(unit).amount,
    }


# service name → (the call, a role that may, a role that may not)
CALLS = {
    "payment_take": (
        lambda actor, w: services.payment_take(
            actor=actor, unit=w.unit, amount="0.30", method="cash"
        ),
        roles.CASHIER,
        roles.RECEPTIONIST,
    ),
    "credit_apply": (
        lambda actor, w: services.credit_apply(actor=actor, unit=w.unit),
        roles.CASHIER,
        roles.RECEPTIONIST,
    ),
    "charge_create": (
        lambda actor, w: services.charge_create(
            actor=actor,
            estate_id=w.unit.estate_id,
            fee_type=w.fee_type,
            amount="0.10",
            unit=w.unit,
        ),
        roles.CASHIER,
        roles.RECEPTIONIST,
    ),
    "charge_waive": (
        lambda actor, w: services.charge_waive(actor=actor, charge=w.charge, reason="开发商承担"),
        roles.CS_SUPERVISOR,
        roles.CASHIER,
    ),
    "property_fee_advance": (
        lambda actor, w: services.property_fee_advance(
            actor=actor, unit=w.unit, first_month=ADVANCE, months=2
        ),
        roles.RECEPTIONIST,
        roles.TECHNICIAN,
    ),
    "reversal_request": (
        lambda actor, w: services.reversal_request(actor=actor, payment=w.spare, reason="收错户"),
        roles.CASHIER,
        roles.RECEPTIONIST,
    ),
    "reversal_approve": (
        lambda actor, w: services.reversal_approve(actor=actor, request=w.request),
        roles.CS_SUPERVISOR,
        roles.CASHIER,
    ),
    "reversal_refuse": (
        lambda actor, w: services.reversal_refuse(actor=actor, request=w.request),
        roles.CS_SUPERVISOR,
        roles.CASHIER,
    ),
    "collection_attempt_record": (
        lambda actor, w: services.collection_attempt_record(
            actor=actor,
            unit=w.unit,
            channel="door",
            outcome="unreachable",
            next_follow_up=timezone.localdate(),
        ),
        roles.RECEPTIONIST,
        roles.TECHNICIAN,
    ),
    "billing_run": (
        lambda actor, w: services.billing_run(estate_id=w.unit.estate_id, period=NEXT, actor=actor),
        roles.CS_SUPERVISOR,
        roles.CASHIER,
    ),
    "billing_job_start": (
        lambda actor, w: services.billing_job_start(actor=actor, estate=w.unit.estate, period=NEXT),
        roles.CS_SUPERVISOR,
        roles.CASHIER,
    ),
    "notices_job_start": (
        lambda actor, w: services.notices_job_start(
            actor=actor,
            estates=[w.unit.estate],
            filters={},
            as_of=timezone.localdate(),
            count=1,
            language="en",
        ),
        roles.RECEPTIONIST,
        roles.TECHNICIAN,
    ),
}


def refused(code, call, actor, world):
    before = state(world.unit)
    with pytest.raises(DeskError) as error:
        call(actor, world)
    assert error.value.code == code
    assert state(world.unit) == before


@pytest.mark.parametrize("name", CALLS)
def test_it_refuses_staff_of_another_estate(name, world, other_estate):
    call, allowed, _forbidden = CALLS[name]
    actor = staff(estates=[other_estate], roles=[allowed], username=f"other-{allowed}")
    refused("other_estate", call, actor, world)


@pytest.mark.parametrize("name", CALLS)
def test_it_refuses_a_role_without_the_right(name, world, estate):
    call, _allowed, forbidden = CALLS[name]
    actor = staff(estates=[estate], roles=[forbidden], username=f"no-right-{forbidden}")
    refused("forbidden", call, actor, world)


@pytest.mark.parametrize("name", CALLS)
def test_it_lets_the_role_with_the_right_do_it(name, world, estate):
    call, allowed, _forbidden = CALLS[name]
    actor = staff(estates=[estate], roles=[allowed], username=f"may-{allowed}")
    call(actor, world)  # no refusal: the refusals above are the role's and the estate's


def test_it_lets_checkin_charge_the_move_in_fee_as_its_supervisor(world, supervisor):
    charges = services.property_fee_advance(
        actor=supervisor, unit=world.unit, first_month=ADVANCE, months=2
    )
    assert [c.period for c in charges] == [ADVANCE, datetime.date(2030, 2, 1)]


def test_it_lets_a_technician_charge_a_paid_repair(world, technician):
    charge = services.charge_create(
        actor=technician,
        estate_id=world.unit.estate_id,
        fee_type=world.fee_type,
        amount="0.10",
        unit=world.unit,
    )
    assert charge.amount == Decimal("0.10")


def test_it_bills_as_the_system_without_an_actor(world):
    assert services.billing_run(estate_id=world.unit.estate_id, period=NEXT).created == 1
