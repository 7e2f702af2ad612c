"""The application (A) and the legal checklist with the plan review (B)."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from fees.models import FeeType
from frontdesk.errors import DeskError
from owners.models import Document
from renovation import services
from renovation.errors import FormUsed, RenovationError
from renovation.models import ProhibitedItem, Renovation, RenovationFile
from renovation.selectors import prohibited_items

from .helpers import AGENT_ID, ID, apply, garbage_fee, pdf_upload

pytestmark = pytest.mark.django_db


def refused(code, call, *args, **kwargs):
    with pytest.raises(RenovationError) as raised:
        call(*args, **kwargs)
    assert raised.value.code == code, raised.value.message
    return raised.value


def test_it_takes_an_owners_application_with_a_number_and_the_id_masked(receptionist, unit):
    renovation = apply(receptionist, unit)

    year = timezone.localdate().year
    assert renovation.number == f"ZX{year}-000001"
    assert renovation.status == Renovation.Status.SUBMITTED
    assert renovation.id_masked == ID[:6] + "********" + ID[-4:]
    assert renovation.owner.name == "张伟"
    assert renovation.files.get().kind == RenovationFile.Kind.PLAN
    assert ID not in str(list(renovation.history.values()))


def test_numbers_are_gapless_per_estate(receptionist, unit, estate):
    from tests.factories import OwnershipFactory, UnitFactory

    first = apply(receptionist, unit)
    second_unit = UnitFactory(building=unit.building)
    OwnershipFactory(unit=second_unit)
    refused("open_renovation", apply, receptionist, unit)  # a refusal takes no number
    second = apply(receptionist, second_unit)

    assert [first.number[-6:], second.number[-6:]] == ["000001", "000002"]


def test_a_second_open_renovation_on_the_unit_is_refused(receptionist, unit):
    apply(receptionist, unit)

    refused("open_renovation", apply, receptionist, unit)

    assert Renovation.objects.count() == 1


def test_a_withdrawn_renovation_leaves_the_unit_free(receptionist, unit):
    first = apply(receptionist, unit)
    services.renovation_withdraw(actor=receptionist, renovation=first, reason="业主改期")

    assert apply(receptionist, unit).pk != first.pk


def test_a_double_submit_opens_one_renovation(receptionist, unit):
    key = uuid.uuid4()
    first = apply(receptionist, unit, form_key=key)

    with pytest.raises(FormUsed) as used:
        apply(receptionist, unit, form_key=key)

    assert used.value.record == first and Renovation.objects.count() == 1


def test_an_agents_papers_go_into_the_household_file(receptionist, unit):
    renovation = apply(
        receptionist,
        unit,
        applicant=Renovation.Applicant.AGENT,
        applicant_name="李娜",
        id_number=AGENT_ID,
        attorney_scan=pdf_upload("poa.pdf"),
        agent_id_scan=pdf_upload("id.pdf"),
    )

    documents = Document.objects.filter(unit=unit).order_by("kind")
    assert {d.kind for d in documents} == {"power_of_attorney", "agent_id_copy"}
    assert renovation.attorney_document.source == renovation
    assert renovation.agent_id_document.owner == renovation.owner


def test_an_agent_without_the_power_of_attorney_is_refused(receptionist, unit):
    error = refused(
        "required",
        apply,
        receptionist,
        unit,
        applicant=Renovation.Applicant.AGENT,
        id_number=AGENT_ID,
        agent_id_scan=pdf_upload("id.pdf"),
    )

    assert error.field == "attorney_scan"
    assert not Renovation.objects.exists() and not Document.objects.exists()


def test_a_tenant_needs_the_owners_consent(receptionist, unit):
    refused("no_consent", apply, receptionist, unit, applicant=Renovation.Applicant.TENANT)

    assert not Renovation.objects.exists()


def test_a_tenants_phone_consent_records_who_called_whom_and_when(receptionist, unit):
    at = timezone.now() - datetime.timedelta(minutes=10)
    renovation = apply(
        receptionist,
        unit,
        applicant=Renovation.Applicant.TENANT,
        consent=services.Consent(method="phone", owner_name="张伟", phone="13900001111", at=at),
    )

    assert renovation.consent == "phone"
    assert renovation.consent_owner_name == "张伟" and renovation.consent_phone == "13900001111"
    assert renovation.consent_at == at and renovation.consent_recorded_by == receptionist


@pytest.mark.parametrize(
    ("ago", "code"),
    [
        (datetime.timedelta(days=-1), "consent_in_future"),
        (datetime.timedelta(days=91), "consent_stale"),
    ],
)
def test_a_consent_from_the_future_or_long_ago_is_refused(receptionist, unit, ago, code):
    at = timezone.now() - ago
    consent = services.Consent(method="phone", owner_name="张伟", phone="13900001111", at=at)

    error = refused(
        code, apply, receptionist, unit, applicant=Renovation.Applicant.TENANT, consent=consent
    )

    assert error.field == "consent_at"


def test_a_phone_consent_needs_the_number_called(receptionist, unit):
    error = refused(
        "required",
        apply,
        receptionist,
        unit,
        applicant=Renovation.Applicant.TENANT,
        consent=services.Consent(method="phone", owner_name="张伟"),
    )
    assert error.field == "consent_phone"


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"id_number": "110105198506010012"}, "invalid_id", "id_number"),
        ({"id_number": ""}, "no_id", "id_number"),
        ({"contractor_code": "91110000600037341M"}, "invalid_credit_code", "contractor_code"),
        ({"contractor_code": "9111000060003734"}, "invalid_credit_code", "contractor_code"),
        ({"contractor_licence": None}, "required", "contractor_licence"),
        ({"site_manager_phone": "12345"}, "invalid_phone", "site_manager_phone"),
        ({"workers": 0}, "bad_workers", "workers"),
        ({"plans": []}, "no_plan", "plans"),
        ({"scope": "half"}, "bad_scope", "scope"),
        ({"planned_start": datetime.date(2020, 1, 1)}, "start_in_past", "planned_start"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(receptionist, unit, extra, code, field):
    error = refused(code, apply, receptionist, unit, **extra)

    assert error.field == field
    assert not Renovation.objects.exists() and not RenovationFile.objects.exists()


def test_an_end_before_the_start_is_refused(receptionist, unit):
    today = timezone.localdate()
    refused(
        "end_before_start",
        apply,
        receptionist,
        unit,
        planned_start=today + datetime.timedelta(days=5),
        planned_end=today + datetime.timedelta(days=1),
    )


def test_prohibited_works_are_refused_outright(receptionist, unit):
    error = refused(
        "prohibited",
        apply,
        receptionist,
        unit,
        prohibited=[str(prohibited_items(unit.estate_id)[0])],
    )

    assert "balcony" in error.message and not Renovation.objects.exists()


def test_an_estates_own_prohibited_list_replaces_the_defaults(estate):
    ProhibitedItem.objects.create(estate=estate, text="阳台改卫生间")
    ProhibitedItem.objects.create(estate=estate, text="停用项", active=False)

    assert prohibited_items(estate.pk) == ["阳台改卫生间"]


def test_a_role_without_desk_work_cannot_apply(technician, unit):
    with pytest.raises(DeskError) as raised:
        apply(technician, unit)
    assert raised.value.code == "forbidden" and not Renovation.objects.exists()


def test_another_estates_unit_is_refused(receptionist, other_unit):
    with pytest.raises(DeskError) as raised:
        apply(receptionist, other_unit)
    assert raised.value.code == "other_estate" and not Renovation.objects.exists()


# --- B: the checklist and the review ------------------------------------------------------


def test_a_structural_item_blocks_approval_until_its_documents_are_on_file(
    receptionist, engineer, unit, fee
):
    renovation = apply(
        receptionist, unit, checklist=services.Checklist(structural=True, waterproofing=True)
    )

    error = refused(
        "missing_documents", services.renovation_approve, actor=engineer, renovation=renovation
    )
    assert "Real-estate authority's approval" in error.message
    assert "Waterproofing construction plan" in error.message
    renovation.refresh_from_db()
    assert renovation.status == "submitted" and renovation.fee_charge is None

    for kind in ("structural_design", "authority_approval", "waterproof_plan"):
        services.file_add(actor=receptionist, renovation=renovation, kind=kind, upload=pdf_upload())
    approved = services.renovation_approve(
        actor=engineer, renovation=renovation, findings="方案可行"
    )

    assert approved.status == "approved" and approved.review_findings == "方案可行"


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ("load_increase", "load_design"),
        ("facade", "planning_approval"),
        ("pipes", "provider_approval"),
    ],
)
def test_each_checklist_item_needs_its_document(receptionist, engineer, unit, fee, item, kind):
    renovation = apply(receptionist, unit, checklist=services.Checklist(**{item: True}))
    refused("missing_documents", services.renovation_approve, actor=engineer, renovation=renovation)

    services.file_add(actor=receptionist, renovation=renovation, kind=kind, upload=pdf_upload())

    assert services.renovation_approve(actor=engineer, renovation=renovation).status == "approved"


def test_approval_charges_the_garbage_fee_by_area(receptionist, engineer, unit, fee):
    renovation = services.renovation_approve(actor=engineer, renovation=apply(receptionist, unit))

    charge = renovation.fee_charge
    assert charge.amount == (Decimal("3.30") * unit.area).quantize(Decimal("0.01"))
    assert (
        charge.unit == unit and charge.fee_type == fee and renovation.number in charge.description
    )
    assert not renovation.fee_paid


def test_a_fixed_garbage_fee_is_the_rate(receptionist, engineer, unit, estate):
    garbage_fee(estate, rate="300.10", basis=FeeType.Basis.FIXED)
    renovation = services.renovation_approve(actor=engineer, renovation=apply(receptionist, unit))

    assert renovation.fee_charge.amount == Decimal("300.10")


def test_approval_without_a_fee_type_is_refused(receptionist, engineer, unit):
    renovation = apply(receptionist, unit)

    refused("no_fee_type", services.renovation_approve, actor=engineer, renovation=renovation)

    renovation.refresh_from_db()
    assert renovation.status == "submitted"


def test_a_receptionist_cannot_approve(receptionist, unit, fee):
    renovation = apply(receptionist, unit)
    with pytest.raises(DeskError) as raised:
        services.renovation_approve(actor=receptionist, renovation=renovation)
    assert raised.value.code == "forbidden"


def test_send_back_needs_reasons_and_resubmission_returns_it_to_review(
    receptionist, engineer, unit, fee
):
    renovation = apply(receptionist, unit)
    refused(
        "required", services.renovation_return, actor=engineer, renovation=renovation, reason=" "
    )

    services.renovation_return(
        actor=engineer,
        renovation=renovation,
        reason="拆改承重墙：补原设计单位方案",
        findings="涉及承重墙",
    )
    renovation.refresh_from_db()
    assert renovation.status == "returned" and "承重墙" in renovation.return_reason
    refused("bad_status", services.renovation_approve, actor=engineer, renovation=renovation)

    services.renovation_resubmit(
        actor=receptionist, renovation=renovation, checklist=services.Checklist(structural=True)
    )
    renovation.refresh_from_db()
    assert renovation.status == "submitted" and renovation.structural


def test_reject_closes_the_case_with_the_reason(receptionist, engineer, unit):
    renovation = apply(receptionist, unit)

    services.renovation_reject(actor=engineer, renovation=renovation, reason="阳台改卫生间")

    renovation.refresh_from_db()
    assert renovation.status == "rejected" and not renovation.is_open
