import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from renovation.models import ProhibitedItem
from tests.factories import UserFactory

from .helpers import ID, apply

pytestmark = pytest.mark.django_db


def test_the_admin_lists_renovations_read_only_with_their_history(client, receptionist, unit):
    renovation = apply(receptionist, unit)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)

    listing = client.get(reverse("admin:renovation_renovation_changelist"))
    change = client.get(reverse("admin:renovation_renovation_change", args=[renovation.pk]))
    history = client.get(reverse("admin:renovation_renovation_history", args=[renovation.pk]))

    assert listing.status_code == change.status_code == history.status_code == 200
    assert renovation.number in listing.content.decode()
    assert ID not in change.content.decode()
    assert client.get(reverse("admin:renovation_renovation_add")).status_code == 403


def test_the_admin_loads_the_default_prohibited_works_once(client, estate):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    first = ProhibitedItem.objects.create(estate=estate, text="阳台改卫生间")
    url = reverse("admin:renovation_prohibiteditem_changelist")

    for _n in range(2):
        client.post(url, {"action": "load_defaults", "_selected_action": [first.pk]})

    assert ProhibitedItem.objects.filter(estate=estate).count() == 7


def test_a_supervisor_sees_only_their_estates_settings(client, supervisor, estate, other_estate):
    from renovation.models import Settings

    Settings.objects.create(estate=other_estate)
    supervisor.user_permissions.add(
        *Permission.objects.filter(codename="view_settings", content_type__app_label="renovation")
    )
    client.force_login(supervisor)

    response = client.get(reverse("admin:renovation_settings_changelist"))

    assert response.status_code == 200 and other_estate.name not in response.content.decode()
