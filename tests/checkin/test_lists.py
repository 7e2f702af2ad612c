"""The move-in and custody lists are cut in keyset pages: walking the pages by their
``after`` cursor gives every row once, in the list's order, whatever the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from checkin.selectors.custody import custody_list, custody_page
from checkin.selectors.movein import movein_list, movein_page
from tests.factories import UnitFactory
from tests.factories.checkin import CustodyFactory, InspectionFactory, MoveInCaseFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 15)


def walk(page_of) -> list[int]:
    """The ids of every page, following the cursors."""
    ids, cursor = [], ""
    while True:
        page = page_of(cursor)
        ids += [row.pk for row in page.rows]
        if not page.next_cursor:
            return ids
        cursor = page.next_cursor


@pytest.fixture
def custodies(estate):
    """Houses with two, one and no overdue inspections, next ones due or none, some started
    the same day (the id breaks the tie)."""
    rows = []
    for n, (overdue, due_in) in enumerate(
        [(2, 3), (1, 3), (1, None), (0, 1), (0, 3), (0, 3), (0, None), (0, None), (1, 1)]
    ):
        custody = CustodyFactory(
            unit__building__estate=estate, start_date=datetime.date(2026, 3, 2 + n % 3)
        )
        for days in range(overdue):
            InspectionFactory(custody=custody, due_date=TODAY - datetime.timedelta(days=days + 1))
        if due_in is not None:
            InspectionFactory(custody=custody, due_date=TODAY + datetime.timedelta(days=due_in))
        rows.append(custody)
    return rows


@pytest.mark.parametrize("size", [1, 2, 4, 50])
def test_it_walks_the_custody_pages_in_the_lists_order(estate, custodies, size):
    ids = frozenset([estate.pk])
    ordered = [c.pk for c in custody_list(estate_ids=ids, state="all", today=TODAY)]
    assert len(ordered) == len(custodies)
    pages = walk(
        lambda cursor: custody_page(
            estate_ids=ids, state="all", today=TODAY, cursor=cursor, size=size
        )
    )
    assert pages == ordered


def test_it_orders_custody_by_overdue_then_next_due_with_none_due_last(estate, custodies):
    rows = list(custody_list(estate_ids=None, state="all", today=TODAY))
    assert [row.overdue for row in rows] == [2, 1, 1, 1, 0, 0, 0, 0, 0]
    assert rows[-1].next_due is None and rows[-2].next_due is None


@pytest.mark.parametrize("size", [1, 3, 50])
def test_it_walks_the_move_in_pages_newest_first(estate, size):
    now = timezone.now()
    for n in range(5):
        # two cases opened at the same moment: the id breaks the tie
        MoveInCaseFactory(
            unit=UnitFactory(building__estate=estate),
            opened_at=now - datetime.timedelta(hours=n // 2),
        )
    ordered = [case.pk for case in movein_list(estate_ids=None, state="all")]
    pages = walk(lambda cursor: movein_page(estate_ids=None, state="all", cursor=cursor, size=size))
    assert pages == ordered


def test_a_bad_cursor_starts_from_the_top(estate, custodies):
    first = custody_page(estate_ids=None, state="all", today=TODAY, size=3)
    for cursor in ("x", "1~2~3", "a~~2026-03-02~1"):
        page = custody_page(estate_ids=None, state="all", today=TODAY, cursor=cursor, size=3)
        assert [row.pk for row in page.rows] == [row.pk for row in first.rows]
    assert movein_page(estate_ids=None, state="all", cursor="nonsense~x").first is False


def test_the_list_pages_follow_the_cursor(client, receptionist, estate, custodies):
    today = timezone.localdate()
    first = custody_page(estate_ids=None, state="active", today=today, size=4)
    client.force_login(receptionist)
    response = client.get(reverse("checkin:custody-list"), {"after": first.next_cursor})
    assert response.status_code == 200
    assert response.content.count(b'data-testid="custody"') == len(custodies) - 4
    assert b'data-testid="first-page"' in response.content
    assert b'data-testid="next-page"' not in response.content
    # the count is of the whole list, not of the page
    assert f">{len(custodies)}</span>".encode() in response.content
