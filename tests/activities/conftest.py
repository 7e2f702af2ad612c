import datetime

import pytest
from django.utils import timezone

from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory
from tests.factories.activities import FacilityFactory


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
        status="occupied",
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
    return unit


@pytest.fixture
def other_unit(other_estate):
    unit = UnitFactory(building=BuildingFactory(estate=other_estate, number="9"))
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=other_estate, name="王芳"))
    return unit


@pytest.fixture
def gym(estate):
    return FacilityFactory(estate=estate, name="健身房")


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A local time ``days`` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Clock:
    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch

    def move_to(self, moment: datetime.datetime) -> None:
        self._monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def clock(monkeypatch):
    """Time stands at the moment given to ``move_to``."""
    return Clock(monkeypatch)
