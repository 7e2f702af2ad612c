"""What custody keeps to: a vacant house only, dates that are plausible, inspections kept
when custody ends, and an inspection whose result follows from every check answered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from checkin import services
from checkin.models import Custody, Inspection, MeterReading
from owners.models import Unit
from tests.factories import ResidentFactory

from .helpers import START, checked, low, refused, start

pytestmark = pytest.mark.django_db


def nothing_started():
    return (Custody.objects.count(), MeterReading.objects.count())


# --- a vacant house only ----------------------------------------------------------------


def test_it_refuses_custody_of_an_occupied_unit(receptionist, unit):
    Unit.objects.filter(pk=unit.pk).update(status=Unit.Status.OCCUPIED)
    unit.refresh_from_db()
    error = refused("occupied", start, receptionist, unit)
    assert unit.code in error.message
    assert nothing_started() == (0, 0)
    unit.refresh_from_db()
    assert unit.status == Unit.Status.OCCUPIED


def test_it_refuses_custody_of_a_unit_someone_lives_in(receptionist, unit):
    ResidentFactory(unit=unit, moved_in_on=START - datetime.timedelta(days=30))
    refused("occupied", start, receptionist, unit)
    assert nothing_started() == (0, 0)


def test_it_takes_a_house_whose_residents_moved_out(receptionist, unit):
    ResidentFactory(
        unit=unit,
        moved_in_on=START - datetime.timedelta(days=300),
        moved_out_on=START - datetime.timedelta(days=1),
    )
    assert start(receptionist, unit).is_active


# --- plausible dates ----------------------------------------------------------------------


@pytest.mark.parametrize("years", [2, 7000])
def test_it_refuses_a_start_years_ahead(receptionist, unit, years):
    today = timezone.localdate()
    ahead = today.replace(year=min(today.year + years, 9999))
    error = refused("implausible_date", start, receptionist, unit, start_date=ahead)
    assert error.field == "start_date"
    assert nothing_started() == (0, 0)


def test_it_refuses_a_start_more_than_a_month_ahead(receptionist, unit):
    ahead = timezone.localdate() + datetime.timedelta(days=31)
    refused("implausible_date", start, receptionist, unit, start_date=ahead)
    assert nothing_started() == (0, 0)


def test_it_refuses_an_agreement_signed_in_the_future(receptionist, unit, owner):
    soon = timezone.localdate() + datetime.timedelta(days=10)
    error = refused(
        "implausible_date",
        services.custody_start,
        actor=receptionist,
        unit=unit,
        owner=owner,
        readings=low(),
        start_date=soon,
        agreement_signed_on=soon,
    )
    assert error.field == "agreement_signed_on"
    assert nothing_started() == (0, 0)


def test_it_refuses_an_end_years_ahead(receptionist, custody):
    ahead = timezone.localdate().replace(year=timezone.localdate().year + 3)
    error = refused(
        "implausible_date",
        services.custody_end,
        actor=receptionist,
        custody=custody,
        readings=low("4", "13"),
        end_date=ahead,
    )
    assert error.field == "end_date"
    custody.refresh_from_db()
    assert custody.is_active
    assert MeterReading.objects.filter(context="custody_end").count() == 0


# --- ending keeps the inspections ----------------------------------------------------------


def test_ending_cancels_the_inspections_still_due_and_keeps_them(guard, receptionist, custody):
    services.inspections_sweep(today=START + datetime.timedelta(days=7))
    done, due = custody.inspections.order_by("due_date")
    services.inspection_record(actor=guard, inspection=done, findings=checked())
    end = START + datetime.timedelta(days=10)
    services.custody_end(actor=receptionist, custody=custody, readings=low("4", "13"), end_date=end)
    done.refresh_from_db()
    due.refresh_from_db()
    assert done.status == Inspection.Status.DONE
    assert due.status == Inspection.Status.CANCELLED
    assert end.isoformat() in due.cancel_reason
    assert due.history.first().history_user == receptionist
    assert custody.inspections.count() == 2
    receptionist_page = _custody_page(receptionist, custody)
    assert 'data-testid="inspection-cancelled"' in receptionist_page


def _custody_page(user, custody):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(reverse("checkin:custody-detail", args=[custody.pk])).content.decode()


# --- an inspection's checks ------------------------------------------------------------------


def test_it_refuses_an_inspection_with_a_check_not_answered(guard, custody):
    services.inspections_sweep(today=START)
    inspection = custody.inspections.get()
    unanswered = services.Findings(leaks=False, signs_of_entry=False)  # doors and windows?
    refused(
        "not_checked",
        services.inspection_record,
        actor=guard,
        inspection=inspection,
        findings=unanswered,
    )
    inspection.refresh_from_db()
    assert (inspection.status, inspection.inspected_at) == (Inspection.Status.DUE, None)


def test_doors_or_windows_damaged_is_never_all_right(receptionist, custody):
    refused(
        "owner_not_notified",
        services.inspection_record,
        actor=receptionist,
        custody=custody,
        findings=checked(doors_windows_ok=False),
    )
    inspection = services.inspection_record(
        actor=receptionist,
        custody=custody,
        findings=checked(
            doors_windows_ok=False, notes="北窗玻璃破", owner_notified_channel="phone"
        ),
    )
    assert inspection.problem and not inspection.doors_windows_ok
    assert inspection.work_order_id is not None


def test_the_inspection_form_answers_nothing_beforehand(client, guard, custody):
    services.inspections_sweep(today=START)
    inspection = custody.inspections.get()
    client.force_login(guard)
    address = reverse("checkin:inspection-record", args=[inspection.pk])
    assert " checked" not in client.get(address).content.decode()
    response = client.post(address, {"leaks": "no", "signs_of_entry": "no", "category": "other"})
    assert response.status_code == 400
    assert "Answer this check." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.DUE
    response = client.post(
        address,
        {
            "doors_windows_ok": "no",
            "leaks": "no",
            "signs_of_entry": "no",
            "category": "other",
            "owner_notified_channel": "phone",
        },
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.problem
