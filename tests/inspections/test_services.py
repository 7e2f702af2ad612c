"""The rules of rounds and nonconformities: each refusal is clear and changes nothing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.models import Department, Notification
from inspections import services
from inspections.errors import InspectionError
from inspections.models import (
    DepartmentRule,
    FollowUp,
    ItemResult,
    Nonconformity,
    Photo,
    Place,
    Round,
)
from tests.factories import staff
from workorders.models import WorkOrder

from .helpers import pdf_upload, png_upload, sheet_completed, walk

pytestmark = pytest.mark.django_db


def _light(round_):
    place = round_.visits.first().place
    item = round_.template.items.get(department_kind="engineering")
    return place, item


def _broken(inspector, round_) -> Nonconformity:
    place, item = _light(round_)
    walk(inspector, round_, broken=(place, item, "3楼走廊灯不亮"))
    return Nonconformity.objects.get()


def test_it_seeds_the_five_templates_once(estate, template):
    from inspections.models import Template

    assert Template.objects.filter(estate=estate).count() == 5
    services.templates_seed(estate=estate)
    assert Template.objects.filter(estate=estate).count() == 5
    assert template.items.count() == 4
    assert template.places.count() == 2


def test_it_plans_a_round_with_a_visit_per_place(round_, inspector):
    assert round_.status == "planned"
    assert round_.visits.count() == 2
    assert round_.assignee == inspector


def test_only_the_supervisor_plans(inspector, template):
    with pytest.raises(DeskError) as error:
        services.round_plan(
            actor=inspector, template=template, assignee=inspector, due_on=timezone.localdate()
        )
    assert error.value.code == "forbidden"
    assert not Round.objects.exists()


def test_it_refuses_a_day_that_has_passed(supervisor, inspector, template):
    with pytest.raises(InspectionError) as error:
        services.round_plan(
            actor=supervisor,
            template=template,
            assignee=inspector,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert error.value.code == "past_day"


def test_a_round_is_not_done_without_its_places(round_, inspector):
    with pytest.raises(InspectionError) as error:
        services.round_complete(actor=inspector, round=round_)
    assert error.value.code == "not_visited"
    assert "1栋" in error.value.message
    round_.refresh_from_db()
    assert round_.status == "planned"


def test_a_wrong_code_confirms_nothing(round_, inspector):
    place = round_.visits.first().place
    with pytest.raises(InspectionError) as error:
        services.visit_confirm(actor=inspector, round=round_, place=place, token="WRONG")
    assert error.value.code == "bad_token"
    assert not round_.visits.filter(confirmed_at__isnull=False).exists()


def test_items_wait_for_the_qr_confirmation(round_, inspector):
    place, item = _light(round_)
    with pytest.raises(InspectionError) as error:
        services.result_record(
            actor=inspector, round=round_, place=place, item=item, outcome="pass"
        )
    assert error.value.code == "not_visited"
    assert not ItemResult.objects.exists()


def test_someone_else_cannot_walk_the_round(round_, receptionist):
    place = round_.visits.first().place
    with pytest.raises(InspectionError) as error:
        services.visit_confirm(actor=receptionist, round=round_, place=place, token=place.token)
    assert error.value.code == "not_assignee"


def test_a_round_walked_whole_is_done_on_time(round_, inspector):
    walk(inspector, round_)
    services.round_complete(actor=inspector, round=round_)
    round_.refresh_from_db()
    assert round_.status == "done" and round_.on_time
    assert round_.visits.filter(confirmed_at__isnull=False).count() == 2


def test_an_excused_place_needs_a_reason_then_lets_the_round_end(round_, inspector, supervisor):
    first, second = [v.place for v in round_.visits.select_related("place")]
    with pytest.raises(InspectionError) as error:
        services.visit_excuse(actor=supervisor, round=round_, place=second, reason="  ")
    assert error.value.code == "no_reason"
    with pytest.raises(DeskError) as error:
        services.visit_excuse(actor=inspector, round=round_, place=second, reason="施工封闭")
    assert error.value.code == "forbidden"
    services.visit_confirm(actor=inspector, round=round_, place=first, token=first.token)
    for item in round_.template.items.all():
        services.result_record(
            actor=inspector, round=round_, place=first, item=item, outcome="pass"
        )
    services.visit_excuse(actor=supervisor, round=round_, place=second, reason="施工封闭")
    services.round_complete(actor=inspector, round=round_)
    assert Round.objects.get().status == "done"


def test_a_nonconforming_item_needs_a_note_and_becomes_a_nonconformity(round_, inspector):
    place, item = _light(round_)
    services.visit_confirm(actor=inspector, round=round_, place=place, token=place.token)
    with pytest.raises(InspectionError) as error:
        services.result_record(
            actor=inspector, round=round_, place=place, item=item, outcome="nonconforming"
        )
    assert error.value.code == "no_note"
    services.result_record(
        actor=inspector,
        round=round_,
        place=place,
        item=item,
        outcome="nonconforming",
        note="走廊灯不亮",
        photos=[png_upload()],
    )
    nc = Nonconformity.objects.get()
    assert nc.department.kind == "engineering" and nc.status == "open"
    assert Photo.objects.get().stage == "finding"


def test_a_photo_that_is_not_an_image_is_refused(round_, inspector):
    place, item = _light(round_)
    services.visit_confirm(actor=inspector, round=round_, place=place, token=place.token)
    with pytest.raises(InspectionError) as error:
        services.result_record(
            actor=inspector,
            round=round_,
            place=place,
            item=item,
            outcome="nonconforming",
            note="灯不亮",
            photos=[pdf_upload()],
        )
    assert error.value.code == "bad_photo"
    assert not ItemResult.objects.exists() and not Nonconformity.objects.exists()


def test_handled_on_the_spot_then_the_follow_up_closes_it(round_, inspector, supervisor):
    nc = _broken(inspector, round_)
    DepartmentRule.objects.create(department=nc.department, follow_up_days=2)
    services.nonconformity_handle(
        actor=supervisor, nonconformity=nc, team_leader="王班长", action="更换灯泡"
    )
    follow_up = FollowUp.objects.get()
    assert follow_up.due_on == timezone.localdate() + datetime.timedelta(days=2)
    services.follow_up_record(actor=supervisor, nonconformity=nc, resolved=True)
    nc.refresh_from_db()
    assert nc.status == "closed" and nc.closed_at


def test_a_follow_up_before_the_handling_is_refused(round_, inspector, supervisor):
    nc = _broken(inspector, round_)
    with pytest.raises(InspectionError) as error:
        services.follow_up_record(actor=supervisor, nonconformity=nc, resolved=True)
    assert error.value.code == "not_handled"
    nc.refresh_from_db()
    assert nc.status == "open" and not FollowUp.objects.exists()


def test_it_is_not_closed_without_a_follow_up(round_, inspector, supervisor):
    nc = _broken(inspector, round_)
    services.nonconformity_handle(
        actor=supervisor, nonconformity=nc, team_leader="王班长", action="更换灯泡"
    )
    with pytest.raises(InspectionError) as error:
        services.nonconformity_close(actor=supervisor, nonconformity=nc)
    assert error.value.code == "no_follow_up"
    nc.refresh_from_db()
    assert nc.status == "handled"


def test_a_coordination_sheet_goes_to_engineering(round_, inspector, supervisor):
    nc = _broken(inspector, round_)
    services.nonconformity_open_sheet(actor=supervisor, nonconformity=nc, note="需更换灯具")
    nc.refresh_from_db()
    order = WorkOrder.objects.get()
    assert nc.status == "sheet" and nc.work_order == order
    assert order.kind == "coordination" and order.department == nc.department
    assert order.source == "inspection" and order.location == nc.place.name


def test_not_resolved_opens_the_next_step_and_tells_the_supervisor(round_, inspector, supervisor):
    nc = _broken(inspector, round_)
    services.nonconformity_open_sheet(actor=supervisor, nonconformity=nc)
    nc.refresh_from_db()
    sheet_completed(nc)
    with pytest.raises(InspectionError) as error:
        services.follow_up_record(actor=supervisor, nonconformity=nc, resolved=False)
    assert error.value.code == "no_note"
    services.follow_up_record(actor=supervisor, nonconformity=nc, resolved=False, note="灯仍不亮")
    nc.refresh_from_db()
    assert nc.status == "open" and nc.step == 2
    assert Notification.objects.filter(user=supervisor, title__contains="1栋").exists()
    services.nonconformity_handle(
        actor=supervisor, nonconformity=nc, team_leader="李班长", action="更换镇流器"
    )
    assert FollowUp.objects.filter(nonconformity=nc).count() == 2


def test_an_outsourced_department_is_emailed(
    estate, round_, inspector, supervisor, django_capture_on_commit_callbacks
):
    engineering = Department.objects.get(estate=estate, kind="engineering")
    DepartmentRule.objects.create(
        department=engineering, outsourced=True, contractor_email="lv@example.com"
    )
    nc = _broken(inspector, round_)
    with django_capture_on_commit_callbacks(execute=True):
        services.nonconformity_open_sheet(actor=supervisor, nonconformity=nc)
    assert [m.to for m in mail.outbox if m.to == ["lv@example.com"]] == [["lv@example.com"]]


def test_another_estates_round_is_refused(other_estate, round_):
    outsider = staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="b-s")
    place = Place.objects.filter(estate=round_.estate).first()
    with pytest.raises(DeskError) as error:
        services.visit_excuse(actor=outsider, round=round_, place=place, reason="x")
    assert error.value.code == "other_estate"


def test_missed_rounds_are_marked_once(round_):
    later = timezone.localdate() + datetime.timedelta(days=1)
    assert services.rounds_mark_missed(today=later) == 1
    assert services.rounds_mark_missed(today=later) == 0
    round_.refresh_from_db()
    assert round_.status == "missed"
