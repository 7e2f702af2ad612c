import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from frontdesk import roles
from owners import services
from owners.errors import OwnersError
from owners.models import Authorization, Document, Owner, Ownership, Resident
from owners.validators import IdType
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    ResidentFactory,
    UnitFactory,
    resident_id,
    staff,
)

AGENT_ID = "440305198506010019"


@pytest.fixture
def unit(estate):
    return UnitFactory(building=BuildingFactory(estate=estate, number="3"), code="3-2-1201")


@pytest.fixture
def owner(unit):
    return OwnershipFactory(
        unit=unit, owner=OwnerFactory(estate=unit.estate, name="张伟"), share=Decimal("60")
    ).owner


@pytest.fixture
def technician(estate):
    return staff(estates=[estate], roles=[roles.TECHNICIAN])


# Adding an owner to a unit


def _ownership_data(**values):
    return {"share": "40", "since": "2024-05-01", "new_id_type": IdType.RESIDENT_ID, **values}


def test_it_adds_an_existing_owner_of_the_estate(client, receptionist, unit, owner):
    wife = OwnerFactory(estate=unit.estate, name="王芳")
    client.force_login(receptionist)
    response = client.post(
        f"/units/{unit.pk}/ownerships/add/", _ownership_data(owner=wife.pk, share="40")
    )
    assert response.status_code == 302
    assert response["Location"] == f"/units/{unit.pk}/"
    ownership = Ownership.objects.get(owner=wife)
    assert (ownership.unit, ownership.share) == (unit, Decimal("40"))
    assert ownership.since == datetime.date(2024, 5, 1)
    assert "registered as owner" in client.get(response["Location"]).content.decode()


def test_it_creates_a_new_owner_inline(client, receptionist, unit, owner):
    client.force_login(receptionist)
    data = _ownership_data(new_name="王芳", new_id_number=resident_id(7), new_phone="13800001111")
    response = client.post(f"/units/{unit.pk}/ownerships/add/", data)
    assert response.status_code == 302
    newcomer = Owner.objects.get(name="王芳")
    assert (newcomer.estate, newcomer.phone) == (unit.estate, "13800001111")
    assert newcomer.history.get().history_user == receptionist
    assert Ownership.objects.get(owner=newcomer).share == Decimal("40")


def test_it_refuses_shares_over_100_percent_and_saves_no_new_owner(
    client, receptionist, unit, owner
):
    client.force_login(receptionist)
    data = _ownership_data(new_name="王芳", new_id_number=resident_id(7), share="41")
    response = client.post(f"/units/{unit.pk}/ownerships/add/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "over 100%" in html and "101" in html
    assert 'value="王芳"' in html  # the typed new owner stays on the form
    assert not Owner.objects.filter(name="王芳").exists()
    assert Ownership.objects.count() == 1


def test_it_refuses_shares_over_100_percent_for_an_existing_owner(
    client, receptionist, unit, owner
):
    wife = OwnerFactory(estate=unit.estate, name="王芳")
    client.force_login(receptionist)
    response = client.post(
        f"/units/{unit.pk}/ownerships/add/", _ownership_data(owner=wife.pk, share="50")
    )
    assert response.status_code == 400
    assert "over 100%" in response.content.decode()
    assert f'value="{wife.pk}" checked' in response.content.decode()
    assert Ownership.objects.count() == 1


@pytest.mark.parametrize(
    "values, message",
    [
        ({}, "Pick an existing owner from the search"),
        ({"new_name": "王芳", "new_id_number": "110105194912310021"}, "Not a valid mainland"),
    ],
)
def test_it_refuses_an_incomplete_ownership(client, receptionist, unit, values, message):
    client.force_login(receptionist)
    response = client.post(f"/units/{unit.pk}/ownerships/add/", _ownership_data(**values))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Owner.objects.exists() and not Ownership.objects.exists()


def test_it_refuses_an_owner_of_another_estate(client, receptionist, unit, other_estate):
    stranger = OwnerFactory(estate=other_estate)
    client.force_login(receptionist)
    response = client.post(f"/units/{unit.pk}/ownerships/add/", _ownership_data(owner=stranger.pk))
    assert response.status_code == 400
    assert not Ownership.objects.exists()


def test_it_finds_owners_of_the_units_estate_for_htmx(client, receptionist, unit, other_estate):
    OwnerFactory(estate=unit.estate, name="王芳", phone="13800001111")
    OwnerFactory(estate=other_estate, name="王芳华")
    client.force_login(receptionist)
    response = client.get(
        f"/units/{unit.pk}/ownerships/add/", {"q": "王芳"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "王芳" in html and "138****1111" in html
    assert "王芳华" not in html


def test_it_shows_the_ownership_form(client, receptionist, unit, owner):
    client.force_login(receptionist)
    response = client.get(f"/units/{unit.pk}/ownerships/add/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="share" value="40' in html  # the free share
    assert f'hx-get="/units/{unit.pk}/ownerships/add/"' in html


def test_it_refuses_other_methods_on_the_ownership_form(client, receptionist, unit):
    client.force_login(receptionist)
    assert client.put(f"/units/{unit.pk}/ownerships/add/").status_code == 405


def test_it_answers_404_for_another_estates_unit(client, outsider, unit):
    client.force_login(outsider)
    data = _ownership_data(new_name="王芳", share="10")
    assert client.post(f"/units/{unit.pk}/ownerships/add/", data).status_code == 404
    assert not Owner.objects.exists()


@pytest.mark.parametrize("role", [roles.TECHNICIAN, roles.CASHIER])
def test_it_answers_403_to_roles_that_may_not_add_owners(client, estate, unit, role):
    client.force_login(staff(estates=[estate], roles=[role]))
    assert client.get(f"/units/{unit.pk}/ownerships/add/").status_code == 403
    data = _ownership_data(new_name="王芳", share="10")
    assert client.post(f"/units/{unit.pk}/ownerships/add/", data).status_code == 403
    assert not Owner.objects.exists()


# Ending an ownership


def test_it_ends_an_ownership(client, receptionist, unit, owner):
    ownership = owner.ownerships.get()
    client.force_login(receptionist)
    response = client.post(f"/ownerships/{ownership.pk}/end/", {"on": "2024-05-01"})
    assert response.status_code == 302
    assert response["Location"] == f"/units/{unit.pk}/"
    ownership.refresh_from_db()
    assert ownership.until == datetime.date(2024, 5, 1)


def test_it_ends_an_ownership_today_when_no_date_is_given(client, receptionist, owner):
    ownership = owner.ownerships.get()
    client.force_login(receptionist)
    client.post(f"/ownerships/{ownership.pk}/end/")
    ownership.refresh_from_db()
    assert ownership.until == timezone.localdate()


def test_it_refuses_an_end_before_the_start(client, receptionist, unit, owner):
    ownership = owner.ownerships.get()
    client.force_login(receptionist)
    response = client.post(f"/ownerships/{ownership.pk}/end/", {"on": "2019-01-01"}, follow=True)
    assert "before the start date" in response.content.decode()
    ownership.refresh_from_db()
    assert ownership.until is None


def test_it_ends_ownerships_only_by_post(client, receptionist, owner):
    client.force_login(receptionist)
    assert client.get(f"/ownerships/{owner.ownerships.get().pk}/end/").status_code == 405


def test_it_answers_404_when_ending_another_estates_ownership(client, outsider, owner):
    client.force_login(outsider)
    assert client.post(f"/ownerships/{owner.ownerships.get().pk}/end/").status_code == 404
    assert owner.ownerships.get().until is None


def test_it_answers_403_to_a_technician_ending_an_ownership(client, technician, owner):
    client.force_login(technician)
    assert client.post(f"/ownerships/{owner.ownerships.get().pk}/end/").status_code == 403
    assert owner.ownerships.get().until is None


# Residents


def _resident_data(**values):
    return {
        "kind": Resident.Kind.TENANT,
        "name": "李娜",
        "relation": "",
        "phone": "13700001111",
        "id_type": IdType.RESIDENT_ID,
        "id_number": "",
        "moved_in_on": "2024-06-01",
        **values,
    }


def test_it_adds_a_resident(client, receptionist, unit):
    client.force_login(receptionist)
    response = client.post(f"/units/{unit.pk}/residents/add/", _resident_data())
    assert response.status_code == 302
    assert response["Location"] == f"/units/{unit.pk}/"
    resident = Resident.objects.get()
    assert (resident.unit, resident.kind, resident.moved_in_on) == (
        unit,
        Resident.Kind.TENANT,
        datetime.date(2024, 6, 1),
    )
    assert resident.history.get().history_user == receptionist


def test_it_refuses_a_resident_with_a_bad_phone(client, receptionist, unit):
    client.force_login(receptionist)
    response = client.post(f"/units/{unit.pk}/residents/add/", _resident_data(phone="12345"))
    assert response.status_code == 400
    assert "11-digit mobile number" in response.content.decode()
    assert not Resident.objects.exists()


def test_it_shows_the_resident_form(client, receptionist, unit):
    client.force_login(receptionist)
    response = client.get(f"/units/{unit.pk}/residents/add/")
    assert response.status_code == 200
    assert 'name="relation"' in response.content.decode()


def test_it_refuses_other_methods_on_the_resident_form(client, receptionist, unit):
    client.force_login(receptionist)
    assert client.delete(f"/units/{unit.pk}/residents/add/").status_code == 405


def test_it_answers_404_when_adding_a_resident_elsewhere(client, outsider, unit):
    client.force_login(outsider)
    assert client.post(f"/units/{unit.pk}/residents/add/", _resident_data()).status_code == 404
    assert not Resident.objects.exists()


def test_it_answers_403_to_a_technician_adding_a_resident(client, technician, unit):
    client.force_login(technician)
    assert client.post(f"/units/{unit.pk}/residents/add/", _resident_data()).status_code == 403
    assert not Resident.objects.exists()


def test_it_moves_a_resident_out(client, receptionist, unit):
    resident = ResidentFactory(unit=unit, moved_in_on=datetime.date(2020, 1, 1))
    client.force_login(receptionist)
    response = client.post(f"/residents/{resident.pk}/move-out/", {"on": "2024-07-01"})
    assert response.status_code == 302
    assert response["Location"] == f"/units/{unit.pk}/"
    resident.refresh_from_db()
    assert resident.moved_out_on == datetime.date(2024, 7, 1)


def test_it_moves_a_resident_out_today_when_no_date_is_given(client, receptionist, unit):
    resident = ResidentFactory(unit=unit)
    client.force_login(receptionist)
    client.post(f"/residents/{resident.pk}/move-out/")
    resident.refresh_from_db()
    assert resident.moved_out_on == timezone.localdate()


def test_it_moves_residents_out_only_by_post(client, receptionist, unit):
    client.force_login(receptionist)
    assert client.get(f"/residents/{ResidentFactory(unit=unit).pk}/move-out/").status_code == 405


def test_it_answers_404_when_moving_out_another_estates_resident(client, outsider, unit):
    resident = ResidentFactory(unit=unit)
    client.force_login(outsider)
    assert client.post(f"/residents/{resident.pk}/move-out/").status_code == 404
    resident.refresh_from_db()
    assert resident.moved_out_on is None


def test_it_answers_403_to_a_technician_moving_a_resident_out(client, technician, unit):
    resident = ResidentFactory(unit=unit)
    client.force_login(technician)
    assert client.post(f"/residents/{resident.pk}/move-out/").status_code == 403
    resident.refresh_from_db()
    assert resident.moved_out_on is None


# Authorizations (agents)


def _authorization_data(owner, **values):
    return {
        "owner": owner.pk,
        "name": "赵磊",
        "id_type": IdType.RESIDENT_ID,
        "id_number": AGENT_ID,
        "phone": "13600001111",
        "scope": Authorization.Scope.RENOVATION,
        "valid_from": "2024-01-01",
        "valid_until": "2024-12-31",
        **values,
    }


def test_it_registers_an_agent_with_the_scanned_power_of_attorney(
    client, receptionist, unit, owner
):
    scan = SimpleUploadedFile("poa.pdf", b"%PDF-1.4 power of attorney", "application/pdf")
    client.force_login(receptionist)
    response = client.post(
        f"/units/{unit.pk}/authorizations/add/", _authorization_data(owner, scan=scan)
    )
    assert response.status_code == 302
    assert response["Location"] == f"/units/{unit.pk}/"
    authorization = Authorization.objects.get()
    assert (authorization.owner, authorization.unit, authorization.name) == (owner, unit, "赵磊")
    document = authorization.power_of_attorney
    assert document.kind == Document.Kind.POWER_OF_ATTORNEY
    assert (document.estate, document.unit, document.owner) == (unit.estate, unit, owner)
    assert document.received_by == receptionist
    assert document.file.read() == b"%PDF-1.4 power of attorney"


def test_it_registers_an_agent_when_the_original_was_sighted(client, receptionist, unit, owner):
    client.force_login(receptionist)
    data = _authorization_data(owner, original_sighted="on")
    assert client.post(f"/units/{unit.pk}/authorizations/add/", data).status_code == 302
    document = Authorization.objects.get().power_of_attorney
    assert document.original_sighted and not document.file


@pytest.mark.parametrize(
    "values, message",
    [
        (
            {"scan": SimpleUploadedFile("poa.txt", b"not a scan at all", "text/plain")},
            "image (JPEG, PNG) or a PDF",
        ),
        ({}, "Upload a scan or tick"),
        ({"original_sighted": "on", "id_number": "110105194912310021"}, "Not a valid mainland"),
    ],
)
def test_it_refuses_an_authorization_without_a_proper_paper(
    client, receptionist, unit, owner, values, message
):
    client.force_login(receptionist)
    data = _authorization_data(owner, **values)
    response = client.post(f"/units/{unit.pk}/authorizations/add/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Authorization.objects.exists() and not Document.objects.exists()


def test_it_refuses_an_agent_of_a_past_owner(client, receptionist, unit, owner):
    seller = OwnershipFactory(
        unit=unit,
        owner=OwnerFactory(estate=unit.estate, name="钱多"),
        share=Decimal("40"),
        since=datetime.date(2010, 1, 1),
        until=datetime.date(2015, 1, 1),
    ).owner
    client.force_login(receptionist)
    data = _authorization_data(seller, original_sighted="on")
    assert client.post(f"/units/{unit.pk}/authorizations/add/", data).status_code == 400
    assert not Authorization.objects.exists() and not Document.objects.exists()


def test_it_asks_for_the_owner_first_on_a_unit_without_owner(client, receptionist, unit):
    client.force_login(receptionist)
    response = client.get(f"/units/{unit.pk}/authorizations/add/")
    assert response.status_code == 200
    assert 'data-testid="no-owner"' in response.content.decode()


def test_it_shows_the_authorization_form(client, receptionist, unit, owner):
    client.force_login(receptionist)
    html = client.get(f"/units/{unit.pk}/authorizations/add/").content.decode()
    assert 'enctype="multipart/form-data"' in html and "张伟" in html


def test_it_refuses_other_methods_on_the_authorization_form(client, receptionist, unit):
    client.force_login(receptionist)
    assert client.put(f"/units/{unit.pk}/authorizations/add/").status_code == 405


def test_it_answers_404_when_authorizing_on_another_estates_unit(client, outsider, unit, owner):
    client.force_login(outsider)
    data = _authorization_data(owner, original_sighted="on")
    assert client.post(f"/units/{unit.pk}/authorizations/add/", data).status_code == 404
    assert not Authorization.objects.exists()


def test_it_answers_403_to_a_technician_registering_an_agent(client, technician, unit, owner):
    client.force_login(technician)
    data = _authorization_data(owner, original_sighted="on")
    assert client.post(f"/units/{unit.pk}/authorizations/add/", data).status_code == 403
    assert not Authorization.objects.exists()


def test_it_refuses_in_the_service_an_agent_of_someone_not_owning_the_unit(
    receptionist, unit, owner
):
    neighbour = OwnerFactory(estate=unit.estate, name="钱多")
    agent = Authorization(owner=neighbour, name="赵磊", id_number=AGENT_ID)
    with pytest.raises(OwnersError) as error:
        services.authorization_add(
            actor=receptionist, unit=unit, authorization=agent, original_sighted=True
        )
    assert (error.value.code, error.value.field) == ("not_owner", "owner")
    assert not Authorization.objects.exists() and not Document.objects.exists()
