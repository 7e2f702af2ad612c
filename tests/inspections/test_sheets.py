"""A nonconformity on a coordination sheet: linked both ways with its work order, its follow-up
due when the department completes the sheet, an outsourced greening contractor emailed."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from frontdesk.models import Department
from inspections import services
from inspections.errors import InspectionError
from inspections.models import DepartmentRule, FollowUp, Nonconformity
from inspections.receivers import on_order_completed
from workorders.models import WorkOrder

from .helpers import departments, sheet_completed, walk

pytestmark = pytest.mark.django_db


def _found(inspector, round_, kind="engineering", note="3楼走廊灯不亮") -> Nonconformity:
    place = round_.visits.first().place
    item = round_.template.items.filter(department_kind=kind).first()
    walk(inspector, round_, broken=(place, item, note))
    return Nonconformity.objects.get()


@pytest.fixture
def on_sheet(round_, inspector, supervisor):
    nc = _found(inspector, round_)
    services.nonconformity_open_sheet(actor=supervisor, nonconformity=nc, note="需更换灯具")
    nc.refresh_from_db()
    return nc


def test_the_sheet_comes_from_the_nonconformity(on_sheet):
    order = on_sheet.work_order
    assert order.source_object == on_sheet
    assert order.source_type.app_label == "inspections"


def test_the_work_order_page_links_back(client, on_sheet, supervisor):
    client.force_login(supervisor)
    page = client.get(on_sheet.work_order.get_absolute_url()).content.decode()
    assert f'href="{on_sheet.get_absolute_url()}" data-testid="source-link"' in page


def test_the_follow_up_waits_for_the_sheet(client, on_sheet, supervisor):
    follow_up = FollowUp.objects.get(nonconformity=on_sheet)
    assert follow_up.due_on is None
    with pytest.raises(InspectionError) as error:
        services.follow_up_record(actor=supervisor, nonconformity=on_sheet, resolved=True)
    assert error.value.code == "not_handled"
    on_sheet.refresh_from_db()
    assert on_sheet.status == "sheet"
    client.force_login(supervisor)
    page = client.get(on_sheet.get_absolute_url()).content.decode()
    assert 'data-testid="sheet-pending"' in page and 'data-order-status="dispatched"' in page
    assert 'data-testid="follow-up-form"' not in page
    # Posted anyway: a clear message, nothing changed.
    response = client.post(
        reverse("inspections:follow-up", args=[on_sheet.pk]), {"result": "resolved"}
    )
    assert response.status_code == 400
    assert "not completed yet" in response.content.decode()
    assert FollowUp.objects.get(nonconformity=on_sheet).result == ""


def test_the_completed_sheet_makes_the_follow_up_due_today(
    client, on_sheet, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sheet_completed(on_sheet)
    follow_up = FollowUp.objects.get(nonconformity=on_sheet)
    assert follow_up.due_on == timezone.localdate()
    client.force_login(supervisor)
    panel = client.get(reverse("today-panel", args=["inspections-follow-ups"])).content.decode()
    assert on_sheet.place.name in panel and on_sheet.item.text in panel
    page = client.get(on_sheet.get_absolute_url()).content.decode()
    assert 'data-order-status="completed"' in page and 'data-testid="follow-up-form"' in page
    services.follow_up_record(actor=supervisor, nonconformity=on_sheet, resolved=True, note="好了")
    on_sheet.refresh_from_db()
    assert on_sheet.status == "closed"


def test_the_sweep_releases_a_follow_up_whose_signal_was_lost(on_sheet):
    sheet_completed(on_sheet)  # on-commit callbacks never run here: the signal is lost
    assert FollowUp.objects.get(nonconformity=on_sheet).due_on is None
    assert services.follow_ups_release() == 1
    assert services.follow_ups_release() == 0
    assert FollowUp.objects.get(nonconformity=on_sheet).due_on == timezone.localdate()


def test_the_receiver_ignores_other_orders(on_sheet, estate, supervisor):
    other = WorkOrder.objects.exclude(pk=on_sheet.work_order_id).first()
    on_order_completed(sender=None, order_id=other.pk if other else 999999)
    assert FollowUp.objects.get(nonconformity=on_sheet).due_on is None


def test_a_follow_up_is_not_recorded_twice(on_sheet, supervisor):
    sheet_completed(on_sheet)
    services.follow_up_record(
        actor=supervisor, nonconformity=on_sheet, resolved=False, note="灯仍不亮"
    )
    on_sheet.refresh_from_db()
    assert on_sheet.status == "open" and on_sheet.step == 2
    with pytest.raises(InspectionError) as error:
        services.follow_up_record(actor=supervisor, nonconformity=on_sheet, resolved=True)
    assert error.value.code == "not_handled"


# --- greening outsourced --------------------------------------------------------------------


@pytest.fixture
def outsourced(estate, template):
    greening = Department.objects.get(estate=estate, kind="greening")
    return DepartmentRule.objects.create(
        department=greening,
        outsourced=True,
        contractor="绿源园林",
        contractor_email="green@example.com",
    )


def _greening_round(estate, supervisor, inspector):
    from inspections.models import Template

    template = Template.objects.get(estate=estate, kind="greening")
    return services.round_plan(
        actor=supervisor, template=template, assignee=inspector, due_on=timezone.localdate()
    )


def test_a_greening_sheet_emails_the_contractor_once(
    client, estate, outsourced, supervisor, inspector, django_capture_on_commit_callbacks
):
    round_ = _greening_round(estate, supervisor, inspector)
    nc = _found(inspector, round_, kind="greening", note="草坪枯黄")
    with django_capture_on_commit_callbacks(execute=True):
        services.nonconformity_open_sheet(actor=supervisor, nonconformity=nc)
    sent = [m for m in mail.outbox if m.to == ["green@example.com"]]
    assert len(sent) == 1 and "草坪枯黄" in sent[0].body
    nc.refresh_from_db()
    assert nc.contractor_email == "green@example.com" and nc.contractor_notified_at is not None
    assert services.contractors_notify_pending() == 0
    client.force_login(supervisor)
    assert 'data-testid="contractor"' in client.get(nc.get_absolute_url()).content.decode()


def test_a_lost_contractor_email_is_sent_by_the_sweep(estate, outsourced, supervisor, inspector):
    round_ = _greening_round(estate, supervisor, inspector)
    nc = _found(inspector, round_, kind="greening", note="草坪枯黄")
    services.nonconformity_open_sheet(actor=supervisor, nonconformity=nc)  # never committed
    assert not [m for m in mail.outbox if m.to == ["green@example.com"]]
    assert services.contractors_notify_pending() == 1
    assert services.contractors_notify_pending() == 0
    assert len([m for m in mail.outbox if m.to == ["green@example.com"]]) == 1


def test_an_in_house_department_emails_nobody(
    on_sheet, django_capture_on_commit_callbacks, outsourced
):
    assert on_sheet.contractor_email == ""
    assert not [m for m in mail.outbox if m.to == ["green@example.com"]]


def test_an_outsourced_rule_needs_the_contractors_email(estate):
    from django.core.exceptions import ValidationError

    greening = departments(estate)["greening"]
    rule = DepartmentRule(department=greening, outsourced=True)
    with pytest.raises(ValidationError):
        rule.full_clean()
