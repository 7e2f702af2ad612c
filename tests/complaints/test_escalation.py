"""The escalation sweep: idempotent, notifying once per change."""

import datetime

import pytest
from django.utils import timezone

from complaints import services, tasks
from complaints.models import Complaint, VerdictChange
from frontdesk import roles
from frontdesk.models import Notification
from tests.factories import staff

from .helpers import communication, make_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(estate):
    return staff(estates=[estate], roles=[roles.DIRECTOR], username="director")


def _late(actor, estate, hours, **extra):
    return make_complaint(
        actor, estate, received_at=timezone.now() - datetime.timedelta(hours=hours), **extra
    )


def test_an_overdue_communication_complaint_becomes_effective_exactly_once(
    receptionist, supervisor, director, estate
):
    complaint = _late(receptionist, estate, 30, severity="urgent")
    communication(receptionist, complaint)
    for _ in range(5):
        tasks.escalation_sweep.delay()
    complaint.refresh_from_db()
    assert complaint.verdict == "effective"
    assert complaint.escalation == 2
    assert VerdictChange.objects.filter(complaint=complaint).count() == 1
    assert "Not handled in time" in VerdictChange.objects.get().reason
    assert complaint.steps.filter(step="escalated").count() == 1
    assert Notification.objects.filter(user=supervisor).count() == 1
    assert Notification.objects.filter(user=director).count() == 1


def test_a_late_response_goes_to_the_supervisor_then_the_director(
    receptionist, supervisor, director, estate
):
    complaint = _late(receptionist, estate, 3, severity="urgent")  # respond within 2 h
    services.escalation_sweep()
    services.escalation_sweep()
    complaint.refresh_from_db()
    assert complaint.escalation == 1
    assert Notification.objects.filter(user=supervisor).count() == 1
    assert not Notification.objects.filter(user=director).exists()

    later = timezone.now() + datetime.timedelta(hours=25)
    services.escalation_sweep(now=later)
    services.escalation_sweep(now=later)
    complaint.refresh_from_db()
    assert complaint.escalation == 2
    assert Notification.objects.filter(user=supervisor).count() == 2
    assert Notification.objects.filter(user=director).count() == 1


def test_the_sweep_leaves_timely_and_closed_complaints_alone(receptionist, supervisor, estate):
    fresh = make_complaint(receptionist, estate)
    invalid = _late(receptionist, estate, 30, severity="urgent")
    services.complaint_judge(
        actor=receptionist, complaint=invalid, verdict="invalid", invalid_reason="重复投诉"
    )
    assert services.escalation_sweep() == {"escalated": 0, "converted": 0}
    assert Complaint.objects.get(pk=fresh.pk).escalation == 0
    assert not Notification.objects.exists()


def test_the_sweep_reads_a_constant_number_of_queries_to_find_work(
    receptionist, estate, django_assert_num_queries
):
    for _ in range(3):
        make_complaint(receptionist, estate)
    with django_assert_num_queries(1):
        services.escalation_sweep()


def test_beat_runs_the_sweep_every_15_minutes(settings):
    from frontdesk.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["complaints-escalation"]
    assert entry["task"] in app.tasks
    assert entry["schedule"].minute == {0, 15, 30, 45}


def test_a_batch_of_late_complaints_is_one_notice_and_a_few_queries(
    receptionist, supervisor, director, estate, django_assert_max_num_queries
):
    late = [_late(receptionist, estate, 3, severity="urgent") for _ in range(6)]
    with django_assert_max_num_queries(12):
        assert services.escalation_sweep() == {"escalated": 6, "converted": 0}
    assert Notification.objects.filter(user=supervisor).count() == 1
    notice = Notification.objects.get(user=supervisor)
    assert "6 complaints escalated" in notice.title
    assert all(c.number in notice.body for c in late)
    for complaint in late:
        complaint.refresh_from_db()
        assert complaint.escalation == 1
        assert complaint.history.count() == 2  # recorded, escalated
    assert services.escalation_sweep() == {"escalated": 0, "converted": 0}
