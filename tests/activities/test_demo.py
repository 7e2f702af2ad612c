import pytest

from activities import demo
from activities.models import Booking, Facility, ReplacementReminder
from frontdesk import roles
from tests.factories import OwnershipFactory, UnitFactory, staff

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_facilities_bookings_and_a_due_column_once(estate):
    staff(estates=[estate], roles=[roles.RECEPTIONIST], username="desk")
    for _n in range(3):
        OwnershipFactory(unit=UnitFactory(building__estate=estate))
    lines = []

    demo.seed([estate], report=lines.append)
    demo.seed([estate], report=lines.append)

    assert Facility.objects.count() == 7
    assert Booking.objects.count() == 3, lines
    assert ReplacementReminder.objects.count() == 1
    assert "already seeded" in lines[-1]
