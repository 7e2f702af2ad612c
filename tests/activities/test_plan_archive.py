"""The archive of an activity (photos, video, recordings) in private storage behind a checked
view, its gallery, the plan and summary PDFs, the week's panel and the dossier's sign-ups."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import pdf
from activities.models import ArchiveFile
from activities.services import plans

from .conftest import at
from .helpers import department_heads, plan_input, png

pytestmark = pytest.mark.django_db
QUERIES = 11  # the page with 1 row and with many


@pytest.fixture
def plan(receptionist, supervisor, estate):
    department_heads(estate)
    plan = plans.plan_create(actor=receptionist, estate=estate, plan=plan_input())
    return plans.plan_approve(actor=supervisor, plan=plan)


def test_photos_video_and_audio_are_archived_and_shown_in_the_gallery(
    client, receptionist, plan, django_assert_max_num_queries
):
    client.force_login(receptionist)
    url = reverse("activities:archive-add", args=[plan.pk])
    assert client.post(url, {"file": png(), "caption": "大合影"}).status_code == 302
    video = SimpleUploadedFile("show.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32)
    assert client.post(url, {"file": video, "caption": "演出录像"}).status_code == 302
    photo = ArchiveFile.objects.get(kind="image")
    with django_assert_max_num_queries(QUERIES):
        gallery = client.get(reverse("activities:gallery", args=[plan.pk]))
    text = gallery.content.decode()
    assert reverse("activities:archive-thumbnail", args=[photo.pk]) in text
    assert "大合影" in text and "演出录像" in text
    for n in range(5):
        client.post(url, {"file": png(f"p{n}.png"), "caption": f"照片{n}"})
    with django_assert_max_num_queries(QUERIES):
        client.get(reverse("activities:gallery", args=[plan.pk]))

    thumbnail = client.get(reverse("activities:archive-thumbnail", args=[photo.pk]))
    assert thumbnail["Content-Type"] == "image/jpeg" and thumbnail.content[:2] == b"\xff\xd8"
    original = client.get(reverse("activities:archive-file", args=[photo.pk]))
    assert original.status_code == 200 and original["Cache-Control"] == "private, no-store"
    assert b"".join(original.streaming_content)[:4] == b"\x89PNG"
    assert "/media/" not in photo.file.url or photo.file.storage.location != ""


def test_an_upload_that_is_not_media_is_refused(client, receptionist, plan):
    client.force_login(receptionist)
    response = client.post(
        reverse("activities:archive-add", args=[plan.pk]),
        {"file": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF")},
    )
    assert response.status_code == 400
    assert "photos, video or recordings only" in response.content.decode()
    assert not ArchiveFile.objects.exists()


def test_the_archive_is_not_served_to_another_estate_or_role(
    client, receptionist, outsider, technician, plan
):
    row = plans.archive_add(actor=receptionist, plan=plan, upload=png())
    client.force_login(outsider)
    for name in ("archive-file", "archive-thumbnail"):
        assert client.get(reverse(f"activities:{name}", args=[row.pk])).status_code == 404
    assert (
        client.post(reverse("activities:archive-add", args=[plan.pk]), {"file": png()})
    ).status_code == 404
    client.force_login(technician)
    assert client.get(reverse("activities:archive-file", args=[row.pk])).status_code == 403
    assert ArchiveFile.objects.count() == 1


def _text(data: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_the_plan_and_summary_print_in_chinese(client, receptionist, plan, estate, clock):
    client.force_login(receptionist)
    response = client.get(reverse("activities:plan-pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    for fact in (
        estate.name,
        "迎新春社区联欢会",
        "中心广场",
        "舞台租赁",
        "2300.30",
        "李娜",
        "现场秩序",
    ):
        assert fact in text, fact
    not_yet = client.get(reverse("activities:summary-pdf", args=[plan.pk]))
    assert not_yet.status_code == 302 and not_yet["Location"] == plan.get_absolute_url()

    clock.move_to(at(3, 18))
    plans.summary_record(
        actor=receptionist,
        plan=plan,
        headcount=135,
        spending=Decimal("2400.40"),
        response="业主反响热烈，希望明年继续举办",
    )
    plan.refresh_from_db()
    text = _text(pdf.render_summary(plan))
    for fact in (estate.name, "135", "2300.30", "2400.40", "100.10", "业主反响热烈"):
        assert fact in text, fact


def test_the_week_panel_and_the_dossier_show_the_activity(client, receptionist, plan, unit):
    plans.signup_add(actor=receptionist, plan=plan, unit=unit, name="张伟")
    client.force_login(receptionist)
    panel = client.get(reverse("today-panel", args=["activities-this-week"])).content.decode()
    assert plan.theme in panel
    section = client.get(reverse("owners:unit-section", args=[unit.pk, "activities"]))
    assert plan.theme in section.content.decode()
    home = client.get(reverse("activities:facilities")).content.decode()
    assert reverse("activities:plans") in home
