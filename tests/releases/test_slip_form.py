"""The slip form as the desk uses it: the unit's owners and arrears as soon as its code is
typed, more than six items, and the photos of items shown to those who may see the slip."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from frontdesk import roles
from releases.forms import MAX_ITEM_ROWS
from releases.models import ReleaseSlip
from tests.factories import staff
from tests.factories.fees import ChargeFactory

from .helpers import items, request_slip
from .test_pages import form_data, post_new

pytestmark = pytest.mark.django_db

CHECK = reverse("releases:unit-check")


def png(name="item.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def check(client, unit_code, estate=""):
    return client.get(CHECK, {"unit_code": unit_code, "estate": estate})


def test_typing_the_unit_shows_its_owners_and_no_arrears(client, receptionist, unit):
    client.force_login(receptionist)
    page = check(client, "3-2-1201", unit.estate_id).content.decode()
    assert 'data-testid="unit-found"' in page
    assert "张伟" in page and "No arrears" in page


def test_typing_a_unit_with_arrears_warns_before_anything_is_written(
    client, receptionist, supervisor, unit
):
    ChargeFactory(unit=unit, amount=Decimal("88.10"), due_date=datetime.date(2026, 1, 1))
    client.force_login(receptionist)
    page = check(client, "3-2-1201").content.decode()
    assert "88.10" in page
    assert 'data-testid="unit-pay"' not in page  # the receptionist sends them to the cashier
    client.force_login(supervisor)
    assert 'data-testid="unit-pay"' in check(client, "3-2-1201").content.decode()
    assert not ReleaseSlip.objects.exists()


def test_another_estates_unit_is_not_found(client, receptionist, other_unit):
    client.force_login(receptionist)
    page = check(client, other_unit.code, other_unit.estate_id).content.decode()
    assert 'data-testid="unit-missing"' in page
    assert 'data-testid="unit-found"' not in page


def test_an_empty_code_shows_nothing(client, receptionist):
    client.force_login(receptionist)
    assert check(client, "  ").content.decode().strip() == ""


def test_the_unit_check_is_the_desks(client, guard):
    client.force_login(guard)
    assert check(client, "3-2-1201").status_code == 403


def test_the_unit_check_keeps_its_queries(
    client, receptionist, unit, django_assert_max_num_queries
):
    for n in range(5):
        ChargeFactory(unit=unit, amount=Decimal("10.00"), due_date=datetime.date(2026, 1, n + 1))
    client.force_login(receptionist)
    check(client, "3-2-1201")
    with django_assert_max_num_queries(8):
        check(client, "3-2-1201")


def test_the_form_takes_more_than_six_items(client, receptionist, unit):
    client.force_login(receptionist)
    rows = {}
    for n in range(1, 10):
        rows[f"item_{n}_description"] = f"纸箱{n}"
        rows[f"item_{n}_quantity"] = "1"
    response = post_new(client, unit, **rows)
    slip = ReleaseSlip.objects.get()
    assert response.status_code == 302
    assert slip.items.count() == 9


def test_rows_past_the_maximum_are_not_read(client, receptionist, unit):
    client.force_login(receptionist)
    far = MAX_ITEM_ROWS + 1
    post_new(client, unit, **{f"item_{far}_description": "多余", f"item_{far}_quantity": "1"})
    assert not ReleaseSlip.objects.get().items.filter(description="多余").exists()


def test_the_form_numbers_its_rows_and_labels_each_field(client, receptionist):
    client.force_login(receptionist)
    page = client.get(reverse("releases:slip-new")).content.decode()
    assert page.count("data-item-row") == 6
    assert 'aria-label="Quantity of item 3"' in page
    assert 'data-testid="add-item-row"' in page


def test_an_items_photo_shows_on_the_slip_for_those_who_see_it(
    client, receptionist, guard, other_guard, unit
):
    client.force_login(receptionist)
    data = form_data(estate=unit.estate_id, item_1_photo=png())
    client.post(reverse("releases:slip-new"), data)
    slip = ReleaseSlip.objects.get()
    item = slip.items.get(description="沙发")
    url = reverse("releases:item-photo", args=[item.pk, "photo"])
    assert url in client.get(slip.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert client.get(reverse("releases:item-photo", args=[item.pk, "gate"])).status_code == 404
    assert client.get(reverse("releases:item-photo", args=[item.pk, "other"])).status_code == 404
    client.force_login(guard)
    assert client.get(url).status_code == 403
    director_b = staff(estates=[other_guard.staff_profile.estates.get()], roles=[roles.DIRECTOR])
    client.force_login(director_b)
    assert client.get(url).status_code == 404


def test_a_slip_without_photos_links_none(client, receptionist, unit):
    slip = request_slip(receptionist, unit, items=items())
    client.force_login(receptionist)
    page = client.get(slip.get_absolute_url()).content.decode()
    assert 'data-testid="item-photo"' not in page


def test_back_from_the_payment_the_form_has_the_units_own_estate(client, estate, other_unit):
    both = staff(estates=[estate, other_unit.estate], roles=[roles.CS_SUPERVISOR], username="both")
    client.force_login(both)
    page = client.get(reverse("releases:slip-new") + f"?unit={other_unit.pk}").content.decode()
    assert f'<option value="{other_unit.estate_id}" selected>' in page
    assert f'value="{other_unit.code}"' in page
