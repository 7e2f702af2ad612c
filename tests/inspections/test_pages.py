"""The inspection pages: the happy path, the wrong method, another estate (404), a role
without the page (403), query budgets, the real PDFs and the Excel export."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from frontdesk import roles
from inspections import services
from inspections.models import Nonconformity, Place, Round
from tests.factories import staff
from tests.releases.helpers import pdf_text

from .helpers import building_template, png_upload, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(other_estate):
    return staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="b-supervisor")


def test_it_shows_my_rounds(client, round_, inspector):
    client.force_login(inspector)
    response = client.get(reverse("inspections:mine"))
    assert response.status_code == 200
    assert "Daily building inspection" in response.content.decode()


def test_a_cashier_has_no_rounds(client, cashier, round_):
    client.force_login(cashier)
    assert client.get(reverse("inspections:mine")).status_code == 403
    assert client.get(reverse("inspections:round", args=[round_.pk])).status_code == 403


def test_another_estates_round_is_a_404(client, outsider, round_):
    client.force_login(outsider)
    assert client.get(reverse("inspections:round", args=[round_.pk])).status_code == 404
    place = round_.visits.first().place
    response = client.post(
        reverse("inspections:excuse", args=[round_.pk]), {"place": place.pk, "reason": "x"}
    )
    assert response.status_code == 404


def test_the_plan_page_plans_a_round(client, supervisor, inspector, template):
    client.force_login(supervisor)
    assert client.get(reverse("inspections:plan")).status_code == 200
    response = client.post(
        reverse("inspections:plan"),
        {"template": template.pk, "assignee": inspector.pk, "due_on": timezone.localdate()},
    )
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()


def test_the_plan_page_is_the_supervisors(client, inspector):
    client.force_login(inspector)
    assert client.get(reverse("inspections:plan")).status_code == 403


def test_a_round_is_walked_through_its_pages(client, round_, inspector):
    client.force_login(inspector)
    place = round_.visits.first().place
    url = reverse("inspections:visit", args=[round_.pk])
    assert client.get(url).status_code == 405
    client.post(url, {"place": place.pk, "token": "BADCODE"})
    assert not round_.visits.filter(confirmed_at__isnull=False).exists()
    client.post(url, {"place": place.pk, "token": place.token.lower()})
    assert round_.visits.filter(place=place, confirmed_at__isnull=False).exists()
    item = round_.template.items.get(department_kind="engineering")
    response = client.post(
        reverse("inspections:record", args=[round_.pk]),
        {
            "place": place.pk,
            "item": item.pk,
            "outcome": "nonconforming",
            "note": "走廊灯不亮",
            "photos": [png_upload()],
        },
    )
    assert response.status_code == 302
    nc = Nonconformity.objects.get()
    page = client.get(reverse("inspections:round", args=[round_.pk])).content.decode()
    assert nc.get_absolute_url() in page
    response = client.post(reverse("inspections:complete", args=[round_.pk]), follow=True)
    assert "Not visited: 2栋" in response.content.decode()
    assert Round.objects.get().status == "in_progress"


def test_the_qr_code_leads_to_a_one_tap_confirmation(client, round_, inspector):
    client.force_login(inspector)
    place = round_.visits.first().place
    assert client.get(reverse("inspections:place-visit", args=[place.pk])).status_code == 404
    response = client.get(place.qr_path())
    assert response.status_code == 200
    response = client.post(
        reverse("inspections:place-visit", args=[place.pk]),
        {"t": place.token, "round": round_.pk},
    )
    assert response["Location"] == round_.get_absolute_url()
    assert round_.visits.get(place=place).confirmed_at is not None


def test_the_round_page_has_a_constant_query_count(
    client, supervisor, inspector, template, django_assert_max_num_queries
):
    for n in range(10):
        Place.objects.create(estate=template.estate, name=f"{n + 3}栋").templates.add(template)
    round_ = services.round_plan(
        actor=supervisor, template=template, assignee=inspector, due_on=timezone.localdate()
    )
    walk(inspector, round_)
    client.force_login(inspector)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("inspections:round", args=[round_.pk])).status_code == 200


def _nonconformity(inspector, round_) -> Nonconformity:
    place = round_.visits.first().place
    item = round_.template.items.get(department_kind="engineering")
    walk(inspector, round_, broken=(place, item, "走廊灯不亮"))
    return Nonconformity.objects.get()


def test_the_nonconformity_page_handles_and_follows_up(client, round_, inspector, supervisor):
    nc = _nonconformity(inspector, round_)
    client.force_login(supervisor)
    url = reverse("inspections:nonconformity", args=[nc.pk])
    assert client.get(url).status_code == 200
    response = client.post(reverse("inspections:follow-up", args=[nc.pk]), {"result": "resolved"})
    assert response.status_code == 400
    assert "Record the handling first" in response.content.decode()
    response = client.post(
        reverse("inspections:handle", args=[nc.pk]),
        {"team_leader": "王班长", "action": "换灯泡", "photos": [png_upload()]},
    )
    assert response.status_code == 302
    client.post(reverse("inspections:follow-up", args=[nc.pk]), {"result": "resolved"})
    nc.refresh_from_db()
    assert nc.status == "closed"


def test_a_photo_that_is_not_an_image_shows_a_message(client, round_, inspector, supervisor):
    from .helpers import pdf_upload

    nc = _nonconformity(inspector, round_)
    client.force_login(supervisor)
    response = client.post(
        reverse("inspections:handle", args=[nc.pk]),
        {"team_leader": "王班长", "action": "换灯泡", "photos": [pdf_upload()]},
    )
    assert response.status_code == 400
    assert "Upload photos as images" in response.content.decode()
    nc.refresh_from_db()
    assert nc.status == "open"


def test_the_sheet_page_opens_a_coordination_sheet(client, round_, inspector, supervisor):
    nc = _nonconformity(inspector, round_)
    client.force_login(supervisor)
    client.post(reverse("inspections:sheet", args=[nc.pk]), {"note": ""})
    nc.refresh_from_db()
    assert nc.status == "sheet"
    page = client.get(reverse("inspections:nonconformity", args=[nc.pk])).content.decode()
    assert nc.work_order.number in page


def test_a_photo_is_served_to_the_estate_only(client, round_, inspector, outsider, supervisor):
    place = round_.visits.first().place
    item = round_.template.items.first()
    services.visit_confirm(actor=inspector, round=round_, place=place, token=place.token)
    result = services.result_record(
        actor=inspector, round=round_, place=place, item=item, outcome="pass", photos=[png_upload()]
    )
    photo = result.photos.get()
    client.force_login(supervisor)
    assert client.get(reverse("inspections:photo", args=[photo.pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("inspections:photo", args=[photo.pk])).status_code == 404


def test_the_lists_have_a_constant_query_count(
    client, estate, supervisor, inspector, django_assert_max_num_queries
):
    template = building_template(estate)
    for _ in range(5):
        round_ = services.round_plan(
            actor=supervisor, template=template, assignee=inspector, due_on=timezone.localdate()
        )
        place = round_.visits.first().place
        walk(inspector, round_, broken=(place, template.items.first(), "地面脏"))
    client.force_login(supervisor)
    for name in ("inspections:nonconformities", "inspections:plan", "inspections:report"):
        with django_assert_max_num_queries(20):
            assert client.get(reverse(name)).status_code == 200
    client.force_login(inspector)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("inspections:mine")).status_code == 200
    for key in ("inspections-rounds",):
        with django_assert_max_num_queries(15):
            assert client.get(reverse("today-panel", args=[key])).status_code == 200


def test_the_report_pdf_and_excel_show_the_finding(
    client, round_, inspector, supervisor, director, tmp_path
):
    nc = _nonconformity(inspector, round_)
    services.round_complete(actor=inspector, round=round_)
    services.nonconformity_handle(
        actor=supervisor, nonconformity=nc, team_leader="王班长", action="换灯泡"
    )
    services.follow_up_record(actor=supervisor, nonconformity=nc, resolved=True)
    client.force_login(director)
    page = client.get(reverse("inspections:report")).content.decode()
    assert "1栋" in page
    text = pdf_text(client.get(reverse("inspections:report-pdf")).content, tmp_path)
    assert "1栋" in text and "丽景花园" in text and str(timezone.localdate().year) in text
    workbook = load_workbook(io.BytesIO(client.get(reverse("inspections:report-export")).content))
    values = [c for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert "1栋" in values
    client.force_login(inspector)
    assert client.get(reverse("inspections:report")).status_code == 403


def test_the_qr_sheet_prints_each_place(client, supervisor, template, tmp_path):
    client.force_login(supervisor)
    response = client.get(reverse("inspections:qr-sheet"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    place = Place.objects.get(name="1栋")
    assert "1栋" in text and place.token in text
