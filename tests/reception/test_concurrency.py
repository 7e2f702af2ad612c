"""Two desks at once, on PostgreSQL: a departure is recorded once, a reply once, visit
numbers stay gapless and unique, and one call or visitor form posted many times at once
(double clicks, resends, from one session or several) records one call or one visit."""

import re
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from frontdesk import roles
from reception import conversions, services
from reception.errors import FormUsed, ReceptionError
from reception.models import CallLink, PhoneCall, Visit
from tests.factories import EstateFactory, staff
from tests.helpers import needs_postgres, run_together

from .helpers import minutes_ago

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desks():
    needs_postgres()
    estate = EstateFactory(code="PGR")
    return estate, [staff(estates=[estate], roles=[roles.RECEPTIONIST]) for _ in range(4)]


def test_it_records_a_departure_once_when_two_desks_click_together(desks):
    estate, people = desks
    visit = services.visit_record(
        actor=people[0],
        estate=estate,
        name="王五",
        identity_checked=True,
        purpose="office",
        host_name="李经理",
        arrived_at=minutes_ago(10),
    )

    results, errors = run_together(lambda n: services.visit_depart(actor=people[n], visit=visit), 2)

    assert len(results) == 1
    assert [e.code for e in errors if isinstance(e, ReceptionError)] == ["already_left"]
    assert Visit.history.filter(id=visit.pk, departed_at__isnull=False).count() == 1


def test_it_records_one_reply_when_two_desks_reply_together(desks):
    estate, people = desks
    call = services.call_record(
        actor=people[0],
        estate=estate,
        caller_name="张伟",
        topic="fee",
        content="问费用",
        answered_on_spot=False,
        contact_phone="13900001111",
    )

    results, errors = run_together(
        lambda n: services.call_reply(actor=people[n], call=call, reply=f"回复{n}"), 2
    )

    assert len(results) == 1
    assert [e.code for e in errors if isinstance(e, ReceptionError)] == ["not_awaiting_reply"]
    call.refresh_from_db()
    assert call.status == PhoneCall.Status.REPLIED and call.reply == results[0].reply


def test_it_keeps_visit_numbers_unique_and_gapless(desks):
    estate, people = desks

    def arrive(n):
        return services.visit_record(
            actor=people[n],
            estate=estate,
            name=f"访客{n}",
            identity_checked=True,
            purpose="delivery",
            host_name="前台",
        )

    results, errors = run_together(arrive, 4)

    assert not errors
    year = timezone.localdate().year
    numbers = sorted(v.number for v in results)
    assert numbers == [f"FK{year}-{n:06d}" for n in range(1, 5)]


# One form posted many times at once


def test_it_takes_one_call_form_key_once_when_posted_sixteen_times_at_once(desks):
    estate, people = desks
    key = uuid.uuid4()

    def record(n):
        return services.call_record(
            actor=people[n % 4],
            estate=estate,
            caller_name="张伟",
            topic="repair",
            content="漏水",
            answered_on_spot=False,
            contact_phone="13900001111",
            form_key=key,
        )

    results, errors = run_together(record, 16)

    assert len(results) == 1
    assert [e.code for e in errors] == ["form_used"] * 15
    assert all(isinstance(e, FormUsed) and e.record == results[0] for e in errors)
    assert PhoneCall.objects.get().form_key == key


def test_it_takes_one_visit_form_key_once_and_one_number(desks):
    estate, people = desks
    key = uuid.uuid4()

    def arrive(n):
        return services.visit_record(
            actor=people[n % 4],
            estate=estate,
            name="王五",
            identity_checked=True,
            purpose="office",
            host_name="前台",
            form_key=key,
        )

    results, errors = run_together(arrive, 8)

    assert len(results) == 1 and [e.code for e in errors] == ["form_used"] * 7
    assert Visit.objects.get().number == f"FK{timezone.localdate().year}-000001"
    following = services.visit_record(
        actor=people[0],
        estate=estate,
        name="赵六",
        identity_checked=True,
        purpose="office",
        host_name="前台",
    )
    assert following.number.endswith("-000002")  # no number was lost to the repeats


def _form_key(client, url: str) -> str:
    return re.search(r'name="key" value="([0-9a-f-]{36})"', client.get(url).content.decode())[1]


@pytest.mark.parametrize("sessions", [1, 4], ids=["one session", "four sessions"])
def test_one_visitor_form_posted_eight_times_at_once_logs_one_visit(desks, sessions):
    estate, people = desks
    clients = [Client() for _ in range(sessions)]
    for n, client in enumerate(clients):
        client.force_login(people[n])
    key = _form_key(clients[0], "/reception/visits/new/")
    data = {
        "key": key,
        "name": "王五",
        "id_type": "passport",
        "identity_checked": "on",
        "party_size": "1",
        "purpose": "office",
        "host_name": "李经理",
    }

    def post(n):
        response = clients[n % sessions].post("/reception/visits/new/", data)
        return response.status_code, response["Location"]

    results, errors = run_together(post, 8)

    assert errors == []
    visit = Visit.objects.get()
    assert set(results) == {(302, visit.get_absolute_url())}


def test_create_work_order_clicked_four_times_at_once_makes_one_order(desks):
    estate, people = desks
    call = services.call_record(
        actor=people[0],
        estate=estate,
        caller_name="张伟",
        topic="repair",
        content="路灯不亮",
        location="3栋门口",
        answered_on_spot=False,
        contact_phone="13900001111",
    )
    key = uuid.uuid4()

    def convert(n):
        return services.call_convert(
            actor=people[n], call=call, action=conversions.WORK_ORDER, form_key=key
        )

    results, errors = run_together(convert, 4)

    assert len(results) == 1 and [e.code for e in errors] == ["form_used"] * 3
    assert all(e.record == results[0] for e in errors)
    assert CallLink.objects.get().target == results[0]
