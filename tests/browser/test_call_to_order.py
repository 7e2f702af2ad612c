"""From a phone call to a closed work order, in a real browser.

A receptionist records a call about a leaking pipe for a unit and turns it into a work order
in two clicks (save the call, "Create work order"). The engineering department signs for it,
does the work with its leak test and verifies it; the desk books the owner's re-inspection,
prints the order, records the owner's confirmation and closes it. The order's timeline shows
every step, and the call keeps the link to its order.
"""

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from frontdesk import roles
from frontdesk.models import Department
from reception.models import CallLink, PhoneCall
from tests.factories import (
    BuildingFactory,
    DepartmentFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    staff,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "desk-pass-123"


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
    return unit


@pytest.fixture
def engineering(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.ENGINEERING, name="工程维修部")


@pytest.fixture
def head(estate, engineering):
    user = staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="eng-head", department=engineering
    )
    engineering.head = user
    engineering.save(update_fields=["head"])
    return user


@pytest.fixture
def fitter(estate, engineering):
    return staff(
        estates=[estate], roles=[roles.TECHNICIAN], username="fitter", department=engineering
    )


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button").last.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def local_input(at: datetime.datetime) -> str:
    """A value for an <input type=datetime-local> in the desk's time zone."""
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


def take_step(page, step: str, **fields):
    section = page.locator(f"[data-testid=step-{step}]")
    for name, value in fields.items():
        section.locator(f"[name={name}]").fill(value)
    section.locator("button").click()


def test_it_turns_a_call_into_an_order_and_follows_it_to_the_end(
    page, live_server, receptionist, unit, engineering, head, fitter
):
    sign_in(page, live_server, receptionist.username)
    page.locator("[data-testid=quick-actions] a[href='/reception/calls/new/']").click()

    form = page.locator("[data-testid=call-form]")
    expect(form.locator("[data-testid=call-script]")).to_be_visible()
    form.locator("input[name=caller_name]").fill("张伟")
    form.locator("input[name=caller_phone]").fill("13912345678")
    form.locator("input[name=identity_confirmed]").check()
    form.locator("[data-testid=unit-search]").fill("3-2-1201")
    form.locator("[data-testid=unit-pick-results] [data-unit='3-2-1201']").first.click()
    expect(form.locator("[data-testid=picked-unit]")).to_have_text("3-2-1201")
    form.locator("select[name=topic]").select_option("repair")
    form.locator("textarea[name=content]").fill("厨房水管漏水，楼下天花板渗水")
    form.locator("input[name=resolution][value=contact_left]").check()
    form.locator("input[name=contact_phone]").fill("13987654321")

    form.locator("input[type=submit]").click()  # click 1: the call is saved
    call = PhoneCall.objects.get()
    expect(page).to_have_url(re.compile(rf"/reception/calls/{call.pk}/$"))
    expect(page.locator("[data-testid=call-unit]")).to_have_text("3-2-1201")

    page.locator("[data-testid=create-work-order]").click()  # click 2: the order exists
    link = CallLink.objects.get(call=call)
    order = link.target
    expect(page).to_have_url(re.compile(rf"/orders/{order.pk}/$"))
    expect(page.locator("[data-testid=order-number]")).to_have_text(order.number)
    facts = page.locator("[data-testid=order-facts]")
    for text in ("3-2-1201", "张伟", "13987654321", "厨房水管漏水"):
        expect(facts).to_contain_text(text)
    expect(page.locator("[data-testid=department]")).to_contain_text("工程维修部")
    assert order.source_object == call and order.category == "house_leakage"

    page.goto(f"{live_server.url}/reception/calls/{call.pk}/")
    expect(page.locator("[data-testid=linked-document]")).to_have_text(order.number)
    order_url = f"{live_server.url}/orders/{order.pk}/"

    # The engineering department: the technician signs for it, starts, completes with the
    # leak test; the head verifies.
    sign_in(page, live_server, fitter.username)
    page.goto(order_url)
    take_step(page, "sign")
    take_step(page, "start")
    take_step(
        page,
        "complete",
        work_done="更换厨房水管接头，做闭水试验",
        leak_test_at=local_input(timezone.now()),
    )
    expect(page.locator("[data-testid=order-facts]")).to_contain_text("更换厨房水管接头")

    sign_in(page, live_server, head.username)
    page.goto(order_url)
    take_step(page, "verify")

    # The desk: book the owner's re-inspection, print the order, record the owner's
    # confirmation, close.
    sign_in(page, live_server, receptionist.username)
    page.goto(order_url)
    take_step(page, "book", at=local_input(timezone.now()))  # the owner is here now
    expect(page.locator("[data-testid=reinspection]")).to_be_visible()
    printed = page.request.get(f"{order_url}print.pdf")
    assert printed.status == 200
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.body().startswith(b"%PDF")
    take_step(page, "confirm")
    take_step(page, "close")
    order.refresh_from_db()
    assert order.status == "closed"

    timeline = page.locator("[data-testid=timeline]")
    done = {event.action for event in order.events.all()}
    assert done >= {
        "created",
        "dispatched",
        "signed",
        "started",
        "completed",
        "verified",
        "booked",
        "owner_confirmed",
        "closed",
    }
    with translation.override("zh-hans"):
        labels = [str(event.get_action_display()) for event in order.events.all()]
    for label in labels:
        expect(timeline).to_contain_text(label)
