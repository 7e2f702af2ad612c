"""⑤ The house acceptance with the meters' base readings, its defects as repair orders, and
the re-inspection of the repairs with the owner."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from checkin import services
from checkin.models import AcceptanceItem, MeterReading, Reinspection
from checkin.services import Readings, meter_reading_record
from workorders.models import WorkOrder

from .helpers import (
    DRAIN,
    READINGS,
    WALL,
    accept,
    book,
    fake_pdf,
    full_checklist,
    orders_of,
    png,
    progress_of,
    refused,
    reloaded,
    repaired,
    signed_off,
)

pytestmark = pytest.mark.django_db


# --- ⑤ acceptance ---------------------------------------------------------------------------


def test_it_refuses_a_defect_without_a_note(receptionist, case):
    blank = services.Checked("厨房", "下水", defect=True, note=" ")
    error = refused("defect_without_note", accept, receptionist, case, WALL, blank)
    assert error.field == "note"
    assert (AcceptanceItem.objects.count(), WorkOrder.objects.count()) == (0, 0)
    assert reloaded(case).accepted_at is None


def test_it_refuses_an_acceptance_without_the_gas_reading(receptionist, case):
    error = refused(
        "invalid", accept, receptionist, case, DRAIN, readings=Readings(Decimal(1), Decimal(2))
    )
    assert error.field == "gas"
    assert (AcceptanceItem.objects.count(), MeterReading.objects.count()) == (0, 0)
    assert WorkOrder.objects.count() == 0


def test_it_refuses_a_reading_below_the_meters_last_one(receptionist, case, unit, engineering):
    meter_reading_record(actor=receptionist, unit=unit, meter="gas", value=Decimal("8"))
    error = refused("goes_backwards", accept, receptionist, case, WALL, DRAIN)
    assert error.field == "gas"
    # the water and electricity readings taken before the gas one are rolled back too
    assert MeterReading.objects.count() == 1
    assert (AcceptanceItem.objects.count(), WorkOrder.objects.count()) == (0, 0)
    assert reloaded(case).accepted_at is None


def test_it_records_the_acceptance_and_the_readings(receptionist, case):
    rows = accept(receptionist, case, WALL)
    case = reloaded(case)
    assert (case.acceptance_inspector, case.acceptance_present) == ("李工", "张伟")
    assert case.accepted_at is not None
    assert [(row.room, row.item, row.defect, row.work_order_id) for row in rows] == [
        ("客厅", "墙面", False, None),
        ("厨房", "下水", False, None),
        ("卫生间", "防水", False, None),
    ]
    progress = progress_of(case)
    assert sorted((r.meter, r.value) for r in progress.readings) == [
        ("electricity", Decimal("2")),
        ("gas", Decimal("3")),
        ("water", Decimal("1")),
    ]
    assert progress.step["acceptance"].done


def test_it_turns_defects_into_repair_orders_for_engineering(receptionist, case, unit, engineering):
    rows = accept(receptionist, case, WALL, DRAIN)
    order = WorkOrder.objects.get()
    assert (order.source, order.kind, order.unit, order.department, order.status) == (
        "checkin",
        "repair",
        unit,
        engineering,
        "dispatched",
    )
    assert order.source_object == case
    assert "堵塞" in order.description
    assert [row.work_order_id for row in rows] == [None, order.pk, None]
    progress = progress_of(case)
    assert [defect.order for defect in progress.defects] == [order]
    assert not progress.step["acceptance"].done


def test_it_leaves_defect_orders_open_without_an_engineering_department(receptionist, case):
    accept(receptionist, case, DRAIN)
    order = WorkOrder.objects.get()
    assert (order.department, order.status) == (None, "open")


def test_it_refuses_a_defect_photo_that_is_not_an_image(receptionist, case):
    photo = services.Checked("卫生间", "防水", defect=True, note="渗水", photo=fake_pdf())
    error = refused("not_an_image", accept, receptionist, case, photo)
    assert error.field == "photo"
    assert (AcceptanceItem.objects.count(), WorkOrder.objects.count()) == (0, 0)


def test_it_keeps_a_defects_photo(receptionist, case, engineering):
    photo = services.Checked("卫生间", "防水", defect=True, note="渗水", photo=png())
    row = accept(receptionist, case, photo)[2]
    assert row.photo
    assert WorkOrder.objects.get().photos.count() == 1


def test_it_refuses_a_second_acceptance(receptionist, case):
    accept(receptionist, case)
    refused("already_accepted", accept, receptionist, case, DRAIN)
    assert (AcceptanceItem.objects.count(), WorkOrder.objects.count()) == (3, 0)


# --- re-inspection ------------------------------------------------------------------------


def test_it_refuses_to_book_before_maintenance_verified_a_repair(receptionist, case, defects):
    refused("nothing_verified", book, receptionist, case)
    assert Reinspection.objects.count() == 0


def test_it_books_the_reinspection_of_the_verified_repairs(receptionist, case, verified):
    at = timezone.now() + datetime.timedelta(days=2)
    reinspection = book(receptionist, case, at=at)
    assert (reinspection.scheduled_at, reinspection.accompanied_by) == (at, "李工")
    assert {order.status for order in orders_of(case)} == {"booked"}
    assert progress_of(case).reinspection == reinspection


def test_it_moves_the_booking_when_booked_again(receptionist, case, verified):
    book(receptionist, case, at=timezone.now() + datetime.timedelta(days=2))
    moved = timezone.now() - datetime.timedelta(minutes=10)  # the owner came back early
    book(receptionist, case, at=moved)
    assert progress_of(case).reinspection.scheduled_at == moved
    signed_off(receptionist, case)
    assert progress_of(case).reinspection is None


def test_it_refuses_to_book_a_time_past(receptionist, case, verified):
    refused(
        "bad_reinspection_time",
        book,
        receptionist,
        case,
        timezone.now() - datetime.timedelta(days=1),
    )
    assert Reinspection.objects.count() == 0
    assert {order.status for order in orders_of(case)} == {"verified"}


def test_it_closes_the_orders_the_owner_signs(receptionist, case, verified):
    book(receptionist, case)
    reinspection = signed_off(receptionist, case)
    assert (reinspection.passed, reinspection.failed, reinspection.signed_by) == (2, 0, "张伟")
    assert reinspection.done_at is not None
    orders = orders_of(case)
    assert {order.status for order in orders} == {"closed"}
    assert {order.owner_signed_name for order in orders} == {"张伟"}
    assert progress_of(case).step["acceptance"].done


def test_it_refuses_a_result_without_the_owners_signature(receptionist, case, verified):
    book(receptionist, case)
    error = refused("no_signature", signed_off, receptionist, case, signed_by=" ")
    assert error.field == "signed_by"
    assert {order.status for order in orders_of(case)} == {"booked"}
    assert Reinspection.objects.get().done_at is None


def test_it_sends_a_failed_repair_back_until_it_holds(receptionist, head, case, verified):
    drain, leak = verified
    book(receptionist, case)
    first = signed_off(receptionist, case, failed={drain.pk: "仍然堵塞"})
    assert (first.passed, first.failed) == (1, 1)
    drain.refresh_from_db()
    leak.refresh_from_db()
    assert (drain.status, leak.status) == ("dispatched", "closed")
    progress = progress_of(case)
    assert [defect.settled for defect in progress.defects] == [False, True]
    assert any("厨房 · 下水" in said for said in progress.missing())
    refused("nothing_verified", book, receptionist, case)

    repaired(head, drain)
    book(receptionist, case)
    signed_off(receptionist, case)
    drain.refresh_from_db()
    assert drain.status == "closed"
    assert progress_of(case).step["acceptance"].done
    assert Reinspection.objects.filter(done_at__isnull=False).count() == 2


# --- the rules of the acceptance and the owner's sign-off -----------------------------------


def test_it_refuses_a_partial_acceptance(receptionist, case):
    error = refused(
        "acceptance_incomplete",
        services.acceptance_record,
        actor=receptionist,
        case=case,
        inspector="李工",
        present="张伟",
        items=[WALL, DRAIN],
        readings=READINGS,
    )
    assert "卫生间 · 防水" in error.message
    assert (AcceptanceItem.objects.count(), WorkOrder.objects.count()) == (0, 0)
    assert MeterReading.objects.count() == 0
    assert reloaded(case).accepted_at is None


def test_it_refuses_an_item_marked_neither_all_right_nor_a_defect(receptionist, case):
    unmarked = services.Checked("卫生间", "防水")
    error = refused("not_marked", accept, receptionist, case, unmarked)
    assert "卫生间 · 防水" in error.message
    assert AcceptanceItem.objects.count() == 0


def test_it_refuses_an_item_not_on_the_estates_form(receptionist, case):
    extra = services.Checked("车库", "门", defect=False)
    for items in ([*full_checklist(case), extra], [*full_checklist(case), WALL]):
        refused(
            "not_on_checklist",
            services.acceptance_record,
            actor=receptionist,
            case=case,
            inspector="李工",
            present="张伟",
            items=items,
            readings=READINGS,
        )
    assert AcceptanceItem.objects.count() == 0


def test_it_refuses_the_result_before_the_booked_time(receptionist, case, verified):
    at = timezone.now() + datetime.timedelta(hours=2)
    book(receptionist, case, at=at)
    error = refused("too_early", signed_off, receptionist, case)
    assert timezone.localtime(at).strftime("%H:%M") in error.message
    assert {order.status for order in orders_of(case)} == {"booked"}
    assert Reinspection.objects.get().done_at is None


def test_nothing_passes_by_default(receptionist, case, verified):
    drain, leak = verified
    book(receptionist, case)
    error = refused(
        "not_every_item",
        services.reinspection_result,
        actor=receptionist,
        case=case,
        signed_by="张伟",
    )
    assert drain.number in error.message and leak.number in error.message
    error = refused(
        "not_every_item",
        services.reinspection_result,
        actor=receptionist,
        case=case,
        signed_by="张伟",
        passed=[drain.pk],
    )
    assert leak.number in error.message and drain.number not in error.message
    assert {order.status for order in orders_of(case)} == {"booked"}
    assert Reinspection.objects.get().done_at is None


def test_a_repair_cannot_both_pass_and_fail(receptionist, case, verified):
    drain, leak = verified
    book(receptionist, case)
    refused(
        "invalid",
        services.reinspection_result,
        actor=receptionist,
        case=case,
        signed_by="张伟",
        passed=[drain.pk, leak.pk],
        failed={drain.pk: "仍然堵塞"},
    )
    assert {order.status for order in orders_of(case)} == {"booked"}
