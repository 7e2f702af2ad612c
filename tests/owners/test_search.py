import pytest

from frontdesk import roles
from frontdesk.scoping import DESK_ESTATE_SESSION_KEY
from owners.models import Authorization, Resident
from owners.search import search
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    ResidentFactory,
    UnitFactory,
    staff,
)


@pytest.fixture
def zhang(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
    )
    owner = OwnerFactory(
        estate=estate, name="张伟", phone="13912345678", id_number="11010519491231002X"
    )
    OwnershipFactory(unit=unit, owner=owner)
    return owner


def _names(results):
    return sorted(person.name for person in results.people)


@pytest.mark.parametrize(
    "query", ["张伟", "zhangwei", "zhang", "zw", "ZW", "5678", "13912345678", "002X", "31002x"]
)
def test_it_finds_an_owner_by_name_pinyin_phone_and_id_tail(zhang, query):
    results = search(estate_ids={zhang.estate_id}, query=query)
    assert _names(results) == ["张伟"], query
    person = results.people[0]
    assert person.phone_masked == "139****5678"
    assert person.id_masked == "110105********002X"
    assert [u.code for u in person.units] == ["3-2-1201"]


def test_it_finds_a_name_by_its_end(estate):
    OwnerFactory(estate=estate, name="欧阳伟强")
    assert _names(search(estate_ids={estate.pk}, query="伟强")) == ["欧阳伟强"]


@pytest.mark.parametrize("query", ["3-2-1201", "2-1201", "1201", "3-2"])
def test_it_finds_a_unit_by_full_or_partial_code(zhang, query):
    results = search(estate_ids={zhang.estate_id}, query=query)
    assert [unit.code for unit in results.units] == ["3-2-1201"]


def test_it_finds_residents_tenants_and_agents_with_their_role(zhang, estate):
    unit = zhang.ownerships.get().unit
    ResidentFactory(unit=unit, name="张伟明", kind=Resident.Kind.TENANT)
    Authorization.objects.create(
        owner=zhang, unit=unit, name="张伟华", id_number="440305198506010019"
    )
    results = search(estate_ids={estate.pk}, query="张伟")
    roles_by_name = {p.name: p.role for p in results.people}
    assert roles_by_name == {"张伟": "Owner", "张伟明": "Tenant", "张伟华": "Agent of 张伟"}


def test_it_leaves_out_residents_who_moved_out(zhang):
    unit = zhang.ownerships.get().unit
    ResidentFactory(unit=unit, name="张伟明", moved_out_on="2025-01-01")
    assert _names(search(estate_ids={zhang.estate_id}, query="张伟明")) == []


def test_it_never_shows_another_estates_people(zhang, other_estate):
    OwnerFactory(estate=other_estate, name="张伟")
    assert len(search(estate_ids={zhang.estate_id}, query="张伟").people) == 1
    assert len(search(estate_ids={other_estate.pk}, query="张伟").people) == 1


@pytest.mark.parametrize("query", ["", " ", "张", "z"])
def test_it_gives_a_hint_for_short_queries(zhang, query):
    results = search(estate_ids={zhang.estate_id}, query=query)
    assert results.hint and results.empty


def test_it_is_harmless_with_sql_and_html(client, receptionist, zhang):
    client.force_login(receptionist)
    response = client.get("/search/", {"q": "<script>alert(1)</script>' OR 1=1 --"})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


def test_it_answers_the_live_search_with_a_fragment(client, receptionist, zhang):
    client.force_login(receptionist)
    response = client.get("/search/", {"q": "zw"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "张伟" in html and "<html" not in html


def test_it_searches_only_the_estate_picked_in_the_switcher(client, estate, other_estate, zhang):
    OwnerFactory(estate=other_estate, name="张伟")
    both = staff(estates=[estate, other_estate], roles=[roles.RECEPTIONIST])
    client.force_login(both)
    assert client.get("/search/", {"q": "zw"}).content.decode().count("张伟</strong>") == 2
    client.post("/estate/", {"estate": other_estate.pk, "next": "/"})
    assert client.session[DESK_ESTATE_SESSION_KEY] == other_estate.pk
    assert client.get("/search/", {"q": "zw"}).content.decode().count("张伟</strong>") == 1


def test_it_ignores_a_switch_to_an_estate_not_ones_own(client, receptionist, other_estate):
    client.force_login(receptionist)
    client.post("/estate/", {"estate": other_estate.pk})
    assert DESK_ESTATE_SESSION_KEY not in client.session


def test_it_refuses_search_to_a_role_without_desk_work(client, estate):
    guard = staff(estates=[estate], roles=[roles.SECURITY_GUARD])
    client.force_login(guard)
    assert client.get("/search/", {"q": "zw"}).status_code == 403


@pytest.mark.parametrize("rows", [1, 20])
def test_it_keeps_a_constant_query_count(
    client, receptionist, estate, rows, django_assert_max_num_queries
):
    for n in range(rows):
        unit = UnitFactory(building=BuildingFactory(estate=estate), room=f"{n:04d}")
        OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
        ResidentFactory(unit=unit, name="张伟红")
    client.force_login(receptionist)
    client.get("/search/", {"q": "zw"})  # warm the session
    with django_assert_max_num_queries(10):
        response = client.get("/search/", {"q": "zw"})
    assert response.content.decode().count("张伟</strong>") == rows
