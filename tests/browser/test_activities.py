"""A receptionist books the gym for an owner within the rules, prints the confirmation, and
is refused a second booking past the household's weekly limit — in a real browser."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Booking
from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory
from tests.factories.activities import FacilityFactory

from .test_call_to_order import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_gym_is_booked_within_the_rules_and_refused_past_the_limit(
    page, live_server, receptionist, estate
):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
    gym = FacilityFactory(estate=estate, name="会所健身房", weekly_limit=1)
    day = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    sign_in(page, live_server, receptionist.username)
    page.goto(f"{live_server.url}/activities/")
    page.locator(f"[data-testid=book-{gym.pk}]").click()
    expect(page).to_have_url(re.compile(rf"/activities/facilities/{gym.pk}/book/"))

    def book(start: str, end: str) -> None:
        form = page.locator("[data-testid=booking-form]")
        form.locator("input[name=unit_code]").fill("3-2-1201")
        form.locator("input[name=booked_for]").fill("张伟")
        form.locator("input[name=day]").fill(day)
        form.locator("input[name=start]").fill(start)
        form.locator("input[name=end]").fill(end)
        form.locator("input[name=people]").fill("2")
        page.locator("[data-testid=booking-submit]").click()

    book("09:00", "10:00")
    expect(page).to_have_url(re.compile(r"/activities/bookings/\d+/$"))
    booking = Booking.objects.get()
    expect(page.locator("[data-testid=booking-number]")).to_have_text(booking.number)
    expect(page.locator("[data-testid=booking-state]")).to_have_text("已预约")
    expect(page.locator("[data-testid=confirmation-print]")).to_be_visible()

    page.goto(f"{live_server.url}/activities/facilities/{gym.pk}/book/")
    book("14:00", "15:00")
    expect(page.locator("[data-testid=booking-form]")).to_contain_text("上限为 1 次")
    assert Booking.objects.count() == 1

    page.goto(f"{live_server.url}/activities/facilities/{gym.pk}/?month={day[:7]}")
    expect(page.locator(f"[data-testid=day-{day}]")).to_contain_text("09:00–10:00")
