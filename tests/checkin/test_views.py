import datetime

import pytest
from django.urls import reverse

from checkin import services
from checkin.models import Custody, Inspection, KeyLog
from frontdesk import roles
from owners.models import Unit
from tests.factories import OwnerFactory, OwnershipFactory, UnitFactory, staff

from .helpers import START, fake_pdf, png, start

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"checkin:{name}", args=args)


def readings(**extra):
    return {"water": "3", "electricity": "10", "gas": "", **extra}


def test_the_start_form_starts_custody(client, receptionist, unit, owner):
    client.force_login(receptionist)
    assert client.get(url("custody-start", unit.pk)).status_code == 200
    response = client.post(
        url("custody-start", unit.pk),
        {
            "owner": owner.pk,
            "agreement_signed_on": "2026-03-01",
            "start_date": "2026-03-02",
            **readings(),
        },
    )
    custody = Custody.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("custody-detail", custody.pk)
    unit.refresh_from_db()
    assert unit.status == Unit.Status.IN_CUSTODY


def test_the_start_form_shows_a_refusal(client, receptionist, unit, owner):
    client.force_login(receptionist)
    response = client.post(
        url("custody-start", unit.pk),
        {
            "owner": owner.pk,
            "agreement_signed_on": "2026-03-01",
            "start_date": "2026-03-02",
            **readings(water="8"),
        },
    )
    assert response.status_code == 400
    assert b"supervisor must add a note" in response.content
    assert not Custody.objects.exists()


def test_start_custody_refuses_other_estates_and_roles(client, outsider, cashier, technician, unit):
    client.force_login(outsider)
    assert client.get(url("custody-start", unit.pk)).status_code == 404
    for user in (cashier, technician):
        client.force_login(user)
        assert client.get(url("custody-start", unit.pk)).status_code == 403


def test_pages_refuse_the_wrong_method(client, receptionist, custody):
    client.force_login(receptionist)
    log = services.key_take(actor=receptionist, custody=custody, taken_by="刘", reason="通风")
    assert client.post(url("custody-list")).status_code == 405
    assert client.post(url("custody-detail", custody.pk)).status_code == 405
    assert client.get(url("key-take", custody.pk)).status_code == 405
    assert client.get(url("key-return", log.pk)).status_code == 405
    assert client.get(url("rain-warning")).status_code == 405
    assert client.put(url("custody-end", custody.pk)).status_code == 405


def test_keys_are_handed_out_and_returned(client, receptionist, custody):
    client.force_login(receptionist)
    response = client.post(url("key-take", custody.pk), {"taken_by": "保洁 刘", "reason": "通风"})
    assert response.status_code == 302
    log = KeyLog.objects.get()
    response = client.post(url("key-take", custody.pk), {"taken_by": "", "reason": ""})
    assert response.status_code == 400
    assert client.post(url("key-return", log.pk)).status_code == 302
    log.refresh_from_db()
    assert log.returned_at is not None


def test_the_end_form_refuses_with_keys_out_then_ends(client, receptionist, custody, unit):
    client.force_login(receptionist)
    log = services.key_take(actor=receptionist, custody=custody, taken_by="刘", reason="通风")
    data = {
        "end_date": "2026-04-10",
        "unit_status": "occupied",
        **readings(water="4", electricity="12"),
    }
    assert client.get(url("custody-end", custody.pk)).status_code == 200
    response = client.post(url("custody-end", custody.pk), data)
    assert response.status_code == 400
    assert b"still out" in response.content
    services.key_return(actor=receptionist, key_log=log)
    assert client.post(url("custody-end", custody.pk), data).status_code == 302
    custody.refresh_from_db()
    assert custody.end_date == datetime.date(2026, 4, 10)


def test_the_inspection_form_works_for_a_guard(client, guard, custody):
    services.inspections_sweep(today=START)
    inspection = custody.inspections.get()
    client.force_login(guard)
    page = client.get(url("inspection-record", inspection.pk))
    assert page.status_code == 200
    # The guard sees the inspection, not the custody page (its owner, keys, agreement).
    assert url("custody-detail", custody.pk) not in page.content.decode()
    response = client.post(
        url("inspection-record", inspection.pk),
        {
            "doors_windows_ok": "yes",
            "leaks": "no",
            "signs_of_entry": "no",
            "notes": "完好",
            "category": "other",
            "photos": [png()],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(url("custody-detail", custody.pk)).status_code == 403
    assert client.get(url("custody-list")).status_code == 403
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.DONE
    assert inspection.photos.count() == 1


def test_the_inspections_panel_links_a_technician_to_the_inspection_only(
    client, technician, custody
):
    services.inspections_sweep(today=START)
    inspection = custody.inspections.get()
    client.force_login(technician)
    panel = client.get(reverse("today-panel", args=["checkin-inspections"]))
    body = panel.content.decode()
    assert url("inspection-record", inspection.pk) in body
    assert url("custody-list") not in body


def test_the_inspection_form_refuses_a_pdf_photo(client, guard, custody):
    services.inspections_sweep(today=START)
    inspection = custody.inspections.get()
    client.force_login(guard)
    response = client.post(
        url("inspection-record", inspection.pk),
        {
            "doors_windows_ok": "yes",
            "leaks": "no",
            "signs_of_entry": "no",
            "category": "other",
            "photos": [fake_pdf()],
        },
    )
    assert response.status_code == 400
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.DUE


def test_inspection_pages_refuse_other_estates_and_roles(client, outsider, cashier, custody):
    services.inspections_sweep(today=START)
    inspection = custody.inspections.get()
    client.force_login(outsider)
    assert client.get(url("inspection-record", inspection.pk)).status_code == 404
    assert client.get(url("custody-detail", custody.pk)).status_code == 404
    assert client.post(url("custody-end", custody.pk)).status_code == 404
    client.force_login(cashier)
    assert client.get(url("inspection-record", inspection.pk)).status_code == 403
    assert client.get(url("custody-list")).status_code == 403


def test_a_supervisor_warns_of_heavy_rain(client, supervisor, receptionist, estate, custody):
    client.force_login(receptionist)
    assert client.post(url("rain-warning"), {"estate": estate.pk}).status_code == 403
    client.force_login(supervisor)
    response = client.post(url("rain-warning"), {"estate": estate.pk, "note": "暴雨"})
    assert response.status_code == 302
    assert Inspection.objects.filter(kind__in=["before_rain", "after_rain"]).count() == 2


def test_heavy_rain_for_another_estate_is_not_found(client, supervisor, other_estate):
    client.force_login(supervisor)
    assert client.post(url("rain-warning"), {"estate": other_estate.pk}).status_code == 404


def test_the_rain_form_starts_from_the_desks_estate_and_asks_when_there_is_none(
    client, estate, other_estate, custody
):
    both = staff(estates=[estate, other_estate], roles=[roles.CS_SUPERVISOR])
    client.force_login(both)

    unchosen = client.get(url("custody-list")).content.decode()
    missing = client.post(url("rain-warning"), {"estate": "", "note": "暴雨"}, follow=True)
    client.post("/estate/", {"estate": other_estate.pk, "next": "/"})
    chosen = client.get(url("custody-list")).content.decode()

    assert '<option value="" selected>' in unchosen
    assert "Choose the estate the rain is coming to." in missing.content.decode()
    assert not Inspection.objects.filter(kind__in=["before_rain", "after_rain"]).exists()
    assert f'<option value="{other_estate.pk}" selected>' in chosen


def make_custodies(actor, estate, unit, n):
    for i in range(n):
        other = UnitFactory(
            building=unit.building, room=f"9{i:03d}", code=f"3-2-9{i:03d}", status="handed_over"
        )
        OwnershipFactory(unit=other, owner=OwnerFactory(estate=estate, name="王芳"))
        start(actor, other)
    services.inspections_sweep(today=START + datetime.timedelta(days=15))


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_and_detail_keep_to_a_query_budget(
    client, receptionist, estate, unit, rows, django_assert_max_num_queries
):
    make_custodies(receptionist, estate, unit, rows)
    custody = Custody.objects.first()
    for i in range(rows // 10):
        services.key_take(actor=receptionist, custody=custody, taken_by=f"刘{i}", reason="通风")
    client.force_login(receptionist)
    with django_assert_max_num_queries(10):
        response = client.get(url("custody-list"))
    assert response.status_code == 200
    assert response.content.count(b'data-testid="custody"') == rows
    assert b"overdue" in response.content
    with django_assert_max_num_queries(14):
        assert client.get(url("custody-detail", custody.pk)).status_code == 200


def test_the_list_filters_ended_custody(client, receptionist, custody):
    from .helpers import low

    services.custody_end(actor=receptionist, custody=custody, readings=low("4", "13"))
    client.force_login(receptionist)
    assert b'data-testid="custody"' not in client.get(url("custody-list")).content
    ended = client.get(url("custody-list") + "?state=ended").content
    assert ended.count(b'data-testid="custody"') == 1


def test_the_dossier_section_and_today_panel(
    client, receptionist, unit, custody, django_assert_max_num_queries
):
    services.inspections_sweep(today=START)
    client.force_login(receptionist)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("owners:unit-section", args=[unit.pk, "custody"]))
    assert response.status_code == 200
    assert b"In custody" in response.content
    response = client.get(reverse("today-panel", args=["checkin-inspections"]))
    assert response.status_code == 200
    assert b"3-2-1201" in response.content
    assert b"overdue" in response.content
