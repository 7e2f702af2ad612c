"""The seed's two procedures as ordered steps, each with who and when."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from complaints import services
from complaints.errors import ComplaintError
from complaints.models import Complaint, ComplaintStep
from complaints.revisit import record_return_visit
from complaints.signals import complaint_resolved
from frontdesk.errors import DeskError
from frontdesk.models import Notification
from tests.factories.fees import ChargeFactory

from .helpers import communication, effective, make_complaint, photo, steps_of

pytestmark = pytest.mark.django_db


def _snapshot(complaint):
    complaint = Complaint.objects.get(pk=complaint.pk)
    return (
        complaint.status,
        complaint.verdict,
        complaint.handled_at,
        ComplaintStep.objects.filter(complaint=complaint).count(),
    )


def test_an_effective_complaint_runs_its_procedure(
    receptionist, head, cleaning, complaint, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, complaint_id, **kwargs):
        heard.append(complaint_id)

    complaint_resolved.connect(listener)
    effective(receptionist, complaint)
    assert complaint.department == cleaning  # the cause's default department
    assert complaint.responded_at is not None
    services.complaint_site_visit(
        actor=head,
        complaint=complaint,
        arrived_at=timezone.now() - datetime.timedelta(minutes=30),
        attendees="保洁主管王强",
        findings="楼道确有垃圾堆放",
        files=[photo()],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_handle(
            actor=head, complaint=complaint, actions="当天清理并加派人手", result="已清理干净"
        )
    complaint_resolved.disconnect(listener)
    assert heard == [complaint.pk]
    assert complaint.status == "handled"
    record_return_visit(actor=receptionist, complaint=complaint, result="satisfied")
    services.complaint_close(actor=receptionist, complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert steps_of(complaint) == [
        "record",
        "nature",
        "department",
        "site_visit",
        "handle",
        "return_visit",
        "closed",
    ]
    assert complaint.files.get().step.step == "site_visit"


def test_a_communication_complaint_runs_its_procedure(receptionist, cleaning, complaint, unit):
    ChargeFactory(unit=unit, amount=Decimal("0.10"))
    ChargeFactory(unit=unit, amount=Decimal("0.20"))
    communication(receptionist, complaint)
    services.complaint_confirm_identity(actor=receptionist, complaint=complaint, notes="核对身份证")
    services.complaint_check_payment(actor=receptionist, complaint=complaint)
    assert complaint.arrears_snapshot["amount"] == "0.30"
    services.complaint_notify(actor=receptionist, complaint=complaint, departments=[cleaning])
    record_return_visit(actor=receptionist, complaint=complaint, result="satisfied")
    services.complaint_close(actor=receptionist, complaint=complaint)
    assert steps_of(complaint) == [
        "record",
        "nature",
        "identity",
        "payment",
        "notify",
        "return_visit",
        "closed",
    ]


def test_the_payment_snapshot_stays_as_it_was(receptionist, complaint, unit):
    ChargeFactory(unit=unit, amount=Decimal("0.10"))
    communication(receptionist, complaint)
    services.complaint_confirm_identity(actor=receptionist, complaint=complaint)
    services.complaint_check_payment(actor=receptionist, complaint=complaint)
    ChargeFactory(unit=unit, amount=Decimal("0.70"))
    complaint.refresh_from_db()
    assert complaint.arrears_snapshot["amount"] == "0.10"


def test_notifying_a_department_notifies_its_people(receptionist, head, cleaning, complaint):
    communication(receptionist, complaint)
    services.complaint_confirm_identity(actor=receptionist, complaint=complaint)
    services.complaint_check_payment(actor=receptionist, complaint=complaint)
    services.complaint_notify(actor=receptionist, complaint=complaint, departments=[cleaning])
    assert Notification.objects.filter(user=head, title__contains=complaint.number).count() == 1


def test_handling_before_a_verdict_is_refused(head, receptionist, complaint):
    before = _snapshot(complaint)
    with pytest.raises(ComplaintError) as refused:
        services.complaint_confirm_identity(actor=receptionist, complaint=complaint)
    assert refused.value.code == "not_judged"
    assert _snapshot(complaint) == before


def test_a_site_visit_on_a_communication_complaint_is_refused(supervisor, receptionist, complaint):
    communication(receptionist, complaint)
    before = _snapshot(complaint)
    with pytest.raises(ComplaintError) as refused:
        services.complaint_site_visit(
            actor=supervisor, complaint=complaint, arrived_at=None, attendees="王", findings="x"
        )
    assert refused.value.code == "not_effective"
    assert _snapshot(complaint) == before


def test_a_payment_check_on_an_effective_complaint_is_refused(receptionist, complaint):
    effective(receptionist, complaint)
    before = _snapshot(complaint)
    with pytest.raises(ComplaintError) as refused:
        services.complaint_check_payment(actor=receptionist, complaint=complaint)
    assert refused.value.code == "not_communication"
    assert _snapshot(complaint) == before


def test_steps_come_in_order(receptionist, head, complaint):
    effective(receptionist, complaint)
    with pytest.raises(ComplaintError) as refused:
        services.complaint_handle(actor=head, complaint=complaint, actions="x", result="y")
    assert refused.value.code == "wrong_step"
    communication_one = make_complaint(receptionist, complaint.estate)
    communication(receptionist, communication_one)
    with pytest.raises(ComplaintError) as refused:
        services.complaint_check_payment(actor=receptionist, complaint=communication_one)
    assert refused.value.code == "wrong_step"


def test_another_departments_head_may_not_visit(receptionist, other_head, complaint):
    effective(receptionist, complaint)
    with pytest.raises(DeskError) as refused:
        services.complaint_site_visit(
            actor=other_head, complaint=complaint, arrived_at=None, attendees="王", findings="x"
        )
    assert refused.value.code == "forbidden"


def test_a_site_visit_needs_who_and_findings_and_no_future(receptionist, head, complaint):
    effective(receptionist, complaint)
    for kwargs, code in [
        ({"attendees": "", "findings": "x"}, "no_attendees"),
        ({"attendees": "王", "findings": ""}, "no_findings"),
        (
            {
                "attendees": "王",
                "findings": "x",
                "arrived_at": timezone.now() + datetime.timedelta(hours=3),
            },
            "future",
        ),
    ]:
        kwargs.setdefault("arrived_at", None)
        with pytest.raises(ComplaintError) as refused:
            services.complaint_site_visit(actor=head, complaint=complaint, **kwargs)
        assert refused.value.code == code
    assert steps_of(complaint) == ["record", "nature", "department"]


def test_closing_without_the_steps_or_the_visit_is_refused(receptionist, head, complaint):
    effective(receptionist, complaint)
    with pytest.raises(ComplaintError) as refused:
        services.complaint_close(actor=receptionist, complaint=complaint)
    assert refused.value.code == "steps_missing"
    services.complaint_site_visit(
        actor=head, complaint=complaint, arrived_at=None, attendees="王", findings="x"
    )
    services.complaint_handle(actor=head, complaint=complaint, actions="x", result="y")
    with pytest.raises(ComplaintError) as refused:
        services.complaint_close(actor=receptionist, complaint=complaint)
    assert refused.value.code == "steps_missing"
    assert Complaint.objects.get(pk=complaint.pk).status == "handled"


def test_a_dissatisfied_visit_reopens_and_counts(receptionist, head, complaint):
    effective(receptionist, complaint)
    for _round in range(2):
        services.complaint_site_visit(
            actor=head, complaint=complaint, arrived_at=None, attendees="王", findings="x"
        )
        services.complaint_handle(actor=head, complaint=complaint, actions="x", result="y")
        record_return_visit(
            actor=receptionist, complaint=complaint, result="dissatisfied", notes="还是脏"
        )
    complaint.refresh_from_db()
    assert complaint.reopen_count == 2
    assert complaint.status == "handling"
    services.complaint_site_visit(
        actor=head, complaint=complaint, arrived_at=None, attendees="王", findings="x"
    )
    services.complaint_handle(actor=head, complaint=complaint, actions="x", result="y")
    record_return_visit(actor=receptionist, complaint=complaint, result="satisfied")
    services.complaint_close(actor=receptionist, complaint=complaint)
    assert complaint.status == "closed"


def test_a_dissatisfied_visit_needs_what_is_wrong(receptionist, head, complaint):
    effective(receptionist, complaint)
    services.complaint_site_visit(
        actor=head, complaint=complaint, arrived_at=None, attendees="王", findings="x"
    )
    services.complaint_handle(actor=head, complaint=complaint, actions="x", result="y")
    with pytest.raises(ComplaintError) as refused:
        record_return_visit(actor=receptionist, complaint=complaint, result="dissatisfied")
    assert refused.value.code == "no_notes"
    assert Complaint.objects.get(pk=complaint.pk).reopen_count == 0


def test_a_return_visit_before_the_handling_is_refused(receptionist, complaint):
    effective(receptionist, complaint)
    with pytest.raises(ComplaintError) as refused:
        record_return_visit(actor=receptionist, complaint=complaint, result="satisfied")
    assert refused.value.code == "wrong_step"


def test_an_invalid_verdict_needs_a_reason_and_closes(receptionist, complaint):
    with pytest.raises(ComplaintError) as refused:
        services.complaint_judge(actor=receptionist, complaint=complaint, verdict="invalid")
    assert refused.value.code == "no_reason"
    assert Complaint.objects.get(pk=complaint.pk).verdict == "pending"
    services.complaint_judge(
        actor=receptionist, complaint=complaint, verdict="invalid", invalid_reason="不属物业范围"
    )
    assert complaint.status == "invalid"
    with pytest.raises(ComplaintError):
        services.complaint_confirm_identity(actor=receptionist, complaint=complaint)


def test_a_cause_must_fit_the_verdict(receptionist, complaint):
    with pytest.raises(ComplaintError) as refused:
        services.complaint_judge(
            actor=receptionist, complaint=complaint, verdict="effective", cause="venting"
        )
    assert refused.value.code == "bad_cause"


def test_a_deadline_in_the_past_is_refused(receptionist, complaint):
    with pytest.raises(ComplaintError) as refused:
        services.complaint_judge(
            actor=receptionist,
            complaint=complaint,
            verdict="effective",
            cause="cleaning",
            resolve_due=timezone.now() - datetime.timedelta(hours=1),
        )
    assert refused.value.code == "past_deadline"
    assert Complaint.objects.get(pk=complaint.pk).verdict == "pending"


def test_judging_twice_is_refused(receptionist, complaint):
    effective(receptionist, complaint)
    with pytest.raises(ComplaintError) as refused:
        effective(receptionist, complaint)
    assert refused.value.code == "already_judged"


def test_the_return_visit_engine_finds_the_complaints_awaiting_a_visit(
    receptionist, head, complaint
):
    from complaints import selectors

    effective(receptionist, complaint)
    assert not selectors.awaiting_visit().exists()
    services.complaint_site_visit(
        actor=head, complaint=complaint, arrived_at=None, attendees="王", findings="x"
    )
    services.complaint_handle(actor=head, complaint=complaint, actions="x", result="y")
    assert list(selectors.awaiting_visit()) == [complaint]
    assert list(selectors.awaiting_visit(ids=[complaint.pk + 1])) == []
