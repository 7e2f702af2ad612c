"""One masking rule on every printed document: a phone prints as ``139****5678``, an ID number
as ``110105********0012`` (``owners/templatetags/personal.py``), whoever prints it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from checkin.pdf.custody import render_agreement
from checkin.pdf.movein import render_registration
from frontdesk import roles
from tests.factories import OwnerFactory, OwnershipFactory, ResidentFactory, UnitFactory, staff
from tests.factories.checkin import CustodyFactory, MoveInCaseFactory
from tests.factories.workorders import WorkOrderFactory
from workorders.pdf import render_order

from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db

OWNER_ID = "110105198506010012"
PHONES = {"owner": "13912345678", "phone2": "13787654321", "resident": "13511112222"}


@pytest.fixture
def household(estate):
    unit = UnitFactory(building__estate=estate)
    owner = OwnerFactory(
        estate=estate,
        id_number=OWNER_ID,
        phone=PHONES["owner"],
        phone2=PHONES["phone2"],
        emergency_phone="13600001111",
    )
    OwnershipFactory(unit=unit, owner=owner)
    ResidentFactory(unit=unit, phone=PHONES["resident"])
    return unit, owner


def _assert_masked(text: str, *phones: str) -> None:
    for phone in phones:
        assert phone not in text
        assert f"{phone[:3]}****{phone[-4:]}" in text
    assert OWNER_ID not in text


def test_the_dossiers_household_registration_masks_phones(client, estate, household, tmp_path):
    unit, _ = household
    client.force_login(staff(estates=[estate], roles=[roles.RECEPTIONIST]))
    response = client.get(reverse("owners:registration-pdf", args=[unit.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    _assert_masked(text, PHONES["owner"], PHONES["resident"])
    assert "110105********0012" in text


def test_the_move_in_registration_masks_phones_and_ids(household, tmp_path):
    unit, owner = household
    case = MoveInCaseFactory(unit=unit, owner=owner)
    text = pdf_text(render_registration(case), tmp_path)
    _assert_masked(text, PHONES["owner"], PHONES["phone2"], "13600001111", PHONES["resident"])


def test_the_custody_agreement_masks_the_phone(household, tmp_path):
    unit, owner = household
    text = pdf_text(render_agreement(CustodyFactory(unit=unit, owner=owner)), tmp_path)
    _assert_masked(text, PHONES["owner"])


def test_a_printed_work_order_masks_the_reporters_phone(estate, tmp_path):
    order = WorkOrderFactory(estate=estate, reporter_phone="13912345678")
    _assert_masked(pdf_text(render_order(order), tmp_path), "13912345678")


PERSONAL = re.compile(r"{{[^}]*(phone|id_number)[^}]*}}")
# The office's own phone is not personal; nor is the contractor's site manager's, printed on
# the permit posted on the door so that neighbours can call about the works.
NOT_PERSONAL = ("estate.phone", "renovation.site_manager_phone")


def test_every_pdf_template_prints_phones_and_ids_through_the_mask():
    """A new printed form follows the rule too: any phone or ID number it prints goes
    through ``masked_phone`` / ``masked_id``."""
    templates = Path(settings.BASE_DIR, "templates").glob("*/pdf/*.html")
    unmasked = [
        f"{path.name}: {match.group(0)}"
        for path in templates
        for match in PERSONAL.finditer(path.read_text())
        if "|masked_" not in match.group(0) and not any(ok in match.group(0) for ok in NOT_PERSONAL)
    ]
    assert unmasked == []
