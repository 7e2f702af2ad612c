import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fees import arrears, services
from fees.models import Charge, UnitArrears
from frontdesk import roles
from owners.models import Estate, Unit
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    property_fee,
    staff,
)

TODAY = datetime.date(2026, 11, 28)
ARREARS_QUERYSET = arrears.arrears_queryset
URL = "/fees/arrears/"


@pytest.fixture(autouse=True, params=["live", "summary"])
def source(request, monkeypatch):
    """Every test runs twice: on the live aggregate, and on the estates' summary (rebuilt
    just before the list reads it, since these tests write charges directly)."""
    if request.param == "summary":
        live = ARREARS_QUERYSET

        def from_summary(*, estate_ids, as_of):
            for estate_id in (
                estate_ids
                if estate_ids is not None
                else Estate.objects.values_list("pk", flat=True)
            ):
                services.arrears_snapshot_build(estate_id=estate_id, as_of=as_of)
            rows = live(estate_ids=estate_ids, as_of=as_of)
            assert rows.model is UnitArrears
            return rows

        monkeypatch.setattr(arrears, "arrears_queryset", from_summary)
    return request.param


@pytest.fixture
def building(estate):
    return BuildingFactory(estate=estate, number="1", name="1栋")


def owing(building, amount, days_ago, *, today=None, owner="张伟", room=None, paid="0"):
    """A unit with one charge fallen due ``days_ago`` days before ``today`` (the real today
    unless given), of which ``paid`` is paid."""
    today = today or timezone.localdate()
    extra = {"room": room} if room else {}
    unit = UnitFactory(building=building, status=Unit.Status.OCCUPIED, **extra)
    if owner:
        OwnershipFactory(unit=unit, owner=OwnerFactory(estate=building.estate, name=owner))
    due = today - datetime.timedelta(days=days_ago)
    paid = Decimal(paid)
    Charge.objects.create(
        estate=building.estate,
        unit=unit,
        fee_type=property_fee(building.estate),
        period=due.replace(day=1),
        base_amount=Decimal(amount),
        amount=Decimal(amount),
        paid_amount=paid,
        status=Charge.Status.PART_PAID if paid else Charge.Status.OPEN,
        due_date=due,
    )
    return unit


def listed(response) -> list[str]:
    return [row.unit.code for row in response.context["page"].rows]


def test_it_lists_each_unit_owing_money_fallen_due(client, receptionist, building):
    big = owing(building, "300.00", 40, owner="王芳")
    fee = property_fee(building.estate)
    Charge.objects.create(  # a second, older charge of the same unit adds up
        estate=building.estate,
        unit=big,
        fee_type=fee,
        description="装修垃圾清运费",
        base_amount=Decimal("50.50"),
        amount=Decimal("50.50"),
        due_date=timezone.localdate() - datetime.timedelta(days=95),
    )
    small = owing(building, "120.00", 10, paid="20.00")
    owing(building, "500.00", -3)  # not due yet
    paid = owing(building, "80.00", 60)
    Charge.objects.filter(unit=paid).update(paid_amount=Decimal("80.00"), status="paid")
    client.force_login(receptionist)
    response = client.get(URL)
    assert response.status_code == 200
    rows = response.context["page"].rows
    assert [(r.unit.code, r.total, r.days_overdue, r.bucket.key) for r in rows] == [
        (big.code, Decimal("350.50"), 95, "91-180"),
        (small.code, Decimal("100.00"), 10, "0-30"),
    ]
    assert rows[0].owners == ["王芳"]
    body = response.content.decode()
    assert "王芳" in body and "350.50" in body
    assert reverse("owners:unit-detail", args=[big.pk]) in body
    assert reverse("fees:unit-notice", args=[big.pk]) in body
    assert reverse("fees:arrears-totals") in body  # the total line loads on its own
    totals = client.get(reverse("fees:arrears-totals")).context["totals"]
    assert (totals.units, totals.amount) == (2, Decimal("450.50"))


def test_it_totals_the_filtered_list(client, receptionist, building, estate):
    owing(building, "100.00", 10)
    owing(building, "250.00", 100)
    owing(BuildingFactory(estate=estate, number="9"), "40.00", 10)
    client.force_login(receptionist)
    page = client.get(URL, {"building": "1", "age": "0-30"})
    assert "building=1&amp;age=0-30" in page.content.decode()  # the total line's own request
    response = client.get(reverse("fees:arrears-totals"), {"building": "1", "age": "0-30"})
    assert response.status_code == 200
    assert "1 unit owes ¥100.00 in all." in response.content.decode()
    assert client.post(reverse("fees:arrears-totals")).status_code == 405


def test_it_totals_only_the_users_estates(client, outsider, building):
    owing(building, "100.00", 10)
    client.force_login(outsider)
    totals = client.get(reverse("fees:arrears-totals")).context["totals"]
    assert (totals.units, totals.amount) == (0, Decimal("0"))


def test_it_links_the_pay_page_for_those_who_take_payments(client, cashier, receptionist, building):
    unit = owing(building, "100.00", 5)
    pay = reverse("fees:unit-pay", args=[unit.pk])
    client.force_login(cashier)
    assert pay in client.get(URL).content.decode()
    client.force_login(receptionist)
    assert pay not in client.get(URL).content.decode()


def test_it_never_shows_another_estates_arrears(client, receptionist, building, other_estate):
    mine = owing(building, "100.00", 5)
    theirs = owing(BuildingFactory(estate=other_estate, number="9"), "900.00", 5)
    client.force_login(receptionist)
    assert listed(client.get(URL)) == [mine.code]
    # Asking for the other estate is a form error, and the list stays ours.
    response = client.get(URL, {"estate": other_estate.pk})
    assert "estate" in response.context["filterset"].errors
    assert listed(response) == [mine.code]
    assert theirs.building.number == "9"
    assert listed(client.get(URL, {"building": "9"})) == []


def test_it_shows_a_superuser_every_estate_but_follows_the_estate_switch(
    client, building, other_estate, django_user_model
):
    mine = owing(building, "100.00", 5)
    theirs = owing(BuildingFactory(estate=other_estate, number="9"), "900.00", 5)
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    client.force_login(admin)
    assert listed(client.get(URL)) == [theirs.code, mine.code]
    session = client.session
    session["desk_estate"] = other_estate.pk
    session.save()
    assert listed(client.get(URL)) == [theirs.code]


def test_it_filters_by_estate(client, estate, other_estate, building):
    both = staff(estates=[estate, other_estate], roles=[roles.CASHIER], username="both")
    mine = owing(building, "100.00", 5)
    theirs = owing(BuildingFactory(estate=other_estate, number="9"), "900.00", 5)
    client.force_login(both)
    assert listed(client.get(URL)) == [theirs.code, mine.code]
    assert listed(client.get(URL, {"estate": estate.pk})) == [mine.code]
    assert listed(client.get(URL, {"estate": other_estate.pk})) == [theirs.code]


def test_it_filters_by_building(client, receptionist, estate, building):
    first = owing(building, "100.00", 5)
    second = owing(BuildingFactory(estate=estate, number="2"), "200.00", 5)
    client.force_login(receptionist)
    assert listed(client.get(URL, {"building": "1"})) == [first.code]
    assert listed(client.get(URL, {"building": " 2 "})) == [second.code]
    assert listed(client.get(URL, {"building": "7"})) == []


def test_it_filters_by_age(client, receptionist, building):
    fresh = owing(building, "100.00", 30)
    month = owing(building, "100.00", 31)
    old = owing(building, "100.00", 200)
    client.force_login(receptionist)
    assert listed(client.get(URL, {"age": "0-30"})) == [fresh.code]
    assert listed(client.get(URL, {"age": "31-90"})) == [month.code]
    assert listed(client.get(URL, {"age": "91-180"})) == []
    assert listed(client.get(URL, {"age": "180+"})) == [old.code]


def test_it_filters_by_minimum_amount(client, receptionist, building):
    owing(building, "99.99", 5)
    exact = owing(building, "100.00", 5)
    more = owing(building, "150.00", 5)
    client.force_login(receptionist)
    assert listed(client.get(URL, {"min_amount": "100"})) == [more.code, exact.code]
    response = client.get(URL, {"min_amount": "-1"})
    assert "min_amount" in response.context["filterset"].errors


def test_it_sorts_by_the_oldest_due_date(client, receptionist, building):
    recent = owing(building, "900.00", 5)
    oldest = owing(building, "100.00", 300)
    middle = owing(building, "500.00", 60)
    client.force_login(receptionist)
    assert listed(client.get(URL)) == [recent.code, middle.code, oldest.code]
    assert listed(client.get(URL, {"sort": "oldest"})) == [oldest.code, middle.code, recent.code]


@pytest.mark.parametrize(
    "days, bucket",
    [
        (0, "0-30"),
        (30, "0-30"),
        (31, "31-90"),
        (90, "31-90"),
        (91, "91-180"),
        (180, "91-180"),
        (181, "180+"),
        (2000, "180+"),
    ],
)
def test_it_puts_units_in_age_buckets_by_the_oldest_due_date(estate, building, days, bucket):
    unit = owing(building, "100.00", days, today=TODAY)
    owing(building, "100.00", -1, today=TODAY)  # due tomorrow: not in arrears yet
    listing = arrears.ArrearsFilter(None, estates=[estate], as_of=TODAY)
    (row,) = arrears.arrears_page(listing).rows
    assert (row.unit_id, row.days_overdue, row.bucket.key) == (unit.pk, days, bucket)
    for key, _label in arrears.BUCKET_CHOICES:
        filtered = arrears.ArrearsFilter({"age": key}, estates=[estate], as_of=TODAY)
        expected = [unit.pk] if key == bucket else []
        assert [r.unit_id for r in arrears.arrears_page(filtered).rows] == expected, key


@pytest.mark.parametrize("sort", ["amount", "oldest"])
def test_it_pages_through_every_unit_once_in_order(estate, building, sort):
    # Ties on the sort key (same amount, same date) are broken by the unit id.
    units = [
        owing(building, ("100.00", "250.50", "100.00")[i % 3], (10, 10, 40, 200)[i % 4], owner="")
        for i in range(20)
    ]
    listing = arrears.ArrearsFilter({"sort": sort}, estates=[estate], as_of=timezone.localdate())
    seen, cursor = [], ""
    while True:
        page = arrears.arrears_page(listing, cursor=cursor, size=7)
        seen += page.rows
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == len(units) and {r.unit_id for r in seen} == {u.pk for u in units}
    if sort == "amount":
        keys = [(-r.total, r.unit_id) for r in seen]
    else:
        keys = [(r.oldest_due, r.unit_id) for r in seen]
    assert keys == sorted(keys)


def test_it_links_to_the_next_page_with_the_filters(client, receptionist, building, monkeypatch):
    monkeypatch.setattr(arrears, "PAGE_SIZE", 2)
    units = [owing(building, f"{100 + i}.00", 5) for i in range(5)]
    client.force_login(receptionist)
    first = client.get(URL, {"min_amount": "101"})
    assert listed(first) == [units[4].code, units[3].code]
    cursor = first.context["page"].next_cursor
    assert f"min_amount=101&amp;after={cursor}" in first.content.decode()
    second = client.get(URL, {"min_amount": "101", "after": cursor})
    assert listed(second) == [units[2].code, units[1].code]
    assert not second.context["page"].next_cursor  # unit 0 owes less than 101
    assert second.context["page"].first is False
    # A cursor that makes no sense starts again from the top.
    assert listed(client.get(URL, {"after": "x~y"})) == [units[4].code, units[3].code]


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_it_keeps_the_query_count_constant(
    client, receptionist, building, estate, source, monkeypatch
):
    def rebuilt():
        # the summary as the daily task leaves it, outside the counted requests
        if source == "summary":
            services.arrears_snapshot_build(estate_id=estate.pk)

    monkeypatch.setattr(arrears, "arrears_queryset", ARREARS_QUERYSET)
    client.force_login(receptionist)
    owing(building, "100.00", 5)
    rebuilt()
    one = _queries(client, URL)
    for i in range(29):
        owing(BuildingFactory(estate=estate, number=str(10 + i)), f"{200 + i}.00", 40)
    rebuilt()
    assert len(client.get(URL).context["page"].rows) == 30
    thirty = _queries(client, URL)
    filtered = _queries(client, URL, building="1", age="0-30", min_amount="1", sort="oldest")
    assert one == thirty == filtered
    assert thirty <= 12


def test_it_exports_the_filtered_list_to_excel(client, cashier, estate, building):
    first = owing(building, "120.50", 5, owner="王芳")
    other = owing(BuildingFactory(estate=estate, number="2"), "200.00", 5)
    client.force_login(cashier)
    response = client.get(reverse("fees:arrears-export"), {"building": "1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    codes = [row[2] for row in values[2:]]
    assert codes == [first.code] and other.code not in codes
    assert values[2][3] == "王芳" and Decimal(str(values[2][4])) == Decimal("120.50")


def test_it_caps_the_export_with_a_note(client, cashier, building, monkeypatch):
    monkeypatch.setattr(arrears, "EXPORT_CAP", 2)
    for i in range(3):
        owing(building, f"{100 + i}.00", 5)
    client.force_login(cashier)
    response = client.get(reverse("fees:arrears-export"))
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "Only the first 2 units" in values[1][0]
    assert len(values) == 3 + 2


def test_it_keeps_the_export_to_the_users_estates(client, outsider, building):
    owing(building, "100.00", 5)
    client.force_login(outsider)
    response = client.get(reverse("fees:arrears-export"))
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(values) == 2  # the title and the header


@pytest.mark.parametrize("name", ["fees:arrears", "fees:arrears-totals", "fees:arrears-export"])
def test_it_refuses_users_without_a_desk_role(client, technician, name):
    client.force_login(technician)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("who", ["receptionist", "supervisor", "cashier", "director"])
def test_it_lets_the_desk_roles_see_the_list(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("name", ["fees:arrears", "fees:arrears-totals", "fees:arrears-export"])
def test_it_refuses_a_post(client, receptionist, name):
    client.force_login(receptionist)
    assert client.post(reverse(name)).status_code == 405


def test_it_sends_anonymous_users_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
