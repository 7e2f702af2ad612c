"""The supervisor's Excel exports of the move-in and custody lists: the list as filtered,
their estates only, control characters and formulas made safe; the desk gets a 403."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from checkin.models import MoveInCase
from frontdesk import roles
from tests.factories import OwnerFactory, OwnershipFactory, UnitFactory, staff

from .helpers import open_case, start

pytestmark = pytest.mark.django_db


def _rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.fixture
def elsewhere(other_estate):
    """A unit of another estate with its owner."""
    unit = UnitFactory(building__estate=other_estate, code="9-1-101")
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=other_estate, name="王芳"))
    return unit


def test_the_move_in_export_lists_the_filtered_cases_of_the_estate(
    client, supervisor, receptionist, unit, owner, elsewhere
):
    case = open_case(receptionist, unit, owner)
    MoveInCase.objects.filter(pk=case.pk).update(cancel_reason="=HYPERLINK(1)\x07")
    other_desk = staff(estates=[elsewhere.building.estate], roles=[roles.RECEPTIONIST])
    open_case(other_desk, elsewhere, elsewhere.ownerships.get().owner)
    client.force_login(supervisor)

    rows = _rows(client.get(reverse("checkin:movein-export"), {"state": "open"}))
    none = _rows(client.get(reverse("checkin:movein-export"), {"state": "completed"}))

    assert len(rows) == 2 and rows[1][1] == "3-2-1201" and rows[1][2] == owner.name
    assert rows[1][13] == "=HYPERLINK(1)\ufffd"  # text, never a formula
    assert len(none) == 1  # the header alone


def test_the_custody_export_lists_the_houses_in_custody(client, supervisor, receptionist, unit):
    start(receptionist, unit)
    client.force_login(supervisor)

    active = _rows(client.get(reverse("checkin:custody-export")))
    ended = _rows(client.get(reverse("checkin:custody-export"), {"state": "ended"}))

    assert active[0][0] == "Estate" and active[1][1] == "3-2-1201" and active[1][2] == "张伟"
    assert active[1][6] == 0  # no inspection overdue
    assert len(ended) == 1


def test_the_desk_sees_no_export(client, receptionist):
    client.force_login(receptionist)

    assert client.get(reverse("checkin:movein-export")).status_code == 403
    assert client.get(reverse("checkin:custody-export")).status_code == 403
    assert 'data-testid="export"' not in client.get(reverse("checkin:movein-list")).content.decode()
