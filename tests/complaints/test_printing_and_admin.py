"""The complaint record PDF, and the admin with history."""

import pytest
from django.urls import reverse

from complaints import pdf, services
from complaints.models import CauseDepartment
from tests.workorders.test_printing_and_admin import pdf_text

from .helpers import effective

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("printed_in_english")]


def test_the_record_prints_in_chinese_with_the_reminder_and_signatures(
    receptionist, head, complaint, tmp_path
):
    effective(receptionist, complaint)
    services.complaint_site_visit(
        actor=head, complaint=complaint, arrived_at=None, attendees="王强", findings="确有垃圾"
    )
    data = pdf.render_complaint(complaint)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    assert complaint.number in text
    assert "楼道垃圾三天没人清理" in text and "丽景花园" in text and "确有垃圾" in text
    assert "do not make promises" in text
    assert "Complainant's signature" in text and "Department head's signature" in text


def test_the_record_prints_in_chinese_words_too(receptionist, complaint, tmp_path):
    from django.utils import translation

    with translation.override("zh-hans"):
        data = pdf.render_complaint(complaint)
    text = pdf_text(data, tmp_path)
    assert complaint.number in text and "张伟" in text


def test_the_pdf_page(client, receptionist, complaint):
    client.force_login(receptionist)
    response = client.get(reverse("complaints:complaint-pdf", args=[complaint.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_admin_shows_complaints_with_history(admin_client, complaint):
    response = admin_client.get(reverse("admin:complaints_complaint_changelist"))
    assert response.status_code == 200
    assert complaint.number in response.content.decode()
    history = admin_client.get(reverse("admin:complaints_complaint_history", args=[complaint.pk]))
    assert history.status_code == 200


def test_the_department_per_cause_is_admin_editable(
    admin_client, receptionist, estate, complaint, engineering
):
    response = admin_client.post(
        reverse("admin:complaints_causedepartment_add"),
        {"estate": estate.pk, "cause": "cleaning", "department": engineering.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CauseDepartment.objects.get().department == engineering
    effective(receptionist, complaint)
    assert complaint.department == engineering


def test_the_record_of_a_reopened_complaint_shows_its_earlier_rounds(
    receptionist, head, complaint, tmp_path
):
    from complaints.revisit import record_return_visit

    effective(receptionist, complaint)
    services.complaint_site_visit(
        actor=head, complaint=complaint, arrived_at=None, attendees="王强", findings="确有垃圾"
    )
    services.complaint_handle(actor=head, complaint=complaint, actions="清理", result="已清理")
    record_return_visit(
        actor=receptionist, complaint=complaint, result="dissatisfied", notes="第二天又堆满了"
    )
    complaint.refresh_from_db()
    text = pdf_text(pdf.render_complaint(complaint), tmp_path)
    assert "reopened once" in text and "第二天又堆满了" in text and "Dissatisfied" in text
