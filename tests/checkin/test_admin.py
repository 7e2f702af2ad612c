import pytest
from django.urls import reverse

from checkin import services
from frontdesk import roles
from frontdesk.roles_sync import sync_role_permissions
from tests.factories import staff

from .conftest import START

pytestmark = pytest.mark.django_db

MODELS = ["custodysettings", "custody", "inspection", "meterreading", "keylog", "moveincase"]


@pytest.fixture
def admin_supervisor(estate):
    sync_role_permissions()
    return staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="adm", is_staff=True)


def test_the_changelists_load(client, admin_supervisor, receptionist, custody):
    services.inspections_sweep(today=START)
    services.key_take(actor=receptionist, custody=custody, taken_by="刘", reason="通风")
    client.force_login(admin_supervisor)
    for model in MODELS:
        response = client.get(reverse(f"admin:checkin_{model}_changelist"))
        assert response.status_code == 200, model
    response = client.get(reverse("admin:checkin_custody_change", args=[custody.pk]))
    assert response.status_code == 200
    assert client.get(reverse("admin:checkin_custodysettings_add")).status_code == 200


def test_other_estates_custody_is_not_found_in_the_admin(client, other_estate, custody):
    sync_role_permissions()
    other = staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="o", is_staff=True)
    client.force_login(other)
    response = client.get(reverse("admin:checkin_custody_change", args=[custody.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert b"3-2-1201" not in client.get(reverse("admin:checkin_custody_changelist")).content
