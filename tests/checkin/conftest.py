import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from checkin import services
from checkin.services import Readings
from frontdesk import roles
from owners.models import Unit
from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory, staff

START = datetime.date(2026, 3, 2)  # a Monday


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
        status=Unit.Status.HANDED_OVER,
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="张伟"))
    return unit


@pytest.fixture
def owner(unit):
    return unit.ownerships.get().owner


@pytest.fixture
def other_unit(other_estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=other_estate, number="9"),
        status=Unit.Status.HANDED_OVER,
    )
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=other_estate, name="李娜"))
    return unit


@pytest.fixture
def guard(estate):
    return staff(estates=[estate], roles=[roles.SECURITY_GUARD], username="guard")


def low(water="3.5", electricity="12", gas=None) -> Readings:
    return Readings(
        water=Decimal(water),
        electricity=Decimal(electricity),
        gas=Decimal(gas) if gas is not None else None,
    )


def start(actor, unit, start_date=START, **kwargs):
    return services.custody_start(
        actor=actor,
        unit=unit,
        owner=unit.ownerships.get().owner,
        readings=kwargs.pop("readings", low()),
        start_date=start_date,
        agreement_signed_on=start_date,
        **kwargs,
    )


@pytest.fixture
def custody(receptionist, unit):
    return start(receptionist, unit)


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def fake_pdf(name="photo.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 not an image", content_type="application/pdf")
