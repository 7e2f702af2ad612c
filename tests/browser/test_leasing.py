"""A site lease from the negotiation to the owners' ledger, in a real browser.

A market organiser negotiates for the central square (a common part): the supervisor logs
the contact and signs the contract from the negotiation, the site management fee is charged
at signing and paid at once with its receipt. The morning sweep charges the first rent cycle
and, the lease ending within 90 days, reminds the desk (the today panel and the contract's
own warning). The yearly ledger shows the fee as the owners' income and prints for the
owners' committee.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leasing import services
from leasing.models import Contract, LeaseCharge
from leasing.services.terms import add_months
from tests.leasing.helpers import fee_types, lessee, space
from tests.releases.helpers import pdf_text

from .axe import assert_accessible
from .test_call_to_order import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_site_lease_from_negotiation_to_the_owners_ledger(
    browser, page, live_server, supervisor, estate, tmp_path
):
    fee_types(estate)
    square = space(supervisor, estate, code="CD-01")
    market = lessee(supervisor, estate)
    talks = services.negotiation_open(
        actor=supervisor, space=square, lessee=market, purpose="周末便民市集"
    )
    today = timezone.localdate()
    start = today.replace(day=1)
    end = add_months(start, 2) - datetime.timedelta(days=1)

    sign_in(page, live_server, supervisor.username)
    # the desk home loads its today panels one request at a time: let them finish first
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/leasing/negotiations/{talks.pk}/")
    contact = page.locator("[data-testid=contact-form]")
    contact.locator("input[name=counterpart]").fill("林女士")
    contact.locator("textarea[name=asked]").fill("每月 1,200 元，可否免场地管理费")
    contact.locator("textarea[name=offered]").fill("每月 1,500 元，管理费 300 元不可免")
    contact.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=contacts]")).to_contain_text("林女士")

    page.locator("[data-testid=sign-contract]").click()
    form = page.locator("[data-testid=contract-form]")
    form.locator("input[name=start]").fill(start.isoformat())
    form.locator("input[name=end]").fill(end.isoformat())
    form.locator("input[name=rent]").fill("1500.30")
    form.locator("input[name=site_fee]").fill("0")
    form.locator("[data-testid=submit]").click()
    expect(form).to_contain_text("场地管理费")
    assert not Contract.objects.exists()
    form.locator("input[name=site_fee]").fill("300.10")
    form.locator("[data-testid=submit]").click()
    expect(page).to_have_url(re.compile(r"/leasing/contracts/\d+/$"))
    contract = Contract.objects.get()
    expect(page.locator("[data-testid=contract-number]")).to_have_text(contract.number)
    expect(page.locator("[data-testid=expiry-warning]")).to_be_visible()
    assert_accessible(page)

    fee = contract.charges.get(kind=LeaseCharge.Kind.SITE_FEE)
    pay = page.locator("[data-testid=pay-form]")
    pay.locator("select[name=charges]").select_option(str(fee.charge_id))
    pay.locator("input[name=amount]").fill("300.10")
    pay.locator("select[name=method]").select_option("cash")
    pay.locator("[data-testid=pay-submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("SK")
    fee.charge.refresh_from_db()
    assert fee.charge.status == "paid"

    # The morning sweep (Celery's daily task, run here): the first rent cycle, the reminder.
    from leasing.tasks import daily_sweep

    assert daily_sweep() == {"charges": 1, "reminders": 1}
    page.reload()
    expect(page.locator("[data-testid=contract-charges]")).to_contain_text("1500.30")
    page.goto(f"{live_server.url}/")
    expect(page.locator("[data-testid=panel-leasing-expiring]")).to_contain_text(contract.number)
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/leasing/ledger/?estate={estate.pk}&year={today.year}")
    expect(page.locator("[data-testid=ledger-income]")).to_have_text("¥300.10")
    href = page.locator("[data-testid=ledger-print]").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href.replace('&amp;', '&')}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert "300.10" in pdf_text(response.body(), tmp_path)
