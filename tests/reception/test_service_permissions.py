"""Every write service of reception checks the actor itself: staff of another estate are
refused with "other_estate", a role without the right with "forbidden", and nothing is
written (no call, visit, link, reveal, work order, history row or notification)."""

import pytest

from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.models import DocumentSequence, Notification
from owners.models import PersonalDataAccess
from reception import conversions, services
from reception.models import CallLink, PhoneCall, Visit
from tests.factories import resident_id, staff
from tests.factories.reception import PhoneCallFactory, VisitFactory
from workorders.models import WorkOrder

# Each prepares the rows a service works on and returns the service's call.


def _call_record(actor, estate, engineering):
    return lambda: services.call_record(
        actor=actor,
        estate=estate,
        caller_name="张伟",
        topic="inquiry",
        content="问物业费怎么交",
        answered_on_spot=True,
        answer="可以在前台缴纳",
    )


def _call_route(actor, estate, engineering):
    call = PhoneCallFactory(estate=estate)
    return lambda: services.call_route(actor=actor, call=call, department=engineering)


def _call_reply(actor, estate, engineering):
    call = PhoneCallFactory(estate=estate, awaiting=True)
    return lambda: services.call_reply(actor=actor, call=call, reply="已安排维修")


def _call_convert(actor, estate, engineering):
    call = PhoneCallFactory(estate=estate, topic="repair", content="大堂漏水", location="1栋大堂")
    return lambda: services.call_convert(actor=actor, call=call, action=conversions.WORK_ORDER)


def _visit_record(actor, estate, engineering):
    return lambda: services.visit_record(
        actor=actor, estate=estate, name="王五", purpose="office", host_name="李经理"
    )


def _visit_depart(actor, estate, engineering):
    visit = VisitFactory(estate=estate)
    return lambda: services.visit_depart(actor=actor, visit=visit)


def _visit_id_reveal(actor, estate, engineering):
    visit = VisitFactory(estate=estate, id_number=resident_id(3))
    return lambda: services.visit_id_reveal(actor=actor, visit=visit)


# (the service, a role of the estate without the right to it)
SERVICES = [
    pytest.param(_call_record, "guard", id="call_record"),
    pytest.param(_call_route, "guard", id="call_route"),
    pytest.param(_call_reply, "technician", id="call_reply"),
    pytest.param(_call_convert, "director", id="call_convert"),
    pytest.param(_visit_record, "technician", id="visit_record"),
    pytest.param(_visit_depart, "cashier", id="visit_depart"),
    pytest.param(_visit_id_reveal, "receptionist", id="visit_id_reveal"),
]


@pytest.fixture
def foreign_supervisor(other_estate):
    """A supervisor (who may do all of it) of another estate."""
    return staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="b-supervisor")


def _state() -> tuple:
    """Every row the services write."""
    return (
        list(PhoneCall.objects.order_by("pk").values()),
        list(Visit.objects.order_by("pk").values()),
        PhoneCall.history.count(),
        Visit.history.count(),
        CallLink.objects.count(),
        PersonalDataAccess.objects.count(),
        WorkOrder.objects.count(),
        Notification.objects.count(),
        list(DocumentSequence.objects.values_list("last_number", flat=True)),
    )


def _refused(code: str, call) -> None:
    before = _state()
    with pytest.raises(DeskError) as refused:
        call()
    assert refused.value.code == code
    assert _state() == before


@pytest.mark.parametrize(("prepare", "_role"), SERVICES)
def test_it_refuses_staff_of_another_estate(
    estate, engineering, foreign_supervisor, prepare, _role
):
    _refused("other_estate", prepare(foreign_supervisor, estate, engineering))


@pytest.mark.parametrize(("prepare", "role"), SERVICES)
def test_it_refuses_a_role_without_the_right(request, estate, engineering, prepare, role):
    _refused("forbidden", prepare(request.getfixturevalue(role), estate, engineering))
