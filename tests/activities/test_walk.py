"""What a careless or hostile hand tried on the activity plans (the browser walk), kept."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image

from activities import selectors
from activities.errors import ActivitiesError
from activities.models import ArchiveFile, Plan
from activities.services import plans

from .conftest import at
from .helpers import department_heads, plan_input, png
from .test_plan_pages import form as plan_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(receptionist, supervisor, estate):
    department_heads(estate)
    plan = plans.plan_create(actor=receptionist, estate=estate, plan=plan_input())
    return plans.plan_approve(actor=supervisor, plan=plan)


def test_a_page_dressed_as_a_video_is_never_served_as_a_page(client, receptionist, plan):
    client.force_login(receptionist)
    page = b"\x00\x00\x00\x18ftypmp42<html><script>alert(document.cookie)</script></html>"
    upload = SimpleUploadedFile("show.html", page, content_type="text/html")
    response = client.post(reverse("activities:archive-add", args=[plan.pk]), {"file": upload})
    assert response.status_code == 302
    row = ArchiveFile.objects.get()
    served = client.get(reverse("activities:archive-file", args=[row.pk]))
    assert "html" not in served["Content-Type"]


def test_an_upload_stored_under_a_harmless_name_keeps_its_real_type(client, receptionist, plan):
    client.force_login(receptionist)
    photo = png("合影.html")
    client.post(reverse("activities:archive-add", args=[plan.pk]), {"file": photo})
    row = ArchiveFile.objects.get()
    assert row.file.name.endswith(".png")
    served = client.get(reverse("activities:archive-file", args=[row.pk]))
    assert served["Content-Type"] == "image/png"


def test_a_file_stored_before_the_check_is_only_downloaded(client, receptionist, plan):
    row = plans.archive_add(actor=receptionist, plan=plan, upload=png())
    row.file.save("old.html", ContentFile(b"<html></html>"))
    client.force_login(receptionist)
    served = client.get(reverse("activities:archive-file", args=[row.pk]))
    assert served["Content-Type"] == "application/octet-stream"
    assert served["Content-Disposition"].startswith("attachment")


def test_a_decompression_bomb_is_refused_not_a_server_error(client, receptionist, plan):
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # 400 million pixels, a few kB
    bomb = SimpleUploadedFile("bomb.jpg", buffer.getvalue())
    client.force_login(receptionist)
    response = client.post(reverse("activities:archive-add", args=[plan.pk]), {"file": bomb})
    assert response.status_code == 400 and not ArchiveFile.objects.exists()


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        (at(365 * 30, 14), at(365 * 30, 17)),  # 2056 for 2026
        (at(-365 * 30, 14), at(-365 * 30, 17)),
        (at(3, 14), at(3 + 365, 17)),  # a year long
    ],
)
def test_a_plan_dated_decades_off_or_a_year_long_is_refused(
    receptionist, estate, starts_at, ends_at
):
    department_heads(estate)
    with pytest.raises(ActivitiesError) as refused:
        plans.plan_create(
            actor=receptionist,
            estate=estate,
            plan=plan_input(starts_at=starts_at, ends_at=ends_at),
        )
    assert refused.value.field in ("starts_at", "ends_at")
    assert not Plan.objects.exists()


def test_ten_thousand_characters_are_refused_with_the_limit(client, receptionist, estate):
    department_heads(estate)
    client.force_login(receptionist)
    response = client.post(reverse("activities:plan-new"), plan_form(estate, items="长" * 10_000))
    assert response.status_code == 400
    assert "at most 1000 characters" in response.content.decode()
    assert not Plan.objects.exists()
    with pytest.raises(ActivitiesError):
        plans.plan_create(actor=receptionist, estate=estate, plan=plan_input(prizes="奖" * 1001))


def test_a_long_unbroken_word_wraps_inside_the_printed_plan(receptionist, estate):
    department_heads(estate)
    plan = plans.plan_create(actor=receptionist, estate=estate, plan=plan_input(items="a" * 900))
    assert "overflow-wrap: anywhere" in render_to_string(
        "activities/pdf/plan.html", {"plan": plan, "parts": selectors.plan_parts(plan)}
    )


def test_only_the_first_budget_line_is_marked_required(client, receptionist, estate):
    client.force_login(receptionist)
    page = client.get(reverse("activities:plan-new")).content.decode()

    def label(n: int) -> str:
        return page.split(f'id="id_budget-{n}-item"')[0].rsplit("<label", 1)[-1]

    assert "asteriskField" in label(0)
    assert not any("asteriskField" in label(n) for n in (1, 2, 3))


def test_a_half_filled_budget_line_is_refused(client, receptionist, estate):
    department_heads(estate)
    client.force_login(receptionist)
    response = client.post(
        reverse("activities:plan-new"), plan_form(estate, **{"budget-2-item": "横幅"})
    )
    assert response.status_code == 400 and not Plan.objects.exists()
    assert "This field is required" in response.content.decode()


def test_a_layout_task_and_a_duty_are_escaped_on_the_page(client, receptionist, estate):
    department_heads(estate)
    plan = plans.plan_create(
        actor=receptionist,
        estate=estate,
        plan=plan_input(layout=[("engineering", "<b>舞台</b>")], duties=[("<i>李娜</i>", "主持")]),
    )
    client.force_login(receptionist)
    page = client.get(reverse("activities:plan", args=[plan.pk])).content.decode()
    assert "&lt;b&gt;舞台&lt;/b&gt;" in page and "&lt;i&gt;李娜&lt;/i&gt;" in page
    assert "<b>舞台" not in page
