"""Resolved complaints in the return-visit engine: one revisit per resolution, by the estate's
days, caught by the sweep when the event is lost; the visit's verdict goes back to the
complaint (satisfied: it may close; dissatisfied: it reopens and is visited again); an
unreached complainant is signed off, never exempted."""

import datetime

import pytest
from django.urls import reverse

from complaints import services as complaint_services
from complaints.choices import Status as ComplaintStatus
from complaints.choices import Step
from frontdesk.errors import DeskError
from revisits import services
from revisits.choices import Result, SourceKind, Status
from revisits.models import Revisit, RevisitSettings
from revisits.receivers import on_complaint_resolved
from revisits.tasks import revisits_sweep
from tests.complaints.helpers import effective, make_complaint

from .helpers import failed_try, local, snapshot

pytestmark = pytest.mark.django_db

SCORES = {"score_timeliness": 5, "score_attitude": 4, "score_quality": 5, "score_overall": 5}


def resolve(receptionist, head, complaint):
    """Judge an effective complaint, visit the site and handle it: it awaits its visit."""
    if complaint.verdict == "pending":
        effective(receptionist, complaint)
    complaint_services.complaint_site_visit(
        actor=head, complaint=complaint, arrived_at=None, attendees="王强", findings="确有垃圾"
    )
    complaint_services.complaint_handle(
        actor=head, complaint=complaint, actions="当天清理", result="已清理"
    )
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def resolved(receptionist, head, estate, unit, django_capture_on_commit_callbacks):
    complaint = make_complaint(receptionist, estate, unit=unit)
    with django_capture_on_commit_callbacks(execute=True):
        return resolve(receptionist, head, complaint)


def record(actor, revisit, **extra):
    values = {"channel": "phone", "result": Result.SATISFIED, "scores": SCORES}
    values.update(extra)
    return services.revisit_record(actor=actor, revisit=revisit, **values)


def test_a_resolved_complaint_gets_its_revisit(resolved, cleaning, unit):
    revisit = Revisit.objects.get(complaint=resolved)
    assert revisit.source_kind == SourceKind.COMPLAINT
    assert revisit.complaint_round == 0
    assert revisit.unit == unit
    assert revisit.department == cleaning
    assert revisit.technician_id == resolved.handler_id
    assert revisit.counted_from == resolved.handled_at
    assert revisit.due_at == services.due_at(resolved.handled_at, 2)
    assert revisit.summary.startswith(resolved.number)
    assert revisit.status == Status.PENDING


def test_the_estates_days_set_the_deadline(estate, receptionist, head, unit):
    RevisitSettings.objects.create(estate=estate, complaint_days=1)
    complaint = resolve(receptionist, head, make_complaint(receptionist, estate, unit=unit))
    complaint.handled_at = local(2026, 1, 31, 23, 50)
    complaint.save(update_fields=["handled_at"])
    revisit = services.revisit_for_complaint(complaint_id=complaint.pk)
    assert revisit.due_at == local(2026, 2, 2, 0, 0)  # within a day: the end of 1 February


def test_one_revisit_whatever_arrives_twice(resolved):
    on_complaint_resolved(sender=None, complaint_id=resolved.pk)
    on_complaint_resolved(sender=None, complaint_id=resolved.pk)
    revisits_sweep()
    assert Revisit.objects.filter(complaint=resolved).count() == 1


def test_the_sweep_catches_a_lost_resolution(receptionist, head, estate, unit):
    complaint = resolve(receptionist, head, make_complaint(receptionist, estate, unit=unit))
    assert not Revisit.objects.filter(complaint=complaint).exists()  # the event never came
    assert revisits_sweep()["created"] == 1
    assert revisits_sweep()["created"] == 0
    assert Revisit.objects.get(complaint=complaint).due_at == services.due_at(
        complaint.handled_at, 2
    )


def test_no_revisit_for_a_complaint_not_resolved(receptionist, estate, unit):
    complaint = effective(receptionist, make_complaint(receptionist, estate, unit=unit))
    assert services.revisit_for_complaint(complaint_id=complaint.pk) is None
    revisits_sweep()
    assert not Revisit.objects.filter(complaint=complaint).exists()


def test_a_satisfied_visit_lets_the_complaint_close(receptionist, resolved):
    revisit = Revisit.objects.get(complaint=resolved)
    record(receptionist, revisit, owner_words="满意")
    resolved.refresh_from_db()
    assert resolved.visit_result == "satisfied"
    assert resolved.steps.filter(step=Step.RETURN_VISIT).count() == 1
    complaint_services.complaint_close(actor=receptionist, complaint=resolved)
    resolved.refresh_from_db()
    assert resolved.status == ComplaintStatus.CLOSED


def test_a_dissatisfied_visit_reopens_the_complaint_and_the_next_resolution_is_visited_again(
    receptionist, head, resolved, django_capture_on_commit_callbacks
):
    first = Revisit.objects.get(complaint=resolved)
    record(receptionist, first, result=Result.DISSATISFIED, owner_words="楼道还是脏")
    resolved.refresh_from_db()
    first.refresh_from_db()
    assert resolved.status == ComplaintStatus.HANDLING
    assert resolved.reopen_count == 1
    assert first.status == Status.DONE
    assert first.rectification_order is None  # the complaint itself is handled again

    with django_capture_on_commit_callbacks(execute=True):
        resolve(receptionist, head, resolved)
    second = Revisit.objects.get(complaint=resolved, complaint_round=1)
    assert second.is_open and second.pk != first.pk
    record(receptionist, second)
    complaint_services.complaint_close(actor=receptionist, complaint=resolved)


def test_a_visit_to_a_complaint_not_awaiting_it_is_refused(receptionist, resolved):
    revisit = Revisit.objects.get(complaint=resolved)
    resolved.status = ComplaintStatus.HANDLING
    resolved.save(update_fields=["status"])
    before = snapshot(revisit)
    with pytest.raises(DeskError) as caught:
        record(receptionist, revisit)
    assert caught.value.code == "source_not_completed"
    assert snapshot(revisit) == before


def test_an_unreached_complainant_is_signed_off_and_the_complaint_may_close(
    receptionist, supervisor, resolved
):
    revisit = Revisit.objects.get(complaint=resolved)
    for hours_ago in (6, 4, 2):
        failed_try(receptionist, revisit, hours_ago=hours_ago)
    services.revisit_close_unreached(actor=supervisor, revisit=revisit, reason="三次无人接听")
    resolved.refresh_from_db()
    assert resolved.visit_result == "not_reached"
    complaint_services.complaint_close(actor=supervisor, complaint=resolved)


def test_a_complaints_revisit_is_never_exempted(supervisor, resolved):
    revisit = Revisit.objects.get(complaint=resolved)
    before = snapshot(revisit)
    with pytest.raises(DeskError) as caught:
        services.revisit_exempt(actor=supervisor, revisit=revisit, reason="业主不想被打扰")
    assert caught.value.code == "complaint_not_exempt"
    assert snapshot(revisit) == before


def test_the_complaint_page_links_to_its_revisit_instead_of_a_form(client, receptionist, resolved):
    client.force_login(receptionist)
    page = client.get(resolved.get_absolute_url())
    assert b'data-testid="engine-visit"' in page.content
    assert b'data-testid="action-return-visit"' not in page.content
    link = reverse("revisits:for-complaint", args=[resolved.pk])
    revisit = Revisit.objects.get(complaint=resolved)
    assert client.get(link)["Location"] == revisit.get_absolute_url()
    detail = client.get(revisit.get_absolute_url())
    assert resolved.number in detail.content.decode()
    assert b'data-testid="exempt-form"' not in detail.content


def test_the_complaint_page_refuses_recording_the_visit_itself(client, receptionist, resolved):
    client.force_login(receptionist)
    url = reverse("complaints:complaint-step", args=[resolved.pk, "return-visit"])
    response = client.post(url, {"result": "satisfied", "notes": ""})
    assert response.status_code == 400
    resolved.refresh_from_db()
    assert resolved.visit_result == ""


def test_the_link_plans_a_lost_revisit_and_hides_another_estates(
    client, receptionist, head, estate, unit, other_supervisor
):
    complaint = resolve(receptionist, head, make_complaint(receptionist, estate, unit=unit))
    link = reverse("revisits:for-complaint", args=[complaint.pk])
    client.force_login(other_supervisor)
    assert client.get(link).status_code == 404
    assert not Revisit.objects.filter(complaint=complaint).exists()
    client.force_login(receptionist)
    response = client.get(link)
    assert response["Location"] == Revisit.objects.get(complaint=complaint).get_absolute_url()


def test_the_link_of_a_complaint_awaiting_no_visit_goes_back_to_it(client, receptionist, estate):
    complaint = make_complaint(receptionist, estate)
    client.force_login(receptionist)
    response = client.get(reverse("revisits:for-complaint", args=[complaint.pk]))
    assert response["Location"] == complaint.get_absolute_url()
    assert not Revisit.objects.exists()


def test_the_deadline_is_the_end_of_the_local_day(estate, receptionist, head, unit):
    complaint = resolve(receptionist, head, make_complaint(receptionist, estate, unit=unit))
    complaint.handled_at = local(2026, 12, 31, 0, 5)
    complaint.save(update_fields=["handled_at"])
    revisit = services.revisit_for_complaint(complaint_id=complaint.pk)
    assert revisit.due_at - complaint.handled_at < datetime.timedelta(days=3)
    assert revisit.due_at == local(2027, 1, 3, 0, 0)
