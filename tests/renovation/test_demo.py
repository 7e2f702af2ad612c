import datetime
from decimal import Decimal

import pytest

from fees.models import Charge, FeeRate, FeeType
from frontdesk import roles
from renovation import demo
from renovation.models import Renovation, WorkerPass
from tests.factories import OwnershipFactory, UnitFactory, staff
from tests.factories.fees import ChargeFactory

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_waiting_and_a_running_renovation_once(estate):
    staff(estates=[estate], roles=[roles.RECEPTIONIST], username="desk")
    staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="boss")
    staff(estates=[estate], roles=[roles.CASHIER], username="money")
    fee_type = FeeType.objects.create(
        estate=estate, kind="decoration_garbage", name="装修垃圾清运费"
    )
    FeeRate.objects.create(
        fee_type=fee_type, rate=Decimal("300.00"), effective_from=datetime.date(2020, 1, 1)
    )
    FeeType.objects.create(estate=estate, kind="deposit", name="装修押金", basis="fixed")
    FeeType.objects.create(estate=estate, kind="other", name="其他费用", basis="fixed")
    for _n in range(3):
        unit = UnitFactory(building__estate=estate)
        OwnershipFactory(unit=unit)
        ChargeFactory(unit=unit, amount=Decimal("88.00"), due_date=datetime.date(2026, 1, 1))
    lines = []

    demo.seed([estate], report=lines.append)
    demo.seed([estate], report=lines.append)

    statuses = sorted(Renovation.objects.values_list("status", flat=True))
    assert statuses == ["submitted", "working"], lines
    assert WorkerPass.objects.count() == 2
    running = Renovation.objects.get(status="working")
    assert running.deposit.is_held and running.deposit.amount == demo.DEPOSIT
    # The older property fee is still owed: the demo paid the renovation's charges only.
    assert Charge.objects.filter(unit=running.unit, amount=Decimal("88.00"), status="open").exists()
    assert "already seeded" in lines[-1]
