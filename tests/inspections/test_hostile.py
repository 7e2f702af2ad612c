"""The pages as a careless or hostile user walks them: double taps, bad input, a photo that
is not an image, another estate's records, the wrong role, steps out of order. Each gets a
clear message or a 403/404, and nothing changes."""

import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from inspections import services
from inspections.errors import InspectionError
from inspections.models import FollowUp, ItemResult, Nonconformity, Photo, Round
from tests.factories import staff
from workorders.models import WorkOrder

from .helpers import building_template, pdf_upload, png_upload, sheet_completed, walk

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def outsider(other_estate):
    return staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="b-supervisor")


@pytest.fixture
def nc(round_, inspector):
    place = round_.visits.first().place
    item = round_.template.items.get(department_kind="engineering")
    walk(inspector, round_, broken=(place, item, "3楼走廊灯不亮"))
    return Nonconformity.objects.get()


def _confirmed(round_, inspector):
    place = round_.visits.first().place
    services.visit_confirm(actor=inspector, round=round_, place=place, token=place.token)
    return place, round_.template.items.get(department_kind="engineering")


# --- planning ------------------------------------------------------------------------------


def test_the_plan_form_posted_twice_plans_one_round(client, supervisor, inspector, template):
    client.force_login(supervisor)
    data = {
        "template": template.pk,
        "assignee": inspector.pk,
        "due_on": timezone.localdate(),
        "key": str(uuid.uuid4()),
    }
    first = client.post(reverse("inspections:plan"), data)
    second = client.post(reverse("inspections:plan"), data)
    round_ = Round.objects.get()
    assert first["Location"] == second["Location"] == round_.get_absolute_url()


@pytest.mark.parametrize(
    "due_on", ["2020-01-01", "not a day", "2999-01-01", ""], ids=["past", "junk", "far", "empty"]
)
def test_a_bad_day_is_refused_on_the_plan_page(client, supervisor, inspector, template, due_on):
    client.force_login(supervisor)
    response = client.post(
        reverse("inspections:plan"),
        {"template": template.pk, "assignee": inspector.pk, "due_on": due_on},
    )
    assert response.status_code == 400
    assert 'data-testid="plan-form"' in response.content.decode()
    assert not Round.objects.exists()


def test_another_estates_template_or_person_cannot_be_planned(
    client, supervisor, inspector, template, other_estate
):
    theirs = building_template(other_estate)
    stranger = staff(estates=[other_estate], roles=[roles.RECEPTIONIST], username="b-r")
    client.force_login(supervisor)
    for template_id, person_id in ((theirs.pk, inspector.pk), (template.pk, stranger.pk)):
        response = client.post(
            reverse("inspections:plan"),
            {"template": template_id, "assignee": person_id, "due_on": timezone.localdate()},
        )
        assert response.status_code == 400
    assert not Round.objects.exists()


# --- walking a round -------------------------------------------------------------------


def test_a_record_posted_twice_keeps_one_photo(client, round_, inspector):
    place, item = _confirmed(round_, inspector)
    client.force_login(inspector)
    key = str(uuid.uuid4())
    for _ in range(2):
        response = client.post(
            reverse("inspections:record", args=[round_.pk]),
            {
                "key": key,
                "place": place.pk,
                "item": item.pk,
                "outcome": "nonconforming",
                "note": "灯不亮",
                "photos": [png_upload()],
            },
        )
        assert response.status_code == 302
    assert ItemResult.objects.count() == 1 and Photo.objects.count() == 1
    assert Nonconformity.objects.count() == 1


def test_the_round_page_gives_each_form_its_own_key(client, round_, inspector):
    _confirmed(round_, inspector)
    client.force_login(inspector)
    page = client.get(round_.get_absolute_url()).content.decode()
    again = client.get(round_.get_absolute_url()).content.decode()
    keys = [line for line in page.split('name="key" value="')[1:]]
    assert len(keys) == 4 and len({k[:36] for k in keys}) == 4
    assert page.split('name="key" value="')[1][:36] != again.split('name="key" value="')[1][:36]


def test_a_pdf_as_a_photo_records_nothing(client, round_, inspector):
    place, item = _confirmed(round_, inspector)
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:record", args=[round_.pk]),
        {
            "place": place.pk,
            "item": item.pk,
            "outcome": "nonconforming",
            "note": "灯不亮",
            "photos": [pdf_upload()],
        },
    )
    assert response.status_code == 302 and _messages(response)
    assert not ItemResult.objects.exists() and not Nonconformity.objects.exists()


def test_a_note_too_long_is_named_in_the_message(client, round_, inspector):
    place, item = _confirmed(round_, inspector)
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:record", args=[round_.pk]),
        {"place": place.pk, "item": item.pk, "outcome": "pass", "note": "长" * 301},
    )
    assert any(m.startswith("Note:") for m in _messages(response))
    assert not ItemResult.objects.exists()


def test_nothing_is_recorded_at_an_excused_place(round_, inspector, supervisor):
    place = round_.visits.first().place
    item = round_.template.items.first()
    services.visit_excuse(actor=supervisor, round=round_, place=place, reason="施工封闭")
    with pytest.raises(InspectionError) as error:
        services.result_record(
            actor=inspector, round=round_, place=place, item=item, outcome="pass"
        )
    assert error.value.code == "not_visited"
    assert not ItemResult.objects.exists()


def test_another_estates_place_is_not_on_the_round(client, round_, inspector, other_estate):
    theirs = building_template(other_estate).places.first()
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:visit", args=[round_.pk]), {"place": theirs.pk, "token": theirs.token}
    )
    assert response.status_code == 302 and _messages(response)
    assert not round_.visits.filter(confirmed_at__isnull=False).exists()
    # Its QR code is a 404 to this estate's staff.
    assert client.get(theirs.qr_path()).status_code == 404


def test_a_round_done_twice_stays_done_once(client, round_, inspector):
    walk(inspector, round_)
    client.force_login(inspector)
    client.post(reverse("inspections:complete", args=[round_.pk]))
    done_at = Round.objects.get().completed_at
    response = client.post(reverse("inspections:complete", args=[round_.pk]))
    assert response.status_code == 302
    assert Round.objects.get().completed_at == done_at


def test_someone_elses_round_is_a_404_to_a_technician(client, round_, estate):
    tech = staff(estates=[estate], roles=[roles.TECHNICIAN], username="tech")
    client.force_login(tech)
    assert client.get(round_.get_absolute_url()).status_code == 404
    place = round_.visits.first().place
    response = client.post(
        reverse("inspections:visit", args=[round_.pk]), {"place": place.pk, "token": place.token}
    )
    assert response.status_code == 404


# --- nonconformities -------------------------------------------------------------------


def _post_twice(client, url, data):
    data = {**data, "key": str(uuid.uuid4())}
    first = client.post(url, data)
    second = client.post(url, data)
    return first, second


def test_the_handling_posted_twice_is_recorded_once(client, nc, supervisor):
    client.force_login(supervisor)
    first, second = _post_twice(
        client,
        reverse("inspections:handle", args=[nc.pk]),
        {"team_leader": "李班长", "action": "更换灯泡"},
    )
    assert first.status_code == second.status_code == 302
    assert "Already recorded: the form was sent twice." in _messages(second)
    assert FollowUp.objects.filter(nonconformity=nc).count() == 1


def test_the_sheet_posted_twice_opens_one_order(client, nc, supervisor):
    client.force_login(supervisor)
    first, second = _post_twice(
        client, reverse("inspections:sheet", args=[nc.pk]), {"note": "需更换灯具"}
    )
    assert first.status_code == second.status_code == 302
    assert WorkOrder.objects.count() == 1


def test_the_follow_up_posted_twice_is_recorded_once(client, nc, supervisor):
    services.nonconformity_open_sheet(actor=supervisor, nonconformity=nc)
    nc.refresh_from_db()
    sheet_completed(nc)
    client.force_login(supervisor)
    first, second = _post_twice(
        client,
        reverse("inspections:follow-up", args=[nc.pk]),
        {"result": "not_resolved", "note": "灯仍不亮"},
    )
    assert first.status_code == second.status_code == 302
    nc.refresh_from_db()
    assert nc.step == 2 and nc.status == "open"  # not a second step


def test_a_follow_up_before_the_handling_shows_a_message(client, nc, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("inspections:follow-up", args=[nc.pk]), {"result": "resolved", "note": "好"}
    )
    assert response.status_code == 400
    assert "Record the handling first" in response.content.decode()
    nc.refresh_from_db()
    assert nc.status == "open" and not FollowUp.objects.exists()


def test_a_damaged_form_key_is_refused(client, nc, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("inspections:handle", args=[nc.pk]),
        {"team_leader": "李", "action": "修", "key": "not-a-uuid"},
    )
    # OnceForm replaces a lost or damaged key: the handling is recorded once.
    assert response.status_code == 302
    assert FollowUp.objects.count() == 1


def test_another_estates_nonconformity_is_a_404_and_unchanged(client, nc, outsider):
    client.force_login(outsider)
    for name, data in (
        ("handle", {"team_leader": "x", "action": "y"}),
        ("sheet", {"note": ""}),
        ("follow-up", {"result": "resolved"}),
    ):
        assert client.post(reverse(f"inspections:{name}", args=[nc.pk]), data).status_code == 404
    assert client.get(nc.get_absolute_url()).status_code == 404
    nc.refresh_from_db()
    assert nc.status == "open" and not WorkOrder.objects.exists()


def test_the_wrong_role_is_a_403(client, nc, cashier, estate):
    tech = staff(estates=[estate], roles=[roles.TECHNICIAN], username="tech")
    client.force_login(cashier)
    url = reverse("inspections:handle", args=[nc.pk])
    assert client.post(url, {"team_leader": "x", "action": "y"}).status_code == 403
    client.force_login(tech)
    assert (
        client.post(
            reverse("inspections:follow-up", args=[nc.pk]), {"result": "resolved"}
        ).status_code
        == 403
    )
    nc.refresh_from_db()
    assert nc.status == "open"


@pytest.mark.parametrize("month", ["garbage", "0000-01", "2026-13", "9999-12", "-1"])
def test_a_bad_month_shows_the_current_one(client, supervisor, month):
    client.force_login(supervisor)
    for name in ("report", "report-pdf", "report-export"):
        assert client.get(reverse(f"inspections:{name}"), {"month": month}).status_code == 200


def test_the_qr_sheet_of_another_estate_is_not_printed(client, supervisor, template, other_estate):
    building_template(other_estate)
    client.force_login(supervisor)
    response = client.get(reverse("inspections:qr-sheet"), {"estate": other_estate.pk})
    assert response.status_code == 200
    assert other_estate.code not in response["Content-Disposition"]


def test_nonsense_on_the_nonconformity_list_is_ignored(client, nc, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("inspections:nonconformities"), {"status": "<script>"})
    assert response.status_code == 200 and "<script>" not in response.content.decode()
