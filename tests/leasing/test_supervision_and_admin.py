"""Supervision records and their rectification, dropping a negotiation, space codes, and the
admin (scoped to the estate, history kept)."""

import datetime

import pytest
from django.urls import reverse

from frontdesk.errors import DeskError
from leasing import services
from leasing.models import CostCategory, LedgerCost, Negotiation, Space, Supervision
from tests.factories import staff
from tests.leasing.helpers import fee_types, lessee, png_upload, space, terms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fee_types(estate):
    fee_types(estate)


@pytest.fixture
def contract(estate, receptionist):
    return services.contract_sign(
        actor=receptionist,
        space=space(receptionist, estate),
        lessee=lessee(receptionist, estate),
        terms=terms(),
    )


def test_an_inspection_demands_a_rectification_until_it_is_done(contract, supervisor):
    record = services.supervision_record(
        actor=supervisor,
        contract=contract,
        on=datetime.date(2026, 3, 2),
        finding="beyond",
        findings="摊位占用消防通道",
        photo=png_upload(),
        rectification="立即移出消防通道",
        rectify_by=datetime.date(2026, 3, 3),
    )
    assert record.open and record.photo
    done = services.supervision_rectified(
        actor=supervisor, supervision=record, on=datetime.date(2026, 3, 3), note="已移出"
    )
    assert not done.open
    with pytest.raises(DeskError) as error:
        services.supervision_rectified(
            actor=supervisor, supervision=record, on=datetime.date(2026, 3, 4), note="再次"
        )
    assert error.value.code == "not_open"


@pytest.mark.parametrize(
    "extra,code",
    [
        ({"finding": "safety", "findings": ""}, "required"),
        ({"finding": "bogus"}, "bad_finding"),
        ({"on": datetime.date(2099, 1, 1)}, "implausible_date"),
        ({"rectification": "整改", "rectify_by": datetime.date(2026, 1, 1)}, "due_before"),
        ({"photo": "not-an-image"}, "bad_file"),
    ],
)
def test_a_bad_inspection_is_refused(contract, supervisor, extra, code):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"on": datetime.date(2026, 3, 2), "finding": "none", "findings": ""}
    data.update(extra)
    if data.get("photo") == "not-an-image":
        data["photo"] = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    with pytest.raises(DeskError) as error:
        services.supervision_record(actor=supervisor, contract=contract, **data)
    assert error.value.code == code
    assert Supervision.objects.count() == 0


def test_a_cashier_may_not_record_an_inspection(contract, cashier):
    with pytest.raises(DeskError) as error:
        services.supervision_record(
            actor=cashier, contract=contract, on=datetime.date(2026, 3, 2), finding="none"
        )
    assert error.value.code == "forbidden"


def test_a_negotiation_is_dropped_with_its_reason(estate, receptionist):
    talks = services.negotiation_open(
        actor=receptionist,
        space=space(receptionist, estate),
        lessee=lessee(receptionist, estate),
        purpose="广告",
    )
    with pytest.raises(DeskError):
        services.negotiation_drop(actor=receptionist, negotiation=talks, reason=" ")
    dropped = services.negotiation_drop(actor=receptionist, negotiation=talks, reason="价格谈不拢")
    assert dropped.status == Negotiation.Status.DROPPED and dropped.drop_reason == "价格谈不拢"
    with pytest.raises(DeskError) as error:
        services.contact_record(
            actor=receptionist,
            negotiation=talks,
            on=datetime.date(2026, 3, 2),
            counterpart="王",
            asked="?",
        )
    assert error.value.code == "closed"


def test_a_space_code_is_unique_in_its_estate(estate, receptionist):
    space(receptionist, estate)
    with pytest.raises(DeskError) as error:
        space(receptionist, estate)
    assert error.value.code == "duplicate_code"
    assert Space.objects.count() == 1


def test_the_admin_keeps_the_ledger_scoped_with_history(client, estate, other_estate, director):
    mine = CostCategory.objects.create(estate=estate, name="电费")
    CostCategory.objects.create(estate=other_estate, name="维修费")
    director.is_staff = True
    director.save(update_fields=["is_staff"])
    from frontdesk.roles_sync import sync_role_permissions

    sync_role_permissions()
    client.force_login(director)
    listing = client.get(reverse("admin:leasing_costcategory_changelist"))
    assert listing.status_code == 200
    assert "电费" in listing.content.decode() and "维修费" not in listing.content.decode()
    response = client.post(
        reverse("admin:leasing_ledgercost_add"),
        {
            "estate": estate.pk,
            "month": "2026-03-01",
            "category": mine.pk,
            "amount": "86.40",
            "description": "灯箱电费",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cost = LedgerCost.objects.get()
    assert cost.history.count() == 1 and cost.history.first().history_user == director


def test_a_technician_of_another_estate_cannot_inspect(contract, other_estate):
    outsider = staff(estates=[other_estate], roles=["Technician"], username="b-tech")
    with pytest.raises(DeskError) as error:
        services.supervision_record(
            actor=outsider, contract=contract, on=datetime.date(2026, 3, 2), finding="none"
        )
    assert error.value.code == "other_estate"
