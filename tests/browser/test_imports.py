"""A supervisor moves an office in through the wizard, in a real browser: uploads HC's
export, reads the column mapping it guessed from the Chinese headers, checks the file, reads
the warnings (placeholders), imports, and finds the owners with the desk's search box."""

import re

import pytest
from playwright.sync_api import expect

from imports.models import ImportBatch
from owners.models import Unit
from tests.imports.helpers import hc_rows, hc_xlsx

from .axe import assert_accessible
from .test_call_to_order import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_wizard_from_upload_to_search(page, live_server, supervisor, estate, tmp_path):
    sample = tmp_path / "importRoom.xlsx"
    sample.write_bytes(hc_xlsx(hc_rows(14)))
    sign_in(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/imports/")
    page.get_by_test_id("new-import").click()
    form = page.get_by_test_id("upload-form")
    form.locator("select[name=estate]").select_option(str(estate.pk))
    form.locator("select[name=kind]").select_option("hc_rooms")
    form.locator("input[name=file]").set_input_files(str(sample))
    form.get_by_test_id("upload").click()

    mapping = page.get_by_test_id("mapping-form")
    expect(mapping.locator("select[name=room]")).to_have_value("房间")
    expect(mapping.locator("select[name=area]")).to_have_value("建筑面积")
    assert_accessible(page)
    mapping.get_by_test_id("check").click()

    expect(page.get_by_test_id("rows-rejected")).to_have_text("0")
    expect(page.get_by_test_id("problem-rows")).to_contain_text("占位手机号")
    page.get_by_test_id("confirm").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/"))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE
    assert Unit.objects.count() == 14

    page.goto(f"{live_server.url}/imports/{batch.pk}/")
    expect(page.get_by_test_id("import-summary")).to_contain_text("14/0/0")
    assert_accessible(page)
