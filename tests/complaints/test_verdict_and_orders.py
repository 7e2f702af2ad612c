"""Changing a verdict with its reason, the supervisor's "mishandled", and help-seeking
complaints that open a work order and wait for it."""

import pytest

from complaints import services
from complaints.errors import ComplaintError
from complaints.models import Complaint, VerdictChange
from complaints.revisit import record_return_visit
from frontdesk.errors import DeskError
from workorders import services as workorder_services

from .helpers import communication, effective, steps_of

pytestmark = pytest.mark.django_db


def test_the_supervisor_changes_a_verdict_with_a_reason(supervisor, receptionist, complaint):
    communication(receptionist, complaint)
    services.complaint_change_verdict(
        actor=supervisor,
        complaint=complaint,
        verdict="effective",
        cause="cleaning",
        reason="实为保洁失职",
    )
    change = VerdictChange.objects.get()
    assert (change.from_verdict, change.to_verdict, change.reason) == (
        "communication",
        "effective",
        "实为保洁失职",
    )
    assert change.actor == supervisor
    assert complaint.verdict == "effective"
    assert steps_of(complaint)[-2:] == ["verdict_changed", "department"]


def test_a_verdict_change_needs_a_reason_and_the_supervisor(supervisor, receptionist, complaint):
    communication(receptionist, complaint)
    with pytest.raises(ComplaintError) as refused:
        services.complaint_change_verdict(
            actor=supervisor, complaint=complaint, verdict="effective", cause="cleaning", reason=""
        )
    assert refused.value.code == "no_reason"
    with pytest.raises(DeskError) as refused:
        services.complaint_change_verdict(
            actor=receptionist,
            complaint=complaint,
            verdict="effective",
            cause="cleaning",
            reason="x",
        )
    assert refused.value.code == "forbidden"
    assert not VerdictChange.objects.exists()
    assert Complaint.objects.get(pk=complaint.pk).verdict == "communication"


def test_mishandled_makes_a_communication_complaint_effective(supervisor, receptionist, complaint):
    communication(receptionist, complaint)
    services.complaint_mark_mishandled(actor=supervisor, complaint=complaint, reason="答复敷衍")
    complaint.refresh_from_db()
    assert complaint.verdict == "effective"
    assert "答复敷衍" in VerdictChange.objects.get().reason


def test_mishandled_only_on_a_communication_complaint(supervisor, receptionist, complaint):
    effective(receptionist, complaint)
    with pytest.raises(ComplaintError) as refused:
        services.complaint_mark_mishandled(actor=supervisor, complaint=complaint, reason="x")
    assert refused.value.code == "not_communication"


def _help_seeking(receptionist, complaint, engineering):
    communication(receptionist, complaint, cause="help")
    services.complaint_confirm_identity(actor=receptionist, complaint=complaint)
    services.complaint_check_payment(actor=receptionist, complaint=complaint)
    return services.complaint_open_work_order(actor=receptionist, complaint=complaint)


def test_help_seeking_opens_a_work_order_and_waits(
    receptionist, other_head, engineering, complaint, django_capture_on_commit_callbacks
):
    order = _help_seeking(receptionist, complaint, engineering)
    complaint.refresh_from_db()
    assert complaint.work_order == order
    assert order.complaints.get() == complaint  # linked both ways
    assert order.source == "complaint"
    assert order.department == engineering
    assert complaint.status == "waiting_order"
    with pytest.raises(ComplaintError) as refused:
        services.complaint_notify(actor=receptionist, complaint=complaint, reply="已派维修")
    assert refused.value.code == "waiting_order"

    workorder_services.order_sign(actor=other_head, order=order)
    workorder_services.order_start(actor=other_head, order=order)
    with django_capture_on_commit_callbacks(execute=True):
        workorder_services.order_complete(actor=other_head, order=order, work_done="换了阀门")
    complaint.refresh_from_db()
    assert complaint.status == "handling"  # the completed order let it go on
    services.complaint_notify(actor=receptionist, complaint=complaint, reply="已修好")
    record_return_visit(actor=receptionist, complaint=complaint, result="satisfied")
    services.complaint_close(actor=receptionist, complaint=complaint)
    assert complaint.status == "closed"


def test_one_work_order_per_complaint_and_only_for_help(receptionist, engineering, complaint):
    _help_seeking(receptionist, complaint, engineering)
    with pytest.raises(ComplaintError) as refused:
        services.complaint_open_work_order(actor=receptionist, complaint=complaint)
    assert refused.value.code == "has_order"
    other = services.complaint_record(
        actor=receptionist,
        estate=complaint.estate,
        channel="phone",
        complainant_kind="owner",
        complainant_name="李娜",
        description="咨询停车费",
    )
    communication(receptionist, other, cause="consulting")
    with pytest.raises(ComplaintError) as refused:
        services.complaint_open_work_order(actor=receptionist, complaint=other)
    assert refused.value.code == "not_help"


def test_the_desk_sends_a_complaint_to_another_department(
    client, receptionist, head, other_head, engineering, complaint, outsider
):
    from django.urls import reverse

    effective(receptionist, complaint)  # cleaning, by its cause
    client.force_login(receptionist)
    url = reverse("complaints:complaint-step", args=[complaint.pk, "assign"])
    response = client.post(
        url, {"department": engineering.pk, "handler": other_head.pk, "note": "实为电梯问题"}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.department, complaint.handler) == (engineering, other_head)
    assert steps_of(complaint)[-1] == "department"
    client.force_login(other_head)
    assert client.get(complaint.get_absolute_url()).status_code == 200
    with pytest.raises(ComplaintError) as refused:
        services.complaint_assign(
            actor=receptionist, complaint=complaint, department=engineering, handler=outsider
        )
    assert refused.value.code == "other_estate"
