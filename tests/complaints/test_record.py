"""Recording a complaint: numbers, clocks, files, the form's key, refusals."""

import datetime
import uuid

import pytest
from django.utils import timezone

from complaints import services
from complaints.errors import ComplaintError
from complaints.models import Complaint, SeverityClock
from complaints.services.base import add_working_days
from frontdesk.once import FormUsed

from .helpers import make_complaint, photo, steps_of

pytestmark = pytest.mark.django_db


def test_it_numbers_per_estate_and_year_without_gaps(receptionist, estate, outsider, other_estate):
    first = make_complaint(receptionist, estate)
    second = make_complaint(receptionist, estate)
    elsewhere = make_complaint(outsider, other_estate)
    year = timezone.localdate().year
    assert first.number == f"TS{year}-000001"
    assert second.number == f"TS{year}-000002"
    assert elsewhere.number == f"TS{year}-000001"


def test_it_records_the_first_step_with_who_and_when(receptionist, estate):
    complaint = make_complaint(receptionist, estate)
    assert steps_of(complaint) == ["record"]
    step = complaint.steps.get()
    assert step.actor == receptionist
    assert complaint.status == "received"
    assert complaint.verdict == "pending"
    assert complaint.history.count() == 1


def test_it_starts_the_urgent_clock_at_2_and_24_hours(receptionist, estate):
    at = timezone.now()
    complaint = make_complaint(receptionist, estate, severity="urgent", received_at=at)
    assert complaint.respond_due == at + datetime.timedelta(hours=2)
    assert complaint.resolve_due == at + datetime.timedelta(hours=24)


def test_it_gives_an_ordinary_complaint_48_hours_and_7_working_days(receptionist, estate):
    friday = timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 0))
    complaint = make_complaint(receptionist, estate, received_at=friday)
    assert complaint.respond_due == friday + datetime.timedelta(hours=48)
    # Seven working days after a Friday: the Tuesday of the week after next.
    assert timezone.localtime(complaint.resolve_due).date() == datetime.date(2026, 12, 15)
    assert timezone.localtime(complaint.resolve_due).hour == 10


def test_it_follows_the_estates_own_clock(receptionist, estate):
    SeverityClock.objects.create(estate=estate, severity="urgent", respond_hours=1, resolve_hours=8)
    at = timezone.now()
    complaint = make_complaint(receptionist, estate, severity="urgent", received_at=at)
    assert complaint.respond_due == at + datetime.timedelta(hours=1)
    assert complaint.resolve_due == at + datetime.timedelta(hours=8)


def test_working_days_skip_the_weekend():
    saturday = timezone.make_aware(datetime.datetime(2026, 12, 5, 9, 0))
    assert add_working_days(saturday, 1).date() == datetime.date(2026, 12, 7)


def test_it_keeps_photos_private(receptionist, estate):
    complaint = make_complaint(receptionist, estate, files=[photo()])
    stored = complaint.files.get()
    assert stored.file.storage.__class__.__name__ != "StaticFilesStorage"
    assert stored.file.name.startswith("complaints/")


def test_it_records_a_form_once(receptionist, estate):
    key = uuid.uuid4()
    first = make_complaint(receptionist, estate, form_key=key)
    with pytest.raises(FormUsed) as used:
        make_complaint(receptionist, estate, form_key=key)
    assert used.value.record == first
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("complainant_name", "", "no_complainant_name"),
        ("description", "  ", "no_description"),
        ("description", "bad\x00text", "bad_text"),
        ("complainant_name", "张" * 101, "bad_text"),
        ("channel", "pigeon", "bad_channel"),
        ("severity", "extreme", "bad_severity"),
        ("form_key", "not-a-key", "bad_form_key"),
    ],
)
def test_it_refuses_bad_input_and_records_nothing(receptionist, estate, field, value, code):
    with pytest.raises(ComplaintError) as refused:
        make_complaint(receptionist, estate, **{field: value})
    assert refused.value.code == code
    assert not Complaint.objects.exists()


def test_it_refuses_a_future_happening(receptionist, estate):
    with pytest.raises(ComplaintError) as refused:
        make_complaint(
            receptionist, estate, happened_at=timezone.now() + datetime.timedelta(days=2)
        )
    assert refused.value.code == "future"


def test_it_refuses_another_estates_unit(receptionist, estate, other_estate):
    from tests.factories import UnitFactory

    foreign = UnitFactory(building__estate=other_estate)
    with pytest.raises(ComplaintError) as refused:
        make_complaint(receptionist, estate, unit=foreign)
    assert refused.value.code == "other_estate"
    assert not Complaint.objects.exists()


def test_it_refuses_another_estate_and_other_roles(outsider, cashier, estate):
    with pytest.raises(ComplaintError.__mro__[1]) as refused:
        make_complaint(outsider, estate)
    assert refused.value.code == "other_estate"
    with pytest.raises(ComplaintError.__mro__[1]) as refused:
        make_complaint(cashier, estate)
    assert refused.value.code == "forbidden"
    assert not Complaint.objects.exists()


def test_a_bad_file_records_nothing(receptionist, estate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="application/x-msdownload")
    with pytest.raises(ComplaintError) as refused:
        services.complaint_record(
            actor=receptionist,
            estate=estate,
            channel="desk",
            complainant_kind="owner",
            complainant_name="张伟",
            description="噪音",
            files=[bad],
        )
    assert refused.value.code == "bad_file"
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"happened_at": datetime.datetime(1926, 1, 1, tzinfo=datetime.UTC)}, "implausible_date"),
        ({"description": "楼" * 4001}, "bad_text"),
    ],
)
def test_it_refuses_a_matter_decades_old_or_a_story_without_end(receptionist, estate, extra, code):
    with pytest.raises(ComplaintError) as refused:
        make_complaint(receptionist, estate, **extra)
    assert refused.value.code == code
    assert not Complaint.objects.exists()
