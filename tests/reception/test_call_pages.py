import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from frontdesk.models import Notification
from reception.models import PhoneCall

from .helpers import record_call

NEW = "/reception/calls/new/"
LIST = "/reception/calls/"


def detail(call) -> str:
    return f"/reception/calls/{call.pk}/"


def form_data(**overrides) -> dict:
    data = {
        "caller_kind": "owner",
        "caller_name": "张伟",
        "caller_phone": "13912345678",
        "identity_confirmed": "on",
        "topic": "repair",
        "content": "厨房水管漏水",
        "resolution": "contact_left",
        "answer": "",
        "contact_phone": "13912345678",
        "reply_method": "call",
        "reply_due": "",
        "department": "",
    }
    data.update(overrides)
    return data


def test_it_shows_the_form_with_the_greeting_and_identity_prompts(client, receptionist):
    client.force_login(receptionist)
    response = client.get(NEW)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="call-script"' in page
    assert "Greet and name the office" in page and "Ask who is calling" in page


def test_it_prefills_the_unit_from_the_dossier(client, receptionist, unit):
    client.force_login(receptionist)
    response = client.get(f"{NEW}?unit={unit.pk}")
    assert response.status_code == 200
    assert 'data-testid="picked-unit">3-2-1201<' in response.content.decode()


def test_it_saves_a_call_and_shows_it(client, receptionist, estate, unit):
    client.force_login(receptionist)
    response = client.post(NEW, form_data(unit=unit.pk))

    call = PhoneCall.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(call)
    assert call.estate == estate and call.unit == unit
    assert call.status == PhoneCall.Status.PENDING and call.identity_confirmed
    page = client.get(detail(call)).content.decode()
    assert "厨房水管漏水" in page and "3-2-1201" in page


def test_it_routes_on_save_and_notifies_on_commit(
    client, receptionist, engineering, engineering_head, django_capture_on_commit_callbacks
):
    client.force_login(receptionist)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, form_data(department=engineering.pk))
    assert Notification.objects.get().user == engineering_head


def test_it_shows_a_clear_error_and_saves_nothing(client, receptionist):
    client.force_login(receptionist)
    response = client.post(NEW, form_data(contact_phone=""))
    assert response.status_code == 400
    assert "enter the phone number to call back" in response.content.decode()
    assert not PhoneCall.objects.exists()


def test_it_refuses_another_estates_department_on_the_form(client, receptionist, other_engineering):
    client.force_login(receptionist)
    response = client.post(NEW, form_data(department=other_engineering.pk))
    assert response.status_code == 400
    assert not PhoneCall.objects.exists()


def test_it_finds_units_for_the_picker(client, receptionist, unit, other_unit):
    client.force_login(receptionist)
    response = client.get("/reception/units/pick/", {"unit_q": "2-1201"})
    assert response.status_code == 200
    assert 'data-unit="3-2-1201"' in response.content.decode()
    chosen = client.get(f"/reception/units/{unit.pk}/pick/")
    assert f'name="unit" value="{unit.pk}"' in chosen.content.decode()
    assert client.get(f"/reception/units/{other_unit.pk}/pick/").status_code == 404


@pytest.mark.parametrize("url", [NEW, LIST, "/reception/calls/export.xlsx"])
@pytest.mark.parametrize("who", ["technician", "guard", "cashier"])
def test_it_forbids_roles_outside_the_call_log(request, client, url, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 403


def test_it_lets_the_director_read_but_not_record(client, director, receptionist, estate):
    call = record_call(receptionist, estate)
    client.force_login(director)
    assert client.get(LIST).status_code == 200
    assert client.get(detail(call)).status_code == 200
    assert client.get(NEW).status_code == 403
    assert client.post(f"{detail(call)}route/", {}).status_code == 403


def test_it_hides_another_estates_call(client, outsider, receptionist, estate):
    call = record_call(receptionist, estate)
    client.force_login(outsider)
    assert client.get(detail(call)).status_code == 404
    assert client.post(f"{detail(call)}reply/", {"reply": "x"}).status_code == 404
    assert client.post(f"{detail(call)}work-order/", {}).status_code == 404
    assert call.pk not in [c.pk for c in client.get(LIST).context["page"].rows]


@pytest.mark.parametrize("step", ["route", "reply", "work-order", "convert/workorder"])
def test_it_takes_steps_by_post_only(client, receptionist, estate, step):
    call = record_call(receptionist, estate)
    client.force_login(receptionist)
    assert client.get(f"{detail(call)}{step}/").status_code == 405


def test_it_records_the_reply_from_the_page(client, receptionist, estate):
    call = record_call(
        receptionist, estate, answered_on_spot=False, answer="", contact_phone="13900001111"
    )
    client.force_login(receptionist)
    response = client.post(f"{detail(call)}reply/", {"reply": "已回电说明"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == PhoneCall.Status.REPLIED and call.replied_by == receptionist
    again = client.post(f"{detail(call)}reply/", {"reply": "再次"})
    assert again.status_code == 400
    call.refresh_from_db()
    assert call.reply == "已回电说明"


def test_it_routes_from_the_page(client, receptionist, estate, engineering):
    call = record_call(receptionist, estate)
    client.force_login(receptionist)
    response = client.post(f"{detail(call)}route/", {"department": engineering.pk})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.department == engineering and call.status == PhoneCall.Status.TRANSFERRED


def test_it_filters_the_log_by_topic_status_and_date(client, receptionist, estate):
    old = record_call(receptionist, estate, topic="fee")
    PhoneCall.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=10)
    )
    repair = record_call(
        receptionist,
        estate,
        topic="repair",
        answered_on_spot=False,
        answer="",
        contact_phone="13900001111",
    )
    client.force_login(receptionist)

    def listed(**params):
        return [c.pk for c in client.get(LIST, params).context["page"].rows]

    assert listed() == [repair.pk, old.pk]
    assert listed(topic="fee") == [old.pk]
    assert listed(status="awaiting") == [repair.pk]
    assert listed(date_from=timezone.localdate().isoformat()) == [repair.pk]
    last_week = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert listed(date_to=last_week) == [old.pk]


def test_it_pages_by_keyset(client, receptionist, estate, settings):
    calls = [record_call(receptionist, estate) for _ in range(3)]
    client.force_login(receptionist)
    from reception import selectors

    filterset = selectors.CallFilter(None, estates=[estate])
    first = selectors.call_page(filterset, size=2)
    assert [c.pk for c in first.rows] == [calls[2].pk, calls[1].pk] and first.next_cursor
    second = selectors.call_page(filterset, cursor=first.next_cursor, size=2)
    assert [c.pk for c in second.rows] == [calls[0].pk] and not second.next_cursor
    response = client.get(LIST, {"after": first.next_cursor})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_it_lists_in_a_fixed_number_of_queries(
    client, receptionist, estate, unit, engineering, rows, django_assert_max_num_queries
):
    for n in range(rows):
        record_call(receptionist, estate, unit=unit, department=engineering if n % 2 else None)
    client.force_login(receptionist)
    client.get(LIST)  # warm the content types and the session
    with django_assert_max_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["page"].rows) == rows


def test_it_exports_the_filtered_log_to_excel(client, receptionist, estate, unit):
    record_call(receptionist, estate, unit=unit, topic="repair", content="阳台漏水")
    record_call(receptionist, estate, topic="fee", content="物业费")
    client.force_login(receptionist)
    response = client.get("/reception/calls/export.xlsx", {"topic": "repair"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 2
    assert "阳台漏水" in values[1] and "3-2-1201" in values[1]
    assert "139****5678" in values[1]


def test_it_counts_queries_of_the_detail_page(
    client, receptionist, estate, unit, django_assert_max_num_queries
):
    call = record_call(receptionist, estate, unit=unit)
    client.force_login(receptionist)
    client.get(detail(call))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(detail(call)).status_code == 200
    assert len(captured) <= 14


def test_it_answers_405_to_a_post_on_the_lists(client, receptionist):
    client.force_login(receptionist)
    assert client.post(LIST).status_code == 405
    assert client.post("/reception/calls/export.xlsx").status_code == 405
    assert client.put(NEW).status_code == 405


def test_it_takes_the_estate_from_the_unit_for_a_user_of_several_estates(
    client, estate, other_estate, unit
):
    from frontdesk import roles
    from tests.factories import staff

    both = staff(estates=[estate, other_estate], roles=[roles.RECEPTIONIST], username="both")
    client.force_login(both)
    assert 'name="estate"' in client.get(NEW).content.decode()
    response = client.post(NEW, form_data(unit=unit.pk, estate=other_estate.pk))
    assert response.status_code == 302
    assert PhoneCall.objects.get().estate == estate
