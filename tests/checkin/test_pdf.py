import pytest
from django.urls import reverse

from checkin.pdf.custody import render_agreement
from tests.frontdesk.test_pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_the_custody_agreement_shows_chinese(custody, tmp_path):
    data = render_agreement(custody)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "丽景花园" in text
    assert "张伟" in text
    assert "3-2-1201" in text
    assert "2026-03-02" in text
    assert "70%" in text
    assert "signature" in text


def test_the_agreement_page_answers_a_pdf(client, receptionist, custody, outsider):
    client.force_login(receptionist)
    response = client.get(reverse("checkin:custody-agreement", args=[custody.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(outsider)
    assert client.get(reverse("checkin:custody-agreement", args=[custody.pk])).status_code == 404
