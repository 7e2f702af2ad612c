"""The monthly statistics match the data; the page, its Excel and PDF; roles."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from complaints import report, services
from complaints.revisit import record_return_visit
from tests.factories import UnitFactory

from .helpers import communication, effective, make_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_of_complaints(receptionist, supervisor, head, cleaning, estate):
    """Four complaints this month: two effective (one closed after a reopening), one
    communication, one not yet judged; and one of last month."""
    unit = UnitFactory(building__estate=estate, building__number="7", room="0301")
    now = timezone.now()
    start = timezone.localdate().replace(day=1)
    received = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
    received = min(received, now)
    a = make_complaint(receptionist, estate, unit=unit, received_at=received)
    effective(receptionist, a)
    for result in ("dissatisfied", "satisfied"):
        services.complaint_site_visit(
            actor=head, complaint=a, arrived_at=None, attendees="王", findings="x"
        )
        services.complaint_handle(actor=head, complaint=a, actions="x", result="y")
        record_return_visit(actor=receptionist, complaint=a, result=result, notes="n")
    services.complaint_close(actor=receptionist, complaint=a)
    b = make_complaint(receptionist, estate, channel="phone", received_at=received)
    effective(receptionist, b)
    c = make_complaint(receptionist, estate, channel="phone", received_at=received)
    communication(receptionist, c)
    make_complaint(receptionist, estate, channel="online", received_at=received)
    make_complaint(receptionist, estate, received_at=received - datetime.timedelta(days=40))
    return start


def test_the_month_matches_the_data(estate, month_of_complaints):
    result = report.monthly_report(estate_ids=[estate.pk], month=month_of_complaints)
    assert result.total == 4
    assert result.judged == 3
    assert result.effective == 2
    assert str(result.effective_rate) == "66.7"
    assert result.closed == 1
    assert result.reopenings == 1 and result.reopened == 1
    assert dict(result.by_channel) == {"At the desk": 1, "By phone": 2, "Online": 1}
    assert dict(result.by_verdict)["Effective complaint"] == 2
    assert dict(result.by_cause) == {"Cleaning": 2, "Consulting": 1}
    assert dict(result.by_building)["Building 7"] == 1
    assert dict(result.by_department)["保洁部"] == 2
    assert result.average_close_hours is not None


def test_a_report_of_several_estates_names_the_estate_of_each_department_and_building(
    estate, other_estate, month_of_complaints
):
    result = report.monthly_report(
        estate_ids=[estate.pk, other_estate.pk], month=month_of_complaints
    )
    assert dict(result.by_department)[f"{estate.name} · 保洁部"] == 2
    assert dict(result.by_building)[f"Building 7 · {estate.name}"] == 1


def test_another_estate_is_not_counted(other_estate, month_of_complaints):
    result = report.monthly_report(estate_ids=[other_estate.pk], month=month_of_complaints)
    assert result.total == 0


def test_the_page_costs_the_same_whatever_the_rows(
    client, supervisor, month_of_complaints, django_assert_max_num_queries
):
    client.force_login(supervisor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("complaints:stats"))
    assert response.status_code == 200
    assert 'id="complaints-chart-data"' in response.content.decode()
    assert response.context["report"].total == 4


def test_the_excel_and_pdf(client, director, month_of_complaints):
    client.force_login(director)
    month = month_of_complaints.strftime("%Y-%m")
    response = client.get(reverse("complaints:stats-export"), {"month": month})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Complaints received"] == 4
    response = client.get(reverse("complaints:stats-pdf"), {"month": month})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_statistics_are_the_supervisors_and_directors(client, receptionist, head):
    for user in (receptionist, head):
        client.force_login(user)
        assert client.get(reverse("complaints:stats")).status_code == 403
