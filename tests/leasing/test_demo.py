import pytest

from frontdesk import roles
from leasing import demo
from leasing.models import Contract, LeaseCharge, Negotiation, Space, Supervision
from tests.factories import staff
from tests.leasing.helpers import fee_types

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_spaces_contracts_and_the_ledger_once(estate):
    staff(estates=[estate], roles=[roles.RECEPTIONIST], username="desk")
    staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="boss")
    staff(estates=[estate], roles=[roles.CASHIER], username="money")
    fee_types(estate)
    lines = []

    demo.seed([estate], report=lines.append)
    demo.seed([estate], report=lines.append)

    assert Space.objects.count() == 3, lines
    assert Contract.objects.count() == 2
    assert sorted(Negotiation.objects.values_list("status", flat=True)) == ["contracted", "open"]
    assert LeaseCharge.objects.filter(kind="rent").exists()
    assert LeaseCharge.objects.get(kind="site_fee").charge.status == "paid"
    assert Supervision.objects.count() == 1
    assert "already seeded" in lines[-1]
