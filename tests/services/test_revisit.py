"""The return visit after a service, through the return-visit engine (revisits)."""

import pytest
from django.urls import reverse

from revisits import services as revisit_services
from revisits.models import Revisit
from services import revisit
from services.models import ServiceRequest

from .helpers import accepted, done

pytestmark = pytest.mark.django_db


def test_an_accepted_service_gets_its_revisit_once(
    receptionist, head, worker, unit, unblock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service = accepted(receptionist, head, worker, unit, unblock)
    visit = Revisit.objects.get(service=service)
    assert (visit.source_kind, visit.unit, visit.technician) == ("service", unit, worker)
    assert visit.source_label == service.number
    assert (visit.due_at - service.accepted_at).days == 2
    assert revisit_services.revisit_for_service(service_id=service.pk) == visit
    assert Revisit.objects.filter(service=service).count() == 1
    assert revisit.visit_url(service.pk) == visit.get_absolute_url()


def test_the_sweep_creates_a_lost_revisit_and_skips_unaccepted(
    receptionist, head, worker, unit, unblock
):
    service = accepted(receptionist, head, worker, unit, unblock)  # the event lost (no commit)
    pending = done(receptionist, head, worker, unit, unblock)
    assert not Revisit.objects.exists()
    revisit_services.revisits_sweep()
    assert list(Revisit.objects.values_list("service_id", flat=True)) == [service.pk]
    assert revisit_services.revisit_for_service(service_id=pending.pk) is None
    revisit_services.revisits_sweep()
    assert Revisit.objects.count() == 1


def test_the_report_counts_satisfaction_from_the_visits(
    client, supervisor, receptionist, head, worker, unit, unblock
):
    service = accepted(receptionist, head, worker, unit, unblock)
    visit = revisit_services.revisit_for_service(service_id=service.pk)
    Revisit.objects.filter(pk=visit.pk).update(status="done", result="satisfied")
    client.force_login(supervisor)
    report = client.get(reverse("services:report")).context["report"]
    assert (report.satisfaction.visited, report.satisfaction.satisfied) == (1, 1)
    assert report.satisfaction.rate == 100.0


def test_the_service_page_links_its_visit(client, receptionist, head, worker, unit, unblock):
    service = accepted(receptionist, head, worker, unit, unblock)
    visit = revisit_services.revisit_for_service(service_id=service.pk)
    client.force_login(receptionist)
    page = client.get(service.get_absolute_url())
    assert visit.get_absolute_url().encode() in page.content
    assert ServiceRequest.objects.get().status == "accepted"
