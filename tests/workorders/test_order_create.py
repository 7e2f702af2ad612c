import datetime

import pytest
from django.utils import timezone

from frontdesk.errors import DeskError
from frontdesk.models import Notification
from tests.factories import UnitFactory
from tests.workorders.helpers import make_order, photo
from workorders import services
from workorders.errors import WorkOrderError
from workorders.models import CategorySLA, Status, WorkOrder, WorkOrderEvent


def test_it_creates_an_open_numbered_order(receptionist, estate, unit):
    order = make_order(receptionist, estate, unit=unit)
    year = timezone.localdate().year
    assert order.number == f"WX{year}-000001"
    assert order.status == Status.OPEN
    assert order.department is None
    assert order.created_by == receptionist
    assert order.get_absolute_url() == f"/orders/{order.pk}/"
    assert list(order.events.values_list("action", "to_status")) == [("created", "open")]
    assert order.history.count() == 1
    assert order.history.first().history_user == receptionist


def test_it_numbers_per_kind(receptionist, estate):
    first = make_order(receptionist, estate, kind="engineering", location="地下车库")
    second = make_order(receptionist, estate, kind="coordination", location="2号楼大堂")
    third = make_order(receptionist, estate, kind="engineering", location="地下车库")
    assert first.number.startswith("GC") and first.number.endswith("000001")
    assert second.number.startswith("XT") and second.number.endswith("000001")
    assert third.number.endswith("000002")


def test_it_dispatches_when_a_department_is_given(
    receptionist,
    estate,
    unit,
    engineering,
    head,
    tech,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(receptionist, estate, unit=unit, department=engineering)
    assert order.status == Status.DISPATCHED
    assert order.department == engineering
    assert [e.action for e in order.events.all()] == ["created", "dispatched"]
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"head", "tech"}
    assert sorted(m.to[0] for m in mailoutbox) == ["head@example.com", "tech@example.com"]


def test_it_sets_the_due_time_from_the_estates_time_allowed(receptionist, estate, unit):
    CategorySLA.objects.create(estate=estate, category="plumbing", hours=6)
    order = make_order(receptionist, estate, unit=unit)
    assert order.due_at - order.created_at == datetime.timedelta(hours=6)
    default = make_order(receptionist, estate, unit=unit, category="house_leakage")
    assert default.due_at - default.created_at == datetime.timedelta(hours=72)


def test_it_links_the_source_record_and_the_parent(receptionist, estate, unit):
    parent = make_order(receptionist, estate, unit=unit)
    child = make_order(
        receptionist, estate, unit=unit, source="complaint", source_object=unit, parent=parent
    )
    assert child.source_object == unit
    assert child.parent == parent
    assert list(parent.children.all()) == [child]


def test_it_keeps_photos(receptionist, estate, unit):
    order = make_order(receptionist, estate, unit=unit, photos=[photo()])
    (saved,) = order.photos.all()
    assert saved.stage == "reported"
    assert saved.file.read()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"kind": "bogus"}, "bad_kind"),
        ({"category": "bogus"}, "bad_category"),
        ({"priority": "asap"}, "bad_priority"),
        ({"source": "mail"}, "bad_source"),
        ({"description": "  "}, "no_description"),
        ({"unit": None, "location": ""}, "no_place"),
    ],
)
def test_it_refuses_bad_input(receptionist, estate, unit, extra, code):
    with pytest.raises(WorkOrderError) as caught:
        make_order(receptionist, estate, **{"unit": unit, **extra})
    assert caught.value.code == code
    assert not WorkOrder.objects.exists()
    assert not WorkOrderEvent.objects.exists()


def test_it_refuses_a_file_that_is_not_an_image(receptionist, estate, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for upload in (
        SimpleUploadedFile("x.png", b"not an image at all"),
        SimpleUploadedFile("x.pdf", b"%PDF-1.4 fake"),
    ):
        with pytest.raises(WorkOrderError) as caught:
            make_order(receptionist, estate, unit=unit, photos=[upload])
        assert caught.value.code == "bad_photo"
    assert not WorkOrder.objects.exists()


def test_it_refuses_another_estates_unit_or_user(receptionist, outsider, estate, other_estate):
    foreign_unit = UnitFactory(building__estate=other_estate)
    with pytest.raises(WorkOrderError) as caught:
        make_order(receptionist, estate, unit=foreign_unit)
    assert caught.value.code == "other_estate"
    with pytest.raises(DeskError) as caught:
        make_order(outsider, estate, location="大门")
    assert caught.value.code == "other_estate"
    assert not WorkOrder.objects.exists()


def test_it_refuses_a_role_that_may_not_create(technician, estate):
    with pytest.raises(DeskError) as caught:
        make_order(technician, estate, location="大门")
    assert caught.value.code == "forbidden"


def test_it_lists_a_units_orders(receptionist, outsider, estate, unit):
    from workorders.selectors import orders_for_unit

    orders = [make_order(receptionist, estate, unit=unit) for _ in range(3)]
    listed = orders_for_unit(user=receptionist, unit=unit, limit=2)
    assert [o.pk for o in listed] == [orders[2].pk, orders[1].pk]
    assert orders_for_unit(user=outsider, unit=unit, limit=5) == []


def test_services_signature_is_keyword_only():
    import inspect

    parameters = inspect.signature(services.order_create).parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
