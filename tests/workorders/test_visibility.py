"""Who sees which order inside an estate: the desk, the CS supervisors and the director see
every order; a department head or technician sees their department's orders, those assigned
to them and those they opened. Any other order is a 404 on every page of it (the order, its
print, its photos, its steps) and is left out of the lists, the export, the dossier."""

import datetime
import io

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from frontdesk import roles
from tests.factories import staff
from tests.workorders.helpers import make_order, photo
from workorders import selectors, services
from workorders.models import Kind, WorkOrder


@pytest.fixture
def orders(receptionist, estate, unit, engineering, security_dept):
    """One order of each department, and one not dispatched yet."""
    return {
        "engineering": make_order(
            receptionist, estate, unit=unit, department=engineering, photos=[photo()]
        ),
        "security": make_order(
            receptionist, estate, unit=unit, department=security_dept, photos=[photo()]
        ),
        "open": make_order(receptionist, estate, unit=unit, photos=[photo()]),
    }


def pages(order: WorkOrder) -> list[str]:
    return [
        reverse("workorders:order-detail", args=[order.pk]),
        reverse("workorders:order-pdf", args=[order.pk]),
        reverse("workorders:photo-file", args=[order.photos.get().pk]),
    ]


def listed(client, url: str, **params) -> set[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return {row.number for row in response.context["page"].rows}


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("tech", {"engineering"}),
        ("head", {"engineering"}),
        ("guard_tech", {"security"}),
        ("receptionist", {"engineering", "security", "open"}),
        ("supervisor", {"engineering", "security", "open"}),
        ("director", {"engineering", "security", "open"}),
    ],
)
def test_each_role_sees_its_orders_and_no_other(client, request, orders, who, seen):
    client.force_login(request.getfixturevalue(who))

    for name, order in orders.items():
        expected = 200 if name in seen else 404
        assert [client.get(url).status_code for url in pages(order)] == [expected] * 3, name

    numbers = {orders[name].number for name in seen}
    assert listed(client, reverse("workorders:order-list")) == numbers
    export = client.get(reverse("workorders:order-export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    exported = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row}
    assert {o.number for o in orders.values()} & exported == numbers


def test_a_step_on_another_departments_order_is_a_404(client, orders, guard_tech):
    order = orders["engineering"]
    client.force_login(guard_tech)

    response = client.post(reverse("workorders:order-step", args=[order.pk, "sign"]))

    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == "dispatched"


def test_the_selector_refuses_another_departments_order(orders, tech):
    assert selectors.order_get(user=tech, pk=orders["engineering"].pk)
    with pytest.raises(Http404):
        selectors.order_get(user=tech, pk=orders["security"].pk)


def test_an_order_assigned_to_a_technician_stays_theirs_after_a_move(
    client, receptionist, estate, unit, engineering, tech, security_dept
):
    order = make_order(receptionist, estate, unit=unit, department=engineering)
    services.order_dispatch(actor=receptionist, order=order, department=engineering, assignee=tech)
    tech.staff_profile.department = security_dept  # moved to another department since
    tech.staff_profile.save(update_fields=["department"])
    client.force_login(tech)

    assert client.get(order.get_absolute_url()).status_code == 200
    assert order.number in listed(client, reverse("workorders:order-list"))


def test_a_head_follows_the_order_they_opened_for_another_department(
    client, head, estate, security_dept
):
    order = make_order(
        head, estate, kind=Kind.COORDINATION, location="3号楼大堂", department=security_dept
    )
    client.force_login(head)

    assert client.get(order.get_absolute_url()).status_code == 200
    assert order.number in listed(client, reverse("workorders:order-list"))


def test_the_overdue_list_and_the_dossier_leave_other_departments_out(client, orders, head, unit):
    WorkOrder.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(head)

    assert listed(client, reverse("workorders:overdue")) == {orders["engineering"].number}
    section = client.get(reverse("owners:unit-section", args=[unit.pk, "workorders"]))
    assert [o.number for o in section.context["section"]["orders"]] == [
        orders["engineering"].number
    ]


def test_a_parent_order_the_head_does_not_see_is_not_found(
    client, orders, head, estate, engineering
):
    client.force_login(head)
    response = client.post(
        reverse("workorders:order-new"),
        {
            "estate": estate.pk,
            "kind": "coordination",
            "category": "plumbing",
            "location": "3号楼大堂",
            "description": "配合检修",
            "priority": "normal",
            "source": "desk",
            "department": engineering.pk,
            "parent": orders["security"].pk,
        },
    )

    assert response.status_code == 400
    assert "The parent order was not found." in response.content.decode()
    assert not WorkOrder.objects.filter(parent=orders["security"]).exists()


@pytest.mark.parametrize("n", [1, 30])
def test_a_technicians_list_keeps_its_query_budget(
    client, receptionist, estate, unit, engineering, security_dept, n, django_assert_max_num_queries
):
    for _ in range(n):
        make_order(receptionist, estate, unit=unit, department=engineering)
        make_order(receptionist, estate, unit=unit, department=security_dept)
    tech = staff(estates=[estate], roles=[roles.TECHNICIAN], username="t1", department=engineering)
    client.force_login(tech)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("workorders:order-list"))

    assert len(response.context["page"].rows) == n
