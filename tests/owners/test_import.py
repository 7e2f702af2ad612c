import datetime
from decimal import Decimal

import pytest
import tablib
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from import_export.formats.base_formats import CSV, XLSX

from frontdesk import roles
from owners.models import Building, Owner, Ownership, Resident, Unit
from owners.resources import (
    BuildingResource,
    EstateResource,
    OwnerResource,
    OwnershipResource,
    ResidentResource,
    UnitResource,
)
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    resident_id,
    staff,
)

OWNER_ID = resident_id(11)
OWNER2_ID = resident_id(12)
BAD_CHECKSUM_ID = OWNER_ID[:-1] + ("0" if OWNER_ID[-1] != "0" else "1")


def load_csv(text: str) -> tablib.Dataset:
    return CSV(encoding="utf-8").create_dataset(text.strip() + "\n")


def run_import(resource_class, text, user, dry_run=False):
    return resource_class(user=user).import_data(load_csv(text), dry_run=dry_run)


def bad_rows(result) -> dict[int, set[str]]:
    """Row number in the file -> the columns reported bad."""
    return {row.number: set(row.error_dict) for row in result.invalid_rows}


@pytest.fixture(autouse=True)
def english(settings):
    # Messages are checked in English; the site's default language is Chinese.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def unit(estate):
    return UnitFactory(building=BuildingFactory(estate=estate, number="3"), code="3-2-1201")


@pytest.fixture
def owner(estate):
    return OwnerFactory(estate=estate, name="王小明", id_number=OWNER_ID)


def test_it_imports_a_valid_csv_after_a_dry_run_that_creates_nothing(estate, supervisor):
    files = [
        (BuildingResource, "estate,number,name,floors\nA,3,3栋,18"),
        (
            UnitResource,
            "estate,building,entrance,floor,room,code,area,use,status\n"
            "A,3,2,12,1201,3-2-1201,89.50,residential,occupied\n"
            "A,3,2,12,1202,3-2-1202,120,Residential,unsold",
        ),
        (
            OwnerResource,
            "estate,name,kind,id_type,id_number,phone\n"
            f"A,王小明,person,resident_id,{OWNER_ID.lower()},139 1234 5678\n"
            f"A,李静,person,resident_id,{OWNER2_ID},+8613800000000",
        ),
        (
            OwnershipResource,
            "estate,unit,owner_id_number,share,since\n"
            f"A,3-2-1201,{OWNER_ID},50,2020-01-01\n"
            f"A,3-2-1201,{OWNER2_ID},50,2020-01-01",
        ),
        (
            ResidentResource,
            "estate,unit,name,kind,relation,phone\nA,3-2-1201,王小红,family,女儿,13700000000",
        ),
    ]

    for resource_class, text in files:
        model = resource_class._meta.model
        before = model.objects.count()
        preview = run_import(resource_class, text, supervisor, dry_run=True)
        assert not preview.has_errors() and not preview.has_validation_errors(), [
            (r.number, r.error_dict) for r in preview.invalid_rows
        ]
        assert model.objects.count() == before, f"the dry run of {model.__name__} saved rows"
        result = run_import(resource_class, text, supervisor)
        assert not result.has_errors() and not result.has_validation_errors()

    assert Building.objects.get(estate=estate, number="3").floors == 18
    assert Unit.objects.get(estate=estate, code="3-2-1202").use == Unit.Use.RESIDENTIAL
    assert Unit.objects.get(estate=estate, code="3-2-1202").status == Unit.Status.UNSOLD
    owner = Owner.objects.get(estate=estate, id_number=OWNER_ID)
    assert (owner.name_pinyin, owner.name_initials) == ("wangxiaoming", "wxm")
    assert owner.id_masked == OWNER_ID[:6] + "********" + OWNER_ID[-4:]
    assert owner.phone == "13912345678"
    assert Ownership.objects.filter(unit__code="3-2-1201").count() == 2
    assert Resident.objects.get(name="王小红").unit.code == "3-2-1201"


def test_it_updates_rows_found_by_their_natural_key(estate, supervisor, unit):
    result = run_import(
        UnitResource,
        f"estate,building,entrance,floor,room,code,area\nA,3,2,12,1201,{unit.code},95.5",
        supervisor,
    )

    assert [row.import_type for row in result.rows] == ["update"]
    unit.refresh_from_db()
    assert unit.area == Decimal("95.50")
    assert Unit.objects.count() == 1


def test_it_records_who_imported_in_the_history(estate, supervisor):
    run_import(EstateResource, "code,name\nA,丽景花园二期", supervisor)

    assert estate.history.latest().history_user == supervisor


def test_it_imports_nothing_and_reports_every_bad_resident_row(estate, supervisor, unit):
    text = (
        "estate,unit,name,id_number,phone\n"
        f"A,{unit.code},王一,{resident_id(21)},13700000001\n"
        f"A,{unit.code},王二,{BAD_CHECKSUM_ID},13700000002\n"
        f"A,{unit.code},王三,,13700000003\n"
        f"A,{unit.code},王四,,1370000\n"
        f"A,{unit.code},王五,,13700000005\n"
    )

    result = run_import(ResidentResource, text, supervisor)

    assert bad_rows(result) == {3: {"id_number"}, 5: {"phone"}}
    assert "check digit" in result.invalid_rows[0].error_dict["id_number"][0]
    assert Resident.objects.count() == 0


def test_it_imports_nothing_and_reports_an_unknown_estate_and_a_share_over_100(
    estate, supervisor, unit, owner
):
    OwnerFactory(estate=estate, name="李静", id_number=OWNER2_ID)
    text = (
        "estate,unit,owner_id_number,share,since\n"
        f"A,{unit.code},{OWNER_ID},60,2020-01-01\n"
        f"A,{unit.code},{OWNER2_ID},60,2020-01-01\n"
        f"ZZ,{unit.code},{OWNER2_ID},40,2020-01-01\n"
        f"A,{unit.code},{OWNER2_ID},40,2020-01-01\n"
    )

    result = run_import(OwnershipResource, text, supervisor)

    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(errors) == {3, 4}
    assert "over 100%" in errors[3]["share"][0]
    assert "ZZ" in errors[4]["estate"][0]
    assert Ownership.objects.count() == 0


def test_it_counts_shares_already_in_the_database(estate, supervisor, unit, owner):
    OwnershipFactory(unit=unit, share=Decimal("80"), since=datetime.date(2019, 1, 1))

    result = run_import(
        OwnershipResource,
        f"estate,unit,owner_id_number,share,since\nA,{unit.code},{OWNER_ID},30,2020-01-01",
        supervisor,
    )

    assert bad_rows(result) == {2: {"share"}}
    assert Ownership.objects.count() == 1


def test_it_reports_unreadable_numbers_and_dates_on_their_columns(estate, supervisor, unit):
    result = run_import(
        UnitResource,
        "estate,building,entrance,floor,room,code,area,moved_in_on\n"
        "A,3,2,twelve,1203,3-2-1203,lots,2020-13-45",
        supervisor,
    )

    assert bad_rows(result) == {2: {"floor", "area", "moved_in_on"}}
    assert not result.has_errors()


def test_it_requires_an_id_number_to_import_an_owner(estate, supervisor):
    result = run_import(OwnerResource, "estate,name,id_number\nA,王小明,", supervisor)

    assert bad_rows(result) == {2: {"id_number"}}
    assert Owner.objects.count() == 0


def test_it_imports_an_xlsx_file(estate, supervisor):
    sheet = tablib.Dataset(headers=[" Estate", "Number ", "name", "floors"])
    sheet.append(["A", 3, "3栋", 18])
    sheet.append(["A", "5", "5栋", None])

    dataset = XLSX().create_dataset(sheet.export("xlsx"))
    result = BuildingResource(user=supervisor).import_data(dataset)

    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(Building.objects.filter(estate=estate).values_list("number", flat=True)) == [
        "3",
        "5",
    ]


def test_it_refuses_a_non_superuser_import_into_another_estate(estate, other_estate, supervisor):
    BuildingFactory(estate=other_estate, number="3")

    results = [
        run_import(BuildingResource, "estate,number\nB,9", supervisor),
        run_import(
            UnitResource,
            "estate,building,entrance,floor,room,code,area\nB,3,1,1,101,3-1-101,50",
            supervisor,
        ),
        run_import(EstateResource, "code,name\nB,改名", supervisor),
    ]

    assert [bad_rows(result) for result in results] == [
        {2: {"estate"}},
        {2: {"estate", "building"}},
        {2: {"code"}},
    ]
    assert not Building.objects.filter(estate=other_estate, number="9").exists()
    assert not Unit.objects.exists()
    other_estate.refresh_from_db()
    assert other_estate.name == "翠湖苑"


def test_it_lets_a_superuser_import_into_any_estate(other_estate, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x")

    result = run_import(BuildingResource, "estate,number\nB,9", admin)

    assert not result.has_validation_errors()
    assert Building.objects.filter(estate=other_estate, number="9").exists()


def test_it_refuses_to_import_without_a_user(estate):
    with pytest.raises(TypeError):
        BuildingResource().import_data(load_csv("estate,number\nA,9"))


def test_it_exports_the_columns_it_imports_for_the_users_estates_only(
    estate, other_estate, supervisor, owner
):
    OwnerFactory(estate=other_estate, name="外人")
    # Full numbers (which the file needs to import again) are for users who may export them.
    supervisor.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
    supervisor = type(supervisor).objects.get(pk=supervisor.pk)

    dataset = OwnerResource(user=supervisor).export()

    assert dataset.headers == [f.column_name for f in OwnerResource().get_import_fields()]
    assert [row["name"] for row in dataset.dict] == ["王小明"]
    assert dataset.dict[0]["id_number"] == OWNER_ID
    again = OwnerResource(user=supervisor).import_data(dataset)
    # The file says what the database holds: the row is skipped, no history row is written.
    assert [row.import_type for row in again.rows] == ["skip"]


def test_it_exports_masked_id_numbers_to_users_without_the_permission(
    estate, receptionist, owner, unit
):
    OwnershipFactory(unit=unit, owner=owner)

    owners = OwnerResource(user=receptionist).export()
    ownerships = OwnershipResource(user=receptionist).export()

    assert owners.dict[0]["id_number"] == owner.id_masked
    assert ownerships.dict[0]["owner_id_number"] == owner.id_masked
    assert OWNER_ID not in owners.csv + ownerships.csv


# Through the admin: upload, preview (a dry run), confirm.


@pytest.fixture
def import_url():
    return reverse("admin:owners_owner_import")


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("owners.csv", text.encode(), content_type="text/csv")


def test_it_previews_then_imports_through_the_admin(client, estate, supervisor, import_url):
    client.force_login(supervisor)
    text = f"estate,name,id_number,phone\nA,王小明,{OWNER_ID},13912345678\n"

    preview = client.post(import_url, {"format": "0", "import_file": upload(text)})

    assert preview.status_code == 200
    assert "confirm_form" in preview.context
    assert Owner.objects.count() == 0

    confirm = client.post(
        reverse("admin:owners_owner_process_import"), preview.context["confirm_form"].initial
    )

    assert confirm.status_code == 302
    assert Owner.objects.get().name == "王小明"


def test_it_shows_bad_rows_in_the_admin_preview_without_a_confirm_button(
    client, estate, supervisor, import_url
):
    client.force_login(supervisor)
    text = f"estate,name,id_number,phone\nA,王小明,{OWNER_ID},13912345678\nA,李静,{OWNER2_ID},12\n"

    response = client.post(import_url, {"format": "0", "import_file": upload(text)})

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert bad_rows(response.context["result"]) == {3: {"phone"}}
    assert "11-digit mobile number" in response.content.decode()
    assert Owner.objects.count() == 0


def test_it_imports_xlsx_through_the_admin(client, estate, supervisor):
    client.force_login(supervisor)
    sheet = tablib.Dataset(headers=["estate", "number", "name"])
    sheet.append(["A", 7, "7栋"])
    upload_file = SimpleUploadedFile("buildings.xlsx", sheet.export("xlsx"))

    preview = client.post(
        reverse("admin:owners_building_import"), {"format": "1", "import_file": upload_file}
    )
    client.post(
        reverse("admin:owners_building_process_import"), preview.context["confirm_form"].initial
    )

    assert Building.objects.get(estate=estate).number == "7"


def test_it_denies_import_to_staff_who_may_only_view(client, estate, import_url):
    director = staff(estates=[estate], roles=[roles.DIRECTOR], is_staff=True)
    client.force_login(director)

    assert client.get(reverse("admin:owners_owner_changelist")).status_code == 200
    assert client.get(import_url).status_code == 403


def test_it_exports_through_the_admin_only_the_users_estates_rows(
    client, estate, other_estate, supervisor, owner
):
    OwnerFactory(estate=other_estate, name="外人")
    client.force_login(supervisor)
    columns = [f.column_name for f in OwnerResource().get_export_fields()]

    response = client.post(
        reverse("admin:owners_owner_export"),
        {"format": "0", "resource": "0", **{f"ownerresource_{c}": "on" for c in columns}},
    )

    assert response.status_code == 200
    exported = load_csv(response.content.decode("utf-8-sig"))
    assert exported.headers == columns
    assert [row["name"] for row in exported.dict] == ["王小明"]


def test_it_imports_nothing_when_rows_went_bad_between_preview_and_confirm(
    client, estate, supervisor, unit, owner
):
    client.force_login(supervisor)
    text = f"estate,unit,owner_id_number,share,since\nA,{unit.code},{OWNER_ID},60,2020-01-01\n"
    preview = client.post(
        reverse("admin:owners_ownership_import"), {"format": "0", "import_file": upload(text)}
    )
    OwnershipFactory(unit=unit, share=Decimal("50"), since=datetime.date(2019, 1, 1))

    confirm = client.post(
        reverse("admin:owners_ownership_process_import"),
        preview.context["confirm_form"].initial,
        follow=True,
    )

    assert confirm.redirect_chain[-1][0] == reverse("admin:owners_ownership_import")
    assert "Nothing was imported" in confirm.content.decode()
    assert not Ownership.objects.filter(owner=owner).exists()
