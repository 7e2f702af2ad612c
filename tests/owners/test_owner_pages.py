import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontdesk import roles
from frontdesk.errors import DeskError
from owners import services
from owners.errors import OwnersError
from owners.models import Authorization, Document, Owner, PersonalDataAccess
from tests.factories import (
    BuildingFactory,
    DocumentFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    staff,
)

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"


@pytest.fixture
def owner(estate):
    return OwnerFactory(
        estate=estate, name="张伟", id_number=ID_NUMBER, phone=PHONE, address="深圳市南山区"
    )


@pytest.fixture
def unit(estate, owner):
    unit = UnitFactory(building=BuildingFactory(estate=estate, number="3"), code="3-2-1201")
    OwnershipFactory(unit=unit, owner=owner, since=datetime.date(2021, 5, 1))
    return unit


def _authorization(owner, unit, **extra) -> Authorization:
    return Authorization.objects.create(owner=owner, unit=unit, **{"name": "赵磊", **extra})


def url(owner, action=""):
    return f"/owners/{owner.pk}/{action}"


# The owner page


def test_it_shows_the_owner_record(client, receptionist, owner, unit):
    old_unit = UnitFactory(building=unit.building, code="3-2-0801")
    OwnershipFactory(
        unit=old_unit,
        owner=owner,
        since=datetime.date(2010, 1, 1),
        until=datetime.date(2020, 1, 1),
    )
    power = DocumentFactory(
        estate=owner.estate, owner=owner, kind=Document.Kind.POWER_OF_ATTORNEY, title="委托书"
    )
    power.file.save("poa.pdf", ContentFile(b"%PDF-1.4 power of attorney"))
    _authorization(owner, unit, valid_from=datetime.date(2024, 1, 1), power_of_attorney=power)
    _authorization(
        owner,
        unit,
        name="钱多",
        valid_from=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2020, 1, 1),
    )
    client.force_login(receptionist)
    response = client.get(url(owner))
    assert response.status_code == 200
    html = response.content.decode()
    for fact in [
        "张伟",
        "110105********002X",
        "139****5678",
        "深圳市南山区",
        f'href="/units/{unit.pk}/"',
        "3-2-1201",
        "2021-05-01",
        "3-2-0801",
        "赵磊",
        "钱多",
        "valid",
        "expired",
        f'href="/documents/{power.pk}/file/"',
        "委托书",
    ]:
        assert fact in html, fact


def test_it_never_shows_the_full_id_number_or_phone(client, receptionist, owner):
    client.force_login(receptionist)
    html = client.get(url(owner)).content.decode()
    assert ID_NUMBER not in html
    assert PHONE not in html
    assert 'data-testid="reveal-id"' not in html  # no button without the permission


@pytest.mark.parametrize(
    "role", [roles.CS_SUPERVISOR, roles.CASHIER, roles.DIRECTOR, roles.DEPARTMENT_HEAD]
)
def test_it_opens_the_record_to_every_desk_role(client, estate, owner, role):
    client.force_login(staff(estates=[estate], roles=[role]))
    assert client.get(url(owner)).status_code == 200


def test_it_refuses_other_methods_on_the_record(client, receptionist, owner):
    client.force_login(receptionist)
    assert client.post(url(owner)).status_code == 405


def test_it_answers_404_for_another_estates_owner(client, outsider, owner):
    client.force_login(outsider)
    assert client.get(url(owner)).status_code == 404


@pytest.mark.parametrize("role", [roles.TECHNICIAN, roles.SECURITY_GUARD])
def test_it_answers_403_to_roles_without_desk_work(client, estate, owner, role):
    client.force_login(staff(estates=[estate], roles=[role]))
    assert client.get(url(owner)).status_code == 403


def test_it_sends_anonymous_users_to_sign_in(client, owner):
    response = client.get(url(owner))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_keeps_a_constant_query_count(
    client, receptionist, owner, unit, django_assert_max_num_queries
):
    _authorization(owner, unit)
    client.force_login(receptionist)
    client.get(url(owner))  # warm the session and the user's caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(owner)).status_code == 200
        return len(queries)

    one = count()
    for _ in range(19):
        other = UnitFactory(building=unit.building)
        OwnershipFactory(unit=other, owner=owner, since=datetime.date(2022, 1, 1))
        _authorization(owner, other)
        DocumentFactory(estate=owner.estate, owner=owner, unit=other, received_by=receptionist)
    with django_assert_max_num_queries(12):
        assert client.get(url(owner)).status_code == 200
    assert count() == one


def test_it_shows_who_changed_the_phone(client, receptionist, supervisor, owner):
    owner.phone = "13800001111"
    services.owner_save(actor=supervisor, owner=owner)
    client.force_login(receptionist)
    html = client.get(url(owner)).content.decode()
    timeline = html[html.index('data-testid="timeline"') :]
    assert "supervisor" in timeline
    assert "phone" in timeline and "138****1111" in timeline
    assert "13800001111" not in html  # the history is masked like the page


# Showing the full ID number


def test_it_reveals_the_full_id_number_and_logs_it(client, supervisor, owner):
    client.force_login(supervisor)
    assert 'data-testid="reveal-id"' in client.get(url(owner)).content.decode()
    response = client.post(url(owner, "reveal-id/"))
    assert response.status_code == 200
    assert ID_NUMBER in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    reveal = PersonalDataAccess.objects.get()
    assert (reveal.user, reveal.record, reveal.estate) == (supervisor, owner, owner.estate)
    assert (reveal.kind, reveal.place) == ("reveal", "desk")


def test_it_swaps_in_the_full_number_for_htmx(client, supervisor, owner):
    client.force_login(supervisor)
    response = client.post(url(owner, "reveal-id/"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert ID_NUMBER in html and 'id="owner-id-number"' in html
    assert "<html" not in html
    assert PersonalDataAccess.objects.count() == 1


def test_it_refuses_the_full_id_number_to_a_receptionist(client, receptionist, owner):
    client.force_login(receptionist)
    response = client.post(url(owner, "reveal-id/"))
    assert response.status_code == 403
    assert ID_NUMBER not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_it_refuses_the_reveal_in_the_service_with_a_code(receptionist, owner):
    with pytest.raises(DeskError) as error:  # the kernel's check_actor refuses the role
        services.owner_id_reveal(actor=receptionist, owner=owner)
    assert error.value.code == "forbidden"
    assert not PersonalDataAccess.objects.exists()


def test_it_reveals_only_by_post(client, supervisor, owner):
    client.force_login(supervisor)
    assert client.get(url(owner, "reveal-id/")).status_code == 405


def test_it_answers_404_to_a_supervisor_of_another_estate(client, other_estate, owner):
    client.force_login(staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR]))
    assert client.post(url(owner, "reveal-id/")).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_it_answers_403_to_a_technician_asking_for_the_number(client, estate, owner):
    client.force_login(staff(estates=[estate], roles=[roles.TECHNICIAN]))
    assert client.post(url(owner, "reveal-id/")).status_code == 403


# Editing an owner


def _edit_data(owner, **changes):
    data = {
        "kind": owner.kind,
        "name": owner.name,
        "id_type": owner.id_type,
        "id_number": "",
        "phone": owner.phone,
        "phone2": "",
        "email": "",
        "address": owner.address,
        "contact_person": "",
        "notes": "",
    }
    return {**data, **changes}


def test_it_saves_an_edited_owner(client, receptionist, owner):
    client.force_login(receptionist)
    response = client.post(url(owner, "edit/"), _edit_data(owner, phone="13800001111"))
    assert response.status_code == 302
    assert response["Location"] == url(owner)
    owner.refresh_from_db()
    assert owner.phone == "13800001111"
    assert owner.id_number == ID_NUMBER  # left empty: kept
    assert owner.history.first().history_user == receptionist
    assert "saved" in client.get(url(owner)).content.decode()


def test_it_hides_the_full_id_number_in_the_form(client, receptionist, owner):
    client.force_login(receptionist)
    response = client.get(url(owner, "edit/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert ID_NUMBER not in html
    assert "Leave empty to keep the current number (masked: 110105********002X)" in html
    assert not PersonalDataAccess.objects.exists()


def test_it_shows_the_full_id_number_in_the_form_to_a_supervisor(client, supervisor, owner):
    client.force_login(supervisor)
    assert ID_NUMBER in client.get(url(owner, "edit/")).content.decode()
    assert PersonalDataAccess.objects.filter(user=supervisor, object_id=owner.pk).count() == 1


def test_it_keeps_the_typed_input_of_an_invalid_id_number(client, receptionist, owner):
    client.force_login(receptionist)
    data = _edit_data(owner, name="张伟强", id_number="110105194912310021")
    response = client.post(url(owner, "edit/"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "110105194912310021" in html and "张伟强" in html
    assert "Not a valid mainland resident ID number" in html
    owner.refresh_from_db()
    assert (owner.name, owner.id_number) == ("张伟", ID_NUMBER)
    assert owner.history.count() == 1


def test_it_shows_a_refusal_of_the_service_on_its_field(client, receptionist, owner, monkeypatch):
    def refuse(**kwargs):
        raise OwnersError("This phone is blocked.", code="invalid", field="phone")

    monkeypatch.setattr(services, "owner_save", refuse)
    client.force_login(receptionist)
    response = client.post(url(owner, "edit/"), _edit_data(owner, phone="13800001111"))
    assert response.status_code == 400
    assert "This phone is blocked." in response.content.decode()
    owner.refresh_from_db()
    assert owner.phone == PHONE


def test_it_refuses_other_methods_on_the_edit_form(client, receptionist, owner):
    client.force_login(receptionist)
    assert client.put(url(owner, "edit/")).status_code == 405


def test_it_answers_404_when_editing_another_estates_owner(client, outsider, owner):
    client.force_login(outsider)
    assert client.post(url(owner, "edit/"), _edit_data(owner, name="王五")).status_code == 404
    assert Owner.objects.get().name == "张伟"


@pytest.mark.parametrize("role", [roles.CASHIER, roles.TECHNICIAN])
def test_it_answers_403_to_roles_that_may_not_edit(client, estate, owner, role):
    client.force_login(staff(estates=[estate], roles=[role]))
    assert client.get(url(owner, "edit/")).status_code == 403
    assert client.post(url(owner, "edit/"), _edit_data(owner, name="王五")).status_code == 403
    assert Owner.objects.get().name == "张伟"
