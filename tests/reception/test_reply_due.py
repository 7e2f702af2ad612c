"""A call's reply is due from today to a year ahead, and the service keeps that rule itself:
another app, a script or a forged post gets the same refusal as the reception form."""

import datetime

import pytest
from django.utils import timezone

from reception import services
from reception.errors import ReceptionError
from reception.models import PhoneCall

from .helpers import record_call

AWAITING = {"answered_on_spot": False, "contact_phone": "13900000000"}


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("due", "code"),
    [
        (datetime.date(9999, 12, 31), "reply_due_too_far"),
        (days(PhoneCall.REPLY_DUE_MAX_DAYS + 1), "reply_due_too_far"),
        (datetime.date(1900, 1, 1), "reply_due_past"),
        (days(-1), "reply_due_past"),
    ],
)
def test_it_refuses_an_implausible_reply_due_date(receptionist, estate, due, code):
    with pytest.raises(ReceptionError) as refused:
        record_call(receptionist, estate, reply_due=due, **AWAITING)

    assert (refused.value.code, refused.value.field) == (code, "reply_due")
    assert not PhoneCall.objects.exists()


def test_it_takes_today_and_a_year_ahead(receptionist, estate):
    for due in (days(0), days(PhoneCall.REPLY_DUE_MAX_DAYS)):
        assert record_call(receptionist, estate, reply_due=due, **AWAITING).reply_due == due


def test_it_refuses_the_date_on_a_call_answered_on_the_spot_too(receptionist, estate):
    with pytest.raises(ReceptionError) as refused:
        record_call(receptionist, estate, reply_due=datetime.date(9999, 1, 1))

    assert refused.value.code == "reply_due_too_far"


def test_routing_keeps_the_rule(receptionist, estate, engineering):
    call = record_call(receptionist, estate, **AWAITING)

    with pytest.raises(ReceptionError) as refused:
        services.call_route(
            actor=receptionist, call=call, department=engineering, reply_due=days(400)
        )

    assert refused.value.code == "reply_due_too_far"
    call.refresh_from_db()
    assert call.department is None and call.reply_due == days(1)


def test_the_form_says_the_same_limit(client, receptionist):
    client.force_login(receptionist)
    response = client.post(
        "/reception/calls/new/",
        {
            "caller_kind": "owner",
            "caller_name": "张伟",
            "topic": "repair",
            "content": "漏水",
            "resolution": "contact_left",
            "contact_phone": "13912345678",
            "reply_due": "9999-12-31",
        },
    )

    assert response.status_code == 400 and not PhoneCall.objects.exists()
