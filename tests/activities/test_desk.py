"""Activities on the desk: panels, the dossier section, the quick action."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from tests.factories.activities import BoardFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def test_the_panels_show_bookings_today_and_columns_due(
    client, receptionist, gym, unit, estate, clock
):
    clock.move_to(at(0, 7))
    services.booking_create(
        actor=receptionist,
        facility=gym,
        unit=unit,
        booked_for="张伟",
        slot=services.Slot(start=at(0, 18), end=at(0, 19)),
    )
    column = BoardFactory(estate=estate, name="南门宣传栏")
    services.post_put_up(
        actor=receptionist,
        board=column,
        post=services.NewPost("safety", "防火提示", "请勿堆放杂物"),
        on=timezone.localdate() - datetime.timedelta(days=14),
    )
    services.replacement_sweep()
    client.force_login(receptionist)
    page = client.get(reverse("today-panel", args=["activities-bookings-today"])).content.decode()
    assert "18:00–19:00" in page and "3-2-1201" in page
    page = client.get(reverse("today-panel", args=["activities-columns-due"])).content.decode()
    assert "南门宣传栏" in page
    home = client.get(reverse("home")).content.decode()
    assert reverse("activities:facilities") in home


def test_the_dossier_lists_the_units_bookings(client, receptionist, gym, unit):
    booking = services.booking_create(
        actor=receptionist,
        facility=gym,
        unit=unit,
        booked_for="张伟",
        slot=services.Slot(start=at(1, 9), end=at(1, 10)),
    )
    client.force_login(receptionist)
    page = client.get(reverse("owners:unit-section", args=[unit.pk, "activities"]))
    assert booking.number in page.content.decode()
