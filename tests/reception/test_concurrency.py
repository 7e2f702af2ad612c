"""Two desks at once, on PostgreSQL: a departure is recorded once, a reply once, and visit
numbers stay gapless and unique."""

import pytest
from django.utils import timezone

from frontdesk import roles
from reception import services
from reception.errors import ReceptionError
from reception.models import PhoneCall, Visit
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
            actor=people[n], estate=estate, name=f"访客{n}", purpose="delivery", host_name="前台"
        )

    results, errors = run_together(arrive, 4)

    assert not errors
    year = timezone.localdate().year
    numbers = sorted(v.number for v in results)
    assert numbers == [f"FK{year}-{n:06d}" for n in range(1, 5)]
