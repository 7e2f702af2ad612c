"""Writes of the owner questionnaire: copying last year's, opening it (every household of the
estate gets its response code, for its paper form), recording a household's answers once,
closing it. Each checks its actor (``check_actor``) and refuses bad input whole."""

import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from frontdesk.text import clean_text
from owners.models import Unit

from . import permissions
from .errors import SurveyError
from .models import Answer, Option, Question, Questionnaire, Response

# Codes a household types or the desk reads from the form: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
BATCH = 2000
RATING_SCORE = {1: Decimal(0), 2: Decimal(25), 3: Decimal(50), 4: Decimal(75), 5: Decimal(100)}


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _supervisor(actor, questionnaire: Questionnaire) -> None:
    check_actor(
        actor,
        estate_id=questionnaire.estate_id,
        roles=permissions.MANAGE_ROLES,
        message=_("Only a CS supervisor runs the owner questionnaire."),
    )


def _locked(questionnaire: Questionnaire) -> Questionnaire:
    return Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)


@transaction.atomic
def questionnaire_copy(*, actor, source: Questionnaire, year: int) -> Questionnaire:
    """This year's questionnaire as a draft copy of ``source`` (last year's): the same
    questions and choices, so the two compare question by question."""
    _supervisor(actor, source)
    if Questionnaire.objects.filter(estate_id=source.estate_id, year=year).exists():
        raise SurveyError(
            _("The estate already has a questionnaire for %(year)s.") % {"year": year},
            code="exists",
        )
    copy = Questionnaire(
        estate_id=source.estate_id, year=year, title=source.title, target=source.target
    )
    stamp(copy, actor)
    copy.save()
    for question in source.questions.prefetch_related("options"):
        options = list(question.options.all())
        question.pk = None
        question.questionnaire = copy
        question.save()
        Option.objects.bulk_create(
            Option(question=question, order=o.order, label=o.label, score=o.score) for o in options
        )
    return copy


@transaction.atomic
def questionnaire_open(*, actor, questionnaire: Questionnaire) -> int:
    """Start collecting answers: every household (unit) of the estate gets its response code
    (those it has keep theirs). Returns how many codes were issued."""
    _supervisor(actor, questionnaire)
    questionnaire = _locked(questionnaire)
    if questionnaire.status == Questionnaire.Status.CLOSED:
        raise SurveyError(_("This questionnaire is closed."), code="closed")
    questions = list(questionnaire.questions.prefetch_related("options"))
    if not questions:
        raise SurveyError(_("Add the questions first (in the admin)."), code="no_questions")
    bare = [
        q.text
        for q in questions
        if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(q.options.all()) < 2
    ]
    if bare:
        raise SurveyError(
            _("Give each choice question at least two choices: %(questions)s.")
            % {"questions": "；".join(bare)},
            code="no_options",
        )
    issued = _issue_codes(questionnaire)
    if questionnaire.status == Questionnaire.Status.DRAFT:
        questionnaire.status = Questionnaire.Status.OPEN
        questionnaire.opened_at = timezone.now()
        stamp(questionnaire, actor)
        questionnaire.save(update_fields=["status", "opened_at"])
    return issued


def _issue_codes(questionnaire: Questionnaire) -> int:
    has_one = Response.objects.filter(questionnaire=questionnaire).values("unit_id")
    unit_ids = list(
        Unit.objects.filter(estate_id=questionnaire.estate_id)
        .exclude(pk__in=has_one)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    taken = set(Response.objects.filter(questionnaire=questionnaire).values_list("code", flat=True))
    issued = 0
    for start in range(0, len(unit_ids), BATCH):
        rows = []
        for unit_id in unit_ids[start : start + BATCH]:
            code = new_code()
            while code in taken:
                code = new_code()
            taken.add(code)
            rows.append(Response(questionnaire=questionnaire, unit_id=unit_id, code=code))
        Response.objects.bulk_create(rows)
        issued += len(rows)
    return issued


@transaction.atomic
def questionnaire_close(*, actor, questionnaire: Questionnaire) -> Questionnaire:
    _supervisor(actor, questionnaire)
    questionnaire = _locked(questionnaire)
    if questionnaire.status != Questionnaire.Status.OPEN:
        raise SurveyError(_("Only an open questionnaire is closed."), code="not_open")
    questionnaire.status = Questionnaire.Status.CLOSED
    questionnaire.closed_at = timezone.now()
    stamp(questionnaire, actor)
    questionnaire.save(update_fields=["status", "closed_at"])
    return questionnaire


def _refuse(message: str, question: Question, code: str = "bad_answer"):
    return SurveyError(
        _("Question %(order)s: %(message)s") % {"order": question.order, "message": message},
        code=code,
        field=f"q{question.pk}",
    )


def _answers_of(question: Question, value: Any) -> list[Answer]:
    """The answer rows of one question from what the form sent (an option id, a list of
    them, a rating, words); [] when left blank."""
    options = {str(option.pk): option for option in question.options.all()}
    if question.kind == Question.Kind.TEXT:
        try:
            words = clean_text(value or "", multiline=True, max_length=1000) or ""
        except ValidationError as error:
            raise _refuse(error.messages[0], question, "bad_text") from None
        return [Answer(question=question, text=words)] if words else []
    if question.kind == Question.Kind.RATING:
        if value in (None, ""):
            return []
        if str(value) not in {"1", "2", "3", "4", "5"}:
            raise _refuse(_("give a rating from 1 to 5."), question, "bad_rating")
        rating = int(value)
        return [Answer(question=question, rating=rating, score=RATING_SCORE[rating])]
    picked = value if isinstance(value, list | tuple) else ([value] if value else [])
    picked = [str(v) for v in picked if str(v)]
    if question.kind == Question.Kind.SINGLE and len(picked) > 1:
        raise _refuse(_("choose one answer."), question, "one_choice")
    if any(v not in options for v in picked) or len(set(picked)) != len(picked):
        raise _refuse(_("choose among its own choices."), question, "bad_option")
    return [
        Answer(question=question, option=options[v], score=Decimal(options[v].score))
        for v in picked
    ]


def _score(answers: list[Answer]) -> Decimal | None:
    """The household's satisfaction: the mean of its questions' scores (a multiple-choice
    question scores the mean of the choices picked)."""
    by_question: dict[int, list[Decimal]] = {}
    for answer in answers:
        if answer.score is not None:
            by_question.setdefault(answer.question_id, []).append(answer.score)
    if not by_question:
        return None
    means = [sum(scores, Decimal(0)) / len(scores) for scores in by_question.values()]
    return (sum(means, Decimal(0)) / len(means)).quantize(Decimal("0.1"))


@transaction.atomic
def response_record(
    *, actor, response: Response, answers: dict[int, Any], channel: str
) -> Response:
    """A household's answers, entered once (from its paper form, at the desk or by phone):
    every required question answered, each answer one of its question's own."""
    check_actor(
        actor,
        estate_id=response.questionnaire.estate_id,
        roles=permissions.ENTER_ROLES,
        message=_("Your role may not enter questionnaire answers."),
    )
    response = (
        Response.objects.select_for_update(of=("self",))
        .select_related("questionnaire", "unit")
        .get(pk=response.pk)
    )
    if response.questionnaire.status != Questionnaire.Status.OPEN:
        raise SurveyError(_("This questionnaire is not collecting answers."), code="not_open")
    if response.is_answered:
        raise SurveyError(
            _("Household %(unit)s has already answered (%(at)s): one response a household.")
            % {
                "unit": response.unit.code,
                "at": timezone.localtime(response.answered_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="answered",
        )
    if channel not in Response.Channel.values:
        raise SurveyError(_("Choose how the answers came."), code="bad_channel", field="channel")
    rows: list[Answer] = []
    for question in response.questionnaire.questions.prefetch_related("options"):
        found = _answers_of(question, answers.get(question.pk))
        if not found and question.required:
            raise _refuse(_("an answer is required."), question, "required")
        rows.extend(found)
    if not rows:
        raise SurveyError(_("No answer was given."), code="empty")
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    response.score = _score(rows)
    response.answered_at = timezone.now()
    response.channel = channel
    response.entered_by = actor
    stamp(response, actor)
    response.save(update_fields=["score", "answered_at", "channel", "entered_by"])
    return response
