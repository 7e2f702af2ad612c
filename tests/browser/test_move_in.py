"""A move-in by an agent, from the move-in list to the archive, then a house in custody, in a
real browser.

The desk clerk (a receptionist who also takes payments) opens the move-in of a vacant unit
for its owner's agent, receives the papers, registers the household, records the signed
agreements and the handover, charges the move-in fee and takes it on the fees payment page,
and records the acceptance with two defects. Engineering repairs both on the work-order
pages; the desk books the owner's re-inspection, records it and archives the case: the unit
is occupied. A second vacant unit goes into custody: the weekly sweep (run as beat runs it)
and a supervisor's heavy-rain warning give it inspections; one is recorded, and the owner
takes the house back.
"""

import datetime
import re
from decimal import Decimal

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image
from playwright.sync_api import expect

from checkin.models import Agreement, Custody, Inspection, MoveInCase
from fees.models import Charge
from frontdesk import roles
from frontdesk.models import Department
from owners.models import Authorization, Document, Unit
from tests.browser.test_call_to_order import local_input, sign_in, take_step
from tests.factories import (
    BuildingFactory,
    DepartmentFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    property_fee,
    resident_id,
    staff,
)
from tests.frontdesk.test_pdf import pdf_text
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db(transaction=True)


def zh(text) -> str:
    """``text`` as the desk reads it: the browser asks for Chinese."""
    with translation.override("zh-hans"):
        return gettext(text) if isinstance(text, str) else str(text)


def vacant_unit(building, room: str, owner: str) -> Unit:
    unit = UnitFactory(
        building=building,
        entrance="2",
        room=room,
        code=f"3-2-{room}",
        area=Decimal("100.00"),
        status=Unit.Status.UNOCCUPIED,
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=building.estate, name=owner))
    return unit


@pytest.fixture
def building(estate):
    return BuildingFactory(estate=estate, number="3")


@pytest.fixture
def unit(estate, building):
    property_fee(estate, rate="2.50")
    Agreement.objects.create(estate=estate, title="管理规约", order=1)
    Agreement.objects.create(estate=estate, title="装修管理协议", order=2)
    return vacant_unit(building, "1201", "张伟")


@pytest.fixture
def empty_unit(building):
    return vacant_unit(building, "1202", "李娜")


@pytest.fixture
def clerk(estate):
    """The desk clerk of a small office: a receptionist who also takes payments, so charging
    the move-in fee leads straight to the payment page (a receptionist alone is told that the
    cashier takes it)."""
    return staff(estates=[estate], roles=[roles.RECEPTIONIST, roles.CASHIER], username="clerk")


@pytest.fixture
def head(estate):
    engineering = DepartmentFactory(
        estate=estate, kind=Department.Kind.ENGINEERING, name="工程维修部"
    )
    user = staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="eng-head", department=engineering
    )
    engineering.head = user
    engineering.save(update_fields=["head"])
    return user


def png(tmp_path, name: str, colour: str = "red") -> str:
    path = tmp_path / name
    Image.new("RGB", (40, 30), colour).save(path, "PNG")
    return str(path)


def said(page, message: str) -> None:
    expect(page.locator(".alert-success")).to_contain_text(message)


def step(page, key: str):
    return page.locator(f"[data-testid=step-bar] li[data-step={key}]")


# --- the move-in, step by step ---------------------------------------------------------------


def open_move_in(page, live_server, unit) -> MoveInCase:
    page.goto(f"{live_server.url}/checkin/move-in/")
    box = page.locator("[data-testid=movein-start]")
    box.locator("input[name=unit]").fill(unit.code)
    box.locator("button").click()
    expect(page).to_have_url(re.compile(rf"/checkin/units/{unit.pk}/move-in/new/$"))

    form = page.locator("[data-testid=movein-open]")
    form.locator("input[name=handler][value=agent]").check()
    form.locator("button").click()
    case = MoveInCase.objects.get()
    expect(page).to_have_url(re.compile(rf"/checkin/move-in/{case.pk}/$"))
    said(page, zh("Move-in of %(unit)s opened.") % {"unit": unit.code})
    expect(step(page, "documents")).to_have_attribute("data-state", "next")
    return case


def receive(page, kind: str, *, scan: str | None = None) -> None:
    form = page.locator("[data-testid=document-form]")
    form.locator("select").select_option(kind)
    if scan:
        form.locator("input[type=file]").set_input_files(scan)
    else:
        form.locator("input[type=checkbox]").check()
    form.locator("button").click()
    said(page, zh("Document archived."))


def receive_papers(page, tmp_path) -> None:
    """① The agent with the power of attorney, then the owner's and the agent's papers."""
    # (fields found by how their names end: the form may get a prefix of its own)
    agent = page.locator("[data-testid=agent-form]")
    agent.locator("input[name$=name]").fill("王芳")
    agent.locator("input[name$=phone]").fill("13800138000")
    agent.locator("input[name$=id_number]").fill("110105198506010000")  # a wrong check digit
    agent.locator("input[type=file]").set_input_files(png(tmp_path, "poa.png", "white"))
    agent.locator("button").click()
    # Refused on the form, nothing registered: the desk corrects the number.
    expect(agent.locator("input[name$=id_number]")).to_have_class(re.compile("is-invalid"))
    assert not Authorization.objects.exists()
    agent.locator("input[name$=id_number]").fill(resident_id(7))
    agent.locator("input[type=file]").set_input_files(png(tmp_path, "poa.png", "white"))
    agent.locator("button").click()
    said(page, zh("Agent and power of attorney registered."))
    expect(page.locator("[data-testid=agent-form]")).to_have_count(0)

    receive(page, Document.Kind.ID_COPY, scan=png(tmp_path, "id-card.png", "blue"))
    receive(page, Document.Kind.OCCUPANCY_NOTICE)
    receive(page, Document.Kind.SALES_CONTRACT)
    receive(page, Document.Kind.AGENT_ID_COPY)

    lines = page.locator("[data-testid=document-line]")
    expect(lines).to_have_count(5)
    for n in range(5):
        expect(lines.nth(n)).to_have_attribute("data-state", "done")
    expect(step(page, "documents")).to_have_attribute("data-state", "done")
    expect(page.locator("[data-testid=document-form]")).to_have_count(0)


def register_household(page) -> None:
    """② The registration form: an emergency contact, a resident, a vehicle."""
    page.locator("[data-testid=registration-link]").click()
    form = page.locator("[data-testid=registration-form]")
    form.locator("input[name=owner-emergency_contact]").fill("张三")
    form.locator("input[name=owner-emergency_phone]").fill("13700137000")
    form.locator("input[name=residents-0-name]").fill("张小明")
    form.locator("input[name=residents-0-relation]").fill("儿子")
    form.locator("input[name=residents-0-phone]").fill("13600136000")
    form.locator("input[name=vehicles-0-plate]").fill("京A 12345")
    form.locator("input[name=vehicles-0-parking_space]").fill("B2-018")
    form.locator("button").click()
    said(page, zh("Household registration saved."))


def sign_agreements(page) -> None:
    form = page.locator("[data-testid=agreements-form]")
    checkboxes = form.locator("input[name=agreements]")
    expect(checkboxes).to_have_count(2)
    for n in range(2):
        checkboxes.nth(n).check()
    form.locator("button").click()
    said(page, zh("Agreements recorded."))
    expect(page.locator("[data-testid=agreements-form]")).to_have_count(0)
    expect(step(page, "registration")).to_have_attribute("data-state", "done")


def hand_over(page) -> None:
    """③ Three keys (which ones in the note) and the default items."""
    form = page.locator("[data-testid=handover-form]")
    expect(form.locator("input[name=quantity_0]")).to_have_value("3")
    form.locator("input[name=note_0]").fill("入户门×2，信箱×1")
    form.locator("button").click()
    said(page, zh("Handover recorded: print the confirmation for the owner to sign."))
    handover = page.locator("[data-testid=step-handover]")
    expect(handover).to_contain_text("入户门×2，信箱×1")
    expect(handover).to_contain_text("× 3")
    expect(step(page, "handover")).to_have_attribute("data-state", "done")


def charge_and_pay(page, case) -> None:
    """④ The fee is charged on the case and paid on the fees payment page."""
    page.locator("[data-testid=fee-form] button").click()
    # The pay page is told the move-in's charges, to take exactly those.
    expect(page).to_have_url(re.compile(rf"/fees/units/{case.unit_id}/pay/\?charges=[\d,]+&next="))
    said(page, zh("Property fee charged: take the payment."))
    charges = Charge.objects.filter(unit_id=case.unit_id)
    assert charges.count() == 3  # the estate's default: this month and the next two
    total = sum(charge.amount for charge in charges)
    expect(page.locator("[data-testid=open-charges] tbody tr")).to_have_count(3)

    form = page.locator("[data-testid=pay-form]")
    form.locator("input[name=amount]").fill(f"{total:.2f}")
    form.locator("input[name=method][value=cash]").check()
    form.locator("input[type=submit][name=take]").click()
    page.locator("[data-testid=confirm-payment]").click()  # amount and method confirmed
    expect(page).to_have_url(re.compile(r"/fees/payments/\d+/\?next="))
    assert set(charges.values_list("status", flat=True)) == {Charge.Status.PAID}

    # Back to the case from the receipt's page.
    page.locator("[data-testid=back]").click()
    expect(page).to_have_url(re.compile(rf"/checkin/move-in/{case.pk}/$"))
    expect(page.locator("[data-testid=fee-charge]")).to_have_count(3)
    expect(page.locator("[data-testid=take-payment]")).to_have_count(0)
    expect(step(page, "fee")).to_have_attribute("data-state", "done")


def record_acceptance(page, tmp_path) -> list[WorkOrder]:
    """⑤ The layout confirmed with the owner and a storeroom added (the checklist follows its
    rooms); two defects (one with a photo) and the base readings of the three meters."""
    page.locator("[data-testid=acceptance-link]").click()
    layout = page.locator("[data-testid=layout-form]")
    layout.locator("input[name=layout]").fill("3室2厅2卫")
    layout.locator("button").click()
    add = page.locator("[data-testid=add-room-form]")
    add.locator("input[name=name]").fill("储藏室")
    add.locator("button").click()
    expect(page.locator("[data-testid=added-rooms]")).to_contain_text("储藏室")
    form = page.locator("[data-testid=acceptance-form]")
    expect(form.locator('[data-testid=check-row][data-room="储藏室"]')).to_have_count(4)
    # 玄关 2, 客厅 4, 餐厅 4, three bedrooms 4 each, 厨房 3, two bathrooms 3 each, 阳台 2,
    # 表具 2, 储藏室 4
    expect(form.locator("[data-testid=check-row]")).to_have_count(39)
    form.locator("input[name=inspector]").fill("李工")
    form.locator("input[name=present]").fill("王芳")
    form.locator("input[name=water]").fill("0.50")
    form.locator("input[name=electricity]").fill("1.20")
    form.locator("input[name=gas]").fill("0.10")
    rows = form.locator("[data-testid=check-row]")
    for n in range(rows.count()):  # each item looked at and marked: none is marked beforehand
        rows.nth(n).locator("input[value=ok]").check()
    wall, floor = rows.nth(2), rows.nth(11)  # living room walls, master bedroom floor
    wall.locator("input[value=defect]").check()
    wall.locator("input[name=note_2]").fill("客厅墙面开裂")
    floor.locator("input[value=defect]").check()
    floor.locator("input[name=note_11]").fill("卧室地板划痕")
    floor.locator("input[type=file]").set_input_files(png(tmp_path, "floor.png", "brown"))
    form.locator("button.btn-primary").click()

    said(
        page,
        zh("Acceptance recorded; %(n)s defect(s) sent to maintenance as work orders.") % {"n": 2},
    )
    defects = page.locator("[data-testid=defect]")
    expect(defects).to_have_count(2)
    expect(defects.nth(0)).to_contain_text("客厅墙面开裂")
    expect(defects.nth(1).locator("[data-testid=defect-photo]")).to_have_count(1)
    acceptance = page.locator("[data-testid=step-acceptance]")
    for value in ("0.50", "1.20", "0.10"):
        expect(acceptance).to_contain_text(value)
    orders = list(WorkOrder.objects.filter(source="checkin").order_by("id"))
    assert len(orders) == 2
    assert {order.department.kind for order in orders} == {Department.Kind.ENGINEERING}
    return orders


def repair(page, live_server, order: WorkOrder) -> None:
    """⑥ Engineering signs for the order, does the work and verifies it."""
    page.goto(f"{live_server.url}/orders/{order.pk}/")
    take_step(page, "sign")
    take_step(page, "start")
    take_step(page, "complete", work_done="修补完成，业主代理人已看过")
    take_step(page, "verify")
    expect(page.locator("[data-testid=step-verify]")).to_have_count(0)
    order.refresh_from_db()
    assert order.status == "verified"


def reinspect(page) -> None:
    """The owner's re-inspection: booked with maintenance, both repairs pass, 王芳 signs each.
    Booked for a few minutes ago (the owner has come): a result is recorded only from then."""
    book = page.locator("[data-testid=book-form]")
    at = timezone.now() - datetime.timedelta(minutes=5)
    book.locator("input[name=at]").fill(local_input(at))
    book.locator("input[name=accompanied_by]").fill("李工")
    book.locator("button").click()
    said(page, zh("Re-inspection booked; maintenance is told."))

    result = page.locator("[data-testid=result-form]")
    passed = result.locator("input[value=passed]")
    expect(passed).to_have_count(2)
    expect(result.locator("input:checked")).to_have_count(0)  # nothing passes by default
    expect(result.locator("input[name=signed_by]")).to_have_value("")
    for n in range(2):
        passed.nth(n).check()
    result.locator("input[name=signed_by]").fill("王芳")
    result.locator("button").click()
    said(page, zh("Re-inspection recorded."))
    expect(page.locator("[data-testid=step-acceptance]")).to_contain_text("王芳")
    expect(step(page, "acceptance")).to_have_attribute("data-state", "done")


def archive_signed(page) -> None:
    """⑦ The signed registration form and agreements, originals sighted, into the archive."""
    for kind in ("registration_book", "agreement"):
        form = page.locator("[data-testid=archive-form]")
        form.locator("select[name=kind]").select_option(kind)
        form.locator("input[name=original_sighted]").check()
        form.locator("button").click()
        said(page, zh("Document archived."))
    expect(page.locator("[data-testid=archive-form]")).to_have_count(0)


def complete(page, case) -> None:
    form = page.locator("[data-testid=complete-form]")
    expect(form).not_to_contain_text(zh("Still missing"))
    form.locator("button").click()
    said(page, zh("Move-in completed and archived."))
    status = zh(MoveInCase.Status.COMPLETED.label)
    expect(page.locator("[data-testid=case-status]")).to_have_text(status)
    expect(page.locator("[data-testid=complete-form]")).to_have_count(0)
    unit = Unit.objects.get(pk=case.unit_id)
    assert unit.status == Unit.Status.OCCUPIED
    assert unit.moved_in_on == timezone.localdate()


def test_an_agent_moves_in_and_the_case_is_archived(page, live_server, clerk, head, unit, tmp_path):
    sign_in(page, live_server, clerk.username)
    case = open_move_in(page, live_server, unit)
    receive_papers(page, tmp_path)
    register_household(page)
    sign_agreements(page)
    hand_over(page)
    # Nothing can be archived yet: the button says what is missing.
    expect(page.locator("[data-testid=complete-form] button")).to_be_disabled()
    charge_and_pay(page, case)
    orders = record_acceptance(page, tmp_path)

    sign_in(page, live_server, head.username)
    for order in orders:
        repair(page, live_server, order)

    sign_in(page, live_server, clerk.username)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    reinspect(page)
    archive_signed(page)
    complete(page, case)

    case.refresh_from_db()
    assert case.handler_name == "王芳"
    assert case.unit.layout == "3室2厅2卫" and case.added_rooms[0]["name"] == "储藏室"
    assert case.authorization.id_number == resident_id(7)
    owner = case.owner
    owner.refresh_from_db()
    assert owner.emergency_contact == "张三"
    assert [r.name for r in case.unit.residents.all()] == ["张小明"]
    assert [v.plate for v in case.unit.vehicles.all()] == ["京A12345"]
    assert case.signings.count() == 2
    assert case.handover_lines.get(order=0).quantity == 3
    assert set(WorkOrder.objects.values_list("status", flat=True)) == {"closed"}

    for name in ("registration", "handover", "acceptance"):
        text = printed(page, live_server, f"{case.get_absolute_url()}{name}.pdf", tmp_path)
        assert "张伟" in text and "3-2-1201" in text, name


def printed(page, live_server, path: str, tmp_path) -> str:
    response = page.request.get(f"{live_server.url}{path}")
    assert response.status == 200, path
    assert response.headers["content-type"] == "application/pdf"
    return pdf_text(response.body(), tmp_path)


# --- custody -----------------------------------------------------------------------------------


def take_into_custody(page, live_server, unit) -> Custody:
    page.goto(f"{live_server.url}/units/{unit.pk}/")
    page.locator("[data-testid=start-custody]").click()
    expect(page).to_have_url(re.compile(rf"/checkin/units/{unit.pk}/custody/new/$"))
    page.fill("input[name=water]", "3.5")
    page.fill("input[name=electricity]", "12")
    page.fill("input[name=gas]", "0.8")
    page.locator("input[type=submit][name=save]").click()
    custody = Custody.objects.get()
    expect(page).to_have_url(re.compile(rf"/checkin/custody/{custody.pk}/$"))
    said(page, zh("%(unit)s is in custody.") % {"unit": unit.code})
    expect(page.locator("[data-testid=inspection]")).to_have_count(0)
    unit.refresh_from_db()
    assert unit.status == Unit.Status.IN_CUSTODY
    return custody


def sweep_as_beat_does() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["checkin-custody-inspections"]
    assert entry["task"] == "checkin.tasks.custody_inspections_sweep"
    assert entry["schedule"] == crontab(minute=0, hour=8, day_of_week="mon")
    from checkin.tasks import custody_inspections_sweep

    assert custody_inspections_sweep.apply().get() == 1


def warn_of_heavy_rain(page, live_server, estate) -> None:
    page.goto(f"{live_server.url}/checkin/custody/")
    form = page.locator("[data-testid=rain-warning]")
    form.locator("input[name=note]").fill("气象台暴雨蓝色预警")
    form.locator("button").click()
    expect(page).to_have_url(re.compile(r"/checkin/custody/$"))
    message = zh("Heavy-rain warning for %(estate)s: %(count)s inspections to do.")
    said(page, message % {"estate": estate.name, "count": 2})


def record_weekly_inspection(page) -> None:
    weekly = page.locator("[data-testid=inspection]").filter(
        has_text=zh(Inspection.Kind.WEEKLY.label)
    )
    weekly.locator("a.btn-primary").click()
    for check in ("doors_windows_ok", "leaks", "signs_of_entry"):  # each answered, none beforehand
        expect(page.locator(f"input[name={check}]:checked")).to_have_count(0)
    page.check("input[name=doors_windows_ok][value=yes]")
    page.check("input[name=leaks][value=no]")
    page.check("input[name=signs_of_entry][value=no]")
    page.fill("textarea[name=notes]", "门窗完好，无渗漏")
    page.locator("input[type=submit][name=save]").click()
    said(page, zh("Inspection recorded."))
    weekly = page.locator("[data-testid=inspection]").filter(
        has_text=zh(Inspection.Kind.WEEKLY.label)
    )
    expect(weekly).to_contain_text(zh("all right"))
    expect(weekly).to_contain_text("门窗完好，无渗漏")


def end_custody(page, custody) -> None:
    page.locator("[data-testid=end-custody]").click()
    page.fill("input[name=water]", "3.0")  # below the entry reading: refused
    page.fill("input[name=electricity]", "15")
    page.fill("input[name=gas]", "0.8")
    page.locator("input[type=submit][name=save]").click()
    expect(page.locator("input[name=water]")).to_have_class(re.compile("is-invalid"))
    expect(page.locator(".invalid-feedback")).to_contain_text("3.50")  # the entry reading
    custody.refresh_from_db()
    assert custody.end_date is None

    page.fill("input[name=water]", "4.2")
    page.locator("input[type=submit][name=save]").click()
    said(page, zh("Custody ended."))
    expect(page.locator("[data-testid=end-custody]")).to_have_count(0)


def test_a_vacant_house_is_inspected_in_custody_and_given_back(
    page, live_server, receptionist, supervisor, estate, empty_unit, tmp_path
):
    sign_in(page, live_server, receptionist.username)
    custody = take_into_custody(page, live_server, empty_unit)
    detail = f"{live_server.url}/checkin/custody/{custody.pk}/"

    sweep_as_beat_does()
    page.goto(detail)
    inspections = page.locator("[data-testid=inspection]")
    expect(inspections).to_have_count(1)
    expect(inspections).to_contain_text(zh(Inspection.Kind.WEEKLY.label))

    sign_in(page, live_server, supervisor.username)
    warn_of_heavy_rain(page, live_server, estate)
    page.goto(detail)
    expect(inspections).to_have_count(3)
    for kind in (Inspection.Kind.BEFORE_RAIN, Inspection.Kind.AFTER_RAIN):
        expect(inspections.filter(has_text=zh(kind.label))).to_have_count(1)

    sign_in(page, live_server, receptionist.username)
    page.goto(detail)
    record_weekly_inspection(page)
    end_custody(page, custody)

    empty_unit.refresh_from_db()
    assert empty_unit.status == Unit.Status.HANDED_OVER
    # The rain inspections still due are cancelled with the custody and kept in its history.
    assert sorted(custody.inspections.values_list("kind", "status")) == [
        (Inspection.Kind.AFTER_RAIN, Inspection.Status.CANCELLED),
        (Inspection.Kind.BEFORE_RAIN, Inspection.Status.CANCELLED),
        (Inspection.Kind.WEEKLY, Inspection.Status.DONE),
    ]

    text = printed(page, live_server, f"/checkin/custody/{custody.pk}/agreement.pdf", tmp_path)
    assert "李娜" in text and "3-2-1202" in text
