"""An owner's convenience service from the request to the return visit, in a real browser.

The desk takes a pipe-unblocking request with its five terms and prints the agreement; the
owner signs it and the scan is archived (a written agreement). The supervisor sends the
engineering technician, who sees it on the phone page and reports it done; the owner does
not accept at first (back to the worker), then accepts. Only then is the fee charged; the
cashier's desk takes it like any charge, the receipt prints, and a return visit is due.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from fees.models import Payment
from frontdesk import roles
from frontdesk.models import Department
from revisits.models import Revisit
from services.models import ServiceRequest
from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory, staff
from tests.releases.helpers import pdf_text
from tests.services.helpers import item, service_fee

from .axe import assert_accessible
from .test_call_to_order import local_input, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_service_agreed_in_writing_accepted_at_the_second_try_then_billed(
    browser, page, live_server, supervisor, estate, tmp_path
):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="王喆"))
    engineering = Department.objects.create(estate=estate, kind="engineering")
    worker = staff(
        estates=[estate], roles=[roles.TECHNICIAN], username="worker", department=engineering
    )
    unblock = item(estate, engineering)
    service_fee(estate)
    day = timezone.localdate() + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))

    sign_in(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/services/new/")
    form = page.locator("[data-testid=service-form]")
    form.locator("input[name=unit_code]").fill("3-2-1201")
    form.locator("input[name=requester_name]").fill("王喆")
    form.locator("input[name=requester_phone]").fill("13900001111")
    form.locator("select[name=item]").select_option(str(unblock.pk))
    form.locator("input[name=area]").fill("厨房水槽")
    form.locator("input[name=slot_start]").fill(local_input(start))
    form.locator("input[name=slot_end]").fill(local_input(start + datetime.timedelta(hours=1)))
    form.locator("select[name=cost_kind]").select_option("range")
    form.locator("textarea[name=effect]").fill("排水通畅，无异味，现场清理干净")
    form.locator("[data-testid=service-submit]").dblclick()
    expect(page).to_have_url(re.compile(r"/services/\d+/$"))
    service = ServiceRequest.objects.get()
    expect(page.locator("[data-testid=service-number]")).to_have_text(service.number)

    # The agreement prints with the five terms; the owner signs it and the scan is archived.
    href = page.locator("[data-testid=agreement-print]").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    text = pdf_text(response.body(), tmp_path)
    for fact in (service.number, "3-2-1201", "厨房水槽", "排水通畅", "80.00–150.00"):
        assert fact in text, fact
    scan = tmp_path / "signed.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "PNG")
    scan.write_bytes(buffer.getvalue())
    agreement = page.locator("[data-testid=agreement-form]")
    agreement.locator("input[name=agreement-agreement][value=written]").check()
    agreement.locator("input[name=agreement-scan]").set_input_files(str(scan))
    agreement.locator("[data-testid=agreement-submit]").click()
    expect(page.locator("[data-testid=agreement]")).to_contain_text("王喆")
    expect(page.locator("[data-testid=scan-link]")).to_be_visible()

    # Dispatched to the engineering technician.
    page.locator("[data-testid=dispatch-form] select[name=assignee]").select_option(str(worker.pk))
    page.locator("[data-testid=dispatch-submit]").click()
    expect(page.locator("[data-testid=assignee]")).not_to_have_text("—")
    service.refresh_from_db()
    assert service.status == "dispatched" and service.assignee == worker

    # The technician, on a phone: the service is on their page; the work is reported done.
    phone = browser.new_context(viewport={"width": 375, "height": 667}, locale="zh-CN")
    mobile = phone.new_page()
    mobile.set_default_timeout(10_000)
    sign_in(mobile, live_server, worker.username)

    def report_done(words: str) -> None:
        mobile.goto(f"{live_server.url}/services/mine/")
        ServiceRequest.objects.filter(pk=service.pk).update(slot_start=timezone.now())
        mobile.goto(f"{live_server.url}/services/mine/")
        mobile.locator("[data-testid=my-services] a").first.click()
        mobile.locator("[data-testid=done-form] textarea[name=work_done]").fill(words)
        mobile.locator("[data-testid=done-submit]").click()
        expect(mobile.locator("[data-testid=service-status]")).to_be_visible()

    report_done("疏通厨房下水管")

    # The owner checks: not accepted; no fee can be charged yet.
    page.reload()
    expect(page.locator("[data-testid=charge-form]")).to_have_count(0)
    page.locator("[data-testid=reject-form] input[name=reject-reason]").fill("水槽下方仍有渗水")
    page.locator("[data-testid=reject-submit]").click()
    expect(page.locator("[data-testid=service-steps]")).to_contain_text("水槽下方仍有渗水")
    service.refresh_from_db()
    assert service.status == "dispatched" and service.charge is None

    report_done("更换密封圈，复试无渗水")
    phone.close()

    page.reload()
    accept = page.locator("[data-testid=accept-form]")
    accept.locator("input[name=how][value=signed]").check()
    accept.locator("[data-testid=accept-submit]").click()
    expect(page.locator("[data-testid=accepted]")).to_contain_text("王喆")

    # Only now the fee: above the agreed range is refused without the owner's word.
    charge = page.locator("[data-testid=charge-form]")
    charge.locator("input[name=amount]").fill("180.00")
    charge.locator("[data-testid=charge-submit]").click()
    expect(page.locator("[data-testid=charge-form]")).to_contain_text("150.00")
    page.locator("[data-testid=charge-form] input[name=amount]").fill("120.30")
    page.locator("[data-testid=charge-form] [data-testid=charge-submit]").click()
    expect(page.locator("[data-testid=fee]")).to_contain_text("120.30")
    service.refresh_from_db()
    assert service.status == "charged" and service.charge.amount == Decimal("120.30")

    # Paid like any charge at the cashier's desk; the receipt is the bill.
    page.locator("[data-testid=pay-link]").click()
    expect(page).to_have_url(re.compile(rf"/fees/units/{unit.pk}/pay/"))
    pay = page.locator("[data-testid=pay-form]")
    pay.locator("input[name=amount]").fill("120.30")
    pay.locator("input[name=method][value=cash]").check()
    pay.locator("input[type=submit][name=take]").click()
    page.locator("[data-testid=confirm-payment]").click()
    expect(page).to_have_url(re.compile(r"/fees/payments/\d+/$"))
    payment = Payment.objects.get()
    href = page.locator("[data-testid=print-a5]").get_attribute("href")
    text = pdf_text(page.request.get(f"{live_server.url}{href}").body(), tmp_path)
    assert payment.receipt_number in text and "3-2-1201" in text

    # A return visit is due, linked from the service.
    visit = Revisit.objects.get(service=service)
    assert visit.is_open and visit.due_at > timezone.now()
    page.goto(f"{live_server.url}/services/{service.pk}/")
    expect(page.locator("[data-testid=pay-link]")).to_have_count(0)  # paid
    expect(page.locator("[data-testid=revisit-link]")).to_be_visible()
    assert_accessible(page)
