"""Personal numbers in the owners admin: masked for everyone, a logged reveal by permission."""

import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from frontdesk import roles
from frontdesk.roles_sync import sync_role_permissions
from owners import services
from owners.errors import OwnersError
from owners.models import Authorization, Owner, PersonalDataAccess
from tests.factories import (
    OwnerFactory,
    OwnershipFactory,
    ResidentFactory,
    UnitFactory,
    resident_id,
    staff,
)

PEOPLE = ["owner", "resident", "authorization"]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def role_permissions(db):
    sync_role_permissions()


@pytest.fixture
def director(estate):
    """View-only in the admin, with the permission to reveal an ID number."""
    return staff(estates=[estate], roles=[roles.DIRECTOR], username="director", is_staff=True)


@pytest.fixture
def owner(estate):
    owner = OwnerFactory(
        estate=estate,
        name="王小明",
        id_number=resident_id(7),
        phone="13912345678",
        phone2="13887654321",
        emergency_phone="13611112222",
    )
    OwnershipFactory(owner=owner, unit=UnitFactory(building__estate=estate, code="3-2-1201"))
    return owner


def person(kind: str, estate, n: int = 1):
    unit = UnitFactory(building__estate=estate)
    if kind == "resident":
        return ResidentFactory(unit=unit, name="李娜", id_number=resident_id(40 + n))
    owner = OwnerFactory(estate=estate, name="王大明", id_number=resident_id(20 + n))
    if kind == "owner":
        return owner
    return Authorization.objects.create(
        owner=owner, unit=unit, name="赵代理", id_number=resident_id(60 + n), phone="13500001111"
    )


def url(obj, page: str) -> str:
    return reverse(f"admin:owners_{obj._meta.model_name}_{page}", args=[obj.pk])


def id_number_input(content: str) -> str:
    return re.search(r'<input[^>]*name="id_number"[^>]*>', content).group(0)


def owner_post(estate, **changes):
    data = {
        "estate": estate.pk,
        "kind": "person",
        "name": "王小明",
        "id_type": "resident_id",
        "phone": "13912345678",
        "phone2": "",
        "email": "",
        "address": "",
        "contact_person": "",
        "emergency_contact": "",
        "emergency_phone": "",
        "notes": "",
    }
    return {**data, **changes}


# Change pages and lists: the full number never reaches the page.


@pytest.mark.parametrize("kind", PEOPLE)
def test_it_never_shows_a_supervisor_a_full_id_number_on_a_change_page(
    client, estate, supervisor, kind
):
    row = person(kind, estate)
    client.force_login(supervisor)

    response = client.get(url(row, "change"))

    content = response.content.decode()
    assert response.status_code == 200
    assert row.id_number not in content
    assert row.id_masked in content
    assert "value=" not in id_number_input(content)  # "replace ID number" starts empty
    assert "Replace ID number" in content


def test_it_masks_id_number_and_phones_on_a_view_only_change_page(client, director, owner):
    client.force_login(director)

    content = client.get(url(owner, "change")).content.decode()

    assert 'name="id_number"' not in content
    for number in (owner.id_number, owner.phone, owner.phone2, owner.emergency_phone):
        assert number not in content
    for masked in (owner.id_masked, "139****5678", "138****4321", "136****2222"):
        assert masked in content


@pytest.mark.parametrize("kind", ["owner", "resident"])
def test_it_lists_and_finds_people_with_masked_phones(client, estate, supervisor, kind):
    row = person(kind, estate)
    client.force_login(supervisor)

    response = client.get(reverse(f"admin:owners_{kind}_changelist"), {"q": row.phone[-4:]})

    content = response.content.decode()
    assert list(response.context["cl"].result_list) == [row]
    assert row.phone not in content
    assert row.phone_masked in content


def test_it_keeps_the_id_number_when_the_replace_field_is_left_empty(
    client, estate, supervisor, owner
):
    client.force_login(supervisor)

    response = client.post(url(owner, "change"), owner_post(estate, name="王晓明", id_number=""))

    assert response.status_code == 302
    owner.refresh_from_db()
    assert (owner.name, owner.id_number) == ("王晓明", resident_id(7))


def test_it_replaces_the_id_number_typed_in_the_replace_field(client, estate, supervisor, owner):
    client.force_login(supervisor)

    response = client.post(url(owner, "change"), owner_post(estate, id_number=resident_id(99)))

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.id_number == resident_id(99)


def test_it_refuses_a_bad_or_taken_replacement_without_showing_the_stored_number(
    client, estate, supervisor, owner
):
    taken = OwnerFactory(estate=estate, id_number=resident_id(8))
    client.force_login(supervisor)
    bad = resident_id(9)[:-1] + ("0" if resident_id(9)[-1] != "0" else "1")

    answers = [
        client.post(url(owner, "change"), owner_post(estate, id_number=number))
        for number in (bad, taken.id_number)
    ]

    for response in answers:
        content = response.content.decode()
        assert response.status_code == 200
        assert response.context["adminform"].form.errors
        assert resident_id(7) not in content
    owner.refresh_from_db()
    assert owner.id_number == resident_id(7)


def test_it_adds_an_owner_with_an_id_number(client, estate, supervisor):
    client.force_login(supervisor)

    response = client.post(
        reverse("admin:owners_owner_add"), owner_post(estate, id_number=resident_id(5))
    )

    assert response.status_code == 302
    assert Owner.objects.get(name="王小明").id_number == resident_id(5)


def test_it_masks_phone_changes_on_the_history_page(client, supervisor, owner):
    owner.phone = "13700000000"
    services.owner_save(actor=supervisor, owner=owner)
    client.force_login(supervisor)

    content = client.get(url(owner, "history")).content.decode()

    assert "13912345678" not in content and "13700000000" not in content
    assert "139****5678" in content and "137****0000" in content


# Reveal: a permission of its own, every look logged.


def test_it_403s_a_reveal_without_the_permission_and_logs_nothing(client, supervisor, owner):
    client.force_login(supervisor)

    answers = [
        client.get(url(owner, "reveal_id_number")),
        client.post(url(owner, "reveal_id_number")),
    ]

    assert [r.status_code for r in answers] == [403, 403]
    assert not PersonalDataAccess.objects.exists()
    assert url(owner, "reveal_id_number") not in client.get(url(owner, "change")).content.decode()


def test_it_asks_before_revealing(client, director, owner):
    client.force_login(director)

    change_page = client.get(url(owner, "change")).content.decode()
    response = client.get(url(owner, "reveal_id_number"))

    assert url(owner, "reveal_id_number") in change_page
    assert response.status_code == 200
    assert owner.id_number not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("kind", PEOPLE)
def test_it_reveals_once_with_the_permission_and_logs_one_row(client, estate, director, kind):
    row = person(kind, estate)
    client.force_login(director)

    response = client.post(url(row, "reveal_id_number"))

    assert response.status_code == 200
    assert row.id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    log = PersonalDataAccess.objects.get()
    assert (log.kind, log.user, log.estate, log.count) == ("reveal", director, estate, 1)
    assert (log.content_type, log.object_id) == (ContentType.objects.get_for_model(row), row.pk)
    assert row.id_number not in client.get(url(row, "change")).content.decode()


def test_it_404s_a_reveal_of_another_estates_record(client, other_estate, director):
    theirs = OwnerFactory(estate=other_estate, id_number=resident_id(30))
    client.force_login(director)

    response = client.post(url(theirs, "reveal_id_number"))

    assert response.status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_it_refuses_other_methods_and_logs_nothing_without_a_number(client, estate, director):
    nobody = OwnerFactory(estate=estate, id_number="")
    client.force_login(director)

    put = client.put(url(nobody, "reveal_id_number"))
    post = client.post(url(nobody, "reveal_id_number"))

    assert (put.status_code, post.status_code) == (405, 200)
    assert "No ID number is on file." in post.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_the_reveal_service_checks_estate_and_permission(
    estate, other_estate, director, supervisor
):
    theirs = OwnerFactory(estate=other_estate, id_number=resident_id(31))
    mine = OwnerFactory(estate=estate, id_number=resident_id(32))

    with pytest.raises(OwnersError) as other:
        services.id_number_reveal(actor=director, person=theirs)
    with pytest.raises(OwnersError) as forbidden:
        services.id_number_reveal(actor=supervisor, person=mine)

    assert (other.value.code, forbidden.value.code) == ("other_estate", "forbidden")
    assert not PersonalDataAccess.objects.exists()
    assert services.id_number_reveal(actor=director, person=mine) == mine.id_number


def test_only_the_director_role_may_reveal_and_no_role_may_export(db):
    holders = {
        name: set(Group.objects.filter(permissions__codename=name).values_list("name", flat=True))
        for name in ("reveal_id_number", "export_personal_data")
    }

    assert holders == {"reveal_id_number": {roles.DIRECTOR}, "export_personal_data": set()}
