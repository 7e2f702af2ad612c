import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fees import selectors, services, tasks
from fees.models import CollectionAttempt
from fees.services import collection_attempt_record
from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.models import Notification
from owners.models import Unit
from tests.factories import BuildingFactory, UnitFactory, property_fee, staff
from tests.factories.fees import ChargeFactory

MAY = datetime.date(2026, 5, 1)
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LIST = reverse("fees:collection-list")
PANEL = reverse("today-panel", args=["fees-follow-ups"])


@pytest.fixture(autouse=True)
def _today_stays_today(monkeypatch):
    """The module's TODAY stays the app's today while a test runs, across local midnight."""
    real = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, *args: TODAY if value is None else real(value)
    )


def add_url(unit) -> str:
    return reverse("fees:collection-add", args=[unit.pk])


@pytest.fixture
def unit(estate):
    """A unit owing May's property fee (250.00)."""
    unit = UnitFactory(
        building=BuildingFactory(estate=estate),
        code="3-2-1201",
        area=Decimal("100.00"),
        status=Unit.Status.OCCUPIED,
    )
    property_fee(estate, rate="2.50")
    services.billing_run(estate_id=estate.pk, period=MAY)
    return unit


def visit(**changes) -> dict:
    """A door-to-door visit where the owner promised to pay next week."""
    data = {
        "channel": "door",
        "identity_shown": "on",
        "contact_name": "王喆",
        "owner_questions": "电梯什么时候修好？",
        "answered_on_spot": "on",
        "contact_left": "",
        "outcome": "promised",
        "promised_on": (TODAY + 7 * DAY).isoformat(),
        "next_follow_up": (TODAY + 8 * DAY).isoformat(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def attempt(unit, user, *, due, days_ago=1, outcome="refused"):
    """An attempt recorded ``days_ago`` with its follow-up on ``due`` (may be in the past),
    about a unit that owes (a charge fallen due a month ago, unless it owes already)."""
    if not selectors.arrears_for_unit(unit, as_of=TODAY):
        ChargeFactory(unit=unit, amount=Decimal("80.30"), due_date=TODAY - 30 * DAY)
    return CollectionAttempt.objects.create(
        unit=unit,
        channel="phone",
        contact_name="业主",
        identity_shown=True,
        outcome=outcome,
        contacted_at=timezone.now() - datetime.timedelta(days=days_ago),
        next_follow_up=due,
        recorded_by=user,
    )


# Recording an attempt


def test_it_records_a_visit_with_the_arrears_at_the_time(client, receptionist, unit):
    client.force_login(receptionist)

    response = client.post(add_url(unit), visit())

    assert response.status_code == 302
    assert response["Location"] == reverse("owners:unit-detail", args=[unit.pk])
    saved = CollectionAttempt.objects.get()
    assert (saved.unit, saved.recorded_by, saved.outcome, saved.arrears_amount) == (
        unit,
        receptionist,
        "promised",
        Decimal("250.00"),
    )
    assert (saved.promised_on, saved.next_follow_up) == (TODAY + 7 * DAY, TODAY + 8 * DAY)
    assert saved.history.get().history_user == receptionist


def test_it_reminds_staff_not_to_make_promises(client, receptionist, unit):
    client.force_login(receptionist)

    response = client.get(add_url(unit))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="no-promises"' in html
    assert "Do not make promises on behalf of the company." in html
    assert "250.00" in html  # the arrears being collected


def test_it_goes_back_to_the_follow_up_list_it_came_from(client, receptionist, unit):
    client.force_login(receptionist)

    response = client.post(add_url(unit), visit(next=LIST))
    assert response["Location"] == LIST

    response = client.post(add_url(unit), visit(next="https://evil.example/"))
    assert response["Location"] == reverse("owners:unit-detail", args=[unit.pk])


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"promised_on": ""}, "promised_on", "Enter the date the owner promised to pay."),
        (
            {"promised_on": (TODAY - DAY).isoformat()},
            "promised_on",
            "The promised payment date cannot be in the past.",
        ),
        (
            {"next_follow_up": (TODAY - DAY).isoformat()},
            "next_follow_up",
            "The next follow-up cannot be in the past.",
        ),
        (
            {"channel": "phone", "contact_name": " "},
            "contact_name",
            "Name the person you spoke with on the phone.",
        ),
        (
            {"identity_shown": None},
            "identity_shown",
            "Show your identity and state the purpose before asking for payment.",
        ),
        (
            {"answered_on_spot": None},
            "contact_left",
            "Answer the owner's questions on the spot, or leave a contact for the reply.",
        ),
        ({"outcome": "maybe"}, "outcome", "Select a valid choice."),
        ({"next_follow_up": "next week"}, "next_follow_up", "Enter a valid date."),
    ],
)
def test_it_refuses_an_incomplete_record_and_saves_nothing(
    client, receptionist, unit, changes, field, message
):
    client.force_login(receptionist)

    response = client.post(add_url(unit), visit(**changes))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not CollectionAttempt.objects.exists()


def test_it_records_an_unanswered_call_without_a_name(client, receptionist, unit):
    client.force_login(receptionist)
    data = visit(
        channel="phone",
        contact_name="",
        identity_shown=None,
        owner_questions="",
        outcome="unreachable",
        promised_on="",
        next_follow_up=(TODAY + DAY).isoformat(),
    )

    assert client.post(add_url(unit), data).status_code == 302
    assert CollectionAttempt.objects.get().outcome == "unreachable"


def test_it_accepts_a_question_left_for_a_reply_by_contact(client, receptionist, unit):
    client.force_login(receptionist)
    data = visit(answered_on_spot=None, contact_left="王先生 139 1234 5678")

    assert client.post(add_url(unit), data).status_code == 302
    assert CollectionAttempt.objects.get().contact_left == "王先生 139 1234 5678"


@pytest.mark.parametrize(
    "role", [roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR, roles.DIRECTOR]
)
def test_it_lets_desk_roles_record_attempts(client, estate, unit, role):
    client.force_login(staff(estates=[estate], roles=[role]))
    assert client.get(add_url(unit)).status_code == 200
    assert client.post(add_url(unit), visit()).status_code == 302


@pytest.mark.parametrize("role", [roles.TECHNICIAN, roles.SECURITY_GUARD, roles.DEPARTMENT_HEAD])
def test_it_forbids_other_roles(client, estate, unit, role):
    client.force_login(staff(estates=[estate], roles=[role]))
    assert client.get(add_url(unit)).status_code == 403
    assert client.post(add_url(unit), visit()).status_code == 403
    assert client.get(LIST).status_code == 403
    assert not CollectionAttempt.objects.exists()


def test_it_hides_another_estates_unit(client, outsider, unit):
    client.force_login(outsider)
    assert client.get(add_url(unit)).status_code == 404
    assert client.post(add_url(unit), visit()).status_code == 404
    assert not CollectionAttempt.objects.exists()


def test_it_refuses_other_methods(client, receptionist, unit):
    client.force_login(receptionist)
    assert client.put(add_url(unit)).status_code == 405
    assert client.post(LIST).status_code == 405


def test_it_refuses_a_record_by_a_role_without_collection_work(estate, unit):
    guard = staff(estates=[estate], roles=[roles.SECURITY_GUARD])
    with pytest.raises(DeskError) as error:
        collection_attempt_record(actor=guard, unit=unit, channel="door", outcome="unreachable")
    assert error.value.code == "forbidden"


def test_an_attempt_that_did_not_end_in_payment_needs_a_follow_up(receptionist, unit):
    for outcome in ("refused", "disputed", "unreachable"):
        with pytest.raises(DeskError) as error:
            collection_attempt_record(
                actor=receptionist,
                unit=unit,
                channel="door",
                identity_shown=True,
                outcome=outcome,
            )
        assert error.value.code == "no_follow_up"
    assert not CollectionAttempt.objects.exists()


def test_a_promise_is_followed_up_on_the_promised_day(receptionist, unit):
    promised = TODAY + 5 * DAY

    recorded = collection_attempt_record(
        actor=receptionist,
        unit=unit,
        channel="door",
        identity_shown=True,
        outcome="promised",
        promised_on=promised,
    )

    assert recorded.next_follow_up == promised


def test_the_follow_up_form_asks_for_the_date(client, receptionist, unit):
    client.force_login(receptionist)

    response = client.post(
        add_url(unit), visit(outcome="refused", promised_on="", next_follow_up="")
    )

    assert response.status_code == 400
    assert "Set the next follow-up date" in response.content.decode()
    assert not CollectionAttempt.objects.exists()


# The follow-ups due


def test_it_lists_only_the_latest_attempt_of_each_unit(client, receptionist, unit, estate):
    building = unit.building
    superseded = UnitFactory(building=building, code="3-2-1202")
    attempt(superseded, receptionist, due=TODAY - DAY, days_ago=5)
    attempt(superseded, receptionist, due=TODAY + 3 * DAY, days_ago=1)  # newer: not due yet
    due_again = UnitFactory(building=building, code="3-2-1203")
    attempt(due_again, receptionist, due=TODAY + 9 * DAY, days_ago=5)
    attempt(due_again, receptionist, due=TODAY, days_ago=1)
    attempt(unit, receptionist, due=TODAY - 2 * DAY, outcome="promised")
    client.force_login(receptionist)

    response = client.get(LIST)

    assert response.status_code == 200
    rows = list(response.context["page"].rows)
    assert [(a.unit.code, a.next_follow_up) for a in rows] == [
        ("3-2-1201", TODAY - 2 * DAY),
        ("3-2-1203", TODAY),
    ]
    assert rows[0].owed_now == Decimal("250.00")
    html = response.content.decode()
    assert reverse("fees:unit-pay", args=[unit.pk]) in html
    assert add_url(unit) in html


def test_a_recorded_attempt_brings_the_unit_back_on_its_follow_up_day(receptionist, unit):
    follow_up = TODAY + 3 * DAY
    collection_attempt_record(
        actor=receptionist,
        unit=unit,
        channel="door",
        identity_shown=True,
        outcome="refused",
        next_follow_up=follow_up,
    )

    def listed(on):
        return [a.unit for a in selectors.follow_ups_due(estate_ids=[unit.estate_id], on=on)]

    assert listed(TODAY) == [] and listed(follow_up - DAY) == []
    assert listed(follow_up) == [unit]
    assert listed(follow_up + 10 * DAY) == [unit]  # until someone follows it up


def test_a_unit_that_has_paid_drops_off_the_follow_up_list(client, receptionist, cashier, unit):
    attempt(unit, receptionist, due=TODAY)
    services.payment_take(actor=cashier, unit=unit, amount="100.00", method="cash")
    client.force_login(receptionist)

    rows = client.get(LIST).context["page"].rows
    assert [(a.unit, a.owed_now) for a in rows] == [(unit, Decimal("150.00"))]  # still owes

    services.payment_take(actor=cashier, unit=unit, amount="150.00", method="cash")
    assert list(client.get(LIST).context["page"].rows) == []
    assert selectors.due_attempts(estate_ids=None).count() == 0  # nor on the morning notice


def test_a_charge_not_yet_due_does_not_bring_a_unit_back(receptionist, cashier, unit):
    attempt(unit, receptionist, due=TODAY)
    services.payment_take(actor=cashier, unit=unit, amount="250.00", method="cash")
    ChargeFactory(unit=unit, due_date=TODAY + 5 * DAY)

    assert not selectors.follow_ups_due(estate_ids=None, on=TODAY).exists()
    assert selectors.follow_ups_due(estate_ids=None, on=TODAY + 5 * DAY).exists()


def test_it_lists_only_the_users_estates(client, receptionist, unit, other_estate):
    theirs = UnitFactory(building=BuildingFactory(estate=other_estate), code="9-9-9999")
    attempt(theirs, receptionist, due=TODAY)
    attempt(unit, receptionist, due=TODAY)
    client.force_login(receptionist)

    rows = client.get(LIST).context["page"].rows
    assert [a.unit for a in rows] == [unit]

    # a notification's link names an estate: another estate's id shows nothing of it
    rows = client.get(LIST, {"estate": other_estate.pk}).context["page"].rows
    assert [a.unit for a in rows] == [unit]


def test_it_narrows_the_list_to_the_estate_a_notification_names(client, estate, other_estate, unit):
    user = staff(estates=[estate, other_estate], roles=[roles.CS_SUPERVISOR])
    theirs = UnitFactory(building=BuildingFactory(estate=other_estate), code="9-9-9999")
    attempt(theirs, user, due=TODAY)
    attempt(unit, user, due=TODAY)
    client.force_login(user)

    assert len(client.get(LIST).context["page"].rows) == 2
    rows = client.get(LIST, {"estate": other_estate.pk}).context["page"].rows
    assert [a.unit for a in rows] == [theirs]


def test_it_lists_with_the_same_number_of_queries_for_1_and_50_rows(
    client, receptionist, unit, django_assert_max_num_queries
):
    attempt(unit, receptionist, due=TODAY)
    client.force_login(receptionist)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one_row:
        client.get(LIST)

    for n in range(49):
        other = UnitFactory(building=unit.building, code=f"5-1-{n:04d}")
        attempt(other, receptionist, due=TODAY - DAY)

    with django_assert_max_num_queries(len(one_row)):
        response = client.get(LIST)
    assert len(response.context["page"].rows) == 50


# The today panel


def test_it_shows_a_due_follow_up_on_the_today_panel(client, receptionist, unit):
    attempt(unit, receptionist, due=TODAY)
    client.force_login(receptionist)
    assert PANEL in client.get("/").content.decode()

    html = client.get(PANEL).content.decode()

    assert 'data-testid="panel-fees-follow-ups"' in html
    assert "Collection follow-ups due" in html and "3-2-1201" in html
    assert add_url(unit) in html


def test_it_keeps_the_panel_from_roles_without_collection_work(client, estate, unit):
    client.force_login(staff(estates=[estate], roles=[roles.SECURITY_GUARD]))
    assert PANEL not in client.get("/").content.decode()
    assert client.get(PANEL).status_code == 403


def test_it_fills_the_panel_with_the_same_number_of_queries_for_1_and_20_due(
    client, receptionist, unit, django_assert_max_num_queries
):
    attempt(unit, receptionist, due=TODAY)
    client.force_login(receptionist)
    client.get(PANEL)
    with CaptureQueriesContext(connection) as one_due:
        client.get(PANEL)
    for n in range(19):
        attempt(UnitFactory(building=unit.building, code=f"5-1-{n:04d}"), receptionist, due=TODAY)

    with django_assert_max_num_queries(len(one_due)):
        html = client.get(PANEL).content.decode()
    assert "See all 20 follow-ups" in html


# The daily sweep


def test_it_notifies_each_estates_supervisors_once_a_day(
    estate, other_estate, supervisor, receptionist, unit, monkeypatch
):
    their_supervisor = staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR])
    theirs = UnitFactory(building=BuildingFactory(estate=other_estate), code="9-9-9999")
    attempt(unit, receptionist, due=TODAY)
    attempt(theirs, receptionist, due=TODAY - DAY)
    not_due = UnitFactory(building=unit.building, code="3-2-1209")
    attempt(not_due, receptionist, due=TODAY + DAY)

    assert tasks.collection_follow_ups_sweep() == 2
    assert tasks.collection_follow_ups_sweep() == 0  # the same day: nothing twice

    mine = Notification.objects.get(user=supervisor)
    assert mine.title == f"{estate.name}: 1 collection follow-up due"
    assert "3-2-1201" in mine.body and "3-2-1209" not in mine.body
    assert mine.url.startswith(LIST) and f"estate={estate.pk}" in mine.url
    assert "9-9-9999" in Notification.objects.get(user=their_supervisor).body
    assert not Notification.objects.filter(user=receptionist).exists()

    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY + DAY)
    assert tasks.collection_follow_ups_sweep() == 2  # the next day: due again (and one more)
    tomorrow = Notification.objects.get(user=supervisor, url__contains=(TODAY + DAY).isoformat())
    assert "3-2-1201" in tomorrow.body and "3-2-1209" in tomorrow.body


def test_it_sends_nothing_when_no_follow_up_is_due(supervisor, receptionist, unit):
    attempt(unit, receptionist, due=TODAY + DAY)
    assert tasks.collection_follow_ups_sweep() == 0
    assert not Notification.objects.exists()


def test_it_walks_the_follow_ups_page_by_page_each_once_in_order(client, receptionist, unit):
    for n in range(5):
        other = UnitFactory(building=unit.building, code=f"5-1-{n:04d}")
        attempt(other, receptionist, due=TODAY - DAY * (n % 2))
    client.force_login(receptionist)
    due = selectors.follow_ups_due(estate_ids=None, on=TODAY)
    seen, cursor = [], ""
    while True:
        page = selectors.follow_up_page(due, cursor=cursor, size=2)
        seen += [row.pk for row in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == list(due.values_list("pk", flat=True))
    assert len(seen) == 5

    second = client.get(LIST, {"after": selectors.follow_up_page(due, size=2).next_cursor})
    assert second.status_code == 200 and 'data-testid="first-page"' in second.content.decode()
    assert client.get(LIST, {"after": "junk~x"}).status_code == 200
