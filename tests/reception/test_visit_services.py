import datetime

import pytest
from django.utils import timezone

from frontdesk.errors import DeskError
from frontdesk.models import DocumentSequence, Notification
from owners.models import PersonalDataAccess
from reception import services
from reception.errors import ReceptionError
from reception.models import Visit
from tests.factories import resident_id

from .helpers import minutes_ago, record_visit


def test_it_logs_a_visitor_with_a_number_and_a_masked_id(guard, estate, unit):
    number = resident_id(7)
    visit = record_visit(
        guard, estate, unit=unit, id_number=number.lower(), phone="139 1234 5678", host_name=""
    )

    assert visit.number == f"FK{timezone.localdate().year}-000001"
    assert visit.id_number == number
    assert visit.id_masked == number[:6] + "********" + number[-4:]
    assert visit.phone == "13912345678"
    assert visit.on_site and visit.recorded_by == guard
    record = visit.history.get()
    assert record.id_masked == visit.id_masked
    assert not hasattr(record, "id_number")  # the full number stays out of history


def test_it_notifies_the_department_and_the_host_on_commit(
    receptionist,
    supervisor,
    estate,
    engineering,
    engineering_head,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        visit = record_visit(receptionist, estate, department=engineering, host=supervisor)
        assert not Notification.objects.exists()
    for callback in callbacks:
        callback()

    notified = {n.user for n in Notification.objects.all()}
    assert notified == {engineering_head, supervisor}
    notification = Notification.objects.first()
    assert visit.number in notification.body and "王五" in notification.title
    assert notification.url == f"/reception/visits/{visit.pk}/"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"id_number": "110105198506010010"}, "invalid_id"),  # bad check digit
        ({"phone": "555"}, "invalid_phone"),
        ({"host_name": ""}, "no_host"),
        ({"arrived_at": "future"}, "arrival_in_future"),
        ({"arrived_at": "long ago"}, "arrival_too_old"),
        ({"party_size": 0}, "invalid"),
    ],
)
def test_it_refuses_bad_input_and_gives_no_number(receptionist, estate, fields, code):
    if fields.get("arrived_at") == "future":
        fields["arrived_at"] = timezone.now() + datetime.timedelta(hours=2)
    if fields.get("arrived_at") == "long ago":
        fields["arrived_at"] = timezone.now() - datetime.timedelta(days=8)
    with pytest.raises(ReceptionError) as refused:
        record_visit(receptionist, estate, **fields)

    assert refused.value.code == code
    assert not Visit.objects.exists()
    assert not DocumentSequence.objects.filter(last_number__gt=0).exists()


def test_it_refuses_another_estates_department_unit_and_staff(
    receptionist, estate, other_unit, other_engineering, outsider
):
    for fields, field in [
        ({"department": other_engineering}, "department"),
        ({"unit": other_unit}, "unit"),
        ({"host": outsider}, "host"),
    ]:
        with pytest.raises(ReceptionError) as refused:
            record_visit(receptionist, estate, **fields)
        assert (refused.value.code, refused.value.field) == ("other_estate", field)
    assert not Visit.objects.exists()


def test_it_records_the_departure_once(guard, estate):
    visit = record_visit(guard, estate, arrived_at=minutes_ago(30))
    services.visit_depart(actor=guard, visit=visit)
    visit.refresh_from_db()
    left = visit.departed_at
    assert left is not None and visit.departure_recorded_by == guard

    with pytest.raises(ReceptionError) as refused:
        services.visit_depart(actor=guard, visit=visit)
    assert refused.value.code == "already_left"
    visit.refresh_from_db()
    assert visit.departed_at == left


def test_it_refuses_a_departure_before_the_arrival(guard, estate):
    visit = record_visit(guard, estate, arrived_at=minutes_ago(10))
    with pytest.raises(ReceptionError) as refused:
        services.visit_depart(actor=guard, visit=visit, at=minutes_ago(20))
    assert refused.value.code == "departure_before_arrival"
    visit.refresh_from_db()
    assert visit.departed_at is None


@pytest.mark.parametrize("who", ["technician", "cashier", "director"])
def test_it_refuses_roles_that_do_not_log_visitors(request, estate, who):
    with pytest.raises(DeskError) as refused:
        record_visit(request.getfixturevalue(who), estate)
    assert refused.value.code == "forbidden"


def test_it_reveals_the_full_id_only_to_roles_that_may_see_it(receptionist, supervisor, estate):
    visit = record_visit(receptionist, estate, id_number=resident_id(3))
    with pytest.raises(DeskError) as refused:
        services.visit_id_reveal(actor=receptionist, visit=visit)
    assert refused.value.code == "forbidden"
    assert not PersonalDataAccess.objects.exists()

    assert services.visit_id_reveal(actor=supervisor, visit=visit) == resident_id(3)
    assert PersonalDataAccess.objects.get().user == supervisor
