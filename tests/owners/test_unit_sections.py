import pytest

from frontdesk import roles
from frontdesk.registry import Entry, dossier_sections
from tests.factories import BuildingFactory, UnitFactory, staff


@pytest.fixture
def section():
    entry = dossier_sections.register(
        Entry(
            key="test-notes",
            label="Notes",
            roles=(roles.RECEPTIONIST,),
            template="frontdesk/_timeline.html",
            context=lambda request, unit: {"events": [], "unit_code": unit.code},
        )
    )
    yield entry
    dossier_sections._entries.pop(entry.key)


@pytest.fixture
def unit(estate):
    return UnitFactory(building=BuildingFactory(estate=estate))


def test_it_loads_a_registered_section_on_its_own_request(client, receptionist, unit, section):
    client.force_login(receptionist)
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert f"/units/{unit.pk}/sections/test-notes/" in page
    response = client.get(f"/units/{unit.pk}/sections/test-notes/")
    assert response.status_code == 200 and "No history yet." in response.content.decode()


def test_it_hides_a_section_from_other_estates_and_roles(client, outsider, estate, unit, section):
    client.force_login(outsider)
    assert client.get(f"/units/{unit.pk}/sections/test-notes/").status_code == 404
    client.force_login(staff(estates=[estate], roles=[roles.CASHIER]))
    assert client.get(f"/units/{unit.pk}/sections/test-notes/").status_code == 403
    assert "/sections/test-notes/" not in client.get(f"/units/{unit.pk}/").content.decode()


def test_it_answers_404_for_an_unknown_section(client, receptionist, unit):
    client.force_login(receptionist)
    assert client.get(f"/units/{unit.pk}/sections/nothing/").status_code == 404
