"""The move-in and custody papers print in the estate's print language (Chinese by default)
while the desk's screens are in English, and in English when the desk asks (?lang=en)."""

import pytest
from django.urls import reverse
from django.utils import translation

from checkin.models import Agreement, RoomKind
from checkin.pdf.movein import render_acceptance, render_handover, render_registration
from checkin.requirements import room_names
from tests.frontdesk.test_pdf import pdf_text

from .test_movein_pdf import accept, fresh, hand_over, register

pytestmark = pytest.mark.django_db


def test_it_prints_the_three_papers_in_chinese(receptionist, case, owner, unit, estate, tmp_path):
    Agreement.objects.create(estate=estate, title="管理规约")
    register(receptionist, case, owner, unit)
    hand_over(receptionist, case)
    accept(receptionist, case, estate)
    case = fresh(case)

    registration = render_registration(case)  # the UI is in English (tests/conftest.py)
    handover = render_handover(case)
    acceptance = render_acceptance(case)

    for data in (registration, handover, acceptance):
        assert data.startswith(b"%PDF")
        text = pdf_text(data, tmp_path)
        for shown in ("丽景花园", "3-2-1201", "张伟"):
            assert shown in text
        assert "业主" in text  # the Owner label, translated already
    assert "住户登记表" in pdf_text(registration, tmp_path)
    assert "业主（签字）" in pdf_text(acceptance, tmp_path)
    assert "李娜" in pdf_text(registration, tmp_path)
    assert "钥匙" in pdf_text(handover, tmp_path)
    assert "渗水" in pdf_text(acceptance, tmp_path)


def test_the_blank_checklist_prints_its_rooms_in_chinese(case, acceptance_form, tmp_path):
    acceptance_form.delete()
    type(case.unit).objects.filter(pk=case.unit_id).update(layout="3室2厅2卫")

    text = " ".join(pdf_text(render_acceptance(fresh(case)), tmp_path).split())

    with translation.override("zh-hans"):  # 主卧, 次卧1, 次卧2; 卫生间1, 卫生间2
        names = room_names(RoomKind.BEDROOM, 3) + room_names(RoomKind.BATHROOM, 2)
    for room in (*names, "客厅", "厨房", "3室2厅2卫"):
        assert room in text, room
    assert "Kitchen" not in text and "Walls and ceiling" not in text


def test_the_custody_agreement_prints_in_chinese_unless_english_is_asked_for(
    client, receptionist, custody, tmp_path
):
    client.force_login(receptionist)
    url = reverse("checkin:custody-agreement", args=[custody.pk])

    chinese = pdf_text(client.get(url).content, tmp_path)
    english = pdf_text(client.get(url, {"lang": "en"}).content, tmp_path)

    assert "托管" in chinese and "signature" not in chinese
    assert "signature" in english and "托管" not in english
    assert "丽景花园" in chinese and "丽景花园" in english  # data stays as it was written


def test_a_move_in_paper_follows_the_request_too(client, receptionist, case, tmp_path):
    client.force_login(receptionist)
    url = reverse("checkin:movein-handover-pdf", args=[case.pk])

    assert "钥匙" in pdf_text(client.get(url).content, tmp_path)
    assert "Keys" in pdf_text(client.get(url, {"lang": "en"}).content, tmp_path)
