import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontdesk import roles
from frontdesk.roles import RECEPTION_PERMISSIONS
from frontdesk.roles_sync import sync_role_permissions
from tests.factories import resident_id, staff

from .helpers import record_call, record_visit


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def admin_supervisor(estate):
    sync_role_permissions()
    return staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="admin-sup", is_staff=True)


def make(model_name, estate, actor):
    if model_name == "phonecall":
        return record_call(actor, estate)
    return record_visit(actor, estate, id_number=resident_id(11))


def changelist(model_name):
    return reverse(f"admin:reception_{model_name}_changelist")


def test_it_gives_supervisors_and_directors_view_permissions(db):
    sync_role_permissions()
    for role in (roles.CS_SUPERVISOR, roles.DIRECTOR):
        names = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert {"view_phonecall", "view_visit"} <= names
        assert not {"change_phonecall", "change_visit"} & names
    assert set(RECEPTION_PERMISSIONS) == {roles.CS_SUPERVISOR, roles.DIRECTOR}


@pytest.mark.parametrize("model_name", ["phonecall", "visit"])
def test_it_shows_only_the_supervisors_estates_rows(
    client, estate, other_estate, receptionist, outsider, admin_supervisor, model_name
):
    mine = make(model_name, estate, receptionist)
    theirs = make(model_name, other_estate, outsider)
    client.force_login(admin_supervisor)

    response = client.get(changelist(model_name))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    change = reverse(f"admin:reception_{model_name}_change", args=[mine.pk])
    assert client.get(change).status_code == 200
    hidden = client.get(reverse(f"admin:reception_{model_name}_change", args=[theirs.pk]))
    assert hidden.status_code == 302
    history = reverse(f"admin:reception_{model_name}_history", args=[theirs.pk])
    assert client.get(history).status_code == 404


def test_it_masks_the_visitors_id_number(client, estate, receptionist, admin_supervisor):
    visit = make("visit", estate, receptionist)
    client.force_login(admin_supervisor)
    for url in (
        changelist("visit"),
        reverse("admin:reception_visit_change", args=[visit.pk]),
        reverse("admin:reception_visit_history", args=[visit.pk]),
    ):
        page = client.get(url).content.decode()
        assert resident_id(11) not in page
    assert visit.id_masked in client.get(changelist("visit")).content.decode()


@pytest.mark.parametrize("model_name", ["phonecall", "visit"])
def test_it_searches_and_filters(client, estate, receptionist, admin_supervisor, model_name):
    make(model_name, estate, receptionist)
    client.force_login(admin_supervisor)
    response = client.get(
        changelist(model_name), {"q": "张伟" if model_name == "phonecall" else "王五"}
    )
    assert response.context["cl"].result_count == 1
    field = "status" if model_name == "phonecall" else "purpose"
    assert client.get(changelist(model_name), {field: "other"}).context["cl"].result_count == 0


@pytest.mark.parametrize("model_name", ["phonecall", "visit"])
def test_it_lists_with_the_same_number_of_queries_for_1_and_30_rows(
    client, estate, receptionist, admin_supervisor, model_name
):
    make(model_name, estate, receptionist)
    client.force_login(admin_supervisor)
    client.get(changelist(model_name))
    with CaptureQueriesContext(connection) as one_row:
        client.get(changelist(model_name))
    for _ in range(29):
        make(model_name, estate, receptionist)
    with CaptureQueriesContext(connection) as thirty_rows:
        client.get(changelist(model_name))
    assert len(thirty_rows) == len(one_row)


@pytest.mark.parametrize("model_name", ["phonecall", "visit"])
def test_it_lets_nobody_change_or_delete_rows(
    client, estate, receptionist, admin_supervisor, model_name
):
    row = make(model_name, estate, receptionist)
    client.force_login(admin_supervisor)
    assert client.get(reverse(f"admin:reception_{model_name}_add")).status_code == 403
    delete = reverse(f"admin:reception_{model_name}_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()
