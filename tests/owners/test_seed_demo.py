import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation
from stdnum.cn import ric, uscc

from fees.models import ArrearsSnapshot, Charge, Payment
from frontdesk import roles
from frontdesk.models import Department
from owners.demo import DEMO_PASSWORD
from owners.models import Authorization, Estate, Owner, Ownership, Resident, Unit
from owners.validators import IdType
from reception.models import PhoneCall, Visit
from workorders.models import WorkOrder

from .helpers import SMALL, row_counts, seed

UNIT_CODE = re.compile(r"^(\d+|P\d+)-(\d+|B\d)-(\d{3,4}|B\d{2})$")


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module in a transaction rolled back at its end; each
    test runs in a savepoint inside it (the ``db`` fixture), so what a test changes is gone
    for the next one. Seeding is most of this module's time: once, not once per test."""
    with django_db_blocker.unblock(), translation.override("en"), transaction.atomic():
        seed(*SMALL, "--units", "300")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once, db):
    pass


def test_it_bills_the_demo_estates_and_takes_some_payments(seeded):
    for code in ("LJ", "CH"):
        assert Charge.objects.filter(estate__code=code).count() > 0, code
        assert Payment.objects.filter(estate__code=code).count() > 0, code
        assert ArrearsSnapshot.objects.filter(estate__code=code).exists(), code
    # the benchmark estate gets its fees from the bench, not the demo
    assert not Charge.objects.filter(estate__code="BIG").exists()


def test_it_logs_a_morning_of_calls_and_visitors_with_repairs_turned_into_orders(seeded):
    for code in ("LJ", "CH"):
        calls = PhoneCall.objects.filter(estate__code=code)
        assert calls.count() == 8 and Visit.objects.filter(estate__code=code).count() == 3
        repairs = calls.filter(topic=PhoneCall.Topic.REPAIR)
        # the calls' orders (complaints and return visits add orders of their own)
        orders = WorkOrder.objects.filter(estate__code=code, source="phone_call")
        assert orders.count() == repairs.count() == 3
        assert {order.source_object for order in orders} == set(repairs)


def test_it_creates_the_demo_estates_and_a_big_one_of_the_size_asked(seeded):
    assert list(Estate.objects.values_list("code", flat=True)) == ["BIG", "CH", "LJ"]
    assert Unit.objects.filter(estate__code="BIG").count() == 300
    assert Unit.objects.filter(estate__code="LJ").count() == 58
    for estate in Estate.objects.all():
        kinds = set(Department.objects.filter(estate=estate).values_list("kind", flat=True))
        assert kinds == set(Department.Kind.values)


def test_it_codes_units_by_building_entrance_and_room(seeded):
    units = Unit.objects.select_related("building")
    for unit in units:
        assert unit.code == Unit.make_code(unit.building.number, unit.entrance, unit.room)
        assert UNIT_CODE.match(unit.code), unit.code
        assert unit.area > 0 and unit.area == unit.area.quantize(Decimal("0.01"))
    assert units.filter(code__regex=r"^\d+-\d+-\d{3,4}$", use=Unit.Use.RESIDENTIAL).exists()
    assert set(units.values_list("use", flat=True)) == set(Unit.Use.values)
    assert units.filter(status=Unit.Status.OCCUPIED).count() > units.count() / 2


def test_it_gives_people_valid_resident_id_numbers(seeded):
    numbers = [
        *Owner.objects.filter(kind=Owner.Kind.PERSON).values_list("id_number", flat=True),
        *Resident.objects.exclude(id_number="").values_list("id_number", flat=True),
        *Authorization.objects.values_list("id_number", flat=True),
    ]
    assert len(numbers) > 300
    assert [n for n in numbers if not ric.is_valid(n)] == []


def test_it_gives_companies_valid_credit_codes(seeded):
    companies = Owner.objects.filter(kind=Owner.Kind.COMPANY)
    assert companies.exists()
    for company in companies:
        assert company.id_type == IdType.CREDIT_CODE
        assert uscc.is_valid(company.id_number), company.id_number
        assert company.contact_person


def test_it_fills_the_search_and_masked_columns(seeded):
    owner = Owner.objects.filter(name="张伟").first()
    assert owner is not None
    assert (owner.name_pinyin, owner.name_initials) == ("zhangwei", "zw")
    assert owner.id_masked == owner.id_number[:6] + "*" * 8 + owner.id_number[-4:]


@pytest.mark.parametrize("model", [Unit, Owner, Resident, Authorization])
def test_it_fills_derived_columns_as_save_would(seeded, model):
    def columns(obj):
        return {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}

    for obj in model.objects.order_by("?")[:50]:
        stored = columns(obj)
        obj.refresh_derived()
        assert columns(obj) == stored


def test_it_names_several_owners_zhang_wei_in_each_demo_estate(seeded):
    for code in ("LJ", "CH"):
        assert Owner.objects.filter(estate__code=code, name="张伟").count() >= 2


def test_it_never_shares_a_unit_out_more_than_100_percent(seeded):
    totals = Ownership.objects.current().values("unit").annotate(total=Sum("share")).order_by()
    assert max(row["total"] for row in totals) == Decimal("100")
    open_ended = (
        Ownership.objects.filter(until__isnull=True).values("unit").annotate(total=Sum("share"))
    )
    assert all(row["total"] <= 100 for row in open_ended)
    assert Ownership.objects.filter(share=Decimal("50")).exists()


def test_it_makes_a_demo_user_per_role_with_a_profile(seeded):
    User = get_user_model()
    expected = {
        "reception": (roles.RECEPTIONIST, Department.Kind.CUSTOMER_SERVICE, {"LJ"}),
        "supervisor": (roles.CS_SUPERVISOR, Department.Kind.CUSTOMER_SERVICE,
                       {"LJ", "CH", "BIG"}),
        "depthead": (roles.DEPARTMENT_HEAD, Department.Kind.ENGINEERING, {"LJ"}),
        "technician": (roles.TECHNICIAN, Department.Kind.ENGINEERING, {"LJ"}),
        "cashier": (roles.CASHIER, Department.Kind.FINANCE, {"LJ"}),
        "director": (roles.DIRECTOR, Department.Kind.MANAGEMENT, {"LJ", "CH", "BIG"}),
        "guard": (roles.SECURITY_GUARD, Department.Kind.SECURITY, {"LJ"}),
        "reception2": (roles.RECEPTIONIST, Department.Kind.CUSTOMER_SERVICE, {"CH"}),
        "technician2": (roles.TECHNICIAN, Department.Kind.ENGINEERING, {"CH"}),
        "reception_big": (roles.RECEPTIONIST, Department.Kind.CUSTOMER_SERVICE, {"BIG"}),
    }  # fmt: skip
    for username, (role, department, estates) in expected.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        profile = user.staff_profile
        assert profile.department.kind == department
        assert set(profile.estates.values_list("code", flat=True)) == estates
        assert user.last_name and user.first_name
        assert user.is_staff == (username in ("supervisor", "director"))
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert Department.objects.get(estate__code="LJ", kind="engineering").head.username == (
        "depthead"
    )


@pytest.mark.parametrize("username", ["reception", "guard", "director", "admin", "reception2"])
def test_it_lets_the_demo_users_log_in(seeded, client, username):
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(
        get_user_model().objects.get(username=username).pk
    )


def test_it_does_not_duplicate_anything_when_run_again(seeded):
    before = row_counts()
    output = seed(*SMALL, "--units", "300")
    assert row_counts() == before
    assert output.count(": already seeded (") == 3  # the estates
    assert output.count("fees: already seeded") == 2  # the demo estates' fees
    assert output.count("reception: already seeded") == 2
