"""The move-in services step by step: what each one writes, and each refusal (nothing written)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from checkin import requirements
from checkin import services_movein as movein
from checkin.errors import CheckinError
from checkin.models import (
    AcceptanceItem,
    Agreement,
    AgreementSigning,
    CustodySettings,
    DocumentWaiver,
    HandoverLine,
    MeterReading,
    MoveInCase,
    Reinspection,
)
from checkin.selectors_movein import DONE, MISSING, WAIVED, case_progress
from checkin.services import Readings, meter_reading_record
from fees.models import Charge
from frontdesk import roles
from frontdesk.models import Department
from owners.models import Authorization, Document, IdType, Owner, Resident, Unit, Vehicle
from tests.factories import DepartmentFactory, property_fee, resident_id, staff
from workorders import services as wo
from workorders.models import WorkOrder

from .conftest import fake_pdf, png, start

pytestmark = pytest.mark.django_db

Kind = Document.Kind
BASE = [Kind.ID_COPY, Kind.OCCUPANCY_NOTICE, Kind.SALES_CONTRACT]
KEYS = movein.Handed("钥匙", 3, "入户门×2", keys=True)
READINGS = Readings(Decimal("1"), Decimal("2"), Decimal("3"))
WALL = movein.Checked("客厅", "墙面")
DRAIN = movein.Checked("厨房", "下水", defect=True, note="堵塞")
LEAK = movein.Checked("卫生间", "防水", defect=True, note="渗水")


# --- helpers ----------------------------------------------------------------------------


def refused(code: str, service, *args, **kwargs) -> CheckinError:
    """Call ``service`` and return the refusal, which must carry ``code``."""
    with pytest.raises(CheckinError) as error:
        service(*args, **kwargs)
    assert error.value.code == code, error.value.message
    return error.value


def open_case(actor, unit, owner, handler="owner", **kwargs) -> MoveInCase:
    return movein.movein_open(actor=actor, unit=unit, owner=owner, handler=handler, **kwargs)


def receive(actor, case, *kinds) -> None:
    for kind in kinds:
        movein.document_receive(actor=actor, case=case, kind=kind, original_sighted=True)


def an_agent(n=7) -> Authorization:
    return Authorization(name="王芳", id_type=IdType.RESIDENT_ID, id_number=resident_id(n))


def accept(actor, case, *items, readings=READINGS) -> list[AcceptanceItem]:
    return movein.acceptance_record(
        actor=actor,
        case=case,
        inspector="李工",
        present="张伟",
        items=list(items) or [WALL],
        readings=readings,
    )


def book(actor, case, at=None) -> Reinspection:
    return movein.reinspection_book(
        actor=actor,
        case=case,
        at=at or timezone.now() + datetime.timedelta(days=1),
        accompanied_by="李工",
    )


def orders_of(case) -> list[WorkOrder]:
    ids = case.acceptance_items.filter(work_order_id__isnull=False).values("work_order_id")
    return list(WorkOrder.objects.filter(pk__in=ids).order_by("id"))


def repaired(head, order) -> WorkOrder:
    """Maintenance's side of a defect order: signed for, done and verified."""
    order = wo.order_sign(actor=head, order=order)
    order = wo.order_start(actor=head, order=order)
    order = wo.order_complete(actor=head, order=order, work_done="修好")
    return wo.order_verify(actor=head, order=order)


def finish(actor, case, owner, skip=()) -> None:
    """Every step of an owner's move-in but completion (no fee at move-in, no defect)."""
    receive(
        actor, case, *(k for k in requirements.required_documents(case.handler) if k not in skip)
    )
    movein.registration_save(actor=actor, case=case, owner=owner)
    movein.handover_record(actor=actor, case=case, lines=[KEYS])
    movein.fee_charge(actor=actor, case=case, months=0)
    accept(actor, case)


def reloaded(case) -> MoveInCase:
    return MoveInCase.objects.get(pk=case.pk)


def progress_of(case):
    """The case's progress as stored (the services lock and save their own copy)."""
    return case_progress(reloaded(case))


@pytest.fixture
def case(receptionist, unit, owner):
    return open_case(receptionist, unit, owner)


@pytest.fixture
def agent_case(receptionist, unit, owner):
    return open_case(receptionist, unit, owner, handler="agent")


@pytest.fixture
def company_owner(owner):
    Owner.objects.filter(pk=owner.pk).update(kind=Owner.Kind.COMPANY)
    owner.refresh_from_db()
    return owner


@pytest.fixture
def engineering(estate):
    return DepartmentFactory(estate=estate, kind=Department.Kind.ENGINEERING)


@pytest.fixture
def head(estate, engineering):
    return staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="head", department=engineering
    )


@pytest.fixture
def defects(receptionist, case, engineering):
    """The case accepted with two defects, their orders dispatched to engineering."""
    accept(receptionist, case, WALL, DRAIN, LEAK)
    return orders_of(case)


@pytest.fixture
def verified(head, defects):
    return [repaired(head, order) for order in defects]


# --- opening ------------------------------------------------------------------------------


def test_it_opens_a_move_in_for_a_current_owner(receptionist, unit, owner, estate):
    case = open_case(receptionist, unit, owner)
    assert (case.estate_id, case.unit_id, case.owner_id, case.status) == (
        estate.pk,
        unit.pk,
        owner.pk,
        MoveInCase.Status.OPEN,
    )
    assert case.opened_by == receptionist


def test_it_refuses_to_open_for_someone_not_owning_the_unit(receptionist, unit, estate):
    stranger = Owner.objects.create(estate=estate, name="赵六", id_number=resident_id(99))
    error = refused("not_owner", open_case, actor=receptionist, unit=unit, owner=stranger)
    assert error.field == "owner"
    assert MoveInCase.objects.count() == 0


def test_it_refuses_a_second_open_case_for_the_unit(receptionist, unit, owner, case):
    refused("already_open", open_case, actor=receptionist, unit=unit, owner=owner)
    assert MoveInCase.objects.count() == 1


def test_it_opens_again_once_the_last_case_is_cancelled(receptionist, unit, owner, case):
    movein.movein_cancel(actor=receptionist, case=case, reason="业主改期")
    open_case(receptionist, unit, owner)
    assert MoveInCase.objects.open().count() == 1


def test_it_refuses_a_unit_in_custody(receptionist, unit, owner):
    start(receptionist, unit)
    refused("in_custody", open_case, actor=receptionist, unit=unit, owner=owner)
    assert MoveInCase.objects.count() == 0


def test_it_refuses_a_company_purchase_by_a_person(receptionist, unit, owner):
    error = refused(
        "not_a_company",
        open_case,
        actor=receptionist,
        unit=unit,
        owner=owner,
        handler="company",
        handler_name="刘经理",
    )
    assert error.field == "handler"
    assert MoveInCase.objects.count() == 0


def test_it_refuses_a_company_purchase_without_the_handling_person(
    receptionist, unit, company_owner
):
    error = refused(
        "invalid",
        open_case,
        actor=receptionist,
        unit=unit,
        owner=company_owner,
        handler="company",
        handler_name="  ",
    )
    assert error.field == "handler_name"
    assert MoveInCase.objects.count() == 0


def test_it_opens_a_company_purchase_with_its_handling_person(receptionist, unit, company_owner):
    case = open_case(receptionist, unit, company_owner, handler="company", handler_name=" 刘经理 ")
    assert (case.handler, case.handler_name) == ("company", "刘经理")


def test_it_refuses_an_unknown_handler(receptionist, unit, owner):
    error = refused(
        "invalid", open_case, actor=receptionist, unit=unit, owner=owner, handler="friend"
    )
    assert error.field == "handler"
    assert MoveInCase.objects.count() == 0


def test_it_refuses_a_desk_of_another_estate(unit, owner, other_estate):
    desk = staff(estates=[other_estate], roles=[roles.RECEPTIONIST], username="other-desk")
    refused("wrong_estate", open_case, actor=desk, unit=unit, owner=owner)
    assert MoveInCase.objects.count() == 0


@pytest.mark.parametrize("user", ["technician", "cashier"])
def test_it_refuses_roles_without_desk_work(request, user, unit, owner):
    actor = request.getfixturevalue(user)
    refused("forbidden", open_case, actor=actor, unit=unit, owner=owner)
    assert MoveInCase.objects.count() == 0


# --- ① documents ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handler", "kinds"),
    [
        ("owner", BASE),
        ("agent", [*BASE, Kind.AGENT_ID_COPY, Kind.POWER_OF_ATTORNEY]),
        ("company", [*BASE, Kind.COMPANY_CERTIFICATE, Kind.AGENT_ID_COPY]),
    ],
)
def test_it_asks_for_the_papers_of_who_handles_it(
    receptionist, unit, company_owner, handler, kinds
):
    # a company owner may also come in person or send an agent
    case = open_case(receptionist, unit, company_owner, handler=handler, handler_name="刘经理")
    progress = progress_of(case)
    assert list(progress.documents) == kinds
    assert {line.state for line in progress.documents.values()} == {MISSING}


def test_it_names_the_company_handling_persons_identity(receptionist, unit, company_owner):
    case = open_case(receptionist, unit, company_owner, handler="company", handler_name="刘经理")
    line = progress_of(case).documents[Kind.AGENT_ID_COPY]
    assert line.label == "Handling person's identity document"


def test_it_archives_a_scan_linked_to_the_case(receptionist, case, unit, owner):
    document = movein.document_receive(
        actor=receptionist, case=case, kind=Kind.ID_COPY, scan=png("id.png"), notes=" 正反面 "
    )
    document.refresh_from_db()
    assert (document.unit, document.owner, document.kind, document.notes) == (
        unit,
        owner,
        Kind.ID_COPY,
        "正反面",
    )
    assert document.file and not document.original_sighted
    assert document.source == case
    assert document.received_by == receptionist
    line = progress_of(case).documents[Kind.ID_COPY]
    assert (line.state, line.document) == (DONE, document)


def test_it_accepts_a_pdf_scan_or_the_original_sighted(receptionist, case):
    movein.document_receive(
        actor=receptionist, case=case, kind=Kind.SALES_CONTRACT, scan=fake_pdf("contract.pdf")
    )
    movein.document_receive(
        actor=receptionist, case=case, kind=Kind.OCCUPANCY_NOTICE, original_sighted=True
    )
    documents = progress_of(case).documents
    assert documents[Kind.SALES_CONTRACT].state == DONE
    assert documents[Kind.OCCUPANCY_NOTICE].state == DONE
    assert documents[Kind.ID_COPY].state == MISSING


def test_it_refuses_a_document_not_asked_for(receptionist, case):
    error = refused(
        "not_required",
        movein.document_receive,
        actor=receptionist,
        case=case,
        kind=Kind.COMPANY_CERTIFICATE,
        original_sighted=True,
    )
    assert error.field == "kind"
    assert Document.objects.count() == 0


def test_it_refuses_a_scan_that_is_not_an_image_or_pdf(receptionist, case):
    scan = SimpleUploadedFile("id.txt", b"just some text", content_type="text/plain")
    error = refused(
        "not_a_scan",
        movein.document_receive,
        actor=receptionist,
        case=case,
        kind=Kind.ID_COPY,
        scan=scan,
    )
    assert error.field == "scan"
    assert Document.objects.count() == 0


def test_it_refuses_a_document_with_neither_scan_nor_original(receptionist, case):
    refused(
        "no_document", movein.document_receive, actor=receptionist, case=case, kind=Kind.ID_COPY
    )
    assert Document.objects.count() == 0


def test_it_takes_the_power_of_attorney_only_with_the_agent(receptionist, agent_case):
    refused(
        "use_agent_form",
        movein.document_receive,
        actor=receptionist,
        case=agent_case,
        kind=Kind.POWER_OF_ATTORNEY,
        original_sighted=True,
    )
    assert Document.objects.count() == 0


def test_it_registers_the_agent_with_the_power_of_attorney(receptionist, agent_case, unit, owner):
    authorization = movein.agent_register(
        actor=receptionist, case=agent_case, agent=an_agent(), scan=png("poa.png")
    )
    case = reloaded(agent_case)
    assert case.authorization == authorization
    assert case.handler_name == "王芳"
    assert (authorization.owner, authorization.unit) == (owner, unit)
    power = Document.objects.get(kind=Kind.POWER_OF_ATTORNEY)
    assert authorization.power_of_attorney == power
    assert (power.source_type, power.source_id) == (
        ContentType.objects.get_for_model(MoveInCase),
        case.pk,
    )
    assert progress_of(case).documents[Kind.POWER_OF_ATTORNEY].state == DONE


def test_it_registers_an_agent_without_a_scope_for_the_move_in_only(receptionist, agent_case):
    authorization = movein.agent_register(
        actor=receptionist, case=agent_case, agent=an_agent(), original_sighted=True
    )
    assert authorization.scope == Authorization.Scope.CHECK_IN


def test_it_refuses_a_second_agent(receptionist, agent_case):
    movein.agent_register(
        actor=receptionist, case=agent_case, agent=an_agent(), original_sighted=True
    )
    refused(
        "already_registered",
        movein.agent_register,
        actor=receptionist,
        case=agent_case,
        agent=an_agent(8),
        original_sighted=True,
    )
    assert Authorization.objects.count() == 1
    assert Document.objects.filter(kind=Kind.POWER_OF_ATTORNEY).count() == 1


def test_it_refuses_an_agent_on_a_case_the_owner_handles(receptionist, case):
    refused(
        "not_agent",
        movein.agent_register,
        actor=receptionist,
        case=case,
        agent=an_agent(),
        original_sighted=True,
    )
    assert Authorization.objects.count() == 0


# --- waivers ----------------------------------------------------------------------------


def test_it_lets_a_supervisor_waive_a_document(supervisor, case):
    waiver = movein.document_waive(
        actor=supervisor, case=case, kind=Kind.SALES_CONTRACT, reason="开发商未发"
    )
    assert waiver.waived_by == supervisor
    line = progress_of(case).documents[Kind.SALES_CONTRACT]
    assert (line.state, line.detail, line.waiver) == (WAIVED, "开发商未发", waiver)


def test_it_refuses_a_waiver_from_a_receptionist(receptionist, case):
    refused(
        "forbidden",
        movein.document_waive,
        actor=receptionist,
        case=case,
        kind=Kind.SALES_CONTRACT,
        reason="开发商未发",
    )
    assert DocumentWaiver.objects.count() == 0


def test_it_refuses_a_waiver_without_a_reason(supervisor, case):
    error = refused(
        "invalid",
        movein.document_waive,
        actor=supervisor,
        case=case,
        kind=Kind.SALES_CONTRACT,
        reason=" ",
    )
    assert error.field == "reason"
    assert DocumentWaiver.objects.count() == 0


def test_it_refuses_to_waive_a_document_not_asked_for(supervisor, case):
    refused(
        "not_required",
        movein.document_waive,
        actor=supervisor,
        case=case,
        kind=Kind.POWER_OF_ATTORNEY,
        reason="无",
    )
    assert DocumentWaiver.objects.count() == 0


def test_it_refuses_to_complete_with_a_missing_document(receptionist, case, unit, owner):
    finish(receptionist, case, owner, skip=[Kind.SALES_CONTRACT])
    error = refused("incomplete", movein.movein_complete, actor=receptionist, case=case)
    assert "House sales contract" in str(error.message)
    assert reloaded(case).status == MoveInCase.Status.OPEN
    unit.refresh_from_db()
    assert (unit.status, unit.moved_in_on) == (Unit.Status.HANDED_OVER, None)


def test_it_completes_with_the_missing_document_waived(receptionist, supervisor, case, owner):
    finish(receptionist, case, owner, skip=[Kind.SALES_CONTRACT])
    movein.document_waive(
        actor=supervisor, case=case, kind=Kind.SALES_CONTRACT, reason="开发商未发"
    )
    movein.movein_complete(actor=receptionist, case=case)
    assert reloaded(case).status == MoveInCase.Status.COMPLETED


# --- ② registration and agreements ------------------------------------------------------------


def test_it_writes_the_registration_to_owners(receptionist, case, unit, owner):
    owner.emergency_contact = "张三"
    owner.emergency_phone = "13800138000"
    resident = Resident(unit=unit, name="李娜", kind=Resident.Kind.FAMILY, relation="配偶")
    vehicle = Vehicle(unit=unit, plate=" 京a 12345 ", description="白色轿车")
    movein.registration_save(
        actor=receptionist, case=case, owner=owner, residents=[resident], vehicles=[vehicle]
    )
    saved = Owner.objects.get(pk=owner.pk)
    assert (saved.emergency_contact, saved.emergency_phone) == ("张三", "13800138000")
    assert list(Resident.objects.filter(unit=unit).values_list("name", "relation")) == [
        ("李娜", "配偶")
    ]
    assert list(Vehicle.objects.filter(unit=unit).values_list("plate", flat=True)) == ["京A12345"]
    assert reloaded(case).registered_at is not None
    assert progress_of(case).step["registration"].lines[0].state == DONE


def test_it_saves_nothing_of_a_registration_with_another_units_vehicle(
    receptionist, case, unit, owner, other_unit
):
    owner.emergency_contact = "张三"
    refused(
        "invalid",
        movein.registration_save,
        actor=receptionist,
        case=case,
        owner=owner,
        residents=[Resident(unit=unit, name="李娜")],
        vehicles=[Vehicle(unit=other_unit, plate="京A12345")],
    )
    assert Owner.objects.get(pk=owner.pk).emergency_contact == ""
    assert (Resident.objects.count(), Vehicle.objects.count()) == (0, 0)
    assert reloaded(case).registered_at is None


def test_it_records_the_agreements_signed_once(receptionist, case, estate):
    rules = Agreement.objects.create(estate=estate, title="管理规约")
    decoration = Agreement.objects.create(estate=estate, title="装修管理协议")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    movein.agreements_sign(actor=receptionist, case=case, agreements=[rules], signed_on=yesterday)
    again = movein.agreements_sign(actor=receptionist, case=case, agreements=[rules, decoration])
    assert [signing.agreement for signing in again] == [decoration]
    assert AgreementSigning.objects.filter(agreement=rules).get().signed_on == yesterday
    assert AgreementSigning.objects.count() == 2
    assert [signing is not None for _a, signing in progress_of(case).agreements] == [True, True]


def test_it_refuses_an_agreement_of_another_estate(receptionist, case, estate, other_estate):
    ours = Agreement.objects.create(estate=estate, title="管理规约")
    theirs = Agreement.objects.create(estate=other_estate, title="翠湖苑公约")
    error = refused(
        "wrong_estate",
        movein.agreements_sign,
        actor=receptionist,
        case=case,
        agreements=[ours, theirs],
    )
    assert error.field == "agreements"
    assert AgreementSigning.objects.count() == 0


def test_it_refuses_a_signing_date_in_the_future(receptionist, case, estate):
    rules = Agreement.objects.create(estate=estate, title="管理规约")
    error = refused(
        "invalid",
        movein.agreements_sign,
        actor=receptionist,
        case=case,
        agreements=[rules],
        signed_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    assert error.field == "signed_on"
    assert AgreementSigning.objects.count() == 0


# --- ③ handover ---------------------------------------------------------------------------


def test_it_records_the_handover(receptionist, case):
    movein.handover_record(
        actor=receptionist,
        case=case,
        lines=[KEYS, movein.Handed("住户手册", 1), movein.Handed("  ", 1)],
    )
    assert [(line.name, line.quantity, line.note) for line in HandoverLine.objects.all()] == [
        ("钥匙", 3, "入户门×2"),
        ("住户手册", 1, ""),
    ]
    assert reloaded(case).handed_over_at is not None
    assert progress_of(case).step["handover"].done


@pytest.mark.parametrize(
    "lines",
    [
        [movein.Handed("住户手册", 1)],
        [movein.Handed("钥匙", 0, "开发商未交", keys=True), movein.Handed("住户手册", 1)],
    ],
    ids=["no-keys-line", "zero-keys"],
)
def test_it_refuses_a_handover_without_keys(receptionist, case, lines):
    refused("no_keys", movein.handover_record, actor=receptionist, case=case, lines=lines)
    assert HandoverLine.objects.count() == 0
    assert reloaded(case).handed_over_at is None


def test_it_refuses_an_item_not_handed_over_without_a_note(receptionist, case):
    error = refused(
        "invalid",
        movein.handover_record,
        actor=receptionist,
        case=case,
        lines=[KEYS, movein.Handed("水电图", 0)],
    )
    assert error.field == "note"
    assert HandoverLine.objects.count() == 0


def test_it_refuses_a_second_handover(receptionist, case):
    movein.handover_record(actor=receptionist, case=case, lines=[KEYS])
    refused(
        "already_handed_over", movein.handover_record, actor=receptionist, case=case, lines=[KEYS]
    )
    assert HandoverLine.objects.count() == 1


# --- ④ fee --------------------------------------------------------------------------------


def months_from_now(count: int) -> list[datetime.date]:
    first = timezone.localdate().replace(day=1)
    months = [first]
    while len(months) < count:
        last = months[-1]
        months.append(datetime.date(last.year + last.month // 12, last.month % 12 + 1, 1))
    return months


def test_it_charges_three_months_from_this_one_by_default(receptionist, case, estate, unit):
    property_fee(estate, rate="2.50")
    charges = movein.fee_charge(actor=receptionist, case=case)
    assert [charge.period for charge in charges] == months_from_now(3)
    assert {charge.amount for charge in charges} == {Decimal("223.75")}  # 89.50 m² × 2.50
    assert Charge.objects.filter(unit=unit).count() == 3
    case = reloaded(case)
    assert (case.fee_first_month, case.fee_months) == (months_from_now(1)[0], 3)
    progress = progress_of(case)
    assert progress.outstanding == Decimal("671.25")
    assert not progress.step["fee"].done


def test_it_charges_the_months_the_estate_set(receptionist, case, estate):
    property_fee(estate)
    CustodySettings.objects.create(estate=estate, move_in_fee_months=1)
    charges = movein.fee_charge(actor=receptionist, case=case)
    assert [charge.period for charge in charges] == months_from_now(1)
    assert reloaded(case).fee_months == 1


def test_it_refuses_to_charge_twice(receptionist, case, estate):
    property_fee(estate)
    movein.fee_charge(actor=receptionist, case=case)
    refused("already_charged", movein.fee_charge, actor=receptionist, case=case)
    assert Charge.objects.count() == 3


def test_it_charges_nothing_when_the_estate_charges_no_months(receptionist, case, estate):
    property_fee(estate)
    CustodySettings.objects.create(estate=estate, move_in_fee_months=0)
    assert movein.fee_charge(actor=receptionist, case=case) == []
    assert Charge.objects.count() == 0
    assert reloaded(case).fee_months == 0
    assert progress_of(case).step["fee"].done


def test_it_refuses_the_fee_without_a_property_fee_type(receptionist, case):
    refused("fees_no_fee_type", movein.fee_charge, actor=receptionist, case=case)
    case = reloaded(case)
    assert (case.fee_first_month, case.fee_months) == (None, None)
    assert Charge.objects.count() == 0


# --- ⑤ acceptance ---------------------------------------------------------------------------


def test_it_refuses_a_defect_without_a_note(receptionist, case):
    blank = movein.Checked("厨房", "下水", defect=True, note=" ")
    error = refused("defect_without_note", accept, receptionist, case, WALL, blank)
    assert error.field == "note"
    assert (AcceptanceItem.objects.count(), WorkOrder.objects.count()) == (0, 0)
    assert reloaded(case).accepted_at is None


def test_it_refuses_an_acceptance_without_the_gas_reading(receptionist, case):
    error = refused(
        "invalid", accept, receptionist, case, DRAIN, readings=Readings(Decimal(1), Decimal(2))
    )
    assert error.field == "gas"
    assert (AcceptanceItem.objects.count(), MeterReading.objects.count()) == (0, 0)
    assert WorkOrder.objects.count() == 0


def test_it_refuses_a_reading_below_the_meters_last_one(receptionist, case, unit, engineering):
    meter_reading_record(actor=receptionist, unit=unit, meter="gas", value=Decimal("8"))
    error = refused("goes_backwards", accept, receptionist, case, WALL, DRAIN)
    assert error.field == "gas"
    # the water and electricity readings taken before the gas one are rolled back too
    assert MeterReading.objects.count() == 1
    assert (AcceptanceItem.objects.count(), WorkOrder.objects.count()) == (0, 0)
    assert reloaded(case).accepted_at is None


def test_it_records_the_acceptance_and_the_readings(receptionist, case):
    rows = accept(receptionist, case, WALL)
    case = reloaded(case)
    assert (case.acceptance_inspector, case.acceptance_present) == ("李工", "张伟")
    assert case.accepted_at is not None
    assert [(row.room, row.item, row.defect, row.work_order_id) for row in rows] == [
        ("客厅", "墙面", False, None)
    ]
    progress = progress_of(case)
    assert sorted((r.meter, r.value) for r in progress.readings) == [
        ("electricity", Decimal("2")),
        ("gas", Decimal("3")),
        ("water", Decimal("1")),
    ]
    assert progress.step["acceptance"].done


def test_it_turns_defects_into_repair_orders_for_engineering(receptionist, case, unit, engineering):
    rows = accept(receptionist, case, WALL, DRAIN)
    order = WorkOrder.objects.get()
    assert (order.source, order.kind, order.unit, order.department, order.status) == (
        "checkin",
        "repair",
        unit,
        engineering,
        "dispatched",
    )
    assert order.source_object == case
    assert "堵塞" in order.description
    assert [row.work_order_id for row in rows] == [None, order.pk]
    progress = progress_of(case)
    assert [defect.order for defect in progress.defects] == [order]
    assert not progress.step["acceptance"].done


def test_it_leaves_defect_orders_open_without_an_engineering_department(receptionist, case):
    accept(receptionist, case, DRAIN)
    order = WorkOrder.objects.get()
    assert (order.department, order.status) == (None, "open")


def test_it_refuses_a_defect_photo_that_is_not_an_image(receptionist, case):
    photo = movein.Checked("卫生间", "防水", defect=True, note="渗水", photo=fake_pdf())
    error = refused("not_an_image", accept, receptionist, case, photo)
    assert error.field == "photo"
    assert (AcceptanceItem.objects.count(), WorkOrder.objects.count()) == (0, 0)


def test_it_keeps_a_defects_photo(receptionist, case, engineering):
    photo = movein.Checked("卫生间", "防水", defect=True, note="渗水", photo=png())
    (row,) = accept(receptionist, case, photo)
    assert row.photo
    assert WorkOrder.objects.get().photos.count() == 1


def test_it_refuses_a_second_acceptance(receptionist, case):
    accept(receptionist, case)
    refused("already_accepted", accept, receptionist, case, DRAIN)
    assert (AcceptanceItem.objects.count(), WorkOrder.objects.count()) == (1, 0)


# --- re-inspection ------------------------------------------------------------------------


def test_it_refuses_to_book_before_maintenance_verified_a_repair(receptionist, case, defects):
    refused("nothing_verified", book, receptionist, case)
    assert Reinspection.objects.count() == 0


def test_it_books_the_reinspection_of_the_verified_repairs(receptionist, case, verified):
    at = timezone.now() + datetime.timedelta(days=2)
    reinspection = book(receptionist, case, at=at)
    assert (reinspection.scheduled_at, reinspection.accompanied_by) == (at, "李工")
    assert {order.status for order in orders_of(case)} == {"booked"}
    assert progress_of(case).reinspection == reinspection


def test_it_moves_the_booking_when_booked_again(receptionist, case, verified):
    book(receptionist, case, at=timezone.now() + datetime.timedelta(days=2))
    moved = timezone.now() + datetime.timedelta(days=1)
    book(receptionist, case, at=moved)
    assert progress_of(case).reinspection.scheduled_at == moved
    movein.reinspection_result(actor=receptionist, case=case, signed_by="张伟")
    assert progress_of(case).reinspection is None


def test_it_refuses_to_book_a_time_past(receptionist, case, verified):
    refused(
        "bad_reinspection_time",
        book,
        receptionist,
        case,
        timezone.now() - datetime.timedelta(days=1),
    )
    assert Reinspection.objects.count() == 0
    assert {order.status for order in orders_of(case)} == {"verified"}


def test_it_closes_the_orders_the_owner_signs(receptionist, case, verified):
    book(receptionist, case)
    reinspection = movein.reinspection_result(actor=receptionist, case=case, signed_by="张伟")
    assert (reinspection.passed, reinspection.failed, reinspection.signed_by) == (2, 0, "张伟")
    assert reinspection.done_at is not None
    orders = orders_of(case)
    assert {order.status for order in orders} == {"closed"}
    assert {order.owner_signed_name for order in orders} == {"张伟"}
    assert progress_of(case).step["acceptance"].done


def test_it_refuses_a_result_without_the_owners_signature(receptionist, case, verified):
    book(receptionist, case)
    error = refused(
        "no_signature", movein.reinspection_result, actor=receptionist, case=case, signed_by=" "
    )
    assert error.field == "signed_by"
    assert {order.status for order in orders_of(case)} == {"booked"}
    assert Reinspection.objects.get().done_at is None


def test_it_sends_a_failed_repair_back_until_it_holds(receptionist, head, case, verified):
    drain, leak = verified
    book(receptionist, case)
    first = movein.reinspection_result(
        actor=receptionist, case=case, signed_by="张伟", failed={drain.pk: "仍然堵塞"}
    )
    assert (first.passed, first.failed) == (1, 1)
    drain.refresh_from_db()
    leak.refresh_from_db()
    assert (drain.status, leak.status) == ("dispatched", "closed")
    progress = progress_of(case)
    assert [defect.settled for defect in progress.defects] == [False, True]
    assert any("厨房 · 下水" in said for said in progress.missing())
    refused("nothing_verified", book, receptionist, case)

    repaired(head, drain)
    book(receptionist, case)
    movein.reinspection_result(actor=receptionist, case=case, signed_by="张伟")
    drain.refresh_from_db()
    assert drain.status == "closed"
    assert progress_of(case).step["acceptance"].done
    assert Reinspection.objects.filter(done_at__isnull=False).count() == 2


# --- ⑦ completion and cancelling -----------------------------------------------------------


@pytest.mark.parametrize("status", [Unit.Status.OCCUPIED, Unit.Status.HANDED_OVER])
def test_it_completes_the_move_in(receptionist, case, unit, owner, status):
    Unit.objects.filter(pk=unit.pk).update(status=Unit.Status.UNOCCUPIED)
    finish(receptionist, case, owner)
    day = timezone.localdate() - datetime.timedelta(days=2)
    movein.movein_complete(actor=receptionist, case=case, move_in_date=day, unit_status=status)
    case = reloaded(case)
    assert (case.status, case.move_in_date, case.closed_by) == ("completed", day, receptionist)
    unit.refresh_from_db()
    assert (unit.status, unit.moved_in_on) == (status, day)


def test_it_refuses_a_move_in_date_in_the_future(receptionist, case, unit, owner):
    finish(receptionist, case, owner)
    error = refused(
        "invalid",
        movein.movein_complete,
        actor=receptionist,
        case=case,
        move_in_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    assert error.field == "move_in_date"
    assert reloaded(case).status == "open"
    unit.refresh_from_db()
    assert unit.moved_in_on is None


def test_it_refuses_to_complete_with_a_defect_not_signed_off(receptionist, case, unit, owner):
    receive(receptionist, case, *BASE)
    movein.registration_save(actor=receptionist, case=case, owner=owner)
    movein.handover_record(actor=receptionist, case=case, lines=[KEYS])
    movein.fee_charge(actor=receptionist, case=case, months=0)
    accept(receptionist, case, DRAIN)
    error = refused("incomplete", movein.movein_complete, actor=receptionist, case=case)
    assert "厨房 · 下水" in str(error.message)
    assert reloaded(case).status == "open"


def test_it_refuses_to_complete_with_the_fee_unpaid(receptionist, case, estate, owner):
    property_fee(estate)
    receive(receptionist, case, *BASE)
    movein.registration_save(actor=receptionist, case=case, owner=owner)
    movein.handover_record(actor=receptionist, case=case, lines=[KEYS])
    movein.fee_charge(actor=receptionist, case=case)
    accept(receptionist, case)
    error = refused("incomplete", movein.movein_complete, actor=receptionist, case=case)
    assert "Property fee paid" in str(error.message)


def test_it_cancels_with_a_reason(receptionist, case, unit):
    movein.movein_cancel(actor=receptionist, case=case, reason=" 业主改期 ")
    case = reloaded(case)
    assert (case.status, case.cancel_reason, case.closed_by) == (
        "cancelled",
        "业主改期",
        receptionist,
    )
    unit.refresh_from_db()
    assert unit.status == Unit.Status.HANDED_OVER


def test_it_refuses_to_cancel_without_a_reason(receptionist, case):
    error = refused("invalid", movein.movein_cancel, actor=receptionist, case=case, reason="  ")
    assert error.field == "reason"
    assert reloaded(case).status == "open"


def test_it_refuses_steps_on_a_cancelled_case(receptionist, case):
    movein.movein_cancel(actor=receptionist, case=case, reason="业主改期")
    refused(
        "case_closed",
        movein.document_receive,
        actor=receptionist,
        case=case,
        kind=Kind.ID_COPY,
        original_sighted=True,
    )
    refused("case_closed", movein.handover_record, actor=receptionist, case=case, lines=[KEYS])
    refused("case_closed", movein.movein_cancel, actor=receptionist, case=case, reason="再取消")
    assert (Document.objects.count(), HandoverLine.objects.count()) == (0, 0)


def test_it_refuses_steps_on_a_completed_case(receptionist, supervisor, case, owner):
    finish(receptionist, case, owner)
    movein.movein_complete(actor=receptionist, case=case)
    refused("case_closed", movein.movein_cancel, actor=receptionist, case=case, reason="误操作")
    refused("case_closed", movein.movein_complete, actor=receptionist, case=case)
    refused(
        "case_closed",
        movein.document_waive,
        actor=supervisor,
        case=case,
        kind=Kind.SALES_CONTRACT,
        reason="无",
    )
    assert reloaded(case).status == "completed"
