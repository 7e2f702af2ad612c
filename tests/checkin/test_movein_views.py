"""The move-in pages: opening, each step's form, refusals on the page, scoping, roles, and a
constant number of queries on the case page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from checkin import services
from checkin.models import Agreement, HandoverLine, MoveInCase
from checkin.selectors.movein import case_checklist
from checkin.services import Readings
from fees.models import Charge
from owners.models import Document, Resident, Unit, Vehicle
from tests.factories import property_fee

from .helpers import HANDED, book, checked, fake_pdf, full_checklist, png, start

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"checkin:{name}", args=args)


@pytest.fixture
def vacant(unit):
    Unit.objects.filter(pk=unit.pk).update(status=Unit.Status.UNOCCUPIED)
    unit.refresh_from_db()
    return unit


@pytest.fixture
def case(receptionist, vacant, owner):
    return services.movein_open(actor=receptionist, unit=vacant, owner=owner, handler="owner")


def test_the_desk_opens_a_move_in_from_the_unit_code(client, receptionist, vacant, owner):
    client.force_login(receptionist)
    response = client.get(url("movein-list"), {"unit": vacant.code})
    assert response["Location"] == url("movein-new", vacant.pk)
    response = client.post(url("movein-new", vacant.pk), {"owner": owner.pk, "handler": "agent"})
    case = MoveInCase.objects.get()
    assert response["Location"] == url("movein-detail", case.pk)
    assert case.handler == "agent"
    page = client.get(url("movein-detail", case.pk))
    assert page.status_code == 200
    assert "Power of attorney" in page.content.decode()
    # the unit's page then resumes it instead of opening a second one
    assert client.get(url("movein-new", vacant.pk))["Location"] == url("movein-detail", case.pk)


def test_an_unknown_unit_code_is_said(client, receptionist):
    client.force_login(receptionist)
    response = client.get(url("movein-list"), {"unit": "9-9-9999"})
    assert response.status_code == 200
    assert "No unit 9-9-9999" in response.content.decode()


def test_a_company_purchase_of_a_person_is_refused_on_the_form(client, receptionist, vacant, owner):
    client.force_login(receptionist)
    response = client.post(
        url("movein-new", vacant.pk), {"owner": owner.pk, "handler": "company", "handler_name": "x"}
    )
    assert response.status_code == 400
    assert "needs a company owner" in response.content.decode()
    assert not MoveInCase.objects.exists()


def test_other_estates_and_roles_are_kept_out(client, case, outsider, technician, cashier):
    client.force_login(outsider)
    assert client.get(url("movein-detail", case.pk)).status_code == 404
    assert client.post(url("movein-fee", case.pk)).status_code == 404
    client.force_login(technician)
    # A technician sees no move-in page (DESIGN §1: no scans, no dossier).
    assert client.get(url("movein-detail", case.pk)).status_code == 403
    assert client.post(url("movein-fee", case.pk)).status_code == 403
    client.force_login(cashier)
    assert client.get(url("movein-detail", case.pk)).status_code == 403


def test_documents_are_archived_from_the_page(client, receptionist, case):
    client.force_login(receptionist)
    response = client.post(
        url("movein-document", case.pk), {"kind": Document.Kind.ID_COPY, "scan": png("id.png")}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.kind, document.source) == (Document.Kind.ID_COPY, case)
    refused = client.post(
        url("movein-document", case.pk),
        {"kind": Document.Kind.OCCUPANCY_NOTICE, "scan": fake_pdf("x.png")},
    )
    assert refused.status_code == 302 or "PDF" in refused.content.decode()
    missing = client.post(url("movein-document", case.pk), {"kind": Document.Kind.SALES_CONTRACT})
    assert missing.status_code == 400
    assert "original sighted" in missing.content.decode()


def test_only_a_supervisor_waives(client, receptionist, supervisor, case):
    data = {"waiver-kind": Document.Kind.SALES_CONTRACT, "waiver-reason": "开发商尚未发放"}
    client.force_login(receptionist)
    assert client.post(url("movein-waive", case.pk), data).status_code == 403
    client.force_login(supervisor)
    assert (
        client.post(url("movein-waive", case.pk), {**data, "waiver-reason": ""}).status_code == 400
    )
    assert client.post(url("movein-waive", case.pk), data).status_code == 302
    assert case.waivers.get().reason == "开发商尚未发放"


def test_the_registration_writes_residents_and_vehicles(client, receptionist, case, owner):
    client.force_login(receptionist)
    assert client.get(url("movein-registration", case.pk)).status_code == 200
    form = {
        "owner-phone": owner.phone,
        "owner-emergency_contact": "张三",
        "owner-emergency_phone": "13900001111",
        "residents-TOTAL_FORMS": "2",
        "residents-INITIAL_FORMS": "0",
        "residents-0-name": "李梅",
        "residents-0-kind": "family",
        "residents-0-relation": "配偶",
        "residents-0-id_type": "resident_id",
        "residents-1-kind": "family",  # an empty row, as the browser posts it
        "residents-1-id_type": "resident_id",
        "vehicles-TOTAL_FORMS": "1",
        "vehicles-INITIAL_FORMS": "0",
        "vehicles-0-plate": "粤b 12345",
    }
    response = client.post(url("movein-registration", case.pk), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    owner.refresh_from_db()
    assert owner.emergency_contact == "张三"
    assert Resident.objects.get(unit=case.unit).name == "李梅"
    assert Vehicle.objects.get(unit=case.unit).plate == "粤B12345"
    case.refresh_from_db()
    assert case.registered_at is not None


def test_a_bad_phone_in_the_registration_changes_nothing(client, receptionist, case, owner):
    client.force_login(receptionist)
    form = {
        "owner-phone": owner.phone,
        "owner-emergency_phone": "12",
        "residents-TOTAL_FORMS": "0",
        "residents-INITIAL_FORMS": "0",
        "vehicles-TOTAL_FORMS": "0",
        "vehicles-INITIAL_FORMS": "0",
    }
    assert client.post(url("movein-registration", case.pk), form).status_code == 400
    case.refresh_from_db()
    assert case.registered_at is None


def test_the_handover_needs_the_keys(client, receptionist, case):
    client.force_login(receptionist)
    refused = client.post(
        url("movein-handover", case.pk),
        {"quantity_0": "0", "note_0": "", "quantity_1": "1", "quantity_2": "1"},
    )
    assert refused.status_code == 400
    assert not HandoverLine.objects.exists()
    done = client.post(
        url("movein-handover", case.pk),
        {"quantity_0": "3", "note_0": "入户门×2 信箱×1", "quantity_1": "1", "quantity_2": "1"},
    )
    assert done.status_code == 302
    assert HandoverLine.objects.filter(case=case).count() == 3


def test_the_fee_is_charged_and_sent_to_the_payment_page(client, supervisor, case, estate):
    property_fee(estate)
    client.force_login(supervisor)  # a supervisor takes payments too
    response = client.post(url("movein-fee", case.pk))
    pay = reverse("fees:unit-pay", args=[case.unit_id])
    # The pay page is told which charges are the move-in's: those are the ones to take.
    ids = ",".join(str(pk) for pk in Charge.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids.split(",")) == 3
    assert response["Location"] == f"{pay}?charges={ids}&next=%2Fcheckin%2Fmove-in%2F{case.pk}%2F"
    page = client.get(url("movein-detail", case.pk)).content.decode()
    assert f'href="{pay}?charges={ids}&amp;next=' in page
    again = client.post(url("movein-fee", case.pk))
    assert again.status_code == 400
    assert "already charged" in again.content.decode()


def test_the_acceptance_page_records_defects_as_orders(client, receptionist, case):
    client.force_login(receptionist)
    rows = case_checklist(case)
    form = {"inspector": "李工", "present": "张伟", "water": "1", "electricity": "2", "gas": "0.5"}
    for index in range(len(rows)):
        form[f"category_{index}"] = "civil"
        form[f"defect_{index}"] = "ok"
    form.update({"defect_0": "defect", "note_0": "门锁卡滞", "photo_0": png()})
    assert client.get(url("movein-acceptance", case.pk)).status_code == 200
    response = client.post(url("movein-acceptance", case.pk), form)
    assert response.status_code == 302
    item = case.acceptance_items.get(defect=True)
    assert item.work_order_id is not None


def test_a_defect_without_a_note_is_refused_on_the_page(client, receptionist, case):
    client.force_login(receptionist)
    rows = case_checklist(case)
    form = {"inspector": "李工", "present": "张伟", "water": "1", "electricity": "2", "gas": "0.5"}
    for index in range(len(rows)):
        form[f"category_{index}"] = "civil"
        form[f"defect_{index}"] = "ok"
    form["defect_1"] = "defect"
    response = client.post(url("movein-acceptance", case.pk), form)
    assert response.status_code == 400
    assert "describe the defect" in response.content.decode()
    assert not case.acceptance_items.exists()


def test_a_receptionist_charges_and_the_cashier_takes_the_payment(
    client, receptionist, case, estate
):
    property_fee(estate)
    client.force_login(receptionist)
    response = client.post(url("movein-fee", case.pk), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url("movein-detail", case.pk)
    assert "the cashier takes the payment" in page
    assert 'data-testid="take-payment"' not in page
    assert len(response.context["progress"].charges) == 3


def test_completing_too_early_says_what_is_missing(client, receptionist, case):
    client.force_login(receptionist)
    response = client.post(
        url("movein-complete", case.pk), {"move_in_date": "2026-01-05", "unit_status": "occupied"}
    )
    assert response.status_code == 400
    assert "Owner&#x27;s ID card" in response.content.decode()
    case.refresh_from_db()
    assert case.status == MoveInCase.Status.OPEN


def _busy_case(receptionist, case, estate, defects: int):
    """A case with papers, agreements, a handover and ``defects`` defects."""
    property_fee(estate)
    for n in range(3):
        Agreement.objects.create(estate=estate, title=f"协议{n}")
    for kind in (Document.Kind.ID_COPY, Document.Kind.OCCUPANCY_NOTICE):
        services.document_receive(actor=receptionist, case=case, kind=kind, original_sighted=True)
    services.agreements_sign(actor=receptionist, case=case, agreements=Agreement.objects.all())
    services.handover_record(actor=receptionist, case=case, lines=HANDED)
    services.fee_charge(actor=receptionist, case=case)
    items = [
        services.Checked(room, item, defect=n < defects, note="问题" if n < defects else "")
        for n, (room, item) in enumerate(case_checklist(case))
    ]
    services.acceptance_record(
        actor=receptionist,
        case=case,
        inspector="李工",
        present="张伟",
        items=items,
        readings=Readings(Decimal("1"), Decimal("1"), Decimal("1")),
    )


@pytest.mark.parametrize("defects", [1, 6])
def test_the_case_page_reads_a_fixed_number_of_queries(
    client, receptionist, case, estate, defects, django_assert_max_num_queries
):
    _busy_case(receptionist, case, estate, defects)
    client.force_login(receptionist)
    with django_assert_max_num_queries(23):
        response = client.get(url("movein-detail", case.pk))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="defect"') == defects


def test_the_desk_shows_waiting_re_inspections_and_the_dossier_section(
    client, receptionist, case, estate
):
    _busy_case(receptionist, case, estate, 1)
    client.force_login(receptionist)
    dossier = client.get(reverse("owners:unit-section", args=[case.unit_id, "movein"]))
    assert 'data-testid="resume-movein"' in dossier.content.decode()
    assert (
        'data-testid="panel-checkin-reinspections-slot"'
        in client.get(reverse("home")).content.decode()
    )
    panel = client.get(reverse("today-panel", args=["checkin-reinspections"]))
    assert "No move-in waits for a re-inspection" in panel.content.decode()
    waiting = client.get(url("movein-list"), {"state": "reinspection"})
    assert f'data-unit="{case.unit.code}"' not in waiting.content.decode()  # nothing verified


def test_booking_a_re_inspection_with_nothing_verified_is_refused(
    client, receptionist, case, estate
):
    _busy_case(receptionist, case, estate, 1)
    client.force_login(receptionist)
    at = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url("movein-reinspection", case.pk), {"at": at, "accompanied_by": "李工"}
    )
    assert response.status_code == 400
    assert "has not verified" in response.content.decode()


def test_photos_are_shown_to_their_estate_only(
    client, receptionist, outsider, case, estate, acceptance_form
):
    from tests.factories import OwnershipFactory, UnitFactory

    house = UnitFactory(building=case.unit.building, status=Unit.Status.HANDED_OVER)
    OwnershipFactory(unit=house)
    custody = start(receptionist, house)

    services.acceptance_record(
        actor=receptionist,
        case=case,
        inspector="李工",
        present="张伟",
        items=full_checklist(
            case, services.Checked("厨房", "下水", defect=True, note="堵塞", photo=png())
        ),
        readings=Readings(Decimal("1"), Decimal("1"), Decimal("1")),
    )
    item = case.acceptance_items.get(defect=True)
    inspection = services.inspection_record(
        actor=receptionist, custody=custody, findings=checked(), photos=[png("in.png")]
    )
    photo = inspection.photos.get()
    client.force_login(receptionist)
    for name, pk in (("acceptance-photo", item.pk), ("inspection-photo", photo.pk)):
        response = client.get(url(name, pk))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
        assert response["Cache-Control"] == "private, no-store"
    page = client.get(url("movein-detail", case.pk)).content.decode()
    assert url("acceptance-photo", item.pk) in page
    assert (
        url("inspection-photo", photo.pk)
        in client.get(url("custody-detail", custody.pk)).content.decode()
    )
    client.force_login(outsider)
    assert client.get(url("acceptance-photo", item.pk)).status_code == 404
    assert client.get(url("inspection-photo", photo.pk)).status_code == 404


def test_the_registration_never_shows_a_stored_id_number(client, receptionist, case, owner):
    from tests.factories import resident_id

    number = resident_id(21)
    resident = Resident.objects.create(
        unit=case.unit, name="李梅", kind="family", id_type="resident_id", id_number=number
    )
    client.force_login(receptionist)
    page = client.get(url("movein-registration", case.pk)).content.decode()
    assert number not in page
    assert resident.id_masked in page
    form = {
        "owner-phone": owner.phone,
        "residents-TOTAL_FORMS": "1",
        "residents-INITIAL_FORMS": "1",
        "residents-0-id": str(resident.pk),
        "residents-0-unit": str(case.unit_id),
        "residents-0-name": "李梅",
        "residents-0-kind": "family",
        "residents-0-relation": "配偶",
        "residents-0-id_type": "resident_id",
        "residents-0-id_number": "",
        "vehicles-TOTAL_FORMS": "0",
        "vehicles-INITIAL_FORMS": "0",
    }
    response = client.post(url("movein-registration", case.pk), form)
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.id_number, resident.relation) == (number, "配偶")


def test_a_defect_order_links_back_to_its_move_in(client, receptionist, case, acceptance_form):
    services.acceptance_record(
        actor=receptionist,
        case=case,
        inspector="李工",
        present="张伟",
        items=full_checklist(case, services.Checked("厨房", "下水", defect=True, note="堵塞")),
        readings=Readings(Decimal("1"), Decimal("1"), Decimal("1")),
    )
    order_id = case.acceptance_items.get(defect=True).work_order_id
    client.force_login(receptionist)
    page = client.get(reverse("workorders:order-detail", args=[order_id])).content.decode()
    assert f'href="{url("movein-detail", case.pk)}" data-testid="source-link"' in page


def test_the_acceptance_page_refuses_an_item_left_unmarked(
    client, receptionist, case, acceptance_form
):
    client.force_login(receptionist)
    form = {"inspector": "李工", "present": "张伟", "water": "1", "electricity": "2", "gas": "0.5"}
    for index in range(len(case_checklist(case))):
        form[f"category_{index}"] = "civil"
        form[f"defect_{index}"] = "ok"
    del form["defect_2"]  # nobody looked at it: not "all right" by default
    page = client.get(url("movein-acceptance", case.pk)).content.decode()
    assert 'value="ok" checked' not in page and 'value="defect" checked' not in page
    response = client.post(url("movein-acceptance", case.pk), form)
    assert response.status_code == 400
    assert "Mark it all right or a defect." in response.content.decode()
    assert not case.acceptance_items.exists()


def test_the_result_form_chooses_nothing_and_names_no_signer(
    client, receptionist, case, acceptance_form, verified
):
    book(receptionist, case)
    client.force_login(receptionist)
    page = client.get(url("movein-detail", case.pk)).content.decode()
    form = page[page.index('data-testid="result-form"') :]
    form = form[: form.index("</form>")]
    assert " checked" not in form
    assert 'name="signed_by" id="id_signed_by" value=""' in form
    assert case.owner.name not in form
    drain, leak = verified
    response = client.post(url("movein-result", case.pk), {"signed_by": "张伟"})
    assert response.status_code == 400
    assert "Passed or failed?" in response.content.decode()
    response = client.post(
        url("movein-result", case.pk),
        {
            "signed_by": "张伟",
            f"failed_{drain.pk}": "passed",
            f"failed_{leak.pk}": "failed",
            f"reason_{leak.pk}": "仍渗水",
        },
    )
    assert response.status_code == 302
    drain.refresh_from_db()
    leak.refresh_from_db()
    assert (drain.status, drain.owner_signed_name, leak.status) == ("closed", "张伟", "dispatched")


def test_the_archive_step_takes_the_signed_registration_form(client, receptionist, case, owner):
    client.force_login(receptionist)
    page = client.get(url("movein-detail", case.pk)).content.decode()
    archive = page[page.index('data-testid="archive-form"') :]
    archive = archive[: archive.index("</form>")]
    assert 'value="registration_book"' in archive and 'value="agreement"' in archive
    assert 'value="id_copy"' not in archive
    data = {"kind": "registration_book", "original_sighted": "on"}
    response = client.post(url("movein-document", case.pk), data)
    assert response.status_code == 400
    assert "Fill in the household registration form first" in response.content.decode()
    services.registration_save(actor=receptionist, case=case, owner=owner)
    response = client.post(url("movein-document", case.pk), data)
    assert response.status_code == 302
    document = Document.objects.get(kind="registration_book")
    assert (document.unit_id, document.original_sighted) == (case.unit_id, True)
