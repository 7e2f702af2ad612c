"""An owner's renovation from the desk's form to the deposit refund, in a real browser.

An agent applies for the owner at the desk (power of attorney and ID copy) with a change to
the load-bearing structure: engineering's approval is refused until the design and the
real-estate authority's approval are on file. The cashier takes the garbage fee and the
deposit at the fees pay page; the permit and five worker passes print in Chinese; the guard
checks a pass on a phone. A patrol records a violation, its rectification notice prints and
is re-checked as corrected. The acceptance passes, the renovation closes and, the holding
period over, the supervisor refunds the deposit less a deduction for damage.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fees.models import Deposit, FeeType
from frontdesk import roles
from frontdesk.models import Department
from renovation.models import Patrol, Rectification, Renovation, Settings, WorkerPass
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    resident_id,
    staff,
)
from tests.renovation.helpers import AGENT_ID, CREDIT_CODE, garbage_fee, pdf_text

from .test_call_to_order import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PDF = {"mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
WORKERS = [
    ("刘建国", "水电工"),
    ("陈志强", "瓦工"),
    ("杨海波", "木工"),
    ("黄文军", "油漆工"),
    ("周小明", "杂工"),
]


def pdf(name: str) -> dict:
    return {"name": name, **PDF}


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
        status="occupied",
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
    return unit


@pytest.fixture
def rules(estate):
    garbage_fee(estate, rate="300.00", basis=FeeType.Basis.FIXED)
    deposit_type = FeeType.objects.create(
        estate=estate, kind=FeeType.Kind.DEPOSIT, name="装修押金", basis=FeeType.Basis.FIXED
    )
    return Settings.objects.create(
        estate=estate,
        deposit_fee_type=deposit_type,
        deposit_amount=Decimal("2000.00"),
        deposit_hold_days=30,
    )


@pytest.fixture
def engineer(estate):
    department = Department.objects.create(estate=estate, kind="engineering")
    return staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="engineer", department=department
    )


def apply_as_agent(page, live_server, unit):
    page.goto(f"{live_server.url}/renovation/new/?unit={unit.pk}")
    form = page.locator("[data-testid=renovation-form]")
    expect(form.locator("input[name=unit_code]")).to_have_value("3-2-1201")
    form.locator("select[name=applicant]").select_option("agent")
    form.locator("input[name=applicant_name]").fill("李娜")
    form.locator("input[name=id_number]").fill(AGENT_ID)
    form.locator("input[name=applicant_phone]").fill("13700003333")
    form.locator("input[name=attorney_scan]").set_input_files(pdf("委托书.pdf"))
    form.locator("input[name=agent_id_scan]").set_input_files(pdf("身份证复印件.pdf"))
    form.locator("input[name=contractor]").fill("北京美家装饰工程有限公司")
    form.locator("input[name=contractor_code]").fill(CREDIT_CODE)
    form.locator("input[name=contractor_licence]").set_input_files(pdf("营业执照.pdf"))
    form.locator("input[name=site_manager]").fill("赵强")
    form.locator("input[name=site_manager_phone]").fill("13800002222")
    form.locator("select[name=scope]").select_option("full")
    form.locator("input[name=workers]").fill("5")
    today = timezone.localdate()
    form.locator("input[name=planned_start]").fill(f"{today:%Y-%m-%d}")
    end = today + datetime.timedelta(days=60)
    form.locator("input[name=planned_end]").fill(f"{end:%Y-%m-%d}")
    form.locator("textarea[name=description]").fill(
        "全屋翻新：拆除客厅与卧室之间的非承重隔墙，厨卫改造"
    )
    form.locator("input[name=plans]").set_input_files([pdf("平面图.pdf")])
    form.locator("input[name=structural]").check()
    form.locator("[data-testid=renovation-submit]").click()


def upload(page, kind: str, name: str):
    form = page.locator("[data-testid=file-form]")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=upload]").set_input_files(pdf(name))
    form.locator("button").click()


def pay_everything(page, live_server, unit, total: str):
    page.goto(f"{live_server.url}/fees/units/{unit.pk}/pay/")
    pay = page.locator("[data-testid=pay-form]")
    pay.locator("input[name=amount]").fill(total)
    pay.locator("input[name=method][value=cash]").check()
    pay.locator("input[type=submit][name=take]").click()
    page.locator("[data-testid=confirm-payment]").click()
    expect(page.locator("[data-testid=receipt-number]")).to_be_visible()


def fetch_pdf(page, live_server, testid: str, tmp_path) -> str:
    href = page.locator(f"[data-testid={testid}]").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return pdf_text(response.body(), tmp_path)


def test_an_agents_renovation_from_the_desk_to_the_deposit_refund(
    browser,
    page,
    live_server,
    estate,
    unit,
    rules,
    receptionist,
    engineer,
    cashier,
    supervisor,
    tmp_path,
):
    guard = staff(estates=[estate], roles=[roles.SECURITY_GUARD], username="guard")

    # The agent applies at the desk; the structural change is ticked.
    sign_in(page, live_server, receptionist.username)
    apply_as_agent(page, live_server, unit)
    expect(page).to_have_url(re.compile(r"/renovation/\d+/$"))
    renovation = Renovation.objects.get()
    assert renovation.applicant == "agent" and renovation.structural
    assert renovation.attorney_document_id is not None
    assert AGENT_ID not in page.content()
    expect(page.locator("[data-testid=renovation-number]")).to_have_text(renovation.number)
    expect(page.locator("[data-testid=missing]")).to_be_visible()
    detail = page.url

    # Engineering cannot approve while the structural documents are missing.
    sign_in(page, live_server, engineer.username)
    page.goto(detail)
    page.locator("[data-testid=review-form] textarea[name=findings]").fill(
        "拆改墙体需原设计单位方案"
    )
    page.locator("[data-testid=approve]").click()
    expect(page.locator(".alert-danger, .alert-warning").first).to_be_visible()
    renovation.refresh_from_db()
    assert renovation.status == Renovation.Status.SUBMITTED and renovation.fee_charge is None

    # The desk puts the design and the authority's approval on file; now it is approved.
    sign_in(page, live_server, receptionist.username)
    page.goto(detail)
    upload(page, "structural_design", "原设计单位设计方案.pdf")
    expect(page.locator("[data-testid=missing]")).to_be_visible()  # one still missing
    upload(page, "authority_approval", "房管局批准文件.pdf")
    expect(page.locator("[data-testid=missing]")).to_have_count(0)

    sign_in(page, live_server, engineer.username)
    page.goto(detail)
    page.locator("[data-testid=review-form] textarea[name=findings]").fill("方案可行，注意成品保护")
    page.locator("[data-testid=approve]").click()
    expect(page.locator("[data-testid=renovation-status]")).to_contain_text("已批准")
    renovation.refresh_from_db()
    assert renovation.status == Renovation.Status.APPROVED
    assert renovation.fee_charge.amount == Decimal("300.00")

    # The agreement is signed at the desk; it brings the deposit; the permit waits for money.
    sign_in(page, live_server, receptionist.username)
    page.goto(detail)
    agreement = page.locator("[data-testid=agreement-form]")
    agreement.locator("input[name=signed_on]").fill(f"{timezone.localdate():%Y-%m-%d}")
    agreement.locator("[data-testid=agreement-submit]").click()
    expect(page.locator("[data-testid=agreement]")).to_contain_text("李娜")
    expect(page.locator("[data-testid=deposit]")).to_contain_text("2000.00")
    agreement_text = fetch_pdf(page, live_server, "agreement-print", tmp_path)
    for fact in ("3-2-1201", "北京美家装饰工程有限公司", "李娜", "卫生间"):  # prohibited works
        assert fact in agreement_text, fact
    page.locator("[data-testid=permit-issue]").click()
    renovation.refresh_from_db()
    assert renovation.permit_number == ""

    # The cashier takes the garbage fee and the deposit at the fees pay page.
    sign_in(page, live_server, cashier.username)
    pay_everything(page, live_server, unit, "2300.00")
    renovation.refresh_from_db()
    assert renovation.fee_paid and renovation.deposit.is_held

    # The permit is issued; five passes; both print in Chinese.
    sign_in(page, live_server, receptionist.username)
    page.goto(detail)
    page.locator("[data-testid=permit-issue]").click()
    expect(page.locator("[data-testid=permit]")).to_be_visible()
    renovation.refresh_from_db()
    assert renovation.status == Renovation.Status.WORKING and renovation.permit_number
    for n, (name, trade) in enumerate(WORKERS, start=1):
        form = page.locator("[data-testid=pass-form]")
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=id_number]").fill(resident_id(20 + n))
        form.locator("input[name=trade]").fill(trade)
        form.locator("[data-testid=pass-submit]").click()
        expect(page.locator("[data-testid=passes] tr")).to_have_count(n)
    passes = list(WorkerPass.objects.order_by("pk"))
    assert len(passes) == 5
    assert all(p.valid_until <= renovation.planned_end for p in passes)

    permit = fetch_pdf(page, live_server, "permit-print", tmp_path)
    for fact in (renovation.permit_number, "3-2-1201", "北京美家装饰工程有限公司", "施工"):
        assert fact in permit, fact
    cards = fetch_pdf(page, live_server, "passes-print", tmp_path)
    for worker_pass, (name, trade) in zip(passes, WORKERS, strict=True):
        for fact in (worker_pass.number, name, trade, worker_pass.id_masked):
            assert fact in cards, fact

    # The guard checks a pass on a phone.
    phone = browser.new_context(viewport={"width": 375, "height": 667}, locale="zh-CN")
    gate = phone.new_page()
    gate.set_default_timeout(10_000)
    sign_in(gate, live_server, guard.username)
    gate.goto(f"{live_server.url}/renovation/gate/")
    gate.fill("#gate-q", passes[1].number)
    gate.locator("[data-testid=gate-find] button").click()
    expect(gate.locator("[data-testid=gate-pass]")).to_contain_text("陈志强")
    expect(gate.locator("[data-testid=gate-pass]")).to_contain_text("3-2-1201")
    assert gate.evaluate("document.documentElement.scrollWidth") <= 375
    gate.fill("#gate-q", "GP-NOPE-0000")
    gate.locator("[data-testid=gate-find] button").click()
    expect(gate.locator("[data-testid=gate-refusal]")).to_be_visible()
    expect(gate.locator("[data-testid=gate-pass]")).to_have_count(0)
    phone.close()

    # Engineering's patrol finds a violation; the notice prints; the re-check finds it corrected.
    sign_in(page, live_server, engineer.username)
    page.goto(detail)
    page.locator("[data-testid=patrol-link]").click()
    patrol = page.locator("[data-testid=patrol-form]")
    patrol.locator("input[name=outcome][value=done]").check()
    patrol.locator("input[name=problems][value=gas]").check()
    patrol.locator("textarea[name=violation]").fill("擅自移动燃气管道")
    patrol.locator("textarea[name=requirement]").fill("恢复燃气管道原位并由燃气公司验收")
    patrol.locator("[data-testid=patrol-submit]").click()
    expect(page).to_have_url(detail)
    expect(page.locator("[data-testid=notices]")).to_contain_text("恢复燃气管道原位")
    notice = Rectification.objects.get()
    assert Patrol.objects.get().violation == "擅自移动燃气管道"
    href = page.locator("[data-testid=notices] a").first.get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok
    notice_text = pdf_text(response.body(), tmp_path)
    for fact in (notice.number, "擅自移动燃气管道", "3-2-1201"):
        assert fact in notice_text, fact
    recheck = page.locator("[data-testid=notices] form")
    recheck.locator("select[name=corrected]").select_option("yes")
    recheck.locator("input[name=note]").fill("已恢复，燃气公司已验收")
    recheck.locator("button").click()
    expect(page.locator("[data-testid=notices] form")).to_have_count(0)
    notice.refresh_from_db()
    assert notice.status != Rectification.Status.OPEN

    # The acceptance passes with the garbage cleared; the desk closes the renovation.
    acceptance = page.locator("[data-testid=acceptance-form]")
    acceptance.locator("select[name=grade]").select_option("passed")
    acceptance.locator("textarea[name=findings]").fill("墙面平整，无违规")
    acceptance.locator("input[name=garbage_cleared]").check()
    acceptance.locator("button").click()
    expect(page.locator("[data-testid=acceptances]")).to_contain_text("墙面平整")

    sign_in(page, live_server, receptionist.username)
    page.goto(detail)
    expect(page.locator("[data-testid=blockers]")).to_have_count(0)
    page.locator("[data-testid=close]").click()
    renovation.refresh_from_db()
    assert renovation.status == Renovation.Status.COMPLETED

    # Thirty-one days on, the supervisor refunds the deposit less ¥300 for damage.
    Renovation.objects.filter(pk=renovation.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=31)
    )
    sign_in(page, live_server, supervisor.username)
    page.goto(detail)
    refund = page.locator("[data-testid=refund-form]")
    refund.locator("select[name=deduction_1_kind]").select_option("damage")
    refund.locator("input[name=deduction_1_amount]").fill("300")
    refund.locator("input[name=deduction_1_reason]").fill("电梯轿厢壁板划伤")
    refund.locator("select[name=refund_to]").select_option("张伟")
    refund.locator("[data-testid=refund-submit]").click()
    expect(page.locator("[data-testid=deposit]")).to_contain_text("1700.00")
    expect(page.locator("[data-testid=refund-form]")).to_have_count(0)
    deposit = Deposit.objects.get()
    assert deposit.status == Deposit.Status.SETTLED
    assert deposit.refunded == Decimal("1700.00") and deposit.deducted == Decimal("300.00")
