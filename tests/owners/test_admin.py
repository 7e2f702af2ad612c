from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontdesk import roles
from owners import services
from owners.models import Authorization, Building, Estate, Owner, Ownership, Resident
from tests.factories import (
    BuildingFactory,
    DocumentFactory,
    EstateFactory,
    OwnerFactory,
    OwnershipFactory,
    ResidentFactory,
    UnitFactory,
    resident_id,
    staff,
)

MODELS = [
    "estate",
    "building",
    "unit",
    "owner",
    "ownership",
    "resident",
    "document",
    "authorization",
]


def make(model_name: str, estate: Estate, n: int = 0):
    """One row of ``model_name`` in ``estate``, with the related rows its list shows."""
    if model_name == "estate":
        return estate
    if model_name == "building":
        return BuildingFactory(estate=estate)
    unit = UnitFactory(building__estate=estate)
    owner = OwnerFactory(estate=estate, name=f"业主{estate.code}{n}")
    if model_name == "unit":
        return unit
    if model_name in ("owner", "ownership"):
        ownership = OwnershipFactory(unit=unit, owner=owner)
        return owner if model_name == "owner" else ownership
    if model_name == "resident":
        return ResidentFactory(unit=unit, name=f"住户{estate.code}{n}", id_number=resident_id(n))
    if model_name == "document":
        return DocumentFactory(estate=estate, unit=unit, owner=owner, title=f"合同{estate.code}{n}")
    return Authorization.objects.create(
        owner=owner, unit=unit, name=f"代理人{estate.code}{n}", id_number=resident_id(500 + n)
    )


def changelist(model_name: str) -> str:
    return reverse(f"admin:owners_{model_name}_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:owners_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def desk(estate):
    """Staff with the admin but without the permission to see full ID numbers."""
    return staff(estates=[estate], roles=[roles.RECEPTIONIST], username="desk", is_staff=True)


@pytest.fixture
def owner(estate):
    owner = OwnerFactory(estate=estate, name="王小明", id_number=resident_id(7))
    OwnershipFactory(owner=owner, unit=UnitFactory(building__estate=estate, code="3-2-1201"))
    return owner


@pytest.mark.parametrize("model_name", MODELS)
def test_it_shows_a_supervisor_only_their_estates_rows(
    client, estate, other_estate, supervisor, model_name
):
    mine, theirs = make(model_name, estate), make(model_name, other_estate)
    client.force_login(supervisor)

    response = client.get(changelist(model_name))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    assert theirs not in response.context["cl"].queryset
    assert other_estate.name not in response.content.decode()


@pytest.mark.parametrize("model_name", MODELS)
def test_it_lists_with_the_same_number_of_queries_for_1_and_30_rows(
    client, estate, supervisor, model_name, django_assert_max_num_queries
):
    client.force_login(supervisor)
    make(model_name, estate)
    client.get(changelist(model_name))  # warm caches such as content types
    with CaptureQueriesContext(connection) as one_row:
        client.get(changelist(model_name))

    for n in range(1, 30):
        if model_name == "estate":
            supervisor.staff_profile.estates.add(EstateFactory())
        else:
            make(model_name, estate, n)

    with django_assert_max_num_queries(len(one_row)):
        response = client.get(changelist(model_name))
    assert response.context["cl"].result_count == 30


@pytest.mark.parametrize("model_name", ["owner", "resident", "authorization"])
def test_it_lists_masked_id_numbers_only(client, estate, supervisor, model_name):
    row = make(model_name, estate, 3)
    row.refresh_from_db()
    client.force_login(supervisor)

    content = client.get(changelist(model_name)).content.decode()

    assert row.id_number and row.id_number not in content
    assert row.id_masked in content


def test_it_finds_by_full_id_number_only_for_users_with_the_permission(
    client, supervisor, desk, owner
):
    query = {"q": owner.id_number}

    client.force_login(supervisor)
    found_by_supervisor = list(client.get(changelist("owner"), query).context["cl"].result_list)
    client.force_login(desk)
    found_by_desk = list(client.get(changelist("owner"), query).context["cl"].result_list)

    assert (found_by_supervisor, found_by_desk) == ([owner], [])


@pytest.mark.parametrize("query", ["wxm", "wangxiaoming", "3-2-1201", "王小"])
def test_it_finds_owners_by_name_pinyin_initials_and_unit_code(client, supervisor, owner, query):
    client.force_login(supervisor)

    response = client.get(changelist("owner"), {"q": query})

    assert list(response.context["cl"].result_list) == [owner]


def test_it_keeps_full_id_numbers_out_of_history_pages(client, supervisor, desk, owner):
    old_number = owner.id_number
    owner.id_number = resident_id(8)
    services.owner_save(actor=supervisor, owner=owner)
    record = owner.history.earliest()
    history_url = reverse("admin:owners_owner_history", args=[owner.pk])
    version_url = reverse("admin:owners_owner_simple_history", args=[owner.pk, record.pk])

    client.force_login(supervisor)
    history = client.get(history_url).content.decode()
    client.force_login(desk)
    version = client.get(version_url).content.decode()

    assert owner.id_masked in history
    for page in (history, version):
        assert old_number not in page and owner.id_number not in page
    for model in (Owner, Resident, Authorization):
        assert "id_number" not in [f.name for f in model.history.model._meta.fields]


def test_it_does_not_open_another_estates_owner(client, other_estate, supervisor):
    theirs = OwnerFactory(estate=other_estate, name="外人甲")
    client.force_login(supervisor)

    response = client.get(change_url(theirs), follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    content = response.content.decode()
    assert "doesn’t exist" in content
    assert "外人甲" not in content and theirs.id_masked not in content


def test_it_404s_the_history_of_another_estates_owner(client, other_estate, supervisor):
    theirs = OwnerFactory(estate=other_estate)
    record = theirs.history.get()
    client.force_login(supervisor)

    history = client.get(reverse("admin:owners_owner_history", args=[theirs.pk]))
    version = client.get(reverse("admin:owners_owner_simple_history", args=[theirs.pk, record.pk]))

    assert (history.status_code, version.status_code) == (404, 404)


def test_it_refuses_to_save_a_building_for_another_estate(client, other_estate, supervisor):
    client.force_login(supervisor)

    response = client.post(
        reverse("admin:owners_building_add"), {"estate": other_estate.pk, "number": "9"}
    )

    assert response.status_code == 200
    assert "estate" in response.context["adminform"].form.errors
    assert not Building.objects.exists()


def test_it_offers_only_the_users_estates_as_choices(client, estate, other_estate, supervisor):
    client.force_login(supervisor)

    form = client.get(reverse("admin:owners_building_add")).context["adminform"].form

    assert list(form.fields["estate"].queryset) == [estate]


def test_it_autocompletes_units_of_the_users_estates_only(client, estate, other_estate, supervisor):
    mine = UnitFactory(building__estate=estate)
    UnitFactory(building__estate=other_estate)
    client.force_login(supervisor)

    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "", "app_label": "owners", "model_name": "ownership", "field_name": "unit"},
    )

    assert [r["id"] for r in response.json()["results"]] == [str(mine.pk)]


def test_it_refuses_an_ownership_share_over_100_in_the_admin(client, estate, supervisor, owner):
    unit = owner.ownerships.get().unit
    other_owner = OwnerFactory(estate=estate)
    client.force_login(supervisor)

    response = client.post(
        reverse("admin:owners_ownership_add"),
        {"unit": unit.pk, "owner": other_owner.pk, "share": "10", "since": "2021-01-01"},
    )

    assert "share" in response.context["adminform"].form.errors
    assert Ownership.objects.filter(unit=unit).count() == 1
    assert unit.ownerships.get().share == Decimal("100")


def test_it_lets_only_users_who_see_full_id_numbers_import_people(client, desk, supervisor):
    client.force_login(desk)
    desk_answers = [
        client.get(reverse(f"admin:owners_{m}_import")).status_code
        for m in ("owner", "ownership", "resident", "unit")
    ]
    client.force_login(supervisor)

    assert desk_answers == [403, 403, 403, 200]
    assert client.get(reverse("admin:owners_owner_import")).status_code == 200


def test_it_records_who_received_a_document_added_in_the_admin(client, estate, supervisor):
    client.force_login(supervisor)

    response = client.post(
        reverse("admin:owners_document_add"),
        {
            "estate": estate.pk,
            "kind": "id_copy",
            "original_sighted": "on",
            "received_at_0": "2024-05-01",
            "received_at_1": "10:00:00",
        },
    )

    assert response.status_code == 302
    assert estate.documents.get().received_by == supervisor
