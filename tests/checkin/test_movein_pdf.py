"""The printed papers of a move-in: registration form, handover confirmation, acceptance form."""

from decimal import Decimal

import pytest
from django.utils import timezone

from checkin import services
from checkin.models import AcceptanceItem, Agreement, ChecklistTemplate, HandoverItem
from checkin.pdf.movein import render_acceptance, render_handover, render_registration
from checkin.selectors.movein import case_checklist, case_progress
from checkin.services import Readings
from frontdesk.models import Department
from owners.models import Authorization, IdType, Resident, Unit, Vehicle
from tests.checkin.helpers import HANDED, png
from tests.factories import resident_id
from tests.frontdesk.test_pdf import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("printed_in_english")]

AGENT_ID = resident_id(7)
SPOUSE_ID = resident_id(8)
SPOUSE_PHONE = "13712345678"
EMERGENCY_PHONE = "13698765432"


@pytest.fixture
def case(receptionist, unit, owner, estate, acceptance_form):
    """A move-in handled by the agent 王芳, opened at the desk."""
    Unit.objects.filter(pk=unit.pk).update(status=Unit.Status.UNOCCUPIED)
    unit.refresh_from_db()
    Agreement.objects.create(estate=estate, title="管理规约")
    case = services.movein_open(actor=receptionist, unit=unit, owner=owner, handler="agent")
    services.agent_register(
        actor=receptionist,
        case=case,
        agent=Authorization(name="王芳", id_type=IdType.RESIDENT_ID, id_number=AGENT_ID),
        scan=png("poa.png"),
    )
    case.refresh_from_db()
    return case


def register(actor, case, owner, unit):
    owner.emergency_contact = "张三"
    owner.emergency_phone = EMERGENCY_PHONE
    owner.address = "北京市朝阳区幸福路8号"
    services.registration_save(
        actor=actor,
        case=case,
        owner=owner,
        residents=[
            Resident(
                unit=unit, name="李娜", relation="配偶", id_number=SPOUSE_ID, phone=SPOUSE_PHONE
            )
        ],
        vehicles=[
            Vehicle(unit=unit, plate="京A12345", description="白色轿车", parking_space="B2-015")
        ],
    )
    services.agreements_sign(actor=actor, case=case, agreements=Agreement.objects.all())


def hand_over(actor, case):
    services.handover_record(
        actor=actor,
        case=case,
        lines=HANDED,
    )


def accept(actor, case, estate):
    Department.objects.get_or_create(estate=estate, kind="engineering")
    services.acceptance_record(
        actor=actor,
        case=case,
        inspector="李工",
        present="王芳",
        items=[
            services.Checked("客厅", "墙面", defect=False),
            services.Checked("厨房", "下水", defect=True, note="堵塞"),
            services.Checked("卫生间", "防水", defect=True, note="渗水", photo=png()),
        ],
        readings=Readings(Decimal("1.5"), Decimal("2"), Decimal("3")),
    )


def fresh(case):
    """The case as a view would fetch it, after the services wrote to it."""
    return type(case).objects.select_related("unit", "owner", "estate").get(pk=case.pk)


def test_it_prints_the_registration_form_with_the_household(
    receptionist, case, owner, unit, tmp_path
):
    register(receptionist, case, owner, unit)
    Resident.objects.create(
        unit=unit, name="赵六", moved_out_on=timezone.localdate(), phone="13500001111"
    )
    Vehicle.objects.create(unit=unit, plate="京B99999", active=False)

    data = render_registration(fresh(case))

    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    for shown in ("Household registration form", "丽景花园", "3-2-1201", "张伟", "Person"):
        assert shown in text
    assert "An agent (power of attorney): 王芳" in text
    assert "张三" in text
    assert "北京市朝阳区幸福路8号" in "".join(text.split())  # the cell wraps
    for shown in ("李娜", "配偶", "Family member", "京A12345", "白色轿车", "B2-015"):
        assert shown in text
    assert "管理规约" in text
    assert timezone.localdate().isoformat() in text
    assert "赵六" not in text  # moved out
    assert "京B99999" not in text  # no longer registered
    assert "Owner (signature)" in text


def test_it_masks_ids_and_phones_on_the_registration_form(
    receptionist, case, owner, unit, tmp_path
):
    register(receptionist, case, owner, unit)
    owner.refresh_from_db()

    text = pdf_text(render_registration(fresh(case)), tmp_path)

    assert owner.id_masked in text
    assert "********" in owner.id_masked
    assert Resident.objects.get(name="李娜").id_masked in text
    for full in (owner.id_number, SPOUSE_ID, AGENT_ID):
        assert full not in text
    for full in (owner.phone, SPOUSE_PHONE, EMERGENCY_PHONE):
        assert full not in text
    assert owner.phone_masked in text
    assert "137****5678" in text
    assert "136****5432" in text


def test_it_prints_a_registration_form_with_nothing_registered(case, tmp_path):
    text = pdf_text(render_registration(fresh(case)), tmp_path)

    assert "张伟" in text
    assert "管理规约" in text  # to sign, no date yet
    assert timezone.localdate().isoformat() not in text.split("Printed")[0]


def test_it_reads_the_registration_in_a_fixed_number_of_queries(
    receptionist, case, owner, unit, django_assert_num_queries
):
    register(receptionist, case, owner, unit)
    case = fresh(case)
    with django_assert_num_queries(4):
        render_registration(case)

    for n in range(5):
        Resident.objects.create(unit=unit, name=f"住户{n}", phone=f"1350000{n:04d}")
        Vehicle.objects.create(unit=unit, plate=f"京C1000{n}")
    Agreement.objects.create(estate=case.estate, title="装修管理规定")
    with django_assert_num_queries(4):
        render_registration(case)


def test_it_prints_the_handover_confirmation(receptionist, case, tmp_path):
    hand_over(receptionist, case)
    case = fresh(case)

    data = render_handover(case)

    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    for shown in ("Handover confirmation", "丽景花园", "3-2-1201", "张伟", "王芳"):
        assert shown in text
    for shown in ("钥匙", "入户门×2", "住户手册"):
        assert shown in text
    assert timezone.localtime(case.handed_over_at).strftime("%Y-%m-%d %H:%M") in text
    assert "in good order" in text
    assert "Receptionist (signature)" in text
    assert "Water and electricity diagram" not in text  # only what was handed over


def test_it_prints_a_blank_handover_list_before_the_handover(case, estate, tmp_path):
    HandoverItem.objects.create(estate=estate, name="门禁卡", quantity=2)

    text = pdf_text(render_handover(fresh(case)), tmp_path)

    assert "Keys" in text
    assert "Water and electricity diagram" in text
    assert "门禁卡" in text


def test_it_prints_the_acceptance_with_defects_and_their_orders(
    receptionist, case, estate, tmp_path
):
    accept(receptionist, case, estate)
    case = fresh(case)
    numbers = [defect.order.number for defect in case_progress(case).defects]

    data = render_acceptance(case)

    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    for shown in ("House quality acceptance form", "丽景花园", "3-2-1201", "张伟"):
        assert shown in text
    assert "李工" in text
    assert "王芳" in text
    for shown in ("客厅", "墙面", "厨房", "下水", "堵塞", "卫生间", "防水", "渗水"):
        assert shown in text
    assert len(numbers) == 2
    for number in numbers:
        assert number in text
    rows = " ".join(text.split())
    assert "客厅 墙面 OK" in rows
    assert f"厨房 下水 Defect 堵塞 {numbers[0]}" in rows
    assert f"卫生间 防水 Defect 渗水 {numbers[1]}" in rows
    for reading in ("1.50", "2.00", "3.00"):
        assert reading in text
    assert "Maintenance (signature)" in text
    assert "Customer service (signature)" in text


def test_it_prints_a_defect_whose_order_is_gone_without_a_number(
    receptionist, case, estate, tmp_path
):
    accept(receptionist, case, estate)
    AcceptanceItem.objects.filter(note="渗水").update(work_order_id=999_999)

    text = pdf_text(render_acceptance(fresh(case)), tmp_path)

    rows = " ".join(text.split())
    assert "防水 Defect 渗水 Maintenance (signature)" in rows


def test_it_prints_the_blank_default_checklist_before_the_acceptance(
    case, acceptance_form, tmp_path
):
    acceptance_form.delete()  # an estate without a form of its own prints the default one
    text = pdf_text(render_acceptance(fresh(case)), tmp_path)

    rows = " ".join(text.split())  # a long room name wraps in its cell
    # 89.5 m² without a layout: taken for 2室2厅1卫
    for room in ("Entrance", "Living room", "Dining room", "Master bedroom", "Second bedroom"):
        assert room in rows
    for room in ("Kitchen", "Bathroom", "Balcony", "2室2厅1卫"):
        assert room in rows
    assert rows.count("OK Defect") == len(case_checklist(case))  # a box pair per item
    assert "Waterproofing (closed-water test)" in rows
    assert "OK" in text
    assert "Defect" in text
    assert "Water (m³)" in text


def test_it_prints_the_estates_own_checklist_blank(case, estate, tmp_path):
    template = ChecklistTemplate.objects.create(estate=estate, name="精装修")
    template.items.create(room="主卧", item="木地板")

    text = pdf_text(render_acceptance(fresh(case)), tmp_path)

    assert "主卧" in text
    assert "木地板" in text
    assert "Entrance" not in text
