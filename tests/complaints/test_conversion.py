"""The phone log's "turn into a complaint", registered by the complaints app."""

import pytest
from django.urls import reverse

from complaints.models import Complaint
from reception import conversions
from reception import services as reception_services
from tests.reception.helpers import record_call

pytestmark = pytest.mark.django_db


def test_it_is_registered_for_the_call_page():
    conversion = conversions.get("complaint")
    assert conversion is not None
    assert "complaint" in [c.key for c in conversions.available()]


def test_a_call_becomes_a_complaint_linked_both_ways(receptionist, estate, unit):
    call = record_call(
        receptionist, estate, unit=unit, content="投诉楼上装修噪音", caller_name="王芳"
    )
    complaint = reception_services.call_convert(actor=receptionist, call=call, action="complaint")
    assert isinstance(complaint, Complaint)
    assert complaint.channel == "phone"
    assert complaint.phone_call == call
    assert complaint.unit == unit
    assert complaint.complainant_name == "王芳"
    assert complaint.description == "投诉楼上装修噪音"
    assert call.links.get().target_id == complaint.pk


def test_the_call_pages_button_records_it_once(client, receptionist, estate):
    call = record_call(receptionist, estate, content="投诉保安态度差")
    client.force_login(receptionist)
    url = reverse("reception:call-convert", args=[call.pk, "complaint"])
    response = client.post(url)
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == complaint.get_absolute_url()
    again = client.post(url)  # back to the call and pressed again: the same complaint
    assert again["Location"] == complaint.get_absolute_url()
    assert Complaint.objects.count() == 1 and call.links.count() == 1
    page = client.get(call.get_absolute_url()).content.decode()
    assert url not in page and complaint.number in page


def test_the_call_page_shows_the_button(client, receptionist, estate):
    call = record_call(receptionist, estate, content="投诉电梯经常停运")
    client.force_login(receptionist)
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    assert (
        reverse("reception:call-convert", args=[call.pk, "complaint"]) in response.content.decode()
    )
    assert "Record as complaint" in response.content.decode()
