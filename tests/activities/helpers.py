"""Plain helpers of the activities tests."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities import services
from activities.services import plans
from frontdesk import roles
from frontdesk.models import Department
from tests.factories import UnitFactory, staff
from tests.factories.activities import BoardFactory, FacilityFactory

from .conftest import at


def world_rows(users, estate) -> dict:
    """The access matrix's facility (a gym) and a booking of it for tomorrow."""
    gym = FacilityFactory(estate=estate, name="矩阵健身房")
    unit = UnitFactory(building__estate=estate)
    booking = services.booking_create(
        actor=users["R"],
        facility=gym,
        unit=unit,
        booked_for="张伟",
        slot=services.Slot(start=at(1, 9), end=at(1, 10)),
    )
    board = BoardFactory(estate=estate, name="矩阵宣传栏")
    post = services.post_put_up(
        actor=users["R"], board=board, post=services.NewPost("safety", "防火提示", "请勿堆放杂物")
    )
    return {
        "facility": gym,
        "booking": booking,
        "board": board,
        "post": post,
        **plan_rows(users, estate),
    }


def plan_rows(users, estate) -> dict:
    """The access matrix's approved activity plan (a layout task for the head's department,
    engineering), a household's sign-up and a photo in the archive."""
    engineering = Department.objects.get_or_create(estate=estate, kind="engineering")[0]
    plan = plans.plan_create(
        actor=users["R"],
        estate=estate,
        plan=plan_input(layout=[("engineering", "搭舞台")], signup_capacity=5),
    )
    plan = plans.plan_approve(actor=users["S"], plan=plan)
    signup = plans.signup_add(
        actor=users["R"], plan=plan, unit=UnitFactory(building__estate=estate), name="张伟"
    )
    return {
        "activity_plan": plan,
        "layout_task": plan.layout_tasks.get(department=engineering),
        "signup": signup,
        "archive_file": plans.archive_add(actor=users["R"], plan=plan, upload=png()),
    }


def plan_input(**extra):
    """A plan with every seed field, the three layout tasks and two duties."""
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
        "budget": [("舞台租赁", Decimal("1500.10")), ("奖品", Decimal("800.20"))],
        "layout": [
            ("engineering", "搭舞台、接电源"),
            ("security", "现场秩序"),
            ("cleaning", "会后清扫"),
        ],
        "duties": [("李娜", "主持"), ("王强", "签到")],
        "signup_capacity": 1,
    }
    values.update(extra)
    assert isinstance(values["starts_at"], datetime.datetime)
    return plans.PlanInput(**values)


def department_heads(estate) -> dict:
    """The estate's maintenance, security and environment departments, each with a head."""
    heads = {}
    for kind in ("engineering", "security", "cleaning"):
        department = Department.objects.create(estate=estate, kind=kind)
        head = staff(
            estates=[estate],
            roles=[roles.DEPARTMENT_HEAD],
            username=f"{kind}-{estate.pk}",
            department=department,
        )
        department.head = head
        department.save()
        heads[kind] = head
    return heads


def png(name: str = "photo.png", colour: str = "red"):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
