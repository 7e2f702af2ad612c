"""Demo staff: one user per role (and an admin) in the demo estates."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction

from frontdesk import roles
from frontdesk.models import Department, StaffProfile

from ..models import Estate
from .estates import DEMO_ESTATES

DEMO_PASSWORD = "frontdesk-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str
    first_name: str
    role: str | None
    department: str | None
    estates: str  # "first", "second", "all" or an estate code
    is_staff: bool = False
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("reception", "刘", "静", roles.RECEPTIONIST, Department.Kind.CUSTOMER_SERVICE,
             "first"),
    DemoUser("supervisor", "陈", "晓燕", roles.CS_SUPERVISOR, Department.Kind.CUSTOMER_SERVICE,
             "all", is_staff=True),
    DemoUser("depthead", "赵", "建国", roles.DEPARTMENT_HEAD, Department.Kind.ENGINEERING,
             "first"),
    DemoUser("technician", "孙", "立军", roles.TECHNICIAN, Department.Kind.ENGINEERING, "first"),
    DemoUser("cashier", "周", "丽", roles.CASHIER, Department.Kind.FINANCE, "first"),
    DemoUser("director", "李", "志强", roles.DIRECTOR, Department.Kind.MANAGEMENT, "all",
             is_staff=True),
    DemoUser("guard", "马", "强", roles.SECURITY_GUARD, Department.Kind.SECURITY, "first"),
    DemoUser("admin", "", "系统管理员", None, None, "all", is_staff=True, is_superuser=True),
    DemoUser("reception2", "王", "芳", roles.RECEPTIONIST, Department.Kind.CUSTOMER_SERVICE,
             "second"),
    DemoUser("technician2", "郑", "海涛", roles.TECHNICIAN, Department.Kind.ENGINEERING,
             "second"),
    DemoUser("reception_big", "吴", "婷婷", roles.RECEPTIONIST, Department.Kind.CUSTOMER_SERVICE,
             "BIG"),
)  # fmt: skip
DEMO_ESTATE_CODES = tuple(spec.code for spec in DEMO_ESTATES)
# Department heads among the demo users, in every estate they work in.
DEPARTMENT_HEADS = {
    "depthead": Department.Kind.ENGINEERING,
    "supervisor": Department.Kind.CUSTOMER_SERVICE,
    "director": Department.Kind.MANAGEMENT,
}


@dataclass
class SeededUser:
    user: models.Model
    role: str | None
    estates: list[str]
    created: bool


@transaction.atomic
def seed_users(*, password: str = DEMO_PASSWORD) -> list[SeededUser]:
    """One demo user per role (and an admin); users that exist already keep their password.

    The supervisor, director and admin work in every estate seeded here, the others in the
    first one; ``reception2`` only in the second, ``reception_big`` only in BIG.
    """
    by_code = {e.code: e for e in Estate.objects.filter(code__in=(*DEMO_ESTATE_CODES, "BIG"))}
    every = [by_code[code] for code in (*DEMO_ESTATE_CODES, "BIG") if code in by_code]
    demo = [by_code[code] for code in DEMO_ESTATE_CODES if code in by_code]
    places = {"first": demo[:1], "second": demo[1:2], "all": every}
    User = get_user_model()
    seeded = []
    for n, spec in enumerate(DEMO_USERS):
        if spec.estates in places:
            works_in = places[spec.estates]
        else:
            works_in = [by_code[spec.estates]] if spec.estates in by_code else []
        if not works_in:
            continue
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@example.com",
                "is_staff": spec.is_staff,
                "is_superuser": spec.is_superuser,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            if spec.role:
                user.groups.add(Group.objects.get_or_create(name=spec.role)[0])
        profile, _ = StaffProfile.objects.get_or_create(user=user)
        profile.estates.add(*works_in)
        if spec.department and profile.department_id is None:
            profile.department = Department.objects.get(estate=works_in[0], kind=spec.department)
            profile.phone = f"1391000{n:04d}"
            profile.save(update_fields=["department", "phone"])
        seeded.append(SeededUser(user, spec.role, [e.code for e in works_in], created))
        if spec.username in DEPARTMENT_HEADS:
            for department in Department.objects.filter(
                estate__in=works_in, kind=DEPARTMENT_HEADS[spec.username], head__isnull=True
            ):
                department.head = user
                department.save(update_fields=["head"])
    return seeded
