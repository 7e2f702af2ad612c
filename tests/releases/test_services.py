"""The desk's writes: request, issue, the owner's confirmation, cancel; every refusal
changes nothing."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from frontdesk.errors import FORBIDDEN, OTHER_ESTATE, DeskError
from frontdesk.models import DocumentSequence
from releases import services
from releases.errors import FormUsed, ReleaseError
from releases.models import ReleaseItem, ReleaseSlip
from releases.services.desk import CODE_ALPHABET, CODE_LENGTH
from tests.factories.fees import ChargeFactory

from .helpers import ID, items, request_slip, tenant_confirmation

pytestmark = pytest.mark.django_db


def refused(code, call, *args, **kwargs):
    before = (ReleaseSlip.objects.count(), ReleaseItem.objects.count())
    with pytest.raises(DeskError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    assert (ReleaseSlip.objects.count(), ReleaseItem.objects.count()) == before
    return caught.value


def test_it_issues_an_owners_slip_at_once(receptionist, unit):
    slip = request_slip(receptionist, unit)

    assert slip.status == ReleaseSlip.Status.ISSUED
    assert slip.number == f"FX{timezone.localdate().year}-000001"
    assert len(slip.code) == CODE_LENGTH and set(slip.code) <= set(CODE_ALPHABET)
    assert slip.id_masked == ID[:6] + "*" * 8 + ID[-4:]
    assert ID not in str(list(ReleaseSlip.history.values()))  # no full number in history
    assert [(i.description, i.quantity) for i in slip.items.all()] == [("沙发", 1), ("纸箱", 12)]
    assert slip.valid_on == timezone.localdate()
    assert slip.arrears_amount == Decimal("0.00")
    assert slip.history.count() == 1


def test_it_numbers_gaplessly_and_codes_are_not_sequential(receptionist, unit):
    slips = [request_slip(receptionist, unit) for _ in range(5)]

    assert [s.number[-6:] for s in slips] == ["000001", "000002", "000003", "000004", "000005"]
    assert len({s.code for s in slips}) == 5


def test_a_tenants_slip_waits_for_the_owner_and_takes_no_number(receptionist, unit):
    slip = request_slip(receptionist, unit, relation=ReleaseSlip.Relation.TENANT)

    assert slip.status == ReleaseSlip.Status.WAITING
    assert slip.number == "" and slip.code == ""
    assert not DocumentSequence.objects.exists()


def test_the_owners_confirmation_issues_the_waiting_slip(receptionist, unit):
    slip = request_slip(receptionist, unit, relation=ReleaseSlip.Relation.TENANT)

    slip = services.slip_confirm(
        actor=receptionist,
        slip=slip,
        confirmed_by_name="张伟",
        confirm_phone="139 0000 1111",
        confirm_answer="agreed",
    )

    assert slip.status == ReleaseSlip.Status.ISSUED and slip.number.endswith("000001")
    assert (slip.confirmed_by_name, slip.confirm_phone) == ("张伟", "13900001111")
    assert slip.confirm_recorded_by == receptionist and slip.confirmed_at is not None


def test_the_owners_refusal_cancels_the_slip(receptionist, unit):
    slip = request_slip(receptionist, unit, **tenant_confirmation("refused"))

    assert slip.status == ReleaseSlip.Status.CANCELLED and slip.number == ""


def test_a_confirmation_given_with_the_request_issues_at_once(receptionist, unit):
    slip = request_slip(receptionist, unit, **tenant_confirmation())

    assert slip.status == ReleaseSlip.Status.ISSUED


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"id_number": ""}, "no_id"),
        ({"id_number": "110105198506010000"}, "invalid_id"),
        ({"items": []}, "no_items"),
        ({"items": items(("沙发", 0))}, "bad_quantity"),
        ({"items": items(("沙发", -2))}, "bad_quantity"),
        ({"plate": "ABC"}, "invalid_plate"),
        ({"requester_name": " "}, "no_name"),
        ({"relation": "cousin"}, "bad_relation"),
        ({"valid_on": datetime.date(2020, 1, 1)}, "day_in_past"),
        ({"valid_on": datetime.date.today() + datetime.timedelta(days=30)}, "day_too_far"),
        ({**tenant_confirmation(), "confirm_phone": ""}, "no_phone"),
        ({**tenant_confirmation(), "confirm_answer": "maybe"}, "no_answer"),
        # anyone's word but an owner's on file: not by name, nor by number
        (
            {**tenant_confirmation(), "confirmed_by_name": "李四", "confirm_phone": "13000000000"},
            "not_owner",
        ),
        ({"form_key": "not-a-key"}, "bad_form_key"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(receptionist, unit, extra, code):
    refused(code, request_slip, receptionist, unit, **extra)
    assert not DocumentSequence.objects.filter(last_number__gt=0).exists()


def test_arrears_block_the_slip_until_paid_or_overridden(receptionist, supervisor, unit):
    ChargeFactory(unit=unit, amount=Decimal("120.30"), due_date=datetime.date(2026, 1, 1))

    error = refused("arrears", request_slip, receptionist, unit)
    assert "120.30" in error.message
    refused("override_forbidden", request_slip, receptionist, unit, override_reason="主任同意")
    refused("arrears", request_slip, supervisor, unit, override_reason="  ")

    slip = request_slip(supervisor, unit, override_reason="业主承诺月底结清")
    assert slip.status == ReleaseSlip.Status.ISSUED
    assert slip.arrears_amount == Decimal("120.30")
    assert slip.override_by == supervisor and slip.override_reason == "业主承诺月底结清"


def test_arrears_are_checked_again_when_the_owner_confirms(receptionist, unit):
    slip = request_slip(receptionist, unit, relation=ReleaseSlip.Relation.TENANT)
    ChargeFactory(unit=unit, amount=Decimal("0.30"), due_date=datetime.date(2026, 1, 1))

    with pytest.raises(ReleaseError) as caught:
        services.slip_confirm(
            actor=receptionist,
            slip=slip,
            confirmed_by_name="张伟",
            confirm_phone="13900001111",
            confirm_answer="agreed",
        )
    assert caught.value.code == "arrears"
    slip.refresh_from_db()
    assert slip.status == ReleaseSlip.Status.WAITING and slip.confirm_answer == ""


def test_one_form_issues_one_slip(receptionist, unit):
    key = uuid.uuid4()
    first = request_slip(receptionist, unit, form_key=key)

    with pytest.raises(FormUsed) as caught:
        request_slip(receptionist, unit, form_key=key)

    assert caught.value.record == first
    assert ReleaseSlip.objects.count() == 1
    assert DocumentSequence.objects.get().last_number == 1


def test_it_refuses_another_estates_unit_and_wrong_roles(
    receptionist, outsider, technician, guard, unit
):
    assert refused(OTHER_ESTATE, request_slip, outsider, unit).code == OTHER_ESTATE
    refused(FORBIDDEN, request_slip, technician, unit)
    refused(FORBIDDEN, request_slip, guard, unit)


def test_it_cancels_with_a_reason(receptionist, outsider, unit):
    slip = request_slip(receptionist, unit)
    with pytest.raises(ReleaseError) as caught:
        services.slip_cancel(actor=receptionist, slip=slip, reason=" ")
    assert caught.value.code == "no_reason"
    with pytest.raises(DeskError) as caught:
        services.slip_cancel(actor=outsider, slip=slip, reason="x")
    assert caught.value.code == OTHER_ESTATE

    slip = services.slip_cancel(actor=receptionist, slip=slip, reason="业主改期")

    assert slip.status == ReleaseSlip.Status.CANCELLED
    with pytest.raises(ReleaseError) as caught:
        services.slip_cancel(actor=receptionist, slip=slip, reason="again")
    assert caught.value.code == "bad_status"


def test_an_item_photo_is_kept_privately_and_a_non_image_refused(receptionist, unit):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    photo = SimpleUploadedFile("sofa.png", buffer.getvalue(), content_type="image/png")
    text = SimpleUploadedFile("sofa.png", b"not an image", content_type="image/png")

    refused(
        "bad_photo", request_slip, receptionist, unit, items=[services.ItemInput("沙发", 1, text)]
    )
    slip = request_slip(receptionist, unit, items=[services.ItemInput("沙发", 1, photo)])

    item = slip.items.get()
    assert item.photo.name.startswith("releases/") and item.photo.storage.exists(item.photo.name)


def test_the_owners_number_on_file_answered_by_someone_else_of_the_house_counts(receptionist, unit):
    owner = unit.ownerships.get().owner
    owner.phone = "13812345678"
    owner.save(update_fields=["phone"])
    slip = request_slip(
        receptionist,
        unit,
        **{
            **tenant_confirmation(),
            "confirmed_by_name": "张伟的爱人",
            "confirm_phone": "138 1234 5678",
        },
    )
    assert slip.status == ReleaseSlip.Status.ISSUED
