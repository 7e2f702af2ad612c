import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from frontdesk import roles
from tests.factories import UnitFactory, staff
from tests.workorders.helpers import make_order, photo
from workorders import services
from workorders.models import Status, WorkOrder


@pytest.fixture
def cashier_user(estate):
    return staff(estates=[estate], roles=[roles.CASHIER], username="cash")


def _login(client, user):
    client.force_login(user)
    return client


# New order


def test_it_prefills_the_new_order_form_from_the_query_string(client, receptionist, unit):
    url = reverse("workorders:order-new")
    response = _login(client, receptionist).get(
        url,
        {
            "unit": unit.pk,
            "description": "卫生间漏水",
            "reporter_name": "王芳",
            "reporter_phone": "13811112222",
            "source": "phone_call",
            "source_type": "owners.unit",
            "source_id": unit.pk,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form["unit_code"].value() == unit.code
    assert form["description"].value() == "卫生间漏水"
    assert form["source"].value() == "phone_call"
    assert form["source_type"].value() == "owners.unit"
    assert "卫生间漏水" in response.content.decode()


def test_it_creates_and_dispatches_an_order(client, receptionist, estate, unit, engineering, head):
    response = _login(client, receptionist).post(
        reverse("workorders:order-new"),
        {
            "estate": estate.pk,
            "kind": "repair",
            "category": "plumbing",
            "unit_code": unit.code,
            "description": "厨房下水堵塞",
            "reporter_name": "张伟",
            "reporter_phone": "13900000000",
            "priority": "urgent",
            "source": "phone_call",
            "department": engineering.pk,
            "photos": [photo()],
            "source_type": "owners.unit",
            "source_id": unit.pk,
        },
    )
    order = WorkOrder.objects.get()
    assert response.status_code == 302 and response.url == order.get_absolute_url()
    assert (order.unit, order.status, order.priority) == (unit, Status.DISPATCHED, "urgent")
    assert order.source_object == unit
    assert order.photos.count() == 1


def test_it_shows_the_services_refusal_on_the_form(client, receptionist, estate):
    response = _login(client, receptionist).post(
        reverse("workorders:order-new"),
        {
            "estate": estate.pk,
            "kind": "repair",
            "category": "plumbing",
            "description": "x",
            "priority": "normal",
            "source": "desk",
        },
    )
    assert response.status_code == 400
    assert "Name the unit or the public location." in response.content.decode()
    assert not WorkOrder.objects.exists()


def test_it_refuses_an_unknown_unit_code(client, receptionist, estate):
    response = _login(client, receptionist).post(
        reverse("workorders:order-new"),
        {
            "estate": estate.pk,
            "kind": "repair",
            "category": "plumbing",
            "description": "x",
            "unit_code": "9-9-9999",
            "priority": "normal",
            "source": "desk",
        },
    )
    assert response.status_code == 400
    assert not WorkOrder.objects.exists()


def test_new_order_wrong_method_and_role(client, receptionist, cashier_user):
    url = reverse("workorders:order-new")
    assert _login(client, receptionist).put(url).status_code == 405
    assert _login(client, cashier_user).get(url).status_code == 403


def test_another_estates_unit_is_not_prefilled(client, outsider, unit):
    response = _login(client, outsider).get(reverse("workorders:order-new"), {"unit": unit.pk})
    assert response.status_code == 200
    assert response.context["form"]["unit_code"].value() in (None, "")


# The order page and its steps


def test_the_order_page_shows_facts_timeline_and_steps(
    client, order, tech, django_assert_max_num_queries
):
    _login(client, tech)
    with django_assert_max_num_queries(16):
        response = client.get(order.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert order.number in body and "厨房水龙头漏水" in body
    assert 'data-testid="step-sign"' in body
    assert 'data-testid="step-dispatch"' not in body
    assert len(response.context["timeline"]) == 2


def test_the_order_page_404_for_another_estate_403_for_other_roles(
    client, order, outsider, cashier_user
):
    assert _login(client, outsider).get(order.get_absolute_url()).status_code == 404
    assert _login(client, cashier_user).get(order.get_absolute_url()).status_code == 403


def test_a_technician_signs_starts_and_completes_from_the_page(client, order, tech):
    _login(client, tech)
    step = lambda name: reverse("workorders:order-step", args=[order.pk, name])  # noqa: E731
    assert client.post(step("sign")).status_code == 302
    assert client.post(step("start")).status_code == 302
    response = client.post(
        step("complete"), {"work_done": "换阀芯", "materials": "阀芯", "photos": [photo()]}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Status.COMPLETED and order.photos.count() == 1


def test_a_refused_step_says_why_and_changes_nothing(client, order, tech):
    _login(client, tech)
    response = client.post(
        reverse("workorders:order-step", args=[order.pk, "complete"]), {"work_done": "x"}
    )
    assert response.status_code == 400
    assert "This step is not possible while the order is Dispatched." in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED


def test_steps_wrong_method_other_estate_other_department(
    client, order, tech, outsider, guard_tech, cashier_user
):
    url = reverse("workorders:order-step", args=[order.pk, "sign"])
    assert _login(client, tech).get(url).status_code == 405
    assert _login(client, outsider).post(url).status_code == 404
    # Another department's order is not theirs to see: a 404, as for another estate.
    assert _login(client, guard_tech).post(url).status_code == 404
    assert _login(client, cashier_user).post(url).status_code == 403
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED


def test_the_desk_books_and_records_the_owners_confirmation(
    client, order, head, tech, receptionist
):
    services.order_sign(actor=tech, order=order)
    services.order_start(actor=tech, order=order)
    services.order_complete(actor=tech, order=order, work_done="x")
    services.order_verify(actor=head, order=order)
    _login(client, receptionist)
    at = timezone.localtime()  # the owner is here: the re-inspection is now
    response = client.post(
        reverse("workorders:order-step", args=[order.pk, "book"]),
        {"at": at.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("workorders:order-step", args=[order.pk, "confirm"]), {"signed_by": "张伟"}
    )
    assert response.status_code == 302
    response = client.post(reverse("workorders:order-step", args=[order.pk, "close"]))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Status.CLOSED and order.owner_signed_name == "张伟"


def test_the_technicians_page_returns_to_itself_with_the_reason(client, order, tech):
    _login(client, tech)
    mine = reverse("workorders:my-orders")
    response = client.post(
        reverse("workorders:order-step", args=[order.pk, "start"]), {"next": mine}
    )
    assert response.status_code == 302 and response.url == mine
    page = client.get(mine)
    assert "This step is not possible" in page.content.decode()


def test_the_technicians_page_lists_their_orders(
    client, order, tech, receptionist, django_assert_max_num_queries
):
    _login(client, tech)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workorders:my-orders"))
    assert response.status_code == 200
    assert order.number in response.content.decode()
    assert "Sign for" in response.content.decode()
    assert _login(client, receptionist).get(reverse("workorders:my-orders")).status_code == 403
    assert client.post(reverse("workorders:my-orders")).status_code == 405


# Lists


def _orders(n, receptionist, estate, unit, engineering):
    return [make_order(receptionist, estate, unit=unit, department=engineering) for _ in range(n)]


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("workorders:order-list", "receptionist"),
        ("workorders:department-queue", "head"),
        ("workorders:overdue", "supervisor"),
        ("workorders:owner-queue", "receptionist"),
    ],
)
def test_lists_keep_their_query_budget(
    client,
    request,
    receptionist,
    estate,
    unit,
    engineering,
    head,
    supervisor,
    n,
    name,
    who,
    django_assert_max_num_queries,
):
    orders = _orders(n, receptionist, estate, unit, engineering)
    if name == "workorders:overdue":
        WorkOrder.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
    if name == "workorders:owner-queue":
        WorkOrder.objects.update(status=Status.VERIFIED)
    _login(client, request.getfixturevalue(who))
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert len(response.context["page"].rows) == n
    assert orders[0].number in response.content.decode()


def test_lists_filter_and_page_by_keyset(client, receptionist, estate, unit, engineering):
    orders = _orders(3, receptionist, estate, unit, engineering)
    make_order(receptionist, estate, unit=unit, category="lift")
    _login(client, receptionist)
    response = client.get(
        reverse("workorders:order-list"), {"category": "plumbing", "status": "dispatched"}
    )
    assert [o.pk for o in response.context["page"].rows] == [o.pk for o in reversed(orders)]
    from workorders import selectors

    page = selectors.order_page(WorkOrder.objects.all(), queue="all", size=2)
    rest = selectors.order_page(
        WorkOrder.objects.all(), queue="all", size=2, cursor=page.next_cursor
    )
    assert len(page.rows) == 2 and len(rest.rows) == 2 and not rest.next_cursor
    due = selectors.order_page(WorkOrder.objects.all(), queue="overdue", size=3)
    more = selectors.order_page(
        WorkOrder.objects.all(), queue="overdue", size=3, cursor=due.next_cursor
    )
    assert {o.pk for o in due.rows} | {o.pk for o in more.rows} == set(
        WorkOrder.objects.values_list("pk", flat=True)
    )


def test_lists_show_only_my_estates_and_check_roles(
    client, receptionist, outsider, estate, unit, engineering, cashier_user, tech
):
    _orders(2, receptionist, estate, unit, engineering)
    response = _login(client, outsider).get(reverse("workorders:order-list"))
    assert response.status_code == 200 and response.context["page"].rows == []
    assert _login(client, cashier_user).get(reverse("workorders:order-list")).status_code == 403
    assert _login(client, tech).get(reverse("workorders:overdue")).status_code == 403
    assert _login(client, receptionist).post(reverse("workorders:order-list")).status_code == 405


def test_the_department_queue_shows_only_the_users_department(
    client, receptionist, estate, unit, engineering, security_dept, head
):
    mine = make_order(receptionist, estate, unit=unit, department=engineering)
    theirs = make_order(receptionist, estate, unit=unit, department=security_dept)
    response = _login(client, head).get(reverse("workorders:department-queue"))
    numbers = {o.number for o in response.context["page"].rows}
    assert mine.number in numbers and theirs.number not in numbers


def test_it_exports_a_list_to_excel(client, receptionist, estate, unit, engineering, outsider):
    orders = _orders(2, receptionist, estate, unit, engineering)
    response = _login(client, receptionist).get(
        reverse("workorders:order-export"), {"queue": "all"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    numbers = {row[0] for row in values}
    assert {o.number for o in orders} <= numbers
    assert any("厨房水龙头漏水" in str(cell) for row in values for cell in row)
    empty = _login(client, outsider).get(reverse("workorders:order-export"))
    assert not {o.number for o in orders} & {
        r[0] for r in load_workbook(io.BytesIO(empty.content)).active.iter_rows(values_only=True)
    }
    assert client.post(reverse("workorders:order-export")).status_code == 405


# Photos


def test_photos_are_served_to_staff_of_the_estate_only(
    client, receptionist, estate, unit, outsider, cashier_user
):
    order = make_order(receptionist, estate, unit=unit, photos=[photo()])
    url = reverse("workorders:photo-file", args=[order.photos.get().pk])
    response = _login(client, receptionist).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x89PNG"
    assert response["Cache-Control"] == "private, no-store"
    assert _login(client, outsider).get(url).status_code == 404
    assert _login(client, cashier_user).get(url).status_code == 403


# Desk


def test_the_dossier_section_lists_a_units_orders(
    client, receptionist, estate, unit, django_assert_max_num_queries
):
    orders = [make_order(receptionist, estate, unit=unit) for _ in range(12)]
    other = UnitFactory(building=unit.building, room="0101")
    make_order(receptionist, estate, unit=other)
    _login(client, receptionist)
    url = reverse("owners:unit-section", args=[unit.pk, "workorders"])
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["section"]["orders"]) == 10
    assert orders[-1].number in response.content.decode()
    assert f"?unit={unit.pk}" in response.content.decode()


def test_the_today_panels(client, order, receptionist, head, tech):
    services.order_sign(actor=tech, order=order)
    services.order_start(actor=tech, order=order)
    services.order_complete(actor=tech, order=order, work_done="x")
    services.order_verify(actor=head, order=order)
    response = _login(client, receptionist).get(reverse("today-panel", args=["workorders-owner"]))
    assert response.status_code == 200 and order.number in response.content.decode()
    assert (
        _login(client, tech).get(reverse("today-panel", args=["workorders-owner"])).status_code
        == 403
    )
    fresh = make_order(receptionist, order.estate, unit=order.unit, department=order.department)
    response = _login(client, tech).get(reverse("today-panel", args=["workorders-department"]))
    assert fresh.number in response.content.decode()


def test_the_home_page_offers_new_repair(client, receptionist):
    response = _login(client, receptionist).get("/")
    assert reverse("workorders:order-new") in response.content.decode()


def test_the_desk_dispatches_an_open_order_to_a_technician(
    client, receptionist, estate, unit, engineering, tech
):
    order = make_order(receptionist, estate, unit=unit)
    _login(client, receptionist)
    page = client.get(order.get_absolute_url())
    assert 'data-testid="step-dispatch"' in page.content.decode()
    response = client.post(
        reverse("workorders:order-step", args=[order.pk, "dispatch"]),
        {"department": engineering.pk, "assignee": tech.pk, "note": "尽快处理"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.department, order.assignee) == (
        Status.DISPATCHED,
        engineering,
        tech,
    )


def test_cancel_from_the_page_needs_a_reason(client, order, receptionist):
    _login(client, receptionist)
    url = reverse("workorders:order-step", args=[order.pk, "cancel"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Give a reason." in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED
    assert client.post(url, {"reason": "业主取消"}).status_code == 302
    order.refresh_from_db()
    assert order.status == Status.CANCELLED


def test_an_unknown_step_is_not_found(client, order, receptionist):
    _login(client, receptionist)
    assert (
        client.post(reverse("workorders:order-step", args=[order.pk, "explode"])).status_code == 404
    )
