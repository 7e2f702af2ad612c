import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from fees import notices, services
from fees.models import Charge
from frontdesk.models import Job
from owners.models import Unit
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    property_fee,
)
from tests.frontdesk.test_pdf import pdf_text

MAY = datetime.date(2026, 5, 1)

pytestmark = pytest.mark.usefixtures("printed_in_english")  # they read the English texts


@pytest.fixture
def building(estate):
    return BuildingFactory(estate=estate, number="3", name="3栋")


def billed_unit(building, owner="张伟", area="100.00"):
    unit = UnitFactory(building=building, area=Decimal(area), status=Unit.Status.OCCUPIED)
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=building.estate, name=owner))
    return unit


def bill(estate, *months):
    property_fee(estate, rate="2.50")
    for month in months:
        services.billing_run(estate_id=estate.pk, period=month)


def test_it_prints_a_units_notice_with_its_open_charges(
    client, cashier, estate, building, tmp_path
):
    unit = billed_unit(building, owner="欧阳娜娜")
    bill(estate, MAY, datetime.date(2026, 6, 1))
    services.payment_take(actor=cashier, unit=unit, amount="100", method="cash")
    client.force_login(cashier)
    response = client.get(reverse("fees:unit-notice", args=[unit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    for fact in ("丽景花园", "欧阳娜娜", unit.code, "2026-05", "2026-06", "150.00", "400.00"):
        assert fact in text, fact  # May 250 − 100 paid = 150; 150 + June 250 = 400 owed
    assert "Payment reminder" in text


def test_a_reminder_asks_only_for_what_has_fallen_due(client, cashier, estate, building, tmp_path):
    from django.utils import timezone

    from fees.services.charges import new_charge
    from tests.factories.fees import FeeTypeFactory

    unit = billed_unit(building, area="80.00")  # 200.00 a month
    bill(estate, MAY)
    due_later = timezone.localdate() + datetime.timedelta(days=20)
    new_charge(
        actor=cashier,
        estate_id=estate.pk,
        fee_type=FeeTypeFactory(estate=estate, name="维修服务费"),
        amount="120.00",
        unit=unit,
        due_date=due_later,
    )
    client.force_login(cashier)

    text = pdf_text(client.get(reverse("fees:unit-notice", args=[unit.pk])).content, tmp_path)

    assert "Payment reminder" in text and "2026-05" in text
    assert "维修服务费" not in text and str(due_later) not in text
    assert "Also billed and not yet due: ¥120.00" in text
    assert "320.00" not in text  # never asked for as one sum


def test_it_shows_the_prepaid_balance_on_the_notice(client, cashier, estate, building, tmp_path):
    unit = billed_unit(building)
    bill(estate, MAY)
    services.payment_take(actor=cashier, unit=unit, amount="300", method="cash")
    UnitFactory(building=building)  # another unit: not on this notice
    charge = Charge.objects.get(unit=unit)
    assert charge.status == "paid"
    client.force_login(cashier)
    text = pdf_text(client.get(reverse("fees:unit-notice", args=[unit.pk])).content, tmp_path)
    assert "50.00" in text and "No open charge." in text


def test_it_hides_another_estates_unit_notice(client, outsider, building):
    unit = billed_unit(building)
    client.force_login(outsider)
    assert client.get(reverse("fees:unit-notice", args=[unit.pk])).status_code == 404


def test_it_refuses_a_notice_to_users_without_a_desk_role(client, technician, building):
    unit = billed_unit(building)
    client.force_login(technician)
    assert client.get(reverse("fees:unit-notice", args=[unit.pk])).status_code == 403


def test_it_refuses_posting_to_the_notice(client, cashier, building):
    unit = billed_unit(building)
    client.force_login(cashier)
    assert client.post(reverse("fees:unit-notice", args=[unit.pk])).status_code == 405


def _pages(data: bytes, tmp_path) -> int:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "batch.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:])


def test_it_prints_the_notices_of_the_filtered_list_as_one_pdf(
    client, receptionist, estate, building, tmp_path, django_capture_on_commit_callbacks
):
    units = [billed_unit(building, owner=name) for name in ("王芳", "李强", "赵敏")]
    elsewhere = billed_unit(BuildingFactory(estate=estate, number="4"))
    bill(estate, MAY)
    client.force_login(receptionist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("fees:arrears-notices"), {"building": "3"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "job-detail", args=[job.pk]
    )
    job.refresh_from_db()
    assert (job.status, job.kind, job.done, job.total) == ("done", "fees.notices", 4, 4)
    assert job.params["filters"] == {"building": "3"}
    assert job.params["estate_ids"] == [estate.pk]
    assert job.message == "3 notices printed."
    data = job.file.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    for unit, name in zip(units, ("王芳", "李强", "赵敏"), strict=True):
        assert unit.code in text and name in text
    assert elsewhere.code not in text
    assert _pages(data, tmp_path) == 3  # a page break before each unit
    # The job page offers the file to the user who asked for it.
    page = client.get(reverse("job-detail", args=[job.pk]))
    assert reverse("job-file", args=[job.pk]) in page.content.decode()
    assert client.get(reverse("job-file", args=[job.pk])).status_code == 200


def test_it_refuses_a_batch_over_the_cap(client, receptionist, estate, building, monkeypatch):
    monkeypatch.setattr(notices, "BATCH_CAP", 2)
    for _ in range(3):
        billed_unit(building)
    bill(estate, MAY)
    client.force_login(receptionist)
    response = client.post(reverse("fees:arrears-notices"), {"min_amount": "10"}, follow=True)
    assert not Job.objects.exists()
    assert "at most 2 notices" in response.content.decode()
    assert response.request["QUERY_STRING"] == "min_amount=10"


def test_it_prints_nothing_for_an_empty_list(client, receptionist, building):
    client.force_login(receptionist)
    response = client.post(reverse("fees:arrears-notices"), follow=True)
    assert not Job.objects.exists()
    assert "nothing to print" in response.content.decode()


def test_it_refuses_a_batch_for_another_estate(client, receptionist, other_estate):
    client.force_login(receptionist)
    response = client.post(reverse("fees:arrears-notices"), {"estate": other_estate.pk})
    assert response.status_code == 302 and not Job.objects.exists()


def test_it_refuses_a_batch_to_users_without_a_desk_role(client, technician):
    client.force_login(technician)
    assert client.post(reverse("fees:arrears-notices")).status_code == 403


def test_it_starts_a_batch_only_by_post(client, receptionist):
    client.force_login(receptionist)
    assert client.get(reverse("fees:arrears-notices")).status_code == 405


def test_it_fails_the_job_rather_than_print_a_wider_list(estate, receptionist, building):
    job = Job.objects.create(
        kind=notices.JOB_KIND,
        title="notices",
        requested_by=receptionist,
        params={
            "filters": {"estate": "999999"},
            "estate_ids": [estate.pk],
            "as_of": "2026-11-28",
        },
    )
    with pytest.raises(ValueError):
        notices.notices_job(job, lambda done, total: None)
    assert not job.file


def test_it_lays_out_a_batch_in_parts_moving_the_bar_and_joins_them_in_order(
    estate, receptionist, building, monkeypatch, tmp_path
):
    monkeypatch.setattr(notices, "CHUNK", 2)
    units = [billed_unit(building, area=f"{100 + i}.00") for i in range(5)]
    bill(estate, MAY)
    job = Job.objects.create(
        kind=notices.JOB_KIND,
        title="notices",
        requested_by=receptionist,
        params={"filters": {}, "estate_ids": [estate.pk], "as_of": "2026-11-28"},
    )
    steps = []
    notices.notices_job(job, lambda done, total: steps.append((done, total)))
    assert steps == [(0, 6), (2, 6), (4, 6), (5, 6), (6, 6)]
    data = job.file.read()
    assert _pages(data, tmp_path) == 5
    text = pdf_text(data, tmp_path)
    # largest amount first, as the list showed it
    positions = [text.index(unit.code) for unit in reversed(units)]
    assert positions == sorted(positions)
