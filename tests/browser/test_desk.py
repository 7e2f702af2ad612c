"""The desk in a real browser: sign in, search, dossier, upload, languages, lock-out, scoping."""

import re

import pytest
from playwright.sync_api import expect

from owners.models import Document
from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "desk-pass-123"


@pytest.fixture
def zhang(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
    )
    owner = OwnerFactory(estate=estate, name="张伟", phone="13912345678")
    OwnershipFactory(unit=unit, owner=owner)
    return unit


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button").last.click()


def test_it_finds_an_owner_and_works_on_the_dossier(
    page, live_server, receptionist, zhang, tmp_path
):
    sign_in(page, live_server, receptionist.username)
    search = page.locator("#desk-search")
    expect(search).to_be_focused()

    search.fill("zw")  # live search as you type
    expect(page.locator("[data-testid=people-results]")).to_contain_text("张伟")

    search.fill("5678")
    expect(page.locator("[data-testid=people-results]")).to_contain_text("139****5678")

    search.fill("3-2-1201")
    page.locator("[data-testid=unit-results] a", has_text="3-2-1201").click()
    expect(page).to_have_url(re.compile(rf"/units/{zhang.pk}/$"))
    expect(page.locator("[data-testid=owners]")).to_contain_text("张伟")

    scan = tmp_path / "id-card.png"
    scan.write_bytes(_png())
    page.get_by_test_id("document-upload-toggle").click()  # the upload waits behind a button
    form = page.locator("[data-testid=document-form]")
    form.locator("select[name=kind]").select_option("id_copy")
    form.locator("input[name=file]").set_input_files(scan)
    form.locator("input[type=submit], button[type=submit]").first.click()
    expect(page.locator("[data-testid=documents]")).to_contain_text("身份证复印件")
    assert Document.objects.get(unit=zhang).received_by == receptionist


def test_it_switches_to_english_and_back(page, live_server, receptionist, zhang):
    sign_in(page, live_server, receptionist.username)
    page.goto(f"{live_server.url}/units/{zhang.pk}/")
    expect(page.locator("[data-testid=owners] h2")).to_have_text("业主")
    page.locator("[data-testid=lang-en]").first.click()
    expect(page.locator("[data-testid=owners] h2")).to_have_text("Owners")
    page.locator("[data-testid=lang-zh]").first.click()
    expect(page.locator("[data-testid=owners] h2")).to_have_text("业主")


def test_it_locks_out_after_repeated_failures(page, live_server, receptionist):
    for _ in range(5):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", receptionist.username)
        page.fill("#id_password", "wrong")
        page.locator("form button").last.click()
    sign_in(page, live_server, receptionist.username)
    expect(page.locator("[role=alert]")).to_contain_text("登录失败次数过多")


def test_it_hides_another_estates_unit(page, live_server, outsider, zhang):
    sign_in(page, live_server, outsider.username)
    response = page.goto(f"{live_server.url}/units/{zhang.pk}/")
    assert response.status == 404
    assert "张伟" not in page.content()


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()
