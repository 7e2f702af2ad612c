import io
import shutil
import subprocess

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from frontdesk.models import Notification
from owners.models import PersonalDataAccess
from reception.models import Visit
from tests.factories import resident_id

from .helpers import minutes_ago, record_visit

NEW = "/reception/visits/new/"
LIST = "/reception/visits/"

pytestmark = pytest.mark.usefixtures("printed_in_english")  # they read the English texts


def detail(visit) -> str:
    return f"/reception/visits/{visit.pk}/"


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "badge.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def form_data(**overrides) -> dict:
    data = {
        "name": "王五",
        "phone": "13800001111",
        "id_type": "resident_id",
        "id_number": resident_id(5),
        "party_size": "1",
        "purpose": "office",
        "purpose_detail": "面谈合同",
        "department": "",
        "host": "",
        "host_name": "",
        "vehicle_plate": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_it_logs_a_visitor_and_notifies_the_department(
    client, guard, estate, engineering, engineering_head, django_capture_on_commit_callbacks
):
    client.force_login(guard)
    assert client.get(NEW).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, form_data(department=engineering.pk))

    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(visit)
    assert visit.estate == estate and visit.department == engineering
    assert Notification.objects.get().user == engineering_head
    page = client.get(detail(visit)).content.decode()
    assert visit.id_masked in page and resident_id(5) not in page


def test_it_refuses_a_bad_id_number_on_the_form(client, receptionist, engineering):
    client.force_login(receptionist)
    response = client.post(
        NEW, form_data(department=engineering.pk, id_number="110105198506010010")
    )
    assert response.status_code == 400
    assert "check digit" in response.content.decode()
    assert not Visit.objects.exists()


def test_it_asks_whom_the_visitor_came_to_see(client, receptionist):
    client.force_login(receptionist)
    response = client.post(NEW, form_data())
    assert response.status_code == 400
    assert "Say whom the visitor came to see" in response.content.decode()


def test_it_records_the_departure_with_one_click(client, guard, estate):
    visit = record_visit(guard, estate, arrived_at=minutes_ago(5))
    client.force_login(guard)
    assert client.get(f"{detail(visit)}left/").status_code == 405

    response = client.post(f"{detail(visit)}left/")
    assert response.status_code == 302
    visit.refresh_from_db()
    left = visit.departed_at
    assert left is not None and visit.departure_recorded_by == guard

    again = client.post(f"{detail(visit)}left/", follow=True)
    assert "already left" in again.content.decode()
    visit.refresh_from_db()
    assert visit.departed_at == left


def test_it_lists_who_is_still_on_site(client, guard, estate):
    here = record_visit(guard, estate, name="在场甲")
    gone = record_visit(guard, estate, name="离开乙", arrived_at=minutes_ago(20))
    client.force_login(guard)
    client.post(f"{detail(gone)}left/")
    response = client.get("/reception/visits/on-site/")
    assert [v.pk for v in response.context["visits"]] == [here.pk]
    listed = client.get(LIST, {"status": "on_site"}).context["page"].rows
    assert [v.pk for v in listed] == [here.pk]


def test_it_prints_a_badge_with_chinese_and_the_number(client, guard, estate, unit, tmp_path):
    visit = record_visit(guard, estate, name="王小明", unit=unit, host_name="张伟")
    client.force_login(guard)
    response = client.get(f"{detail(visit)}badge.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "王小明" in text
    assert "3-2-1201" in text and "张伟" in text
    assert visit.number in text
    assert timezone.localtime(visit.arrived_at).strftime("%Y-%m-%d %H:%M") in text
    assert "Valid until" in text
    assert timezone.localtime(visit.arrived_at).strftime("%Y-%m-%d 23:59") in text
    assert "Host's signature on leaving" in text


def test_a_long_name_wraps_and_the_badge_keeps_one_page(client, guard, estate, unit, tmp_path):
    name = "欧阳" + "娜" * 40
    visit = record_visit(guard, estate, name=name[:50], unit=unit, host_name="张伟", party_size=3)
    client.force_login(guard)

    response = client.get(f"{detail(visit)}badge.pdf")

    text = pdf_text(response.content, tmp_path)
    assert text.count("\f") <= 1  # one page
    assert visit.number in text and "Valid until" in text


def test_it_reveals_the_id_to_a_supervisor_and_logs_it(client, supervisor, guard, estate):
    visit = record_visit(guard, estate, id_number=resident_id(9))
    client.force_login(guard)
    assert client.post(f"{detail(visit)}reveal-id/").status_code == 403
    client.force_login(supervisor)
    response = client.post(f"{detail(visit)}reveal-id/")
    assert response.status_code == 200
    assert resident_id(9) in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert PersonalDataAccess.objects.get().user == supervisor


@pytest.mark.parametrize("url", [NEW, LIST, "/reception/visits/on-site/"])
def test_it_forbids_a_technician(client, technician, url):
    client.force_login(technician)
    assert client.get(url).status_code == 403


def test_it_hides_another_estates_visit(client, outsider, guard, estate):
    visit = record_visit(guard, estate)
    client.force_login(outsider)
    for url in [detail(visit), f"{detail(visit)}badge.pdf"]:
        assert client.get(url).status_code == 404
    assert client.post(f"{detail(visit)}left/").status_code == 404
    visit.refresh_from_db()
    assert visit.departed_at is None


@pytest.mark.parametrize("rows", [1, 50])
def test_it_lists_in_a_fixed_number_of_queries(
    client, guard, supervisor, estate, unit, engineering, rows, django_assert_max_num_queries
):
    for n in range(rows):
        record_visit(
            guard, estate, unit=unit if n % 2 else None, department=engineering, host=supervisor
        )
    client.force_login(guard)
    client.get(LIST)
    with django_assert_max_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["page"].rows) == rows
    with django_assert_max_num_queries(9):
        client.get("/reception/visits/on-site/")


def test_it_exports_visits_to_excel_with_masked_ids(client, guard, estate):
    record_visit(guard, estate, name="赵六", id_number=resident_id(4))
    client.force_login(guard)
    response = client.get("/reception/visits/export.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "赵六" in rows[1]
    assert resident_id(4) not in rows[1]
    assert resident_id(4)[:6] + "********" + resident_id(4)[-4:] in rows[1]


def test_it_answers_405_to_wrong_methods(client, supervisor, guard, estate):
    visit = record_visit(guard, estate, id_number=resident_id(2))
    client.force_login(supervisor)
    assert client.post(LIST).status_code == 405
    assert client.get(f"{detail(visit)}reveal-id/").status_code == 405
    assert client.post(f"{detail(visit)}badge.pdf").status_code == 405
    assert not PersonalDataAccess.objects.exists()
