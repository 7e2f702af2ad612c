"""Ending an ownership while the unit owes money: the desk is told what is owed and asked
again; confirmed, the ownership ends; a unit that owes nothing ends at once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from owners.models import Ownership, Unit
from tests.factories import BuildingFactory, OwnershipFactory, UnitFactory
from tests.fees.helpers import JAN, bill

pytestmark = pytest.mark.django_db


@pytest.fixture
def ownership(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate),
        area=Decimal("100.00"),
        status=Unit.Status.OCCUPIED,
    )
    return OwnershipFactory(unit=unit)


def _end(client, ownership, **extra):
    return client.post(
        reverse("owners:ownership-end", args=[ownership.pk]), {"on": "2026-12-01", **extra}
    )


def test_a_unit_that_owes_asks_before_its_ownership_ends(client, receptionist, estate, ownership):
    bill(estate, JAN)
    client.force_login(receptionist)

    asked = _end(client, ownership)
    ownership.refresh_from_db()
    still_open = ownership.until

    confirmed = _end(client, ownership, confirmed="1")
    ownership.refresh_from_db()

    page = asked.content.decode()
    assert asked.status_code == 200 and still_open is None
    assert 'data-testid="ownership-end-warnings"' in page and "250.00" in page
    assert 'value="2026-12-01"' in page
    assert confirmed.status_code == 302 and str(ownership.until) == "2026-12-01"


def test_a_unit_that_owes_nothing_ends_at_once(client, receptionist, ownership):
    client.force_login(receptionist)

    response = _end(client, ownership)

    assert response.status_code == 302
    assert Ownership.objects.get(pk=ownership.pk).until is not None
