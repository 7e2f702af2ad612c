"""The desk from the keyboard, and axe-core on the pages every receptionist uses.

The first Tab lands on a skip link to the page; "/" goes to the search box from anywhere (to
the search page when the page has none); a link marked with a key is taken with that key, but
not while typing in a field; the dossier's header takes payment three presses from the top.
axe finds no serious or critical violation on the home page, the search page and a dossier,
in Chinese and in English.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

from .test_desk import sign_in, zhang  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_skip_link_and_slash_to_the_search_box(page, live_server, receptionist, zhang):  # noqa: F811
    sign_in(page, live_server, receptionist.username)
    page.goto(f"{live_server.url}/units/{zhang.pk}/")

    page.keyboard.press("Tab")
    expect(page.get_by_test_id("skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    # No search box on the dossier: "/" opens the search page, its box ready for typing.
    page.keyboard.press("/")
    expect(page).to_have_url(re.compile(r"/search/$"))
    expect(page.locator("#desk-search")).to_be_focused()
    page.keyboard.type("3-2-1201")
    expect(page.locator("#search-results")).to_contain_text("3-2-1201")

    # Away from the box, "/" brings the cursor back to it instead of typing a slash.
    page.locator("#main").focus()
    page.keyboard.press("/")
    expect(page.locator("#desk-search")).to_be_focused()
    expect(page.locator("#desk-search")).to_have_value("3-2-1201")


def test_the_dossiers_keys_take_their_actions_but_not_while_typing(
    page,
    live_server,
    receptionist,
    zhang,  # noqa: F811
):
    sign_in(page, live_server, receptionist.username)
    page.goto(f"{live_server.url}/units/{zhang.pk}/")
    expect(page.get_by_test_id("unit-new-call").locator("kbd")).to_have_text("c")

    page.goto(f"{live_server.url}/search/")
    page.locator("#desk-search").type("c")  # typed into the box: no jump
    expect(page).to_have_url(re.compile(r"/search/$"))
    page.goto(f"{live_server.url}/units/{zhang.pk}/")
    expect(page.get_by_test_id("unit-new-call")).to_be_visible()  # the sections load after
    page.keyboard.press("c")
    expect(page).to_have_url(re.compile(rf"/reception/calls/new/\?unit={zhang.pk}$"))
    page.go_back()
    expect(page.get_by_test_id("new-repair")).to_be_visible()
    page.keyboard.press("w")
    expect(page).to_have_url(re.compile(rf"\?unit={zhang.pk}$"))
    expect(page.locator("form")).not_to_have_count(0)


def test_the_dossiers_header_actions_come_first_after_the_skip_link(
    page,
    live_server,
    supervisor,
    zhang,  # noqa: F811
):
    sign_in(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/units/{zhang.pk}/")
    header = page.get_by_test_id("unit-actions")
    pay = header.get_by_test_id("unit-action-fees-unit-pay")
    for action, key in (
        (pay, "p"),
        (header.get_by_test_id("unit-action-reception-unit-call"), "c"),
        (header.get_by_test_id("unit-action-workorders-unit-repair"), "w"),
        (header.get_by_test_id("unit-print"), "r"),
    ):
        expect(action).to_have_attribute("aria-keyshortcuts", key)
        expect(action.locator("kbd")).to_have_text(key)

    # Tab, Enter on the skip link, Tab: three presses to "take payment" (21 before the header).
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(pay).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/fees/units/{zhang.pk}/pay/")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_everyday_pages_pass_axe(page, live_server, receptionist, zhang, language):  # noqa: F811
    sign_in(page, live_server, receptionist.username)
    if language == "en":
        page.get_by_test_id("lang-en").click()
    for path in ("/", "/search/?q=张伟", f"/units/{zhang.pk}/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
