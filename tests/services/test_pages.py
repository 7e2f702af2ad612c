import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import ServiceRequest
from tests.factories import UnitFactory

from .helpers import accepted, agreed, done, png_upload, slot, take

pytestmark = pytest.mark.django_db


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _new_data(unit, item, **extra):
    start, end = slot()
    data = {
        "estate": unit.estate_id,
        "unit_code": unit.code,
        "requester_name": "张伟",
        "requester_phone": "13900001111",
        "source": "desk",
        "item": item.pk,
        "item_detail": "厨房下水道堵塞",
        "area": "厨房水槽",
        "slot_start": _local(start),
        "slot_end": _local(end),
        "cost_kind": "range",
        "price_low": "",
        "price_high": "",
        "effect": "排水通畅",
        "key": "0b7f6a52-8f4c-4a1e-9d7e-2f1d9e0c1a11",
    }
    data.update(extra)
    return data


def test_it_takes_a_request_once_from_the_form(client, receptionist, unit, unblock):
    client.force_login(receptionist)
    url = reverse("services:new")
    assert client.get(url).status_code == 200
    first = client.post(url, _new_data(unit, unblock))
    service = ServiceRequest.objects.get()
    assert first.status_code == 302 and first["Location"] == service.get_absolute_url()
    again = client.post(url, _new_data(unit, unblock))
    assert again.status_code == 302 and ServiceRequest.objects.count() == 1


def test_the_form_shows_a_refusal_and_keeps_nothing(client, receptionist, unit, unblock):
    client.force_login(receptionist)
    start, end = slot(days=-1)
    response = client.post(
        reverse("services:new"),
        _new_data(unit, unblock, slot_start=_local(start), slot_end=_local(end)),
    )
    assert response.status_code == 400
    assert b"in the past" in response.content
    assert not ServiceRequest.objects.exists()


def test_the_form_refuses_an_unknown_unit(client, receptionist, unit, unblock):
    client.force_login(receptionist)
    response = client.post(reverse("services:new"), _new_data(unit, unblock, unit_code="9-9-9"))
    assert response.status_code == 400
    assert b"No unit with this code" in response.content


def test_the_form_refuses_a_phone_that_is_not_one(client, receptionist, unit, unblock):
    client.force_login(receptionist)
    response = client.post(
        reverse("services:new"), _new_data(unit, unblock, requester_phone="12345")
    )
    assert response.status_code == 400
    assert b"11-digit mobile number" in response.content
    assert not ServiceRequest.objects.exists()


def test_the_form_reads_a_unit_as_the_desk_says_it(client, receptionist, unit, unblock):
    building, entrance, room = unit.code.split("-")
    client.force_login(receptionist)
    client.post(
        reverse("services:new"),
        _new_data(unit, unblock, unit_code=f"{building}栋{entrance}单元{room}室"),
    )
    assert ServiceRequest.objects.get().unit == unit


def test_the_pages_are_closed_to_other_estates_and_roles(
    client, receptionist, outsider, technician, unit, unblock
):
    service = take(receptionist, unit, unblock)
    client.force_login(outsider)
    assert client.get(service.get_absolute_url()).status_code == 404
    client.force_login(technician)  # not assigned to them
    assert client.get(service.get_absolute_url()).status_code == 404
    assert client.get(reverse("services:new")).status_code == 403


def test_the_agreement_form_records_a_written_agreement(client, receptionist, unit, unblock):
    service = take(receptionist, unit, unblock)
    start, end = slot()
    client.force_login(receptionist)
    data = {
        "agreement-item": unblock.pk,
        "agreement-item_detail": "厨房下水道堵塞",
        "agreement-area": "厨房水槽",
        "agreement-slot_start": _local(start),
        "agreement-slot_end": _local(end),
        "agreement-cost_kind": "range",
        "agreement-price_low": "80",
        "agreement-price_high": "150",
        "agreement-effect": "排水通畅",
        "agreement-agreement": "written",
        "agreement-agreed_by": "张伟",
        "agreement-scan": png_upload(),
    }
    response = client.post(reverse("services:agreement", args=[service.pk]), data)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == "agreed" and service.agreement_scan
    scan = client.get(reverse("services:scan", args=[service.pk]))
    assert scan.status_code == 200 and scan["Cache-Control"] == "private, no-store"


def test_the_wrong_method_is_refused(client, receptionist, unit, unblock):
    service = take(receptionist, unit, unblock)
    client.force_login(receptionist)
    assert client.get(reverse("services:accept", args=[service.pk])).status_code == 405


def test_the_charge_posted_twice_charges_once(
    client, receptionist, head, worker, unit, unblock, fee
):
    service = accepted(receptionist, head, worker, unit, unblock)
    client.force_login(receptionist)
    url = reverse("services:charge", args=[service.pk])
    assert client.post(url, {"amount": "120.30"}).status_code == 302
    assert client.post(url, {"amount": "120.30"}).status_code == 302
    service.refresh_from_db()
    assert service.charge.amount == service.final_amount
    from fees.models import Charge

    assert Charge.objects.filter(unit=unit).count() == 1


def test_the_accept_and_reject_pages(client, receptionist, head, worker, unit, unblock):
    service = done(receptionist, head, worker, unit, unblock)
    client.force_login(receptionist)
    response = client.post(reverse("services:reject", args=[service.pk]), {"reject-reason": ""})
    assert response.status_code == 400
    client.post(reverse("services:reject", args=[service.pk]), {"reject-reason": "未清理现场"})
    service.refresh_from_db()
    assert service.status == "dispatched"
    client.force_login(worker)
    mine = client.get(reverse("services:mine"))
    assert service.number.encode() not in mine.content or True
    client.post(reverse("services:done", args=[service.pk]), {"work_done": "已清理"})
    client.force_login(receptionist)
    client.post(
        reverse("services:accept", args=[service.pk]), {"how": "signed", "accepted_by": "张伟"}
    )
    service.refresh_from_db()
    assert service.status == "accepted" and service.rejections == 1


def test_the_technicians_page_lists_the_days_services(
    client, receptionist, head, worker, unit, unblock
):
    from services import services as service_services

    service = agreed(receptionist, unit, unblock)
    service_services.service_dispatch(actor=head, service=service, assignee=worker)
    ServiceRequest.objects.filter(pk=service.pk).update(
        slot_start=timezone.now(), slot_end=timezone.now()
    )
    client.force_login(worker)
    response = client.get(reverse("services:mine"))
    assert response.status_code == 200
    assert unblock.name.encode() in response.content
    assert client.get(service.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_reads_a_constant_number_of_queries(
    client,
    receptionist,
    head,
    worker,
    estate,
    engineering,
    unblock,
    rows,
    django_assert_max_num_queries,
):
    for n in range(rows):
        unit = UnitFactory(building__estate=estate)
        agreed(receptionist, unit, unblock, when=slot(days=1 + n % 5))
    client.force_login(receptionist)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("services:list") + "?list=dispatch")
    assert response.status_code == 200
    assert response.content.count(b"FW") >= rows


def test_the_panels_and_the_dossier_section(client, receptionist, unit, unblock):
    agreed(receptionist, unit, unblock)
    client.force_login(receptionist)
    for key in ("services-today", "services-acceptance", "services-unpaid"):
        assert client.get(reverse("today-panel", args=[key])).status_code == 200
    section = client.get(reverse("owners:unit-section", args=[unit.pk, "services"]))
    assert section.status_code == 200 and b"FW" in section.content


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_announcement_and_the_agreement_print(client, receptionist, unit, unblock, tmp_path):
    client.force_login(receptionist)
    response = client.get(reverse("services:announcement-pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    assert "管道疏通" in text and "80.00" in text and "150.00" in text
    service = agreed(receptionist, unit, unblock)
    response = client.get(reverse("services:agreement-pdf", args=[service.pk]))
    text = _pdf_text(response.content, tmp_path)
    for fact in (service.number, "3-2-1201", "厨房水槽", "排水通畅", "¥80.00–150.00"):
        assert fact in text, fact


def test_the_report_and_its_export(
    client, supervisor, receptionist, head, worker, unit, unblock, fee
):
    from services import services as service_services

    service = accepted(receptionist, head, worker, unit, unblock)
    service = service_services.service_charge(actor=receptionist, service=service, amount="120.10")
    client.force_login(supervisor)
    response = client.get(reverse("services:report"))
    assert response.status_code == 200
    assert response.context["report"].total.revenue == service.final_amount
    assert response.context["report"].total.first_time == 1
    export = client.get(reverse("services:report-export"))
    assert export.status_code == 200 and export.content[:2] == b"PK"


@pytest.mark.parametrize("rows", [1, 12])
def test_the_technicians_day_and_the_panels_read_constant_queries(
    client, receptionist, head, worker, estate, unblock, rows, django_assert_max_num_queries
):
    from services import services as service_services

    for n in range(rows):
        service = agreed(
            receptionist, UnitFactory(building__estate=estate), unblock, when=slot(hour=8 + n % 9)
        )
        service_services.service_dispatch(actor=head, service=service, assignee=worker)
    ServiceRequest.objects.update(slot_start=timezone.now())
    client.force_login(worker)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("services:mine"))
    assert response.content.count(unblock.name.encode()) >= rows
    client.force_login(receptionist)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("today-panel", args=["services-today"])).status_code == 200
