import pytest

from releases import demo
from releases.models import ReleaseSlip
from tests.factories import OwnershipFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_it_seeds_three_slips_once(estate, receptionist, guard):
    for _ in range(3):
        OwnershipFactory(unit=UnitFactory(building__estate=estate))
    said = []

    demo.seed([estate], report=said.append)
    demo.seed([estate], report=said.append)

    assert sorted(ReleaseSlip.objects.values_list("status", flat=True)) == [
        "issued",
        "used",
        "waiting",
    ]
    assert said[-1].endswith("already seeded, skipped")
