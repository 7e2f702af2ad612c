"""The desk's way in (the quick action's find page, the list), who may open them, and the
supervisor's admin: questions written while a draft, scoped to the estate, with history."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontdesk import registry, roles
from surveys import services
from surveys.models import Question, Questionnaire, Response
from tests.factories import BuildingFactory, UnitFactory, staff

from .test_surveys import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(estate, supervisor):
    building = BuildingFactory(estate=estate, number="1")
    for room in ("101", "102"):
        UnitFactory(building=building, room=room, code=f"1-{room}")
    questionnaire = build(estate)
    services.questionnaire_open(actor=supervisor, questionnaire=questionnaire)
    return questionnaire


def test_the_quick_action_is_the_desks_not_the_directors(receptionist, director):
    assert "surveys-find" in [e.key for e in registry.quick_actions.for_user(receptionist)]
    assert "surveys-find" not in [e.key for e in registry.quick_actions.for_user(director)]
    assert "surveys" in [e.key for e in registry.menu.for_user(director)]


def test_the_find_page_goes_to_the_household_by_its_code_or_unit(client, opened, receptionist):
    response = Response.objects.get(questionnaire=opened, unit__code="1-101")
    client.force_login(receptionist)
    url = reverse("surveys:find")
    page = client.get(url)
    assert page.status_code == 200 and opened.title in page.content.decode()
    by_code = client.get(url, {"q": f" {response.code.lower()} "})
    assert by_code["Location"] == reverse("surveys:response", args=[response.pk])
    assert client.get(url, {"q": "1-101"})["Location"] == by_code["Location"]
    missing = client.get(url, {"q": "ZZZZ9999"})
    assert missing.status_code == 200
    assert "No household of an open questionnaire" in missing.content.decode()


def test_the_find_page_lists_the_households_of_a_unit_code_in_two_estates(
    client, opened, estate, other_estate
):
    theirs = build(other_estate)
    UnitFactory(building=BuildingFactory(estate=other_estate, number="1"), code="1-101")
    both = staff(estates=[estate, other_estate], roles=[roles.CS_SUPERVISOR], username="both")
    services.questionnaire_open(actor=both, questionnaire=theirs)
    client.force_login(both)
    page = client.get(reverse("surveys:find"), {"q": "1-101"})
    assert page.status_code == 200
    listed = page.content.decode()
    for response in Response.objects.filter(unit__code="1-101"):
        assert reverse("surveys:response", args=[response.pk]) in listed


def test_the_find_page_keeps_to_the_users_estates_and_roles(
    client, opened, outsider, director, technician
):
    code = Response.objects.filter(questionnaire=opened).first().code
    client.force_login(outsider)
    assert "Location" not in client.get(reverse("surveys:find"), {"q": code})
    for user in (director, technician):
        client.force_login(user)
        assert client.get(reverse("surveys:find"), {"q": code}).status_code == 403


def test_a_closed_questionnaire_is_not_found_to_enter(client, opened, receptionist, supervisor):
    services.questionnaire_close(actor=supervisor, questionnaire=opened)
    code = Response.objects.filter(questionnaire=opened).first().code
    client.force_login(receptionist)
    page = client.get(reverse("surveys:find"), {"q": code})
    assert page.status_code == 200 and "No household of an open" in page.content.decode()


def test_the_list_opens_to_the_desk_the_supervisor_and_the_director(
    client, opened, receptionist, supervisor, director, technician, cashier
):
    url = reverse("surveys:questionnaire-list")
    for user in (receptionist, supervisor, director):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200 and opened.get_absolute_url() in page.content.decode()
    for user in (technician, cashier):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(opened.get_absolute_url()).status_code == 403


def test_only_the_supervisor_opens_closes_and_copies(client, opened, receptionist, director):
    for user in (receptionist, director):
        client.force_login(user)
        for step in ("close", "copy"):
            url = reverse("surveys:questionnaire-step", args=[opened.pk, step])
            assert client.post(url, {"year": 2027}).status_code == 403
    opened.refresh_from_db()
    assert opened.status == Questionnaire.Status.OPEN
    assert Questionnaire.objects.count() == 1


def test_the_supervisor_copies_once_from_the_page(client, opened, supervisor):
    client.force_login(supervisor)
    url = reverse("surveys:questionnaire-step", args=[opened.pk, "copy"])
    first = client.post(url, {"year": 2027})
    copy = Questionnaire.objects.get(year=2027)
    assert first["Location"] == copy.get_absolute_url()
    again = client.post(url, {"year": 2027}, follow=True)
    assert "already has a questionnaire for 2027" in again.content.decode()
    assert Questionnaire.objects.filter(year=2027).count() == 1
    assert copy.questions.count() == opened.questions.count()
    bad = client.post(url, {"year": 1999}, follow=True)
    assert bad.status_code == 200 and Questionnaire.objects.count() == 2


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_and_report_cost_the_same_queries_for_more_rows(
    client, opened, estate, supervisor, receptionist
):
    build(estate, year=2025)  # last year's, to compare with
    client.force_login(supervisor)
    list_url = reverse("surveys:questionnaire-list")
    report_url = reverse("surveys:report", args=[opened.pk])
    few = _queries(client, list_url), _queries(client, report_url)
    for year in (2022, 2023, 2024):
        build(estate, year=year)
    building = BuildingFactory(estate=estate, number="2")
    for room in range(5):
        UnitFactory(building=building, room=f"20{room}")
    services.questionnaire_open(actor=supervisor, questionnaire=opened)
    for response in Response.objects.filter(questionnaire=opened)[:4]:
        answers = {q.pk: "3" for q in opened.questions.filter(kind=Question.Kind.RATING)}
        first = opened.questions.get(order=1)
        answers[first.pk] = str(first.options.first().pk)
        services.response_record(
            actor=receptionist, response=response, answers=answers, channel="desk"
        )
    assert (_queries(client, list_url), _queries(client, report_url)) == few


# --- the admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_supervisor(supervisor):
    names = roles.SURVEY_PERMISSIONS[roles.CS_SUPERVISOR]
    codenames = [name.split(".", 1)[1] for name in names]
    supervisor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="surveys", codename__in=codenames)
    )
    return supervisor


def test_the_admin_shows_the_supervisors_estate_with_history(
    client, admin_supervisor, estate, other_estate
):
    mine = build(estate)
    theirs = build(other_estate)
    client.force_login(admin_supervisor)
    listing = client.get(reverse("admin:surveys_questionnaire_changelist"))
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [mine]

    def status(name, pk):
        return client.get(reverse(f"admin:surveys_{name}", args=[pk])).status_code

    assert status("questionnaire_change", mine.pk) == 200
    assert status("questionnaire_history", mine.pk) == 200
    assert status("questionnaire_history", theirs.pk) == 404
    assert status("question_history", mine.questions.get(order=1).pk) == 200
    assert status("question_change", theirs.questions.get(order=1).pk) == 302


def test_the_admin_edits_questions_of_a_draft_only(client, admin_supervisor, estate, supervisor):
    draft = build(estate, year=2025)
    opened = build(estate, year=2026)
    UnitFactory(building=BuildingFactory(estate=estate, number="1"))
    services.questionnaire_open(actor=supervisor, questionnaire=opened)
    client.force_login(admin_supervisor)
    add = client.get(reverse("admin:surveys_question_add"))
    choices = add.context["adminform"].form.fields["questionnaire"].queryset
    assert list(choices) == [draft]
    question = opened.questions.get(order=1)
    url = reverse("admin:surveys_question_change", args=[question.pk])
    assert client.get(url).context["has_change_permission"] is False
    assert client.post(url, {"text": "改过的题目", "order": 1, "kind": "single"}).status_code == 403
    question.refresh_from_db()
    assert question.text == "您对客服中心的服务是否满意？"
    draft_question = draft.questions.get(order=1)
    page = client.get(reverse("admin:surveys_question_change", args=[draft_question.pk]))
    assert page.context["has_change_permission"] is True
    assert client.get(reverse("admin:surveys_response_add")).status_code == 403
