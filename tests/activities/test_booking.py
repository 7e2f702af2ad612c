"""Booking a facility: every rule refuses with a clear message and writes nothing."""

import datetime
from decimal import Decimal

import pytest

from activities import services
from activities.errors import ActivitiesError
from activities.models import Blackout, Booking
from fees.models import Charge, Deposit, FeeType
from frontdesk.errors import DeskError
from tests.factories.activities import FacilityFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def book(actor, facility, unit, start, end, **extra):
    people = extra.pop("people", 1)
    return services.booking_create(
        actor=actor,
        facility=facility,
        unit=unit,
        booked_for=extra.pop("booked_for", "张伟"),
        slot=services.Slot(start=start, end=end, people=people),
        **extra,
    )


def refused(code, actor, facility, unit, start, end, **extra):
    before = Booking.objects.count()
    with pytest.raises(ActivitiesError) as info:
        book(actor, facility, unit, start, end, **extra)
    assert info.value.code == code, info.value.message
    assert Booking.objects.count() == before
    return info.value


def test_it_books_within_the_rules_with_a_gapless_number(receptionist, gym, unit):
    first = book(receptionist, gym, unit, at(1, 9), at(1, 10))
    second = book(receptionist, gym, unit, at(2, 9), at(2, 10, 30))

    assert first.state == Booking.State.APPROVED and first.approved_by == receptionist
    year = first.created_at.year
    assert (first.number, second.number) == (f"YY{year}-000001", f"YY{year}-000002")
    assert first.history.first().history_user == receptionist


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        ((1, 7, 30), (1, 8, 30), "closed"),
        ((1, 20, 30), (1, 21, 30), "closed"),
        ((1, 9), (1, 9, 15), "too_short"),
        ((1, 9), (1, 12), "too_long"),
        ((1, 10), (1, 9), "order"),
        ((9, 9), (9, 10), "too_far"),
        ((-1, 9), (-1, 10), "past"),
    ],
)
def test_it_refuses_a_slot_outside_the_rules(receptionist, gym, unit, start, end, code):
    error = refused(code, receptionist, gym, unit, at(*start), at(*end))
    assert error.message


def test_it_refuses_without_enough_notice(receptionist, unit, estate, clock):
    clock.move_to(at(1, 8, 30))
    facility = FacilityFactory(estate=estate, min_notice_hours=2)
    refused("too_late", receptionist, facility, unit, at(0, 10), at(0, 11))
    assert book(receptionist, facility, unit, at(0, 10, 30), at(0, 11, 30))


def test_it_refuses_an_overlap_and_the_buffer(receptionist, gym, unit):
    book(receptionist, gym, unit, at(1, 9), at(1, 10))
    error = refused("taken", receptionist, gym, unit, at(1, 9, 30), at(1, 10, 30))
    assert "09:00–10:00" in error.message
    error = refused("taken", receptionist, gym, unit, at(1, 10, 10), at(1, 11))
    assert "15 minutes" in error.message
    assert book(receptionist, gym, unit, at(1, 10, 15), at(1, 11))


def test_a_cancelled_booking_frees_its_slot(receptionist, gym, unit):
    booking = book(receptionist, gym, unit, at(1, 9), at(1, 10))
    services.booking_cancel(actor=receptionist, booking=booking, reason="业主改期")
    assert book(receptionist, gym, unit, at(1, 9), at(1, 10))


def test_it_refuses_past_the_household_weekly_limit(receptionist, estate, unit, clock):
    # A Monday: the whole week is ahead.
    clock.move_to(datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC))
    facility = FacilityFactory(estate=estate, weekly_limit=2, max_days_ahead=14)
    book(receptionist, facility, unit, at(1, 9), at(1, 10))
    book(receptionist, facility, unit, at(2, 9), at(2, 10))
    error = refused("weekly_limit", receptionist, facility, unit, at(3, 9), at(3, 10))
    assert "the limit is 2" in error.message
    # Next week counts afresh.
    assert book(receptionist, facility, unit, at(7, 9), at(7, 10))


def test_it_refuses_a_blackout_day_and_over_capacity(receptionist, gym, unit, estate):
    day = at(2, 9).date()
    Blackout.objects.create(
        estate=estate, facility=gym, date_from=day, date_until=day, reason="设备检修"
    )
    error = refused("blackout", receptionist, gym, unit, at(2, 9), at(2, 10))
    assert "设备检修" in error.message
    refused("capacity", receptionist, gym, unit, at(1, 9), at(1, 10), people=11)


def test_it_refuses_a_facility_not_bookable(receptionist, estate, unit):
    board = FacilityFactory(estate=estate, kind="publicity_column", bookable=False)
    refused("not_bookable", receptionist, board, unit, at(1, 9), at(1, 10))


def test_another_estates_facility_or_unit_is_refused(receptionist, gym, other_unit, other_estate):
    refused("other_estate", receptionist, gym, other_unit, at(1, 9), at(1, 10))
    theirs = FacilityFactory(estate=other_estate)
    with pytest.raises(DeskError) as info:
        book(receptionist, theirs, other_unit, at(1, 9), at(1, 10))
    assert info.value.code == "other_estate"
    assert not Booking.objects.exists()


def test_a_role_without_desk_work_may_not_book(technician, gym, unit):
    with pytest.raises(DeskError) as info:
        book(technician, gym, unit, at(1, 9), at(1, 10))
    assert info.value.code == "forbidden"


def test_approval_then_fee_and_deposit_through_fees(receptionist, supervisor, estate, unit):
    fee = FeeType.objects.create(estate=estate, kind=FeeType.Kind.SERVICE, name="场地使用费")
    deposit = FeeType.objects.create(estate=estate, kind=FeeType.Kind.DEPOSIT, name="场地押金")
    facility = FacilityFactory(
        estate=estate,
        kind="club",
        approval_required=True,
        fee_type=fee,
        fee_amount=Decimal("50.00"),
        deposit_fee_type=deposit,
        deposit_amount=Decimal("200.00"),
    )
    booking = book(receptionist, facility, unit, at(1, 9), at(1, 10))
    assert booking.state == Booking.State.REQUESTED and booking.charge is None
    assert not Charge.objects.exists()

    with pytest.raises(DeskError) as info:
        services.booking_approve(actor=receptionist, booking=booking)
    assert info.value.code == "forbidden"

    booking = services.booking_approve(actor=supervisor, booking=booking)
    assert booking.state == Booking.State.APPROVED
    assert booking.charge.amount == Decimal("50.00") and booking.charge.unit == unit
    assert booking.deposit.charge.amount == Decimal("200.00")
    assert Deposit.objects.count() == 1
    with pytest.raises(ActivitiesError):
        services.booking_approve(actor=supervisor, booking=booking)


def test_check_in_and_no_show(receptionist, gym, unit, clock):
    booking = book(receptionist, gym, unit, at(1, 9), at(1, 10))
    with pytest.raises(ActivitiesError) as info:
        services.booking_check_in(actor=receptionist, booking=booking)
    assert info.value.code == "not_today"
    with pytest.raises(ActivitiesError) as info:
        services.booking_no_show(actor=receptionist, booking=booking)
    assert info.value.code == "not_started"

    clock.move_to(at(1, 8, 55))
    checked = services.booking_check_in(actor=receptionist, booking=booking)
    assert checked.state == Booking.State.CHECKED_IN and checked.checked_in_at

    other = book(receptionist, gym, unit, at(1, 15), at(1, 16))
    clock.move_to(at(1, 15, 20))
    assert services.booking_no_show(actor=receptionist, booking=other).state == "no_show"
    with pytest.raises(ActivitiesError):
        services.booking_cancel(actor=receptionist, booking=other, reason="x")


def test_cancel_needs_a_reason(receptionist, gym, unit):
    booking = book(receptionist, gym, unit, at(1, 9), at(1, 10))
    with pytest.raises(ActivitiesError) as info:
        services.booking_cancel(actor=receptionist, booking=booking, reason=" ")
    assert info.value.field == "reason"
    booking.refresh_from_db()
    assert booking.state == Booking.State.APPROVED


def test_the_check_runs_in_constant_queries(receptionist, gym, unit, django_assert_num_queries):
    gym.weekly_limit = 10
    gym.save()
    for day in range(1, 4):
        book(receptionist, gym, unit, at(day, 9), at(day, 10))
    with django_assert_num_queries(3):
        services.booking_check(gym, unit=unit, slot=services.Slot(start=at(5, 9), end=at(5, 10)))


def test_a_board_cannot_be_made_bookable_in_the_admin(estate):
    from activities.admin import FacilityForm

    form = FacilityForm(
        data={
            "estate": estate.pk,
            "name": "宣传栏",
            "kind": "publicity_column",
            "opens_at": "08:00",
            "closes_at": "21:00",
            "bookable": "on",
            "active": "on",
            "min_minutes": 30,
            "max_minutes": 60,
            "buffer_minutes": 0,
            "max_days_ahead": 7,
            "min_notice_hours": 0,
            "fee_amount": "0",
            "deposit_amount": "0",
        }
    )
    assert not form.is_valid()
    assert "not booked" in str(form.errors)
