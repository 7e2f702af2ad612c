"""The board page: posts put up, the column replaced (closing its reminder), the A4
notice; roles and estates."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Post, ReplacementReminder
from tests.factories.activities import BoardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def column(estate):
    return BoardFactory(estate=estate, name="南门宣传栏")


def test_the_desk_puts_up_a_post_and_replaces_the_column(client, receptionist, column):
    services.post_put_up(
        actor=receptionist,
        board=column,
        post=services.NewPost("safety", "防火提示", "请勿堆放杂物"),
        on=timezone.localdate() - datetime.timedelta(days=15),
    )
    assert services.replacement_sweep() == 1
    client.force_login(receptionist)
    url = reverse("activities:board", args=[column.pk])
    response = client.post(url, {"kind": "activity", "title": "迎新春联欢会", "body": "欢迎报名"})
    assert response.status_code == 302
    assert Post.objects.filter(taken_down_on__isnull=True).count() == 2
    client.post(
        url, {"kind": "publicity", "title": "垃圾分类", "body": "分类投放", "replace": "on"}
    )
    assert list(
        Post.objects.filter(taken_down_on__isnull=True).values_list("title", flat=True)
    ) == ["垃圾分类"]
    assert ReplacementReminder.objects.get().resolved_on == timezone.localdate()
    page = client.get(url).content.decode()
    assert "垃圾分类" in page and "防火提示" in page


def test_a_bad_post_is_refused_and_others_are_kept_out(
    client, receptionist, outsider, director, column
):
    client.force_login(receptionist)
    url = reverse("activities:board", args=[column.pk])
    assert client.post(url, {"kind": "safety", "title": "", "body": "x"}).status_code == 400
    assert not Post.objects.exists()
    client.force_login(director)
    assert client.get(url).status_code == 200
    assert client.post(url, {"kind": "safety", "title": "t", "body": "x"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert not Post.objects.exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_notice_prints_on_a4_in_chinese(client, receptionist, column, tmp_path):
    post = services.post_put_up(
        actor=receptionist,
        board=column,
        post=services.NewPost("safety", "冬季防火安全提示", "电动车请勿入户充电"),
    )
    client.force_login(receptionist)
    response = client.get(reverse("activities:notice", args=[post.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "n.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "冬季防火安全提示" in text and "丽景花园" in text
    size = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "595" in size  # A4 width in points
