"""A visitor's identity is confirmed, as the seed asks: the number of an identity document,
or an explicit "identity checked" with the document's type. A name alone is refused, by the
service, on the form, and the admin adds no visitor at all."""

import pytest
from django.urls import reverse

from frontdesk import roles
from frontdesk.models import DocumentSequence
from frontdesk.roles_sync import sync_role_permissions
from owners.validators import IdType
from reception.errors import ReceptionError
from reception.models import Visit
from tests.factories import resident_id, staff

from .helpers import record_visit

NEW = "/reception/visits/new/"


def form_data(**overrides) -> dict:
    data = {
        "name": "王五",
        "id_type": "passport",
        "id_number": "",
        "party_size": "1",
        "purpose": "office",
        "host_name": "李经理",
    }
    data.update(overrides)
    return data


# The service


def test_it_refuses_a_visitor_known_by_name_only(guard, estate):
    with pytest.raises(ReceptionError) as refused:
        record_visit(guard, estate, identity_checked=False)

    assert (refused.value.code, refused.value.field) == ("no_identity", "id_number")
    assert "A name alone is not enough" in refused.value.message
    assert not Visit.objects.exists()
    assert not DocumentSequence.objects.filter(last_number__gt=0).exists()


def test_it_logs_a_visitor_whose_document_was_seen_without_its_number(guard, estate):
    visit = record_visit(guard, estate, id_type=IdType.PASSPORT, identity_checked=True)

    assert (visit.id_type, visit.id_number, visit.identity_checked) == ("passport", "", True)


def test_an_id_number_confirms_the_identity(guard, estate):
    visit = record_visit(guard, estate, id_number=resident_id(3), identity_checked=False)

    assert visit.identity_checked and visit.id_number == resident_id(3)


def test_it_refuses_an_unknown_document_type(guard, estate):
    with pytest.raises(ReceptionError) as refused:
        record_visit(guard, estate, id_type="library_card", identity_checked=True)

    assert (refused.value.code, refused.value.field) == ("bad_id_type", "id_type")
    assert not Visit.objects.exists()


def test_a_ticked_box_does_not_excuse_a_wrong_number(guard, estate):
    with pytest.raises(ReceptionError) as refused:
        record_visit(guard, estate, id_number="110105198506010010", identity_checked=True)

    assert refused.value.code == "invalid_id"


# The form


def test_the_form_refuses_a_name_alone(client, guard, estate):
    client.force_login(guard)
    response = client.post(NEW, form_data())

    assert response.status_code == 400
    assert "A name alone is not enough" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_form_logs_a_visitor_whose_document_was_seen(client, guard, estate):
    client.force_login(guard)
    assert 'name="identity_checked"' in client.get(NEW).content.decode()

    response = client.post(NEW, form_data(identity_checked="on"))

    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    assert (visit.id_type, visit.id_number, visit.identity_checked) == ("passport", "", True)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert 'data-testid="identity-checked"' in page


def test_the_form_takes_a_number_instead_of_the_tick(client, guard, estate):
    client.force_login(guard)
    response = client.post(NEW, form_data(id_type="resident_id", id_number=resident_id(4)))

    assert response.status_code == 302
    assert Visit.objects.get().identity_checked


# The admin


def test_the_admin_shows_the_check_and_adds_no_visitor(client, estate, receptionist):
    sync_role_permissions()
    supervisor = staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="sup", is_staff=True)
    record_visit(receptionist, estate, id_type=IdType.PASSPORT, identity_checked=True)
    client.force_login(supervisor)

    listing = client.get(
        reverse("admin:reception_visit_changelist"), {"identity_checked__exact": "1"}
    )

    assert listing.context["cl"].result_count == 1
    assert client.get(reverse("admin:reception_visit_add")).status_code == 403
