"""① The papers of a move-in (scans, originals sighted, the agent's power of attorney, a
supervisor's waiver) and ② the household registration and the agreements signed."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from checkin import services
from checkin.models import Agreement, AgreementSigning, DocumentWaiver, MoveInCase
from checkin.selectors.movein import DONE, MISSING, WAIVED
from owners.models import Authorization, Document, Owner, Resident, Unit, Vehicle

from .helpers import (
    BASE,
    Kind,
    an_agent,
    fake_pdf,
    finish,
    open_case,
    png,
    progress_of,
    refused,
    reloaded,
)

pytestmark = pytest.mark.django_db


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
    document = services.document_receive(
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
    services.document_receive(
        actor=receptionist, case=case, kind=Kind.SALES_CONTRACT, scan=fake_pdf("contract.pdf")
    )
    services.document_receive(
        actor=receptionist, case=case, kind=Kind.OCCUPANCY_NOTICE, original_sighted=True
    )
    documents = progress_of(case).documents
    assert documents[Kind.SALES_CONTRACT].state == DONE
    assert documents[Kind.OCCUPANCY_NOTICE].state == DONE
    assert documents[Kind.ID_COPY].state == MISSING


def test_it_refuses_a_document_not_asked_for(receptionist, case):
    error = refused(
        "not_required",
        services.document_receive,
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
        services.document_receive,
        actor=receptionist,
        case=case,
        kind=Kind.ID_COPY,
        scan=scan,
    )
    assert error.field == "scan"
    assert Document.objects.count() == 0


def test_it_refuses_a_document_with_neither_scan_nor_original(receptionist, case):
    refused(
        "no_document", services.document_receive, actor=receptionist, case=case, kind=Kind.ID_COPY
    )
    assert Document.objects.count() == 0


def test_it_takes_the_power_of_attorney_only_with_the_agent(receptionist, agent_case):
    refused(
        "use_agent_form",
        services.document_receive,
        actor=receptionist,
        case=agent_case,
        kind=Kind.POWER_OF_ATTORNEY,
        original_sighted=True,
    )
    assert Document.objects.count() == 0


def test_it_registers_the_agent_with_the_power_of_attorney(receptionist, agent_case, unit, owner):
    authorization = services.agent_register(
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
    authorization = services.agent_register(
        actor=receptionist, case=agent_case, agent=an_agent(), original_sighted=True
    )
    assert authorization.scope == Authorization.Scope.CHECK_IN


def test_it_refuses_a_second_agent(receptionist, agent_case):
    services.agent_register(
        actor=receptionist, case=agent_case, agent=an_agent(), original_sighted=True
    )
    refused(
        "already_registered",
        services.agent_register,
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
        services.agent_register,
        actor=receptionist,
        case=case,
        agent=an_agent(),
        original_sighted=True,
    )
    assert Authorization.objects.count() == 0


# --- waivers ----------------------------------------------------------------------------


def test_it_lets_a_supervisor_waive_a_document(supervisor, case):
    waiver = services.document_waive(
        actor=supervisor, case=case, kind=Kind.SALES_CONTRACT, reason="开发商未发"
    )
    assert waiver.waived_by == supervisor
    line = progress_of(case).documents[Kind.SALES_CONTRACT]
    assert (line.state, line.detail, line.waiver) == (WAIVED, "开发商未发", waiver)


def test_it_refuses_a_waiver_from_a_receptionist(receptionist, case):
    refused(
        "forbidden",
        services.document_waive,
        actor=receptionist,
        case=case,
        kind=Kind.SALES_CONTRACT,
        reason="开发商未发",
    )
    assert DocumentWaiver.objects.count() == 0


def test_it_refuses_a_waiver_without_a_reason(supervisor, case):
    error = refused(
        "invalid",
        services.document_waive,
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
        services.document_waive,
        actor=supervisor,
        case=case,
        kind=Kind.POWER_OF_ATTORNEY,
        reason="无",
    )
    assert DocumentWaiver.objects.count() == 0


def test_it_refuses_to_complete_with_a_missing_document(receptionist, case, unit, owner):
    finish(receptionist, case, owner, skip=[Kind.SALES_CONTRACT])
    error = refused("incomplete", services.movein_complete, actor=receptionist, case=case)
    assert "House sales contract" in str(error.message)
    assert reloaded(case).status == MoveInCase.Status.OPEN
    unit.refresh_from_db()
    assert (unit.status, unit.moved_in_on) == (Unit.Status.HANDED_OVER, None)


def test_it_completes_with_the_missing_document_waived(receptionist, supervisor, case, owner):
    finish(receptionist, case, owner, skip=[Kind.SALES_CONTRACT])
    services.document_waive(
        actor=supervisor, case=case, kind=Kind.SALES_CONTRACT, reason="开发商未发"
    )
    services.movein_complete(actor=receptionist, case=case)
    assert reloaded(case).status == MoveInCase.Status.COMPLETED


# --- ② registration and agreements ------------------------------------------------------------


def test_it_writes_the_registration_to_owners(receptionist, case, unit, owner):
    owner.emergency_contact = "张三"
    owner.emergency_phone = "13800138000"
    resident = Resident(unit=unit, name="李娜", kind=Resident.Kind.FAMILY, relation="配偶")
    vehicle = Vehicle(unit=unit, plate=" 京a 12345 ", description="白色轿车")
    services.registration_save(
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
        services.registration_save,
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
    services.agreements_sign(actor=receptionist, case=case, agreements=[rules], signed_on=yesterday)
    again = services.agreements_sign(actor=receptionist, case=case, agreements=[rules, decoration])
    assert [signing.agreement for signing in again] == [decoration]
    assert AgreementSigning.objects.filter(agreement=rules).get().signed_on == yesterday
    assert AgreementSigning.objects.count() == 2
    assert [signing is not None for _a, signing in progress_of(case).agreements] == [True, True]


def test_it_refuses_an_agreement_of_another_estate(receptionist, case, estate, other_estate):
    ours = Agreement.objects.create(estate=estate, title="管理规约")
    theirs = Agreement.objects.create(estate=other_estate, title="翠湖苑公约")
    error = refused(
        "other_estate",
        services.agreements_sign,
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
        services.agreements_sign,
        actor=receptionist,
        case=case,
        agreements=[rules],
        signed_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    assert error.field == "signed_on"
    assert AgreementSigning.objects.count() == 0
