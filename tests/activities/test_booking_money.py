"""The booking form posted twice books once; cancelling a booking cancels its unpaid fee and
deposit through fees (a supervisor's waiver), while a paid fee stays for fees to refund."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from activities import services
from activities.errors import ActivitiesError
from activities.models import Booking
from fees import services as fee_services
from fees.models import Charge, Deposit, FeeType
from tests.factories.activities import FacilityFactory

from .conftest import at
from .test_pages import form

pytestmark = pytest.mark.django_db


def test_the_booking_form_posted_twice_books_once(client, receptionist, gym, unit):
    client.force_login(receptionist)
    data = form(key=str(uuid.uuid4()))
    first = client.post(reverse("activities:book", args=[gym.pk]), data)
    second = client.post(reverse("activities:book", args=[gym.pk]), data, follow=True)
    booking = Booking.objects.get()
    assert first["Location"] == reverse("activities:booking", args=[booking.pk])
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "already used" in second.content.decode()
    page = client.get(reverse("activities:book", args=[gym.pk])).content.decode()
    assert 'name="key"' in page


@pytest.fixture
def club(estate):
    fee = FeeType.objects.create(estate=estate, kind=FeeType.Kind.SERVICE, name="场地使用费")
    deposit = FeeType.objects.create(estate=estate, kind=FeeType.Kind.DEPOSIT, name="场地押金")
    return FacilityFactory(
        estate=estate,
        kind="club",
        fee_type=fee,
        fee_amount=Decimal("50.10"),
        deposit_fee_type=deposit,
        deposit_amount=Decimal("200.20"),
    )


def _book(actor, facility, unit):
    return services.booking_create(
        actor=actor,
        facility=facility,
        unit=unit,
        booked_for="张伟",
        slot=services.Slot(start=at(1, 9), end=at(1, 10)),
    )


def test_cancelling_waives_the_unpaid_fee_and_cancels_the_deposit(
    client, receptionist, supervisor, club, unit
):
    booking = _book(supervisor, club, unit)
    url = reverse("activities:cancel", args=[booking.pk])

    client.force_login(receptionist)  # the waiver is a supervisor's: refused, nothing changed
    refused = client.post(url, {"reason": "业主临时有事"}, follow=True)
    assert "CS supervisor" in refused.content.decode()
    assert Booking.objects.get().state == Booking.State.APPROVED
    assert Charge.objects.filter(waived_amount=0).count() == 2

    client.force_login(supervisor)
    client.post(url, {"reason": "业主临时有事"})
    booking = Booking.objects.select_related("charge", "deposit__charge").get()
    assert booking.state == Booking.State.CANCELLED
    assert booking.charge.outstanding == 0 and booking.charge.waived_amount == Decimal("50.10")
    assert booking.deposit.status == Deposit.Status.CANCELLED


def test_a_paid_fee_stays_and_the_message_sends_the_refund_to_fees(
    client, cashier, supervisor, club, unit
):
    booking = _book(supervisor, club, unit)
    fee_services.payment_take(
        actor=cashier,
        unit=unit,
        amount="50.10",
        method="cash",
        allocations={booking.charge_id: Decimal("50.10")},
    )
    client.force_login(supervisor)
    response = client.post(
        reverse("activities:cancel", args=[booking.pk]), {"reason": "场地维修"}, follow=True
    )
    assert "refund goes through fees" in response.content.decode()
    booking = Booking.objects.select_related("charge", "deposit__charge").get()
    assert booking.state == Booking.State.CANCELLED
    assert booking.charge.paid_amount == Decimal("50.10") and booking.charge.waived_amount == 0
    assert booking.deposit.status == Deposit.Status.CANCELLED  # (its own charge was unpaid)


def test_a_free_booking_is_cancelled_by_the_desk(receptionist, gym, unit):
    booking = _book(receptionist, gym, unit)
    with pytest.raises(ActivitiesError) as info:
        services.booking_cancel(actor=receptionist, booking=booking, reason=" ")
    assert info.value.code == "no_reason"
    booking = services.booking_cancel(actor=receptionist, booking=booking, reason="改期")
    assert booking.state == Booking.State.CANCELLED
