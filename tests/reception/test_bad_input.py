"""Bad input at the desk: records holding control characters still export; the forms refuse
control and bidirectional characters, implausible dates and plates that are not plates."""

import io

import pytest
from openpyxl import load_workbook

from reception.models import PhoneCall, Visit

from .helpers import record_call, record_visit

pytestmark = pytest.mark.django_db


def _rows(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_it_exports_calls_holding_control_characters(client, receptionist, estate):
    call = record_call(receptionist, estate)
    # Rows stored before the text policy, or written by an import, may hold anything.
    PhoneCall.objects.filter(pk=call.pk).update(caller_name="张\x07伟", content="=1+2\x1b")
    client.force_login(receptionist)
    rows = _rows(client.get("/reception/calls/export.xlsx"))
    assert "张\ufffd伟" in rows[1]
    assert "=1+2\ufffd" in rows[1]  # text, not a formula


def test_it_exports_visits_holding_control_characters(client, receptionist, estate):
    visit = record_visit(receptionist, estate)
    Visit.objects.filter(pk=visit.pk).update(name="王\x1b五", notes="\x0b")
    client.force_login(receptionist)
    rows = _rows(client.get("/reception/visits/export.xlsx"))
    assert "王\ufffd五" in rows[1]


def _call(client, receptionist, **values):
    client.force_login(receptionist)
    data = {
        "caller_kind": "owner",
        "caller_name": "张伟",
        "topic": "inquiry",
        "content": "问物业费",
        "resolution": "contact_left",
        "contact_phone": "13912345678",
        "reply_method": "call",
    }
    data.update(values)
    return client.post("/reception/calls/new/", data)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"reply_due": "9999-12-31"}, "Enter a date between"),
        ({"reply_due": "1900-01-01"}, "Enter a date between"),
        ({"contact_phone": "139１２３４５６７８"}, "11-digit mobile"),
        ({"caller_phone": "call me"}, "11-digit mobile"),
        ({"caller_name": "\u202e伟张"}, "override characters"),
        ({"content": "漏水\x1b[31m"}, "control characters"),
    ],
)
def test_it_refuses_bad_call_input(client, receptionist, estate, values, message):
    response = _call(client, receptionist, **values)
    assert message in response.content.decode()
    assert not PhoneCall.objects.exists()


def test_it_keeps_newlines_in_multi_line_text(client, receptionist, estate):
    response = _call(client, receptionist, content="第一行\r\n第二行\t完")
    assert response.status_code == 302, response.context["form"].errors
    assert PhoneCall.objects.get().content == "第一行\r\n第二行\t完"


@pytest.mark.parametrize("plate", ["hello", "京A1234567", "A12345"])
def test_it_refuses_a_plate_that_is_not_a_plate(client, receptionist, estate, plate):
    client.force_login(receptionist)
    response = client.post(
        "/reception/visits/new/",
        {
            "name": "王五",
            "purpose": "office",
            "host_name": "李经理",
            "party_size": "1",
            "id_type": "resident_id",
            "vehicle_plate": plate,
        },
    )
    assert "Enter a vehicle plate" in response.content.decode()
    assert not Visit.objects.exists()
