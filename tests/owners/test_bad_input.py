"""Bad input on the owners' pages and admin: a message or a 400, never a server error."""

import datetime

import pytest
from django.urls import reverse

from frontdesk import roles
from owners.errors import OwnersError
from tests.factories import OwnerFactory, resident_id, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(client, estate):
    OwnerFactory(estate=estate)
    user = staff(roles=[roles.CS_SUPERVISOR], estates=[estate], is_staff=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize("query", ["?format=xyz", "?format=7", "?nonsense=1"])
def test_it_says_so_when_the_admin_export_has_an_unknown_parameter(client, supervisor, query):
    url = reverse("admin:owners_owner_export")
    response = client.get(url + query)
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url)
    assert "filters are not valid" in page.content.decode()


@pytest.mark.parametrize("fmt", ["9", "-1", "csv", ""])
def test_it_refuses_an_unknown_import_format_with_a_400(client, supervisor, fmt):
    response = client.post(
        reverse("admin:owners_owner_process_import"),
        {"format": fmt, "import_file_name": "x", "original_file_name": "x.csv", "resource": "0"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("fmt", ["7", "x"])
def test_it_shows_the_export_form_again_for_an_unknown_posted_format(client, supervisor, fmt):
    response = client.post(reverse("admin:owners_owner_export"), {"format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.fixture
def unit(estate):
    from tests.factories import BuildingFactory, UnitFactory

    return UnitFactory(building=BuildingFactory(estate=estate, number="3"), code="3-2-1201")


def _ownership(client, receptionist, unit, **values):
    client.force_login(receptionist)
    data = {"share": "40", "since": "2024-05-01", "new_name": "王芳", "new_id_type": "resident_id"}
    data.update(values)
    return client.post(f"/units/{unit.pk}/ownerships/add/", data)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"new_id_number": "1" * 10_000}, "at most 32 characters"),
        ({"new_id_number": "11010519850601\x00001"}, "Remove the control characters"),
        ({"new_id_type": "martian", "new_id_number": "X1"}, "Select a valid choice"),
        ({"new_name": "王\u202e芳"}, "override characters"),
        ({"new_name": "王\x07芳"}, "control characters"),
        ({"new_name": "王" * 300}, "at most 100 characters"),
        ({"since": "0001-01-01"}, "Enter a date between"),
        ({"since": "9999-12-31"}, "Enter a date between"),
        (
            {"new_id_number": resident_id(1, datetime.date(1900, 1, 1))},
            "birth date 1900-01-01 is not plausible",
        ),
        (
            {"new_id_number": resident_id(1, datetime.date.today() + datetime.timedelta(days=2))},
            "is not plausible",
        ),
    ],
)
def test_it_refuses_a_bad_new_owner_with_a_message(client, receptionist, unit, values, message):
    from owners.models import Owner

    response = _ownership(client, receptionist, unit, **values)
    assert response.status_code == 400  # the form again, with its message
    assert message in response.content.decode()
    assert not Owner.objects.filter(estate=unit.estate).exists()


def test_it_normalises_names_and_drops_the_cutting_maxlength(client, receptionist, unit):
    from owners.models import Owner

    response = _ownership(client, receptionist, unit, new_name="  Zoe\u0301 ")
    assert response.status_code == 302
    assert Owner.objects.get().name == "Zoé"
    page = client.get(f"/units/{unit.pk}/ownerships/add/").content.decode()
    assert "maxlength" not in page


def test_it_refuses_a_resident_moving_in_in_1900(receptionist, unit):
    from owners import services
    from owners.models import Resident

    resident = Resident(unit=unit, name="李四", moved_in_on=datetime.date(1900, 1, 1))
    with pytest.raises(OwnersError) as error:
        services.resident_save(actor=receptionist, resident=resident)
    assert "Enter a date between" in str(error.value)
    assert not Resident.objects.exists()


def test_it_refuses_ending_an_ownership_in_9999(receptionist, unit):
    from owners import services
    from tests.factories import OwnershipFactory

    ownership = OwnershipFactory(unit=unit)
    with pytest.raises(OwnersError) as error:
        services.ownership_end(
            actor=receptionist, ownership=ownership, until=datetime.date(9999, 1, 1)
        )
    assert error.value.code == "implausible_date"


def test_it_imports_nothing_and_reports_control_bidi_and_implausible_dates(receptionist, unit):
    import tablib
    from import_export.formats.base_formats import CSV

    from owners.models import Resident
    from owners.resources import ResidentResource

    user = staff(roles=[roles.CS_SUPERVISOR], estates=[unit.estate])
    text = (
        "estate,unit,name,moved_in_on,notes\n"
        f"{unit.estate.code},{unit.code},王一,2020-05-01,第一行\n"
        f"{unit.estate.code},{unit.code},王\u202e二,2020-05-01,\n"
        f"{unit.estate.code},{unit.code},王三,1900-01-01,\n"
        f"{unit.estate.code},{unit.code},王四,2020-05-01,坏\x07字\n"
        f"{unit.estate.code},{unit.code},  Zoe\u0301 ,2020-05-01,\n"
    )
    dataset: tablib.Dataset = CSV(encoding="utf-8").create_dataset(text)
    result = ResidentResource(user=user).import_data(dataset)
    bad = {row.number: set(row.error_dict) for row in result.invalid_rows}
    assert bad == {3: {"name"}, 4: {"moved_in_on"}, 5: {"notes"}}
    assert not Resident.objects.exists()
    good = text.splitlines()
    dataset = CSV(encoding="utf-8").create_dataset("\n".join([good[0], good[1], good[5]]) + "\n")
    result = ResidentResource(user=user).import_data(dataset)
    assert not result.has_validation_errors()
    assert set(Resident.objects.values_list("name", flat=True)) == {"王一", "Zoé"}


@pytest.mark.parametrize("plate", ["hello", "京A1234567890", "12345"])
def test_it_refuses_a_vehicle_plate_that_is_not_a_plate(receptionist, unit, plate):
    from owners import services
    from owners.models import Vehicle

    with pytest.raises(OwnersError) as error:
        services.vehicle_save(actor=receptionist, vehicle=Vehicle(unit=unit, plate=plate))
    assert "Enter a vehicle plate" in str(error.value)
    assert not Vehicle.objects.exists()


def test_it_keeps_a_good_plate_normalised(receptionist, unit):
    from owners import services
    from owners.models import Vehicle

    vehicle = services.vehicle_save(
        actor=receptionist, vehicle=Vehicle(unit=unit, plate=" 粤b d12345")
    )
    assert vehicle.plate == "粤BD12345"
