import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from frontdesk import roles
from owners.models import Authorization, Document
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    ResidentFactory,
    UnitFactory,
    staff,
)
from tests.frontdesk.test_pdf import pdf_text


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
    )
    owner = OwnerFactory(estate=estate, name="张伟", address="深圳市南山区科技园")
    OwnershipFactory(unit=unit, owner=owner, since=datetime.date(2021, 5, 1))
    ResidentFactory(unit=unit, name="李娜", relation="配偶")
    Authorization.objects.create(
        owner=owner,
        unit=unit,
        name="赵磊",
        valid_until=datetime.date(2020, 1, 1),
        valid_from=datetime.date(2019, 1, 1),
    )
    return unit


def test_it_shows_the_whole_unit_on_one_page(client, receptionist, unit):
    client.force_login(receptionist)
    html = client.get(f"/units/{unit.pk}/").content.decode()
    for fact in ["3-2-1201", "张伟", "2021-05-01", "李娜", "配偶", "赵磊", "expired", "History"]:
        assert fact in html, fact


def test_it_answers_404_for_another_estates_unit(client, outsider, unit):
    client.force_login(outsider)
    assert client.get(f"/units/{unit.pk}/").status_code == 404


def test_it_answers_403_to_a_role_without_desk_work(client, estate, unit):
    client.force_login(staff(estates=[estate], roles=[roles.TECHNICIAN]))
    assert client.get(f"/units/{unit.pk}/").status_code == 403


def test_it_sends_anonymous_users_to_sign_in(client, unit):
    assert client.get(f"/units/{unit.pk}/").status_code == 302


@pytest.mark.parametrize("extra", [0, 20])
def test_it_keeps_a_constant_query_count(
    client, receptionist, unit, extra, django_assert_max_num_queries
):
    for n in range(extra):
        OwnershipFactory(
            unit=unit,
            owner=OwnerFactory(estate=unit.estate),
            share="1",
            since=datetime.date(2010, 1, 1),
            until=datetime.date(2011, 1, 1),
        )
        ResidentFactory(unit=unit, name=f"住户{n}")
        Document.objects.create(
            estate=unit.estate,
            unit=unit,
            kind="other",
            original_sighted=True,
            received_by=receptionist,
        )
    client.force_login(receptionist)
    client.get(f"/units/{unit.pk}/")
    with django_assert_max_num_queries(12):
        assert client.get(f"/units/{unit.pk}/").status_code == 200


def test_it_archives_an_uploaded_scan(client, receptionist, unit):
    client.force_login(receptionist)
    scan = SimpleUploadedFile("notice.pdf", b"%PDF-1.4 occupancy notice", "application/pdf")
    response = client.post(
        f"/units/{unit.pk}/documents/", {"kind": "occupancy_notice", "file": scan}
    )
    assert response.status_code == 302
    document = Document.objects.get(unit=unit)
    assert (document.received_by, document.kind) == (receptionist, "occupancy_notice")
    html = client.get(f"/units/{unit.pk}/").content.decode()
    assert f"/documents/{document.pk}/file/" in html


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("x.exe", b"MZ\x90\x00 not a scan"), "image (JPEG, PNG) or a PDF"),
        (SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)), "larger than 10 MB"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_scan(client, receptionist, unit, upload, message):
    client.force_login(receptionist)
    response = client.post(f"/units/{unit.pk}/documents/", {"kind": "id_copy", "file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_it_refuses_uploads_by_get_and_to_another_estate(client, receptionist, outsider, unit):
    client.force_login(receptionist)
    assert client.get(f"/units/{unit.pk}/documents/").status_code == 405
    client.force_login(outsider)
    response = client.post(
        f"/units/{unit.pk}/documents/", {"kind": "id_copy", "original_sighted": "on"}
    )
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_it_shows_the_change_history_with_its_author(client, receptionist, unit):
    unit.status = "occupied"
    unit._history_user = receptionist
    unit.save()
    client.force_login(receptionist)
    assert f"/units/{unit.pk}/history/" in client.get(f"/units/{unit.pk}/").content.decode()
    html = client.get(f"/units/{unit.pk}/history/").content.decode()
    assert "reception" in html and "Occupied" in html


def test_it_keeps_the_history_of_another_estates_unit_hidden(client, outsider, unit):
    client.force_login(outsider)
    assert client.get(f"/units/{unit.pk}/history/").status_code == 404


@pytest.mark.parametrize("changes", [1, 30])
def test_it_loads_the_history_in_constant_queries(
    client, receptionist, unit, changes, django_assert_max_num_queries
):
    for n in range(changes):
        unit.notes = f"备注 {n}"
        unit.save()
    client.force_login(receptionist)
    client.get(f"/units/{unit.pk}/history/")
    with django_assert_max_num_queries(11):
        assert client.get(f"/units/{unit.pk}/history/").status_code == 200


def test_it_prints_the_household_registration_form_in_chinese(client, receptionist, unit, tmp_path):
    client.force_login(receptionist)
    response = client.get(f"/units/{unit.pk}/registration.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for fact in ["3-2-1201", "张伟", "李娜", "配偶", "深圳市南山区科技园", "110105"]:
        assert fact in text, fact
