"""The desk's pages and the gate page: happy paths, wrong method, other estate (404), wrong
role (403), bad input on the form, double submit, pinned query counts."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from releases import services
from releases.models import ReleaseSlip
from tests.factories.fees import ChargeFactory

from .helpers import ID, items, pdf_text, request_slip

pytestmark = pytest.mark.django_db

# A list page's queries, whatever its length (1 slip or 31).
QUERIES = 7


def form_data(**extra):
    data = {
        "key": str(uuid.uuid4()),
        "estate": "",
        "unit_code": "3-2-1201",
        "requester_name": "李娜",
        "relation": "owner",
        "id_type": "resident_id",
        "id_number": ID,
        "reason": "moving_out",
        "plate": "京A12345",
        "valid_on": timezone.localdate().isoformat(),
        "item_1_description": "沙发",
        "item_1_quantity": "1",
        "item_2_description": "纸箱",
        "item_2_quantity": "12",
    }
    data.update(extra)
    return data


def post_new(client, unit, **extra):
    return client.post(reverse("releases:slip-new"), form_data(estate=unit.estate_id, **extra))


def test_it_issues_a_slip_from_the_desk_form(client, receptionist, unit):
    client.force_login(receptionist)
    assert client.get(reverse("releases:slip-new") + f"?unit={unit.pk}").status_code == 200

    response = post_new(client, unit)

    slip = ReleaseSlip.objects.get()
    assert response.status_code == 302 and response.url == slip.get_absolute_url()
    assert slip.status == "issued" and slip.items.count() == 2
    page = client.get(slip.get_absolute_url()).content.decode()
    assert slip.number in page and slip.code in page and ID not in page


def test_a_double_submit_issues_one_slip(client, receptionist, unit):
    client.force_login(receptionist)
    data = form_data(estate=unit.estate_id)

    first = client.post(reverse("releases:slip-new"), data)
    second = client.post(reverse("releases:slip-new"), data)

    assert ReleaseSlip.objects.count() == 1
    assert first.url == second.url == ReleaseSlip.objects.get().get_absolute_url()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"id_number": ""}, "must show an identity document"),
        ({"item_1_description": "", "item_2_description": ""}, "List the items"),
        ({"item_1_quantity": "0"}, "must be at least 1"),
        ({"plate": "ABC"}, "vehicle plate"),
        ({"valid_on": "2020-01-01"}, "day in the past"),
        ({"unit_code": "9-9-9999"}, "No unit with this code"),
    ],
)
def test_bad_input_shows_a_message_and_changes_nothing(client, receptionist, unit, extra, message):
    client.force_login(receptionist)

    response = post_new(client, unit, **extra)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReleaseSlip.objects.exists()


def test_arrears_block_the_form_with_a_link_to_pay_that_comes_back(
    client, receptionist, supervisor, unit
):
    ChargeFactory(unit=unit, amount=Decimal("88.10"), due_date=datetime.date(2026, 1, 1))
    pay = reverse("fees:unit-pay", args=[unit.pk])
    link = f'href="{pay}?next=%2Freleases%2Fnew%2F%3Funit%3D{unit.pk}"'
    client.force_login(supervisor)  # who may take the payment on the spot

    response = post_new(client, unit)

    page = response.content.decode()
    assert response.status_code == 400 and "88.10" in page
    assert link in page
    client.force_login(receptionist)  # who may not: sends the requester to the cashier
    page = post_new(client, unit).content.decode()
    assert 'data-testid="arrears-block"' in page and link not in page
    assert not ReleaseSlip.objects.exists()


def test_the_owners_confirmation_and_cancel_from_the_slip_page(client, receptionist, unit):
    client.force_login(receptionist)
    post_new(client, unit, relation="tenant")
    slip = ReleaseSlip.objects.get()
    assert slip.status == "waiting"
    confirm = reverse("releases:slip-confirm", args=[slip.pk])

    assert client.get(confirm).status_code == 405
    client.post(
        confirm,
        {"confirmed_by_name": "张伟", "confirm_phone": "13900001111", "confirm_answer": "agreed"},
    )
    slip.refresh_from_db()
    assert slip.status == "issued"

    client.post(reverse("releases:slip-cancel", args=[slip.pk]), {"reason": "改期"})
    slip.refresh_from_db()
    assert slip.status == "cancelled"


def test_another_estates_slip_is_a_404_and_other_roles_get_403(
    client, receptionist, outsider, technician, guard, unit
):
    slip = request_slip(receptionist, unit)
    client.force_login(outsider)
    for name in ("releases:slip-detail", "releases:slip-pdf"):
        assert client.get(reverse(name, args=[slip.pk])).status_code == 404
    assert (
        client.post(reverse("releases:slip-cancel", args=[slip.pk]), {"reason": "x"}).status_code
        == 404
    )

    client.force_login(technician)
    assert client.get(reverse("releases:slip-new")).status_code == 403
    assert client.get(reverse("releases:slips")).status_code == 403
    client.force_login(guard)
    assert client.get(reverse("releases:slip-detail", args=[slip.pk])).status_code == 403
    client.force_login(receptionist)
    assert client.get(reverse("releases:gate")).status_code == 403
    slip.refresh_from_db()
    assert slip.status == "issued"


@pytest.mark.parametrize("which", ["today", "waiting", "used", "expired"])
def test_the_lists_keep_their_query_count(
    client, receptionist, guard, unit, which, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            slip = request_slip(
                receptionist, unit, relation="tenant" if which == "waiting" else "owner"
            )
            if which == "used":
                checks = [services.ItemCheck(i.pk, True) for i in slip.items.all()]
                services.gate_use(actor=guard, slip_id=slip.pk, checks=checks)
        if which == "expired":
            ReleaseSlip.objects.update(valid_on=timezone.localdate() - datetime.timedelta(days=1))
            services.slips_expire()

    client.force_login(receptionist)
    url = reverse("releases:slips") + f"?list={which}"
    add(1)
    client.get(url)  # warm the session and the user's caches

    with django_assert_num_queries(QUERIES):
        client.get(url)
    add(30)
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert len(response.context["page"].rows) == 31


def test_lists_page_by_keyset(client, receptionist, unit):
    client.force_login(receptionist)
    for _ in range(52):
        request_slip(receptionist, unit)

    first = client.get(reverse("releases:slips"))
    assert len(first.context["page"].rows) == 50
    cursor = first.context["page"].next_cursor
    second = client.get(reverse("releases:slips") + f"?after={cursor}")
    assert len(second.context["page"].rows) == 2


def test_the_gate_page_uses_a_slip_once(client, receptionist, guard, unit):
    slip = request_slip(receptionist, unit)
    items = list(slip.items.all())
    client.force_login(guard)

    found = client.get(reverse("releases:gate") + f"?q={slip.code}")
    page = found.content.decode()
    assert found.status_code == 200 and "3-2-1201" in page
    assert "李娜" in page and slip.id_masked in page and ID not in page  # the person to check
    data = {f"item_{items[0].pk}": "held", f"note_{items[0].pk}": "多出一台冰箱"}
    data[f"item_{items[1].pk}"] = "released"
    used = client.post(
        reverse("releases:gate-use", args=[slip.pk]), {**data, "gate": "东门"}, follow=True
    )
    assert used.redirect_chain[0][1] == 302
    assert f"held back: {items[0].description}" in used.content.decode()

    again = client.get(reverse("releases:gate") + f"?q={slip.code}")
    assert again.status_code == 404 and "already used" in again.content.decode()
    slip.refresh_from_db()
    assert slip.status == "used" and slip.gate == "东门"


def test_the_gate_page_says_the_same_for_unknown_and_other_estate(
    client, receptionist, other_guard, unit
):
    slip = request_slip(receptionist, unit)
    client.force_login(other_guard)

    other = client.get(reverse("releases:gate") + f"?q={slip.code}")
    unknown = client.get(reverse("releases:gate") + "?q=QQQQ2345")

    assert other.status_code == unknown.status_code == 404
    assert other.context["refusal"] == unknown.context["refusal"]
    assert "3-2-1201" not in other.content.decode()


def test_the_slip_prints_two_parts_with_its_facts(client, receptionist, unit, tmp_path):
    slip = request_slip(receptionist, unit)
    client.force_login(receptionist)

    response = client.get(reverse("releases:slip-pdf", args=[slip.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert text.count(slip.number) >= 2 and text.count("沙发") == 2
    assert "3-2-1201" in text and "京A12345" in text and slip.id_masked in text
    assert ID not in text


def test_reconciliation_shows_the_day(client, receptionist, supervisor, guard, unit):
    slip = request_slip(receptionist, unit)
    request_slip(receptionist, unit)
    from releases import services

    services.gate_use(
        actor=guard,
        slip_id=slip.pk,
        checks=[services.ItemCheck(i.pk, True) for i in slip.items.all()],
        gate="东门",
    )
    client.force_login(supervisor)

    response = client.get(reverse("releases:reconciliation"))

    report = response.context["report"]
    assert (report.issued, report.used, report.unaccounted, report.paper_missing) == (2, 1, 1, 1)
    client.force_login(receptionist)
    assert client.post(reverse("releases:slip-paper", args=[slip.pk])).status_code == 302
    client.force_login(supervisor)
    assert client.get(reverse("releases:reconciliation")).context["report"].paper_missing == 0
    assert report.by_gate[0].gate == "东门"
    client.force_login(receptionist)
    assert client.get(reverse("releases:reconciliation")).status_code == 403


def test_the_desk_shows_the_waiting_panel_and_the_dossier_section(client, receptionist, unit):
    request_slip(receptionist, unit, relation="tenant")
    client.force_login(receptionist)

    panel = client.get(reverse("today-panel", args=["releases-waiting"]))
    section = client.get(reverse("owners:unit-section", args=[unit.pk, "releases"]))

    assert panel.status_code == 200 and "3-2-1201" in panel.content.decode()
    assert section.status_code == 200 and "李娜" in section.content.decode()
    assert "releases:slip-new" not in client.get("/").content.decode()


def test_the_guard_may_photograph_a_held_item_and_must_say_why(client, receptionist, guard, unit):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    slip = request_slip(receptionist, unit)
    sofa, boxes = slip.items.all()
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    client.force_login(guard)
    url = reverse("releases:gate-use", args=[slip.pk])
    marks = {f"item_{sofa.pk}": "held", f"item_{boxes.pk}": "released"}

    no_note = client.post(url, marks)
    assert no_note.status_code == 409 and "held back" in no_note.content.decode()
    assert no_note.context["slip"] == slip  # the same slip, to correct the marks

    photo = SimpleUploadedFile("sofa.png", buffer.getvalue(), content_type="image/png")
    client.post(url, {**marks, f"note_{sofa.pk}": "型号不符", f"photo_{sofa.pk}": photo})

    sofa.refresh_from_db()
    assert sofa.outcome == "held" and sofa.gate_note == "型号不符"
    assert sofa.gate_photo.storage.exists(sofa.gate_photo.name)


@pytest.mark.parametrize("count", [5, 6, 30])
def test_every_item_prints_on_both_parts_however_many(client, receptionist, unit, tmp_path, count):
    slip = request_slip(
        receptionist, unit, items=items(*((f"箱子{n:02d}", n) for n in range(1, count + 1)))
    )
    client.force_login(receptionist)

    text = pdf_text(client.get(reverse("releases:slip-pdf", args=[slip.pk])).content, tmp_path)

    for n in range(1, count + 1):
        assert text.count(f"箱子{n:02d}") == 2, n
    assert text.count("保安") == 2  # the guard's signature line closes each part
