"""The printed return-visit record and monthly summary: PDFs with their key facts in
Chinese, for the roles that see them; another estate's record is a 404."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from revisits import services

from .helpers import completed_order

pytestmark = pytest.mark.django_db

SCORES = {"score_timeliness": 5, "score_attitude": 4, "score_quality": 3, "score_overall": 4}


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_the_record_prints_in_chinese(client, receptionist, outsider, estate, unit, tmp_path):
    order = completed_order(estate, unit=unit)
    revisit = services.revisit_for_order(order_id=order.pk)
    services.revisit_record(
        actor=receptionist,
        revisit=revisit,
        channel="home",
        result="satisfied",
        scores=SCORES,
        owner_words="师傅很细心",
        manner=["warm"],
    )
    client.force_login(receptionist)
    response = client.get(reverse("revisits:revisit-pdf", args=[revisit.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    for fact in (estate.name, order.number, unit.code, "师傅很细心"):
        assert fact in text
    client.force_login(outsider)
    assert client.get(reverse("revisits:revisit-pdf", args=[revisit.pk])).status_code == 404


def test_the_monthly_summary_prints_in_chinese(client, supervisor, receptionist, estate, tmp_path):
    order = completed_order(estate, completed_at=timezone.now() - datetime.timedelta(days=35))
    revisit = services.revisit_for_order(order_id=order.pk)
    services.revisit_record(
        actor=receptionist, revisit=revisit, channel="phone", result="satisfied", scores=SCORES
    )
    month = timezone.localdate().strftime("%Y-%m")
    client.force_login(supervisor)
    response = client.get(reverse("revisits:summary-pdf"), {"month": month})
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(data, tmp_path)
    assert "回访月度汇总" in text or "Monthly return-visit summary" in text
    assert estate.name in text
    client.force_login(receptionist)
    assert client.get(reverse("revisits:summary-pdf")).status_code == 403
