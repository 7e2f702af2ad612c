import pytest
from django.urls import reverse

from services.models import ServiceRequest
from tests.factories.reception import PhoneCallFactory

from .helpers import agreed, item

pytestmark = pytest.mark.django_db


def test_a_call_turns_into_a_request_once(client, receptionist, estate, unit, unblock, engineering):
    item(estate, engineering, name="家电安装", low="50", high="50")
    call = PhoneCallFactory(estate=estate, unit=unit, content="想预约家电安装，空调一台")
    client.force_login(receptionist)
    url = reverse("reception:call-convert", args=[call.pk, "service"])
    response = client.post(url)
    service = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == service.get_absolute_url()
    assert (service.source, service.item.name, service.unit) == ("phone", "家电安装", unit)
    assert service.status == "requested" and service.slot_start is None
    client.post(url)
    assert ServiceRequest.objects.count() == 1


def test_a_call_without_a_unit_is_refused(client, receptionist, estate, unblock):
    call = PhoneCallFactory(estate=estate, content="管道疏通")
    client.force_login(receptionist)
    client.post(reverse("reception:call-convert", args=[call.pk, "service"]))
    assert not ServiceRequest.objects.exists()


def test_the_admin_lists_requests_with_history_read_only(
    client, supervisor, receptionist, unit, unblock
):
    service = agreed(receptionist, unit, unblock)
    client.force_login(supervisor)
    listing = client.get(reverse("admin:services_servicerequest_changelist"))
    assert listing.status_code == 200 and service.number.encode() in listing.content
    history = client.get(reverse("admin:services_servicerequest_history", args=[service.pk]))
    assert history.status_code == 200
    assert client.get(reverse("admin:services_servicerequest_add")).status_code == 403
    assert client.get(reverse("admin:services_serviceitem_add")).status_code == 200
