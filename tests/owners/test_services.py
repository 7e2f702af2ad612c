import datetime
from decimal import Decimal

import pytest

from owners import services
from owners.errors import OwnersError
from owners.models import Authorization, Document, Owner, Ownership, Resident
from tests.factories import (
    BuildingFactory,
    DocumentFactory,
    OwnerFactory,
    OwnershipFactory,
    ResidentFactory,
    UnitFactory,
)


@pytest.fixture
def unit(estate):
    return UnitFactory(building=BuildingFactory(estate=estate))


def test_it_saves_a_valid_owner_with_its_author_in_history(estate, receptionist):
    owner = Owner(estate=estate, name="王芳", id_number="11010519491231002X", phone="13800001111")
    services.owner_save(actor=receptionist, owner=owner)
    assert owner.history.get().history_user == receptionist


@pytest.mark.parametrize(
    "field, value",
    [("id_number", "110105194912310021"), ("phone", "12345")],
)
def test_it_saves_nothing_for_an_invalid_owner(estate, receptionist, field, value):
    owner = Owner(estate=estate, name="王芳", **{"id_number": "11010519491231002X", field: value})
    with pytest.raises(OwnersError) as error:
        services.owner_save(actor=receptionist, owner=owner)
    assert error.value.field == field
    assert not Owner.objects.exists()


def test_it_refuses_a_duplicate_id_number_in_the_estate(estate, receptionist):
    OwnerFactory(estate=estate, id_number="11010519491231002X")
    twin = Owner(estate=estate, name="王芳", id_number="11010519491231002X")
    with pytest.raises(OwnersError, match="already exists"):
        services.owner_save(actor=receptionist, owner=twin)


def test_it_adds_co_owners_up_to_100_percent(unit, receptionist):
    husband, wife = OwnerFactory(estate=unit.estate), OwnerFactory(estate=unit.estate)
    services.ownership_add(actor=receptionist, unit=unit, owner=husband, share=Decimal("50"))
    services.ownership_add(actor=receptionist, unit=unit, owner=wife, share=Decimal("50"))
    assert services.unit_share_total(unit=unit) == Decimal("100")


def test_it_refuses_shares_over_100_percent(unit, receptionist):
    OwnershipFactory(unit=unit, share=Decimal("60"))
    newcomer = OwnerFactory(estate=unit.estate)
    with pytest.raises(OwnersError) as error:
        services.ownership_add(actor=receptionist, unit=unit, owner=newcomer, share=Decimal("41"))
    assert error.value.code == "share_over_100"
    assert "101" in error.value.message
    assert Ownership.objects.count() == 1


def test_it_frees_the_share_when_an_ownership_ends(unit, receptionist):
    old = OwnershipFactory(unit=unit, since=datetime.date(2015, 1, 1))
    services.ownership_end(actor=receptionist, ownership=old, until=datetime.date(2024, 5, 1))
    buyer = OwnerFactory(estate=unit.estate)
    services.ownership_add(
        actor=receptionist, unit=unit, owner=buyer, since=datetime.date(2024, 5, 1)
    )
    assert list(unit.ownerships.current().values_list("owner", flat=True)) == [buyer.pk]
    assert unit.ownerships.count() == 2  # the past owner stays on record


def test_it_refuses_an_owner_of_another_estate(unit, other_estate, receptionist):
    stranger = OwnerFactory(estate=other_estate)
    with pytest.raises(OwnersError, match="different estates"):
        services.ownership_add(actor=receptionist, unit=unit, owner=stranger)


def test_it_moves_a_resident_out_once(unit, receptionist):
    tenant = ResidentFactory(
        unit=unit, kind=Resident.Kind.TENANT, moved_in_on=datetime.date(2025, 3, 1)
    )
    services.resident_move_out(actor=receptionist, resident=tenant, on=datetime.date(2026, 3, 1))
    with pytest.raises(OwnersError) as error:
        services.resident_move_out(
            actor=receptionist, resident=tenant, on=datetime.date(2026, 4, 1)
        )
    assert error.value.code == "already_moved_out"


def test_it_refuses_a_move_out_before_move_in(unit, receptionist):
    tenant = ResidentFactory(unit=unit, moved_in_on=datetime.date(2025, 3, 1))
    with pytest.raises(OwnersError):
        services.resident_move_out(
            actor=receptionist, resident=tenant, on=datetime.date(2025, 1, 1)
        )
    tenant.refresh_from_db()
    assert tenant.moved_out_on is None


def test_it_archives_a_sighted_document_with_its_receiver(unit, receptionist):
    document = Document(
        estate=unit.estate, unit=unit, kind=Document.Kind.OCCUPANCY_NOTICE, original_sighted=True
    )
    services.document_archive(actor=receptionist, document=document, source=unit)
    document.refresh_from_db()
    assert (document.received_by, document.source) == (receptionist, unit)


def test_it_refuses_a_document_with_neither_scan_nor_sighting(unit, receptionist):
    document = Document(estate=unit.estate, unit=unit, kind=Document.Kind.ID_COPY)
    with pytest.raises(OwnersError, match="original sighted"):
        services.document_archive(actor=receptionist, document=document)
    assert not Document.objects.exists()


def test_it_registers_an_agent_with_a_power_of_attorney(unit, receptionist):
    owner = OwnerFactory(estate=unit.estate)
    letter = DocumentFactory(estate=unit.estate, kind=Document.Kind.POWER_OF_ATTORNEY)
    agent = Authorization(
        owner=owner,
        unit=unit,
        name="赵磊",
        id_number="440305198506010019",
        scope=Authorization.Scope.CHECK_IN,
    )
    services.authorization_register(
        actor=receptionist, authorization=agent, power_of_attorney=letter
    )
    assert agent.is_valid_on(datetime.date.today())
    assert agent.id_masked == "440305********0019"


def test_it_refuses_another_document_as_power_of_attorney(unit, receptionist):
    owner = OwnerFactory(estate=unit.estate)
    copy = DocumentFactory(estate=unit.estate, kind=Document.Kind.ID_COPY)
    agent = Authorization(owner=owner, name="赵磊", id_number="440305198506010019")
    with pytest.raises(OwnersError) as error:
        services.authorization_register(
            actor=receptionist, authorization=agent, power_of_attorney=copy
        )
    assert error.value.code == "wrong_document"
    assert not Authorization.objects.exists()


def test_it_sets_a_units_status_with_who_and_why_in_its_history(estate, receptionist):
    from owners.models import Unit
    from tests.factories import BuildingFactory, UnitFactory

    unit = UnitFactory(building=BuildingFactory(estate=estate), status=Unit.Status.HANDED_OVER)
    services.unit_status_set(
        actor=receptionist, unit=unit, status=Unit.Status.IN_CUSTODY, reason="托管"
    )
    unit.refresh_from_db()
    latest = unit.history.first()
    assert unit.status == Unit.Status.IN_CUSTODY
    assert (latest.history_user, latest.history_change_reason) == (receptionist, "托管")
    with pytest.raises(ValueError):
        services.unit_status_set(actor=receptionist, unit=unit, status="sold-twice")
