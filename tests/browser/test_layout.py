"""The desk at 1366×768, the commonest counter screen: one row of menu, the dossier's
payment, fees and orders above the fold, the archive's upload behind a button."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from frontdesk import roles
from owners.models import Document, Unit
from tests.browser.axe import assert_accessible
from tests.browser.conftest import ARTIFACTS
from tests.factories import (
    BuildingFactory,
    DocumentFactory,
    OwnerFactory,
    OwnershipFactory,
    ResidentFactory,
    UnitFactory,
    staff,
)
from tests.factories.fees import ChargeFactory
from tests.factories.reception import PhoneCallFactory
from tests.factories.workorders import WorkOrderFactory

from .test_desk import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def busy_unit(estate):
    """A dossier as a receptionist sees it on a busy morning: two owners, residents, papers,
    open charges, orders and calls."""
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
        area=Decimal("128.50"),
        status=Unit.Status.OCCUPIED,
    )
    for name in ("张伟", "李娜"):
        OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name=name), share=50)
    for name in ("张小明", "王芳"):
        ResidentFactory(unit=unit, name=name)
    for kind in (Document.Kind.ID_COPY, Document.Kind.ID_COPY):
        DocumentFactory(estate=estate, unit=unit, kind=kind)
    for months_ago in (1, 2, 3):
        ChargeFactory(
            unit=unit,
            amount=Decimal("321.25"),
            due_date=datetime.date.today() - datetime.timedelta(days=30 * months_ago),
        )
    for _ in range(2):
        WorkOrderFactory(estate=estate, unit=unit)
    PhoneCallFactory(estate=estate, unit=unit)
    return unit


VIEWPORT_HEIGHT = 768
ONE_ROW = 64  # px: Bootstrap's navbar with one row of links is 56 px high; two rows are 100+


def _shoot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"layout-{name}.png")


def _above_the_fold(locator, *, at_least=40):
    """At least the first ``at_least`` pixels of the element are in the window unscrolled."""
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["y"] >= 0 and box["y"] + min(box["height"], at_least) <= VIEWPORT_HEIGHT, box


def test_the_menu_is_one_row_of_groups_opened_from_the_keyboard(page, live_server, supervisor):
    sign_in(page, live_server, supervisor.username)
    menu = page.get_by_test_id("menu")
    expect(menu).to_be_visible()
    assert page.locator("nav.navbar").bounding_box()["height"] <= ONE_ROW
    tops = {round(item.bounding_box()["y"]) for item in menu.locator(":scope > li").all()}
    assert len(tops) == 1, tops
    _shoot(page, "home")

    # Bootstrap's dropdowns: Enter opens, the arrow keys walk the entries, Escape closes.
    reception = page.get_by_test_id("menu-group-reception")
    reception.focus()
    page.keyboard.press("Enter")
    calls = page.get_by_test_id("menu-reception-calls")
    expect(calls).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(calls).to_be_focused()
    _shoot(page, "menu-open")
    page.keyboard.press("Escape")
    expect(calls).to_be_hidden()
    expect(reception).to_be_focused()

    page.keyboard.press("ArrowDown")  # opens it too, on the first entry
    expect(calls).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/reception/calls/")
    # The page's group and entry are marked as the current ones.
    expect(page.get_by_test_id("menu-group-reception")).to_have_class(re.compile(r"\bactive\b"))
    expect(page.get_by_test_id("menu-reception-calls")).to_have_attribute("aria-current", "page")
    expect(page.get_by_test_id("menu-group-fees")).not_to_have_class(re.compile(r"\bactive\b"))

    # The search stays one key away.
    page.locator("#main").focus()
    page.keyboard.press("/")
    expect(page.locator("#desk-search")).to_be_focused()


def test_the_menu_shows_each_role_only_its_entries(page, live_server, supervisor, estate):
    guard = staff(estates=[estate], roles=[roles.SECURITY_GUARD], username="guard")
    sign_in(page, live_server, guard.username)
    menu = page.get_by_test_id("menu")
    expect(menu.get_by_test_id("menu-releases-gate")).to_have_count(1)
    expect(menu.get_by_test_id("menu-search")).to_have_count(0)
    expect(menu.get_by_test_id("menu-group-fees")).to_have_count(0)
    expect(menu.get_by_test_id("menu-group-manage")).to_have_count(0)

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("sign-out").click()
    sign_in(page, live_server, supervisor.username)
    page.get_by_test_id("menu-group-manage").click()
    expect(page.get_by_test_id("menu-signin-lockouts")).to_be_visible()
    expect(page.get_by_test_id("menu-admin")).to_be_visible()


def test_the_dossier_puts_payment_fees_and_orders_above_the_fold(
    page, live_server, estate, busy_unit
):
    # A small office's desk: the receptionist takes payments too.
    desk = staff(estates=[estate], roles=[roles.RECEPTIONIST, roles.CASHIER], username="desk")
    sign_in(page, live_server, desk.username)
    page.goto(f"{live_server.url}/units/{busy_unit.pk}/")
    fees = page.get_by_test_id("section-fees")
    expect(fees.get_by_test_id("take-payment")).to_be_visible()  # the sections have loaded
    expect(page.get_by_test_id("section-workorders").locator("a", has_text="WX")).to_have_count(2)
    _shoot(page, "dossier")

    pay = page.get_by_test_id("unit-action-fees-unit-pay")
    expect(pay.locator("kbd")).to_have_text("p")
    _above_the_fold(pay)
    _above_the_fold(fees, at_least=200)  # the arrears and the first open charges
    _above_the_fold(page.get_by_test_id("section-workorders"))
    _above_the_fold(page.get_by_test_id("owners"), at_least=120)

    # The upload waits behind its button, opens in place with the cursor in its first field.
    form = page.get_by_test_id("document-form")
    expect(form).to_be_hidden()
    toggle = page.get_by_test_id("document-upload-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(form).to_be_visible()
    expect(form.locator("select[name=kind]")).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "true")

    # Scrolled down, the header and its actions stay in sight, and their keys still work.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("window.scrollY") > 500
    header = page.get_by_test_id("dossier-header")
    assert abs(header.bounding_box()["y"]) <= 1
    expect(pay).to_be_in_viewport()
    _shoot(page, "dossier-scrolled")
    page.locator("#main").focus()
    page.keyboard.press("p")
    expect(page).to_have_url(f"{live_server.url}/fees/units/{busy_unit.pk}/pay/")


def test_the_header_offers_only_the_actions_of_the_users_roles(
    page, live_server, cashier, busy_unit
):
    sign_in(page, live_server, cashier.username)
    page.goto(f"{live_server.url}/units/{busy_unit.pk}/")
    actions = page.get_by_test_id("unit-actions")
    expect(actions.get_by_test_id("unit-action-fees-unit-pay")).to_be_visible()
    expect(actions.get_by_test_id("unit-action-reception-unit-call")).to_have_count(0)
    expect(actions.get_by_test_id("unit-action-workorders-unit-repair")).to_have_count(0)


def test_home_and_dossier_pass_axe_with_the_menu_open(page, live_server, supervisor, busy_unit):
    sign_in(page, live_server, supervisor.username)
    assert_accessible(page)
    page.get_by_test_id("menu-group-owners").click()
    expect(page.get_by_test_id("menu-checkin-movein")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/units/{busy_unit.pk}/")
    expect(page.get_by_test_id("section-fees").get_by_test_id("take-payment")).to_be_visible()
    assert_accessible(page)
    page.get_by_test_id("document-upload-toggle").click()
    expect(page.get_by_test_id("document-form")).to_be_visible()
    assert_accessible(page)
