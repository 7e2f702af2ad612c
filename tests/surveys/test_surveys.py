"""The annual owner questionnaire: opened with a code per household, answers entered once per
household and judged whole, statistics that match hand-computed figures (with last year's
beside them), the paper forms and the report printed in Chinese; roles and estates kept
apart."""

from decimal import Decimal

import pytest
from django.urls import reverse

from frontdesk import roles
from frontdesk.errors import DeskError
from surveys import selectors, services
from surveys.models import Answer, Option, Question, Questionnaire, Response
from tests.factories import BuildingFactory, UnitFactory, staff
from tests.releases.helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(estate):
    one = BuildingFactory(estate=estate, number="1")
    two = BuildingFactory(estate=estate, number="2")
    return [UnitFactory(building=one, room=f"10{n}") for n in range(1, 4)] + [
        UnitFactory(building=two, room="201")
    ]


def build(estate, year=2026, **extra) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(estate=estate, year=year, title="业主满意度调查")
    service = Question.objects.create(
        questionnaire=questionnaire,
        order=1,
        text="您对客服中心的服务是否满意？",
        kind=Question.Kind.SINGLE,
        dimension=Question.Dimension.CUSTOMER_SERVICE,
    )
    for n, (label, score) in enumerate([("满意", 100), ("一般", 60), ("不满意", 0)], start=1):
        Option.objects.create(question=service, order=n, label=label, score=score)
    Question.objects.create(
        questionnaire=questionnaire,
        order=2,
        text="您给保安服务打几分？",
        kind=Question.Kind.RATING,
        dimension=Question.Dimension.SECURITY,
    )
    improve = Question.objects.create(
        questionnaire=questionnaire,
        order=3,
        text="哪些方面需要改进？",
        kind=Question.Kind.MULTIPLE,
        dimension=Question.Dimension.OVERALL,
        required=False,
    )
    for n, (label, score) in enumerate([("电梯", 20), ("停车", 40), ("都很好", 100)], start=1):
        Option.objects.create(question=improve, order=n, label=label, score=score)
    Question.objects.create(
        questionnaire=questionnaire,
        order=4,
        text="其他意见",
        kind=Question.Kind.TEXT,
        required=False,
    )
    return questionnaire


def q(questionnaire, order) -> Question:
    return questionnaire.questions.get(order=order)


def opt(questionnaire, order, label) -> str:
    return str(q(questionnaire, order).options.get(label=label).pk)


def answer(actor, questionnaire, unit, *, service="满意", rating="5", improve=(), words=""):
    response = Response.objects.get(questionnaire=questionnaire, unit=unit)
    answers = {
        q(questionnaire, 1).pk: opt(questionnaire, 1, service) if service else "",
        q(questionnaire, 2).pk: rating,
        q(questionnaire, 3).pk: [opt(questionnaire, 3, label) for label in improve],
        q(questionnaire, 4).pk: words,
    }
    return services.response_record(
        actor=actor, response=response, answers=answers, channel="paper"
    )


@pytest.fixture
def opened(estate, units, supervisor):
    questionnaire = build(estate)
    services.questionnaire_open(actor=supervisor, questionnaire=questionnaire)
    return questionnaire


def test_opening_gives_every_household_one_unguessable_code(estate, units, supervisor):
    questionnaire = build(estate)
    assert services.questionnaire_open(actor=supervisor, questionnaire=questionnaire) == 4
    codes = list(
        Response.objects.filter(questionnaire=questionnaire).values_list("code", flat=True)
    )
    assert len(set(codes)) == 4 and all(len(c) == 8 and c.isalnum() for c in codes)
    assert not set("01IOL") & set("".join(codes))
    UnitFactory(building=units[0].building, room="999")  # a unit added later gets its own
    assert services.questionnaire_open(actor=supervisor, questionnaire=questionnaire) == 1
    assert Response.objects.filter(questionnaire=questionnaire).count() == 5


def test_a_questionnaire_without_choices_does_not_open(estate, units, supervisor):
    questionnaire = Questionnaire.objects.create(estate=estate, year=2026, title="调查")
    with pytest.raises(DeskError) as refused:
        services.questionnaire_open(actor=supervisor, questionnaire=questionnaire)
    assert refused.value.code == "no_questions"
    Question.objects.create(questionnaire=questionnaire, text="满意吗？", kind="single")
    with pytest.raises(DeskError) as bare:
        services.questionnaire_open(actor=supervisor, questionnaire=questionnaire)
    assert bare.value.code == "no_options"
    assert not Response.objects.exists()


def test_answers_are_scored_and_a_household_answers_once(opened, units, receptionist):
    response = answer(
        receptionist, opened, units[0], service="一般", rating="4", improve=("电梯", "停车")
    )
    # Question scores: 60, rating 4 → 75, multiple (20 + 40) / 2 → 30; the mean: 55.0.
    assert response.score == Decimal("55.0")
    assert response.answered_at and response.entered_by == receptionist
    assert Answer.objects.filter(response=response).count() == 4
    with pytest.raises(DeskError) as again:
        answer(receptionist, opened, units[0])
    assert again.value.code == "answered"
    assert Answer.objects.filter(response=response).count() == 4


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"service": ""}, "required"),
        ({"rating": "6"}, "bad_rating"),
        ({"rating": "0"}, "bad_rating"),
        ({"words": "好\x07"}, "bad_text"),
    ],
)
def test_bad_answers_record_nothing(opened, units, receptionist, kwargs, code):
    with pytest.raises(DeskError) as refused:
        answer(receptionist, opened, units[0], **kwargs)
    assert refused.value.code == code
    response = Response.objects.get(questionnaire=opened, unit=units[0])
    assert response.answered_at is None and not Answer.objects.exists()


def test_a_choice_of_another_question_or_two_on_a_single_choice_is_refused(
    opened, units, receptionist
):
    response = Response.objects.get(questionnaire=opened, unit=units[0])
    base = {q(opened, 2).pk: "3"}
    for value, code in (
        (opt(opened, 3, "电梯"), "bad_option"),
        ([opt(opened, 1, "满意"), opt(opened, 1, "一般")], "one_choice"),
    ):
        with pytest.raises(DeskError) as refused:
            services.response_record(
                actor=receptionist,
                response=response,
                answers={**base, q(opened, 1).pk: value},
                channel="paper",
            )
        assert refused.value.code == code
    assert not Answer.objects.exists()


def test_the_statistics_match_the_answers(opened, units, receptionist, supervisor):
    answer(receptionist, opened, units[0], service="满意", rating="5")  # 100, 100 → 100
    answer(receptionist, opened, units[1], service="不满意", rating="3")  # 0, 50 → 25
    answer(receptionist, opened, units[3], service="一般", rating="1", improve=("都很好",))
    stats = selectors.statistics(opened)
    assert (stats.units, stats.answered, stats.rate) == (4, 3, Decimal("75.0"))
    # Households: 100, 25, (60 + 0 + 100) / 3 = 53.3 → overall (100 + 25 + 53.3) / 3.
    assert stats.overall == Decimal("59.4")
    assert stats.below  # under the 80% target
    rows = {row.label: row for row in stats.questions}
    assert rows["1. 您对客服中心的服务是否满意？"].score == Decimal("53.3")
    assert rows["2. 您给保安服务打几分？"].score == Decimal("50.0")  # (100 + 50 + 0) / 3
    assert rows["3. 哪些方面需要改进？"].answers == 1
    buildings = {row.label: (row.units, row.answered) for row in stats.buildings}
    assert buildings == {"1": (3, 2), "2": (1, 1)}
    dimensions = {row.label: row.score for row in stats.dimensions}
    assert dimensions["Security and order"] == Decimal("50.0")  # (the request language)
    # In the list's order; the overall dimension: the one choice picked, 100.
    assert list(dimensions) == ["Customer service", "Security and order", "Overall"]
    assert dimensions["Overall"] == Decimal("100.0")
    assert [row.below for row in stats.dimensions] == [True, True, False]


def test_this_year_compares_with_last_year_question_by_question(
    estate, units, receptionist, supervisor
):
    last = build(estate, year=2025)
    services.questionnaire_open(actor=supervisor, questionnaire=last)
    answer(receptionist, last, units[0], service="满意", rating="5")
    services.questionnaire_close(actor=supervisor, questionnaire=last)
    now = services.questionnaire_copy(actor=supervisor, source=last, year=2026)
    assert now.status == Questionnaire.Status.DRAFT and now.questions.count() == 4
    services.questionnaire_open(actor=supervisor, questionnaire=now)
    answer(receptionist, now, units[0], service="一般", rating="3")
    stats = selectors.statistics(now)
    assert stats.last_year == last and stats.last_year_overall == Decimal("100.0")
    first = stats.questions[0]
    assert (first.score, first.last_year) == (Decimal("60.0"), Decimal("100.0"))
    with pytest.raises(DeskError) as twice:
        services.questionnaire_copy(actor=supervisor, source=last, year=2026)
    assert twice.value.code == "exists"


def test_a_closed_questionnaire_takes_no_answers(opened, units, receptionist, supervisor):
    services.questionnaire_close(actor=supervisor, questionnaire=opened)
    with pytest.raises(DeskError) as refused:
        answer(receptionist, opened, units[0])
    assert refused.value.code == "not_open"


def test_roles_and_estates(opened, units, receptionist, director, other_estate):
    with pytest.raises(DeskError):
        services.questionnaire_close(actor=receptionist, questionnaire=opened)
    with pytest.raises(DeskError):
        answer(director, opened, units[0])
    outsider = staff(estates=[other_estate], roles=[roles.RECEPTIONIST], username="b-r")
    with pytest.raises(DeskError):
        answer(outsider, opened, units[0])
    assert not Answer.objects.exists()


# --- the pages ------------------------------------------------------------------------------


def test_the_desk_finds_a_household_by_code_and_enters_its_paper_form(
    client, opened, units, receptionist
):
    response = Response.objects.get(questionnaire=opened, unit=units[0])
    client.force_login(receptionist)
    found = client.get(opened.get_absolute_url(), {"q": response.code.lower()})
    assert found["Location"] == reverse("surveys:response", args=[response.pk])
    page = client.get(found["Location"])
    assert 'data-testid="answers-form"' in page.content.decode()
    data = {
        "channel": "paper",
        f"q{q(opened, 1).pk}": opt(opened, 1, "满意"),
        f"q{q(opened, 2).pk}": "4",
        f"q{q(opened, 3).pk}": [opt(opened, 3, "停车")],
        f"q{q(opened, 4).pk}": "希望加强夜间巡逻",
    }
    assert client.post(found["Location"], data).status_code == 302
    again = client.post(found["Location"], data, follow=True)
    assert "already answered" in again.content.decode()
    assert Answer.objects.filter(response=response).count() == 4
    missing = client.get(opened.get_absolute_url(), {"q": "NOPE1234"})
    assert "No household of this questionnaire" in missing.content.decode()


def test_a_bad_answer_on_the_page_shows_its_message(client, opened, units, receptionist):
    response = Response.objects.get(questionnaire=opened, unit=units[1])
    client.force_login(receptionist)
    page = client.post(
        reverse("surveys:response", args=[response.pk]),
        {"channel": "paper", f"q{q(opened, 2).pk}": "4"},
    )
    assert page.status_code == 400 and "This field is required" in page.content.decode()
    assert not Answer.objects.exists()


def test_the_paper_forms_print_in_chinese_with_their_codes(
    client, opened, units, receptionist, tmp_path
):
    client.force_login(receptionist)
    building = units[0].building
    response = client.get(reverse("surveys:forms-pdf", args=[opened.pk]), {"building": building.pk})
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    codes = Response.objects.filter(questionnaire=opened, unit__building=building)
    for row in codes:
        assert row.code in text and row.unit.code in text
    assert "您对客服中心的服务是否满意？" in text and "业主签名" in text
    assert client.get(reverse("surveys:forms-pdf", args=[opened.pk])).status_code == 404


def test_the_report_prints_for_the_director_with_its_figures(
    client, opened, units, receptionist, director, tmp_path
):
    answer(receptionist, opened, units[0], service="满意", rating="5")
    client.force_login(director)
    page = client.get(reverse("surveys:report", args=[opened.pk]))
    assert page.status_code == 200 and "100.0" in page.content.decode()
    response = client.get(reverse("surveys:report-pdf", args=[opened.pk]))
    text = pdf_text(response.content, tmp_path)
    for fact in ("业主满意度调查报告", "100.0", "25.0", "客户服务"):
        assert fact in text, fact
    assert 'data-testid="below"' not in page.content.decode()  # 100.0 is above 80
    answer(receptionist, opened, units[1], service="不满意", rating="1")
    below = client.get(reverse("surveys:report", args=[opened.pk])).content.decode()
    assert 'data-testid="below"' in below  # (100 + 0) / 2 is below the target
    client.force_login(receptionist)
    assert client.get(reverse("surveys:report", args=[opened.pk])).status_code == 403


def test_another_estate_sees_nothing(client, opened, units, other_estate):
    outsider = staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="b-s")
    response = Response.objects.get(questionnaire=opened, unit=units[0])
    client.force_login(outsider)
    for url in (
        opened.get_absolute_url(),
        reverse("surveys:report", args=[opened.pk]),
        reverse("surveys:response", args=[response.pk]),
        reverse("surveys:forms-pdf", args=[opened.pk]) + f"?response={response.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("surveys:questionnaire-step", args=[opened.pk, "close"])).status_code
        == 404
    )
    assert (
        "业主满意度调查" not in client.get(reverse("surveys:questionnaire-list")).content.decode()
    )


def test_the_pages_keep_their_queries(
    client, opened, units, receptionist, supervisor, django_assert_max_num_queries
):
    for unit in units[:3]:
        answer(receptionist, opened, unit)
    client.force_login(supervisor)
    with django_assert_max_num_queries(14):
        client.get(reverse("surveys:report", args=[opened.pk]))
    with django_assert_max_num_queries(14):
        client.get(opened.get_absolute_url())


def test_the_dossier_shows_the_households_answers(client, opened, units, receptionist):
    answer(receptionist, opened, units[0])
    client.force_login(receptionist)
    url = reverse("owners:unit-section", args=[units[0].pk, "surveys"])
    assert url in client.get(reverse("owners:unit-detail", args=[units[0].pk])).content.decode()
    page = client.get(url).content.decode()
    assert 'data-testid="unit-responses"' in page
    assert reverse("surveys:response", args=[Response.objects.get(unit=units[0]).pk]) in page


def test_the_database_keeps_one_response_and_one_code_per_household(opened, units):
    from django.db import IntegrityError, transaction

    first = Response.objects.get(questionnaire=opened, unit=units[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(questionnaire=opened, unit=units[0], code="ZZZZ2222")
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(questionnaire=opened, unit=UnitFactory(), code=first.code)


def test_a_drawn_code_already_taken_is_drawn_again(estate, units, supervisor, monkeypatch):
    drawn = iter(["AAAA2222", "AAAA2222", "BBBB3333", "AAAA2222", "CCCC4444", "DDDD5555"])
    monkeypatch.setattr(services, "new_code", lambda: next(drawn))
    questionnaire = build(estate)
    services.questionnaire_open(actor=supervisor, questionnaire=questionnaire)
    codes = sorted(questionnaire.responses.values_list("code", flat=True))
    assert codes == ["AAAA2222", "BBBB3333", "CCCC4444", "DDDD5555"]


def test_a_large_building_prints_its_forms_in_parts(
    client, opened, units, receptionist, tmp_path, monkeypatch
):
    from surveys import views

    monkeypatch.setattr(views, "MAX_FORMS", 2)
    monkeypatch.setattr(selectors, "FORMS_PER_PDF", 2)
    building = units[0].building  # three units: two forms, then one
    client.force_login(receptionist)
    page = client.get(opened.get_absolute_url()).content.decode()
    assert f'data-testid="forms-{building.pk}-2"' in page
    assert f'data-testid="forms-{building.pk}-3"' not in page
    url = reverse("surveys:forms-pdf", args=[opened.pk])
    printed = ""
    for part in ("1", "2"):
        response = client.get(url, {"building": building.pk, "part": part})
        printed += pdf_text(response.content, tmp_path)
    for row in Response.objects.filter(questionnaire=opened, unit__building=building):
        assert printed.count(row.code) >= 1, row.code
    assert client.get(url, {"building": building.pk, "part": "3"}).status_code == 404
    assert client.get(url, {"building": building.pk, "part": "0"}).status_code == 404
