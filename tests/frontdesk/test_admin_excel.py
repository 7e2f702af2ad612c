"""The admin's "Export to Excel" action on the changelists supervisors use: the rows of the
list's filters (or those ticked), never another estate's; ID and phone numbers masked unless
the user may export them whole (``owners.export_personal_data``, logged); headers and choices
in the admin's language."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from frontdesk.roles_sync import sync_role_permissions
from owners.models import PersonalDataAccess
from owners.validators import mask_phone
from tests.factories import OwnerFactory, UnitFactory, resident_id, staff
from tests.workorders.helpers import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def role_permissions(db):
    sync_role_permissions()


@pytest.fixture
def owners(estate, other_estate):
    mine = [
        OwnerFactory(estate=estate, name=name, id_number=resident_id(n), phone=f"1391234567{n}")
        for n, name in enumerate(["王芳", "王强", "李娜"])
    ]
    theirs = OwnerFactory(estate=other_estate, name="王五", id_number=resident_id(9))
    return mine, theirs


def export(client, changelist: str, *, query: str = "", selected=(), across=True):
    response = client.post(
        reverse(changelist) + query,
        {
            "action": "export_excel",
            "select_across": "1" if across else "0",
            "index": "0",
            "_selected_action": [str(pk) for pk in selected],
        },
    )
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.values]


def column(rows, header):
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def test_it_exports_the_filtered_owners_masked_for_a_supervisor(client, supervisor, owners):
    mine, theirs = owners
    client.force_login(supervisor)

    rows = export(client, "admin:owners_owner_changelist", query="?q=王", selected=[mine[0].pk])

    assert rows[0][:3] == ["Name", "Estate", "Kind"]
    assert sorted(column(rows, "Name")) == ["王强", "王芳"]  # 李娜 filtered out, 王五 elsewhere
    text = repr(rows)
    for owner in mine[:2]:
        assert owner.id_number not in text and owner.phone not in text
        assert owner.id_masked in column(rows, "ID number (masked)")
        assert mask_phone(owner.phone) in column(rows, "Phone")
    assert not PersonalDataAccess.objects.exists()


def test_another_estates_row_never_comes_out_even_when_ticked(client, supervisor, owners):
    mine, theirs = owners
    client.force_login(supervisor)

    rows = export(
        client, "admin:owners_owner_changelist", selected=[mine[2].pk, theirs.pk], across=False
    )

    assert column(rows, "Name") == ["李娜"]


def test_the_permission_lets_whole_numbers_out_and_logs_it(client, supervisor, owners, estate):
    mine, _theirs = owners
    supervisor.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
    client.force_login(get_user_model().objects.get(pk=supervisor.pk))

    rows = export(client, "admin:owners_owner_changelist", selected=[mine[0].pk])

    assert sorted(column(rows, "ID number")) == sorted(o.id_number for o in mine)
    assert sorted(column(rows, "Phone")) == sorted(o.phone for o in mine)
    log = PersonalDataAccess.objects.get()
    assert log.kind == PersonalDataAccess.Kind.EXPORT and log.count == 3
    assert log.estate == estate and log.user == supervisor


def test_a_superuser_gets_whole_numbers_logged_too(client, owners, estate):
    mine, theirs = owners
    root = staff(estates=[estate], username="root", is_staff=True, is_superuser=True)
    client.force_login(root)

    rows = export(client, "admin:owners_owner_changelist", selected=[mine[0].pk])

    assert theirs.id_number in column(rows, "ID number")  # a superuser works in every estate
    assert PersonalDataAccess.objects.filter(user=root).count() == 2  # one row per estate


def test_headers_and_choices_are_chinese_when_the_admin_is(client, supervisor, owners):
    client.force_login(supervisor)
    client.cookies["django_language"] = "zh-hans"

    rows = export(client, "admin:owners_owner_changelist", selected=[owners[0][0].pk])

    assert rows[0][0] == "名称" and "联系电话" in rows[0]
    assert "个人" in column(rows, rows[0][2])  # the kind's label, not "person"


def test_work_orders_export_the_reporters_phone_masked(
    client, supervisor, receptionist, outsider, estate, other_estate
):
    order = make_order(receptionist, estate, location="3号楼大堂", reporter_phone="13912345678")
    make_order(outsider, other_estate, location="1号楼", reporter_phone="13700000000")
    client.force_login(supervisor)

    rows = export(client, "admin:workorders_workorder_changelist", selected=[order.pk])

    assert column(rows, "Number") == [order.number]
    assert column(rows, "Contact phone") == ["139****5678"]
    assert "13912345678" not in repr(rows)


def test_units_export_too(client, supervisor, estate):
    unit = UnitFactory(building__estate=estate, code="5-1-0501")
    client.force_login(supervisor)

    rows = export(client, "admin:owners_unit_changelist", selected=[unit.pk])

    assert column(rows, "Unit code") == ["5-1-0501"]


def test_a_user_who_may_not_view_the_list_gets_no_file(client, cashier, owners):
    cashier.is_staff = True
    cashier.save()
    client.force_login(cashier)

    response = client.post(
        reverse("admin:owners_owner_changelist"),
        {"action": "export_excel", "select_across": "1", "index": "0", "_selected_action": []},
    )

    assert response.status_code in (302, 403)
    assert not response.get("Content-Type", "").startswith("application/vnd")


EXPORTED = [
    "owners_owner",
    "owners_unit",
    "owners_ownership",
    "owners_resident",
    "fees_charge",
    "fees_payment",
    "fees_deposit",
    "fees_collectionattempt",
    "workorders_workorder",
    "reception_phonecall",
    "reception_visit",
    "checkin_moveincase",
    "checkin_custody",
    "complaints_complaint",
    "revisits_revisit",
    "renovation_renovation",
    "releases_releaseslip",
    "leasing_negotiation",
    "leasing_contract",
    "services_servicerequest",
]


@pytest.mark.parametrize("name", EXPORTED)
def test_every_list_supervisors_use_exports_with_its_column_headers(rf, supervisor, name):
    app_label, model_name = name.split("_", 1)
    model_admin = next(
        each
        for model, each in admin.site._registry.items()
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name)
    )
    request = rf.get("/")
    request.user = supervisor

    assert "export_excel" in model_admin.get_actions(request)
    response = model_admin.excel_response(request, model_admin.get_queryset(request).none())

    headers = next(load_workbook(io.BytesIO(response.content)).active.values)
    assert all(isinstance(header, str) and header for header in headers)
    assert not any(header.startswith(("Masked", "Id ")) for header in headers)
