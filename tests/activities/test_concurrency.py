"""Two desks booking the last slot of a facility at once, on PostgreSQL: one wins, the other
is refused, and the numbers stay gapless."""

import pytest

from activities import services
from activities.errors import ActivitiesError
from activities.models import Booking
from frontdesk import roles
from tests.factories import (
    BuildingFactory,
    EstateFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    staff,
)
from tests.factories.activities import FacilityFactory
from tests.helpers import needs_postgres, run_together

from .conftest import at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_desks_booking_the_last_slot_one_wins():
    needs_postgres()
    estate = EstateFactory(code="PGA")
    gym = FacilityFactory(estate=estate)
    building = BuildingFactory(estate=estate)
    units = [UnitFactory(building=building, room=f"10{n}") for n in range(2)]
    for unit in units:
        OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate))
    desks = [staff(estates=[estate], roles=[roles.RECEPTIONIST]) for _ in range(2)]

    def book(n):
        return services.booking_create(
            actor=desks[n],
            facility=gym,
            unit=units[n],
            booked_for=f"业主{n}",
            slot=services.Slot(start=at(1, 19), end=at(1, 20)),
        )

    results, errors = run_together(book, 2)

    assert len(results) == 1
    assert [e.code for e in errors if isinstance(e, ActivitiesError)] == ["taken"]
    assert Booking.objects.count() == 1
    assert Booking.objects.get().number.endswith("-000001")
