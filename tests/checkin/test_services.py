import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from checkin import services
from checkin.errors import CheckinError
from checkin.models import (
    Custody,
    CustodySettings,
    Inspection,
    InspectionPhoto,
    KeyLog,
    MeterReading,
    MoveInCase,
)
from frontdesk.errors import DeskError
from owners.models import Unit

from .helpers import START, checked, fake_pdf, low, png, start

pytestmark = pytest.mark.django_db


def counts():
    return (
        Custody.objects.count(),
        MeterReading.objects.count(),
        KeyLog.objects.count(),
        Inspection.objects.filter(status="done").count(),
        InspectionPhoto.objects.count(),
    )


def test_it_records_readings_and_refuses_one_that_goes_backwards(receptionist, unit):
    services.meter_reading_record(actor=receptionist, unit=unit, meter="water", value=Decimal(4))
    before = counts()
    with pytest.raises(CheckinError) as error:
        services.meter_reading_record(
            actor=receptionist, unit=unit, meter="water", value=Decimal("3.99")
        )
    assert error.value.code == "goes_backwards"
    assert counts() == before
    # another meter has its own sequence
    services.meter_reading_record(actor=receptionist, unit=unit, meter="gas", value=Decimal(1))


def test_it_refuses_an_earlier_reading_above_a_later_one(receptionist, unit):
    services.meter_reading_record(actor=receptionist, unit=unit, meter="water", value=Decimal(4))
    with pytest.raises(CheckinError) as error:
        services.meter_reading_record(
            actor=receptionist,
            unit=unit,
            meter="water",
            value=Decimal(9),
            read_at=timezone.now() - datetime.timedelta(days=3),
        )
    assert error.value.code == "goes_backwards"


def test_it_starts_custody_with_readings_and_unit_status(receptionist, unit):
    custody = start(receptionist, unit, readings=low(gas="0.4"))
    unit.refresh_from_db()
    assert unit.status == Unit.Status.IN_CUSTODY
    assert custody.status_before == Unit.Status.HANDED_OVER
    assert (custody.water_max, custody.electricity_max) == (Decimal(5), Decimal(20))
    readings = MeterReading.objects.filter(subject_id=custody.pk)
    assert sorted(readings.values_list("meter", flat=True)) == ["electricity", "gas", "water"]
    assert {r.context for r in readings} == {"custody_start"}
    assert unit.history.first().history_user == receptionist
    assert custody.history.count() == 1


def test_it_refuses_custody_of_a_unit_already_in_custody(receptionist, custody, unit):
    before = counts()
    with pytest.raises(CheckinError) as error:
        start(receptionist, unit, readings=low(water="4", electricity="15"))
    assert error.value.code == "already_in_custody"
    assert counts() == before


def test_it_refuses_custody_with_an_unfinished_move_in(receptionist, unit, owner):
    MoveInCase.objects.create(estate=unit.estate, unit=unit, owner=owner)
    with pytest.raises(CheckinError) as error:
        start(receptionist, unit)
    assert error.value.code == "move_in_open"
    assert counts() == (0, 0, 0, 0, 0)
    MoveInCase.objects.update(status=MoveInCase.Status.COMPLETED)
    start(receptionist, unit)


def test_it_refuses_high_readings_without_a_supervisor_note(receptionist, supervisor, unit):
    with pytest.raises(CheckinError) as error:
        start(receptionist, unit, readings=low(water="5.01"))
    assert error.value.code == "needs_supervisor_note"
    with pytest.raises(CheckinError) as error:
        start(receptionist, unit, readings=low(electricity="25"), supervisor_note="ok")
    assert error.value.code == "supervisor_only"
    assert counts() == (0, 0, 0, 0, 0)
    unit.refresh_from_db()
    assert unit.status == Unit.Status.HANDED_OVER
    custody = start(supervisor, unit, readings=low(electricity="25"), supervisor_note="装修试电")
    assert custody.supervisor == supervisor


def test_it_uses_the_estate_thresholds(receptionist, estate, unit):
    CustodySettings.objects.create(estate=estate, water_max=2, electricity_max=50)
    with pytest.raises(CheckinError) as error:
        start(receptionist, unit, readings=low(water="3"))
    assert error.value.code == "needs_supervisor_note"
    custody = start(receptionist, unit, readings=low(water="1", electricity="40"))
    assert custody.water_max == 2


def test_it_refuses_another_estate_and_a_non_owner(outsider, receptionist, unit, estate):
    with pytest.raises(DeskError) as error:
        start(outsider, unit)
    assert error.value.code == "other_estate"
    from tests.factories import OwnerFactory

    stranger = OwnerFactory(estate=estate, name="王芳")
    with pytest.raises(CheckinError) as error:
        services.custody_start(actor=receptionist, unit=unit, owner=stranger, readings=low())
    assert error.value.code == "not_owner"


def test_it_refuses_to_end_custody_with_keys_out(receptionist, custody, unit):
    log = services.key_take(
        actor=receptionist, custody=custody, taken_by="保洁 刘", reason="开窗通风"
    )
    before = counts()
    with pytest.raises(CheckinError) as error:
        services.custody_end(actor=receptionist, custody=custody, readings=low("4", "13"))
    assert error.value.code == "keys_out"
    assert counts() == before
    custody.refresh_from_db()
    assert custody.end_date is None
    services.key_return(actor=receptionist, key_log=log)
    with pytest.raises(CheckinError) as error:
        services.key_return(actor=receptionist, key_log=log)
    assert error.value.code == "already_returned"
    services.custody_end(
        actor=receptionist,
        custody=custody,
        readings=low("4", "13"),
        end_date=START + datetime.timedelta(days=40),
        unit_status=Unit.Status.OCCUPIED,
    )
    custody.refresh_from_db()
    unit.refresh_from_db()
    assert custody.end_date == START + datetime.timedelta(days=40)
    assert unit.status == Unit.Status.OCCUPIED
    assert MeterReading.objects.filter(context="custody_end").count() == 2


def test_it_refuses_final_readings_that_go_backwards(receptionist, custody):
    before = counts()
    with pytest.raises(CheckinError) as error:
        services.custody_end(actor=receptionist, custody=custody, readings=low("3", "13"))
    assert error.value.code == "goes_backwards"
    assert counts() == before
    custody.refresh_from_db()
    assert custody.end_date is None


def test_it_refuses_an_inspection_of_a_house_not_in_custody(receptionist, custody):
    services.inspections_sweep(today=START)
    inspection = custody.inspections.get()
    services.custody_end(actor=receptionist, custody=custody, readings=low("4", "13"))
    before = counts()
    with pytest.raises(CheckinError) as error:
        services.inspection_record(actor=receptionist, custody=custody, findings=checked())
    assert error.value.code == "not_in_custody"
    assert counts() == before
    inspection.refresh_from_db()  # the one still due is kept, cancelled with the reason
    assert inspection.status == Inspection.Status.CANCELLED and inspection.cancel_reason


def test_it_refuses_a_photo_that_is_not_an_image(guard, custody):
    services.inspections_sweep(today=START)
    inspection = custody.inspections.get()
    before = counts()
    with pytest.raises(CheckinError) as error:
        services.inspection_record(
            actor=guard, inspection=inspection, findings=checked(), photos=[fake_pdf()]
        )
    assert error.value.code == "not_an_image"
    assert counts() == before
    inspection.refresh_from_db()
    assert inspection.status == "due"


def test_it_records_an_inspection_with_photos(guard, custody):
    services.inspections_sweep(today=START)
    inspection = services.inspection_record(
        actor=guard,
        inspection=custody.inspections.get(),
        findings=checked(notes="门窗完好"),
        photos=[png(), png("b.png")],
    )
    assert inspection.status == "done"
    assert inspection.inspector == guard
    assert not inspection.problem
    assert inspection.photos.count() == 2
    with pytest.raises(CheckinError) as error:
        services.inspection_record(actor=guard, inspection=inspection, findings=checked())
    assert error.value.code == "already_done"


def test_it_needs_the_owner_told_of_a_problem(receptionist, custody):
    with pytest.raises(CheckinError) as error:
        services.inspection_record(
            actor=receptionist, custody=custody, findings=checked(leaks=True)
        )
    assert error.value.code == "owner_not_notified"
    assert counts()[3] == 0


def test_a_problem_opens_a_work_order(receptionist, custody):
    from workorders.models import WorkOrder

    inspection = services.inspection_record(
        actor=receptionist,
        custody=custody,
        findings=checked(
            leaks=True, notes="阳台渗水", category="house_leakage", owner_notified_channel="phone"
        ),
    )
    order = WorkOrder.objects.get()
    assert inspection.work_order_id == order.pk
    assert order.unit_id == custody.unit_id
    assert order.source == "inspection"
    assert order.category == "house_leakage"
    assert inspection.owner_notified_by == receptionist
    assert inspection.owner_notified_at is not None


def test_a_guard_finds_a_problem_and_the_desk_opens_the_order(guard, receptionist, custody):
    from workorders.models import WorkOrder

    inspection = services.inspection_record(
        actor=guard,
        custody=custody,
        findings=checked(signs_of_entry=True, owner_notified_channel="wechat"),
    )
    assert inspection.problem and inspection.work_order_id is None
    assert not WorkOrder.objects.exists()
    services.inspection_open_order(actor=receptionist, inspection=inspection, category="security")
    inspection.refresh_from_db()
    assert inspection.work_order_id == WorkOrder.objects.get().pk
    with pytest.raises(CheckinError) as error:
        services.inspection_open_order(actor=receptionist, inspection=inspection)
    assert error.value.code == "no_order_needed"


def test_roles_that_may_not_manage_custody_are_refused(technician, cashier, unit, custody):
    for actor in (technician, cashier):
        with pytest.raises(DeskError) as error:
            services.key_take(actor=actor, custody=custody, taken_by="x", reason="y")
        assert error.value.code == "forbidden"
