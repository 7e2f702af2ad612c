import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .helpers import ID, request_slip

pytestmark = pytest.mark.django_db


def test_the_admin_lists_slips_read_only_with_their_history(client, receptionist, unit):
    slip = request_slip(receptionist, unit)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)

    listing = client.get(reverse("admin:releases_releaseslip_changelist"))
    change = client.get(reverse("admin:releases_releaseslip_change", args=[slip.pk]))
    history = client.get(reverse("admin:releases_releaseslip_history", args=[slip.pk]))

    assert listing.status_code == change.status_code == history.status_code == 200
    assert slip.number in listing.content.decode()
    assert ID not in change.content.decode()
    assert client.get(reverse("admin:releases_releaseslip_add")).status_code == 403
