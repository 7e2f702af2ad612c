"""``manage.py bench --app activities`` on a tiny BIG: it seeds its facilities and bookings
once and times the month calendar, the booking check, the plans and the panel."""

import pytest

from activities.models import Booking, Facility
from tests.frontdesk.test_bench import NUMBER, TINY, bench, table_rows


@pytest.mark.django_db
def test_it_times_the_calendar_and_the_booking_check_on_the_big_estate():
    output = bench(*TINY, "--app", "activities")
    rows = table_rows(output)
    for label in (
        "activities: facility month calendar",
        "activities: booking check",
        "activities: plans",
        "activities: panel bookings today",
    ):
        # timed, not judged here (a busy machine misses p95): the query budgets hold
        assert "queries" not in rows[label][-1], (label, rows[label])
        assert NUMBER.match(rows[label][0]), (label, rows[label])
    assert Facility.objects.filter(estate__code="BIG").count() == 50
    assert Booking.objects.filter(estate__code="BIG").count() == 400  # two per unit
    assert bench(*TINY, "--app", "activities").count("activities: added") == 0
