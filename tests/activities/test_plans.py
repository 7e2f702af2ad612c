"""Activity plans: every seed field, approval by the management office, layout tasks
notified and acknowledged, sign-up with a waiting list, attendance, the summary, archive."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities.errors import ActivitiesError
from activities.models import ArchiveFile, Plan, SignUp
from activities.services import plans
from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.models import Department, Notification
from tests.factories import OwnershipFactory, UnitFactory, staff

from .conftest import at

pytestmark = pytest.mark.django_db


def plan_input(**extra):
    values = {
        "theme": "迎新春社区联欢会",
        "items": "文艺演出、猜灯谜、写春联",
        "location": "中心广场",
        "starts_at": at(3, 14),
        "ends_at": at(3, 17),
        "participants": "小区业主及家属",
        "expected_headcount": 120,
        "process": "14:00 开场；14:30 演出；16:00 猜灯谜；17:00 结束",
        "cooperating": "工程部、秩序维护部、环境部",
        "prizes": "灯谜奖品：春联礼包 50 份",
        "budget": [("舞台租赁", Decimal("1500.00")), ("奖品", Decimal("800.00"))],
        "layout": [
            ("engineering", "搭舞台、接电源"),
            ("security", "现场秩序"),
            ("cleaning", "会后清扫"),
        ],
        "duties": [("李娜", "主持"), ("王强", "签到")],
        "signup_capacity": 1,
    }
    values.update(extra)
    return plans.PlanInput(**values)


@pytest.fixture
def heads(estate):
    result = {}
    for kind in ("engineering", "security", "cleaning"):
        department = Department.objects.create(estate=estate, kind=kind)
        head = staff(
            estates=[estate], roles=[roles.DEPARTMENT_HEAD], username=kind, department=department
        )
        department.head = head
        department.save()
        result[kind] = head
    return result


@pytest.mark.parametrize("missing", ["theme", "items", "process", "cooperating", "prizes"])
def test_a_plan_missing_a_seed_field_is_refused(receptionist, estate, heads, missing):
    with pytest.raises(ActivitiesError) as info:
        plans.plan_create(actor=receptionist, estate=estate, plan=plan_input(**{missing: " "}))
    assert info.value.field == missing
    with pytest.raises(ActivitiesError):
        plans.plan_create(actor=receptionist, estate=estate, plan=plan_input(budget=[]))
    assert not Plan.objects.exists()


def test_the_whole_life_of_a_plan(receptionist, supervisor, estate, heads, clock):
    plan = plans.plan_create(actor=receptionist, estate=estate, plan=plan_input())
    assert plan.budget.count() == 2 and plan.duties.count() == 2
    with pytest.raises(DeskError):
        plans.plan_approve(actor=receptionist, plan=plan)

    plan = plans.plan_approve(actor=supervisor, plan=plan)
    assert Notification.objects.filter(user__in=heads.values()).count() == 3
    tasks = list(plan.layout_tasks.select_related("department"))
    with pytest.raises(ActivitiesError):
        plans.layout_acknowledge(actor=heads["security"], task=tasks[0])
    for task in tasks:
        plans.layout_acknowledge(actor=heads[task.department.kind], task=task)
    assert not plan.layout_tasks.filter(acknowledged_at__isnull=True).exists()

    units = [UnitFactory(building__estate=estate) for _ in range(2)]
    for unit in units:
        OwnershipFactory(unit=unit)
    first = plans.signup_add(actor=receptionist, plan=plan, unit=units[0], name="张伟")
    second = plans.signup_add(actor=receptionist, plan=plan, unit=units[1], name="王芳")
    assert (first.waiting, second.waiting) == (False, True)
    with pytest.raises(ActivitiesError):
        plans.signup_add(actor=receptionist, plan=plan, unit=units[0], name="张伟")
    moved = plans.signup_cancel(actor=receptionist, signup=first)
    assert moved == second and not SignUp.objects.get(pk=second.pk).waiting
    with pytest.raises(ActivitiesError) as early:
        plans.attendance_record(actor=receptionist, signup=moved, attended=True)
    assert early.value.code == "not_begun"
    clock.move_to(at(3, 14, 30))
    plans.attendance_record(actor=receptionist, signup=moved, attended=True)

    with pytest.raises(ActivitiesError) as info:
        plans.summary_record(
            actor=receptionist, plan=plan, headcount=100, spending=Decimal(2000), response="好"
        )
    assert info.value.code == "not_over"
    clock.move_to(at(3, 18))
    plan = plans.summary_record(
        actor=receptionist,
        plan=plan,
        headcount=135,
        spending=Decimal("2180.00"),
        response="业主反响热烈，希望明年继续举办",
    )
    assert plan.state == Plan.State.DONE and plan.actual_headcount == 135


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def test_the_archive_takes_photos_video_audio_only(receptionist, estate, heads):
    plan = plans.plan_create(actor=receptionist, estate=estate, plan=plan_input())
    photo = plans.archive_add(actor=receptionist, plan=plan, upload=_png(), caption="合影")
    video = SimpleUploadedFile("v.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32)
    audio = SimpleUploadedFile("a.mp3", b"ID3\x03\x00" + b"\x00" * 32)
    assert photo.kind == "image"
    assert plans.archive_add(actor=receptionist, plan=plan, upload=video).kind == "video"
    assert plans.archive_add(actor=receptionist, plan=plan, upload=audio).kind == "audio"
    with pytest.raises(ActivitiesError) as info:
        plans.archive_add(
            actor=receptionist, plan=plan, upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n")
        )
    assert info.value.code == "not_media"
    assert ArchiveFile.objects.count() == 3
    assert photo.file.storage.__class__.__name__ != "DefaultStorage"


def test_another_estates_unit_cannot_sign_up(receptionist, supervisor, estate, heads, other_unit):
    plan = plans.plan_create(actor=receptionist, estate=estate, plan=plan_input())
    plan = plans.plan_approve(actor=supervisor, plan=plan)
    with pytest.raises(ActivitiesError) as info:
        plans.signup_add(actor=receptionist, plan=plan, unit=other_unit, name="王芳")
    assert info.value.code == "other_estate"
    assert not SignUp.objects.exists()


def test_the_plan_end_must_follow_its_start(receptionist, estate, heads):
    with pytest.raises(ActivitiesError):
        plans.plan_create(
            actor=receptionist,
            estate=estate,
            plan=plan_input(ends_at=at(3, 14) - datetime.timedelta(hours=1)),
        )
