"""The acceptance checklist in the rooms of the unit's layout (户型): a 3室2厅2卫 flat is
checked in its master bedroom and both second bedrooms, both bathrooms; the desk confirms the
layout and adds the rooms it does not show, and the printed checklist has them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from checkin import services
from checkin.errors import CheckinError
from checkin.models import RoomKind
from checkin.pdf.movein import render_acceptance
from checkin.requirements import layout_of, room_names
from checkin.selectors.movein import case_checklist
from owners.models import Unit
from owners.validators import layout_counts, validate_layout
from tests.frontdesk.test_pdf import pdf_text

from .helpers import full_checklist

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("printed_in_english")]


def url(case):
    return reverse("checkin:movein-acceptance", args=[case.pk])


def rooms(case) -> list[str]:
    return list(dict.fromkeys(room for room, _item in case_checklist(case)))


@pytest.fixture
def default_form(acceptance_form):
    """The estate without a checklist of its own: the default one, by kind of room."""
    acceptance_form.delete()


def with_layout(case, layout):
    Unit.objects.filter(pk=case.unit_id).update(layout=layout)
    case.unit.refresh_from_db()
    return case


# --- the layout and the rooms it names ----------------------------------------------------


@pytest.mark.parametrize(
    "layout, counts",
    [
        ("3室2厅2卫", {"bedrooms": 3, "halls": 2, "baths": 2}),
        ("两房一厅一卫", {"bedrooms": 2, "halls": 1, "baths": 1}),
        (
            "2室1厅1厨1卫2阳台",
            {"bedrooms": 2, "halls": 1, "kitchens": 1, "baths": 1, "balconies": 2},
        ),
        ("", {}),
    ],
)
def test_a_layout_is_read_as_the_sales_contract_writes_it(layout, counts):
    assert layout_counts(layout) == counts
    validate_layout(layout)


@pytest.mark.parametrize("layout", ["大三房", "3室2厅x", "2厅1卫", "3-2-2"])
def test_a_layout_that_names_no_bedrooms_is_refused(layout):
    with pytest.raises(ValidationError):
        validate_layout(layout)


def test_rooms_are_named_as_an_office_names_them():
    assert room_names(RoomKind.BEDROOM, 1) == ["Bedroom"]
    assert room_names(RoomKind.BEDROOM, 2) == ["Master bedroom", "Second bedroom"]
    assert room_names(RoomKind.BEDROOM, 3) == [
        "Master bedroom",
        "Second bedroom 1",
        "Second bedroom 2",
    ]
    assert room_names(RoomKind.HALL, 2) == ["Living room", "Dining room"]
    assert room_names(RoomKind.BATHROOM, 2) == ["Bathroom 1", "Bathroom 2"]
    assert room_names(RoomKind.BATHROOM, 0) == []


def test_a_3_2_2_flat_is_checked_in_each_of_its_rooms(case, default_form):
    with_layout(case, "3室2厅2卫")

    assert rooms(case) == [
        "Entrance",
        "Living room",
        "Dining room",
        "Master bedroom",
        "Second bedroom 1",
        "Second bedroom 2",
        "Kitchen",
        "Bathroom 1",
        "Bathroom 2",
        "Balcony",
        "Meters",
    ]
    pairs = case_checklist(case)
    assert ("Bathroom 2", "Waterproofing (closed-water test)") in pairs
    assert ("Second bedroom 2", "Windows and glass") in pairs


@pytest.mark.parametrize(
    "area, bedrooms", [("45.00", 1), ("89.50", 2), ("130.00", 3), ("180.00", 4)]
)
def test_without_a_layout_the_area_gives_the_usual_one(case, default_form, area, bedrooms):
    Unit.objects.filter(pk=case.unit_id).update(area=Decimal(area), layout="")
    case.unit.refresh_from_db()

    layout, estimated = layout_of(case.unit)

    assert estimated and layout_counts(layout)["bedrooms"] == bedrooms
    bedroom_rooms = [room for room in rooms(case) if "edroom" in room]
    assert len(bedroom_rooms) == bedrooms


def test_a_shop_is_checked_once_in_each_kind_of_room(case, default_form):
    Unit.objects.filter(pk=case.unit_id).update(use=Unit.Use.COMMERCIAL, area=Decimal("300"))
    case.unit.refresh_from_db()

    assert layout_of(case.unit) == ("", False)
    assert "Bedroom" in rooms(case) and "Master bedroom" not in rooms(case)


def test_an_estates_own_checklist_repeats_its_rows_of_a_kind(case, acceptance_form):
    acceptance_form.items.create(room="卧室", room_kind=RoomKind.BEDROOM, item="木地板", order=9)
    with_layout(case, "2室1厅1卫")

    pairs = case_checklist(case)

    assert ("Master bedroom", "木地板") in pairs and ("Second bedroom", "木地板") in pairs
    assert ("卧室", "木地板") not in pairs
    assert ("客厅", "墙面") in pairs  # a row without a kind: once, in the room it names


# --- the desk confirms the layout and adds rooms --------------------------------------------


def test_the_desk_confirms_the_layout_and_the_checklist_follows(client, receptionist, case):
    client.force_login(receptionist)
    page = client.get(url(case))
    assert page.status_code == 200 and 'data-testid="layout-form"' in page.text
    assert "Estimated from the area" in page.text

    response = client.post(url(case), {"action": "layout", "layout": "3室 2厅 2卫"})

    assert response.status_code == 302
    unit = Unit.objects.get(pk=case.unit_id)
    assert unit.layout == "3室2厅2卫"
    assert unit.history.first().history_user == receptionist
    assert "Estimated from the area" not in client.get(url(case)).text


def test_a_bad_layout_is_refused_and_nothing_changes(client, receptionist, case):
    client.force_login(receptionist)

    response = client.post(url(case), {"action": "layout", "layout": "大三房"})

    assert response.status_code == 400
    assert "e.g. 3室2厅2卫" in response.text
    assert Unit.objects.get(pk=case.unit_id).layout == ""


def test_the_desk_adds_a_room_that_is_checked_and_printed(
    client, receptionist, case, default_form, tmp_path
):
    client.force_login(receptionist)

    response = client.post(url(case), {"action": "add_room", "name": "储藏室", "kind": "bedroom"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.added_rooms == [{"name": "储藏室", "kind": "bedroom"}]
    assert ("储藏室", "Floor") in case_checklist(case)
    page = client.get(url(case)).text
    assert 'data-room="储藏室"' in page and 'data-testid="added-rooms"' in page
    text = pdf_text(render_acceptance(case), tmp_path)
    assert "储藏室" in text


def test_the_same_room_twice_is_refused_once_added(client, receptionist, case):
    client.force_login(receptionist)
    form = {"action": "add_room", "name": "书房", "kind": "bedroom"}

    assert client.post(url(case), form).status_code == 302
    again = client.post(url(case), form)

    assert again.status_code == 400 and "书房 is on the checklist already" in again.text
    case.refresh_from_db()
    assert case.added_rooms == [{"name": "书房", "kind": "bedroom"}]


def test_a_room_needs_a_name_and_a_kind(client, receptionist, case):
    client.force_login(receptionist)

    nameless = client.post(url(case), {"action": "add_room", "name": " ", "kind": "bedroom"})
    kindless = client.post(url(case), {"action": "add_room", "name": "书房", "kind": "attic"})

    assert nameless.status_code == 400 and kindless.status_code == 400
    case.refresh_from_db()
    assert case.added_rooms == []


def test_an_added_room_is_taken_off_again(client, receptionist, case):
    services.acceptance_room_add(actor=receptionist, case=case, name="书房", kind="bedroom")
    client.force_login(receptionist)

    assert client.post(url(case), {"action": "remove_room", "name": "书房"}).status_code == 302
    case.refresh_from_db()
    assert case.added_rooms == []
    missing = client.post(url(case), {"action": "remove_room", "name": "书房"})
    assert missing.status_code == 400


def test_the_acceptance_covers_the_added_rooms(receptionist, case, engineering):
    services.acceptance_room_add(actor=receptionist, case=case, name="书房", kind="bedroom")
    case.refresh_from_db()
    items = [checked for checked in full_checklist(case) if checked.room != "书房"]

    with pytest.raises(CheckinError) as refused:
        services.acceptance_record(
            actor=receptionist,
            case=case,
            inspector="李工",
            present="张伟",
            items=items,
            readings=services.Readings(Decimal("1"), Decimal("1"), Decimal("1")),
        )

    assert refused.value.code == "acceptance_incomplete" and "书房" in refused.value.message
    assert not case.acceptance_items.exists()


@pytest.mark.usefixtures("defects")
def test_rooms_cannot_change_once_the_acceptance_is_recorded(receptionist, case):
    with pytest.raises(CheckinError) as refused:
        services.acceptance_room_add(actor=receptionist, case=case, name="书房", kind="bedroom")
    assert refused.value.code == "already_accepted"
    with pytest.raises(CheckinError):
        services.acceptance_layout_set(actor=receptionist, case=case, layout="3室2厅2卫")


def test_another_estates_case_is_a_404_and_a_cashier_a_403(client, outsider, cashier, case):
    form = {"action": "add_room", "name": "书房", "kind": "bedroom"}
    client.force_login(outsider)
    assert client.post(url(case), form).status_code == 404
    client.force_login(cashier)
    assert client.post(url(case), form).status_code == 403
    case.refresh_from_db()
    assert case.added_rooms == []
