"""The desk's booking pages: the list, the month, booking by unit code, the steps, the
confirmation PDF; roles and estates."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from activities import services
from activities.models import Booking
from tests.factories.activities import FacilityFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def form(day=1, start="09:00", end="10:00", **extra):
    values = {
        "unit_code": "3-2-1201",
        "booked_for": "张伟",
        "phone": "13900001111",
        "day": at(day, 9).date().isoformat(),
        "start": start,
        "end": end,
        "people": 2,
        "purpose": "健身",
    }
    values.update(extra)
    return values


def test_it_books_from_the_desk_form_by_unit_code(client, receptionist, gym, unit):
    client.force_login(receptionist)
    response = client.post(reverse("activities:book", args=[gym.pk]), form())
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "activities:booking", args=[booking.pk]
    )
    assert booking.unit == unit and booking.people == 2
    page = client.get(response["Location"])
    assert booking.number in page.content.decode()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"unit_code": "9-9-9999"}, "No unit with this code"),
        ({"start": "07:00", "end": "08:00"}, "book within the opening hours"),
        ({"end": "12:00"}, "at most 120 minutes"),
        ({"people": 40}, "at most 10 people"),
    ],
)
def test_bad_input_shows_on_the_form_and_writes_nothing(
    client, receptionist, gym, unit, extra, message
):
    client.force_login(receptionist)
    response = client.post(reverse("activities:book", args=[gym.pk]), form(**extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_the_calendar_shows_a_month_in_constant_queries(
    client, receptionist, gym, unit, django_assert_max_num_queries
):
    client.force_login(receptionist)
    url = reverse("activities:calendar", args=[gym.pk]) + f"?month={at(1, 9):%Y-%m}"
    client.get(url)
    for day in (1, 2):
        services.booking_create(
            actor=receptionist,
            facility=gym,
            unit=unit,
            booked_for="张伟",
            slot=services.Slot(start=at(day, 9), end=at(day, 10)),
        )
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    gym.weekly_limit = 9
    gym.save()
    for day in (3, 4, 5):
        services.booking_create(
            actor=receptionist,
            facility=gym,
            unit=unit,
            booked_for="张伟",
            slot=services.Slot(start=at(day, 9), end=at(day, 10)),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_another_estates_facility_and_booking_are_404(client, outsider, gym, unit, receptionist):
    booking = services.booking_create(
        actor=receptionist,
        facility=gym,
        unit=unit,
        booked_for="张伟",
        slot=services.Slot(start=at(1, 9), end=at(1, 10)),
    )
    client.force_login(outsider)
    for url in (
        reverse("activities:calendar", args=[gym.pk]),
        reverse("activities:book", args=[gym.pk]),
        reverse("activities:booking", args=[booking.pk]),
        reverse("activities:confirmation", args=[booking.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("activities:cancel", args=[booking.pk]), {"reason": "x"}).status_code
        == 404
    )


def test_roles_outside_the_desk_get_403(client, technician, cashier, gym):
    for user in (technician, cashier):
        client.force_login(user)
        assert client.get(reverse("activities:facilities")).status_code == 403
        assert client.get(reverse("activities:book", args=[gym.pk])).status_code == 403


def test_steps_from_the_page(client, receptionist, supervisor, estate, unit):
    club = FacilityFactory(estate=estate, kind="club", approval_required=True)
    client.force_login(receptionist)
    client.post(reverse("activities:book", args=[club.pk]), form())
    booking = Booking.objects.get()
    assert booking.state == "requested"
    assert client.post(reverse("activities:approve", args=[booking.pk])).status_code == 403
    client.force_login(supervisor)
    client.post(reverse("activities:approve", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.state == "approved"
    response = client.post(reverse("activities:check-in", args=[booking.pk]), follow=True)
    assert "Check in on the day of the booking" in response.content.decode()
    client.post(reverse("activities:cancel", args=[booking.pk]), {"reason": "业主改期"})
    booking.refresh_from_db()
    assert booking.state == "cancelled" and booking.cancelled_reason == "业主改期"
    assert client.get(reverse("activities:approve", args=[booking.pk])).status_code == 405


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_confirmation_prints_in_chinese(client, receptionist, gym, unit, tmp_path):
    booking = services.booking_create(
        actor=receptionist,
        facility=gym,
        unit=unit,
        booked_for="张伟",
        phone="13900001111",
        slot=services.Slot(start=at(1, 9), end=at(1, 10)),
    )
    client.force_login(receptionist)
    response = client.get(reverse("activities:confirmation", args=[booking.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "c.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "健身房" in text and booking.number in text and "张伟" in text
    assert "13900001111" not in text  # the phone is masked
