"""The demo estates' owner questionnaires for ``seed_demo``: last year's, closed, and this
year's, open, each answered by some households (through the services the desk uses, last
year's while it was open), so the report has figures and a comparison. An estate with a
questionnaire is left alone."""

import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from frontdesk import roles
from owners.models import Estate

from . import services
from .models import Option, Question, Questionnaire, Response

SATISFACTION = [("很满意", 100), ("满意", 80), ("一般", 60), ("不满意", 20)]
QUESTIONS = [
    ("您对客服中心的服务态度是否满意？", Question.Kind.SINGLE, Question.Dimension.CUSTOMER_SERVICE),
    ("您对报修维修的及时性和质量是否满意？", Question.Kind.SINGLE, Question.Dimension.REPAIRS),
    ("您对小区的秩序维护（安保、车辆）打几分？", Question.Kind.RATING, Question.Dimension.SECURITY),
    ("您对公共区域保洁是否满意？", Question.Kind.SINGLE, Question.Dimension.CLEANING),
    ("您对绿化养护打几分？", Question.Kind.RATING, Question.Dimension.GREENING),
    ("您认为哪些方面最需要改进？（可多选）", Question.Kind.MULTIPLE, Question.Dimension.OVERALL),
    ("其他意见和建议", Question.Kind.TEXT, Question.Dimension.OVERALL),
]
IMPROVE = [("电梯维护", 30), ("停车管理", 30), ("垃圾清运", 30), ("都很好", 100)]


def _user(estate: Estate, role: str):
    return (
        get_user_model()
        .objects.filter(groups__name=role, staff_profile__estates=estate)
        .order_by("pk")
        .first()
    )


def questionnaire_create(estate: Estate, year: int) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(estate=estate, year=year, title="业主满意度调查")
    for order, (text, kind, dimension) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(
            questionnaire=questionnaire,
            order=order,
            text=text,
            kind=kind,
            dimension=dimension,
            required=kind != Question.Kind.TEXT,
        )
        choices = IMPROVE if kind == Question.Kind.MULTIPLE else SATISFACTION
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            Option.objects.bulk_create(
                Option(question=question, order=n, label=label, score=score)
                for n, (label, score) in enumerate(choices, start=1)
            )
    return questionnaire


def _answer(rng: random.Random, question: Question, mood: int):
    options = list(question.options.all())
    if question.kind == Question.Kind.SINGLE:
        return str(options[min(len(options) - 1, max(0, mood + rng.randint(-1, 1)))].pk)
    if question.kind == Question.Kind.MULTIPLE:
        return [str(o.pk) for o in rng.sample(options[:3], rng.randint(1, 2))]
    if question.kind == Question.Kind.RATING:
        return str(max(1, min(5, 4 - mood + rng.randint(-1, 1))))
    return rng.choice(["", "希望加强夜间巡逻", "电梯经常故障，请尽快处理"])


def _collect(questionnaire, desk, supervisor, rng, share: float, mood: int) -> int:
    services.questionnaire_open(actor=supervisor, questionnaire=questionnaire)
    responses = list(Response.objects.filter(questionnaire=questionnaire).order_by("pk"))
    questions = list(questionnaire.questions.prefetch_related("options"))
    answered = rng.sample(responses, int(len(responses) * share))
    for response in answered:
        answers = {q.pk: _answer(rng, q, mood) for q in questions}
        services.response_record(actor=desk, response=response, answers=answers, channel="paper")
    return len(answered)


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    rng = random.Random(seed)
    year = timezone.localdate().year
    for estate in estates:
        if Questionnaire.objects.filter(estate=estate).exists():
            report(f"{estate.code} questionnaires: already seeded, skipped")
            continue
        desk = _user(estate, roles.RECEPTIONIST)
        supervisor = _user(estate, roles.CS_SUPERVISOR)
        if desk is None or supervisor is None:
            report(f"{estate.code} questionnaires: no receptionist or supervisor, skipped")
            continue
        last = questionnaire_create(estate, year - 1)
        before = _collect(last, desk, supervisor, rng, share=0.08, mood=1)
        services.questionnaire_close(actor=supervisor, questionnaire=last)
        now = services.questionnaire_copy(actor=supervisor, source=last, year=year)
        after = _collect(now, desk, supervisor, rng, share=0.04, mood=0)
        report(f"{estate.code} questionnaires: {before} answers last year, {after} this year")
