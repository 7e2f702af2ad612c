"""Reads of the owner questionnaire, scoped to the user's estates; the statistics in a fixed
number of aggregate queries whatever the number of households."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from frontdesk.scoping import get_for_user_or_404, scope
from owners.models import Unit

from .models import Answer, Question, Questionnaire, Response


def questionnaires(*, user: Any) -> list[Questionnaire]:
    return list(scope(Questionnaire.objects.select_related("estate"), user))


def questionnaire_get(*, user: Any, pk: int) -> Questionnaire:
    return get_for_user_or_404(user, Questionnaire.objects.select_related("estate"), pk=pk)


def questions(questionnaire: Questionnaire) -> list[Question]:
    return list(questionnaire.questions.prefetch_related("options"))


def response_find(*, questionnaire: Questionnaire, term: str) -> Response | None:
    """The household's response by its code (as printed) or its unit's code."""
    term = term.strip().upper()
    if not term:
        return None
    responses = Response.objects.filter(questionnaire=questionnaire).select_related("unit")
    return responses.filter(Q(code=term) | Q(unit__code__iexact=term)).first()


def open_questionnaires(*, user: Any) -> list[Questionnaire]:
    """The questionnaires collecting answers in the user's estates (the desk's find page)."""
    queryset = Questionnaire.objects.filter(status=Questionnaire.Status.OPEN)
    return list(scope(queryset.select_related("estate"), user))


def responses_find(*, user: Any, term: str, limit: int = 20) -> list[Response]:
    """The responses of the open questionnaires of the user's estates whose code (as
    printed) or unit code is ``term``: one query."""
    term = term.strip().upper()
    if not term:
        return []
    queryset = Response.objects.filter(
        Q(code=term) | Q(unit__code__iexact=term),
        questionnaire__status=Questionnaire.Status.OPEN,
    ).select_related("questionnaire__estate", "unit")
    return list(scope(queryset, user).order_by("questionnaire__estate__code", "pk")[:limit])


def response_get(*, user: Any, pk: int) -> Response:
    queryset = Response.objects.select_related("questionnaire__estate", "unit__building")
    return get_for_user_or_404(user, queryset, pk=pk)


def response_answers(response: Response) -> list[Answer]:
    return list(response.answers.select_related("question", "option"))


def unit_responses(*, unit: Any, limit: int = 5) -> list[Response]:
    """A unit's answered questionnaires, newest first (the dossier's section): one query."""
    return list(
        Response.objects.filter(unit=unit, answered_at__isnull=False)
        .select_related("questionnaire")
        .order_by("-questionnaire__year")[:limit]
    )


def forms_for(questionnaire: Questionnaire, building_id: int | None = None) -> QuerySet[Response]:
    """The responses whose paper forms to print: a building's, or one."""
    responses = Response.objects.filter(questionnaire=questionnaire).select_related("unit")
    if building_id is not None:
        responses = responses.filter(unit__building_id=building_id)
    return responses.order_by("unit__code")


@dataclass
class Row:
    label: str
    score: Decimal | None = None  # 0–100
    answers: int = 0
    last_year: Decimal | None = None
    below: bool = False


# Paper forms in one PDF at most (about 4 s a hundred); a larger building prints in parts.
FORMS_PER_PDF = 200


@dataclass
class BuildingRow:
    label: str
    units: int
    answered: int
    pk: int = 0

    @property
    def rate(self) -> Decimal:
        return _percent(self.answered, self.units)

    @property
    def parts(self) -> range:
        """The numbers of the building's form PDFs (``?part=``)."""
        return range(1, max(1, -(-self.units // FORMS_PER_PDF)) + 1)


@dataclass
class Statistics:
    units: int = 0
    answered: int = 0
    overall: Decimal | None = None
    last_year_overall: Decimal | None = None
    last_year: Questionnaire | None = None
    target: Decimal = Decimal(80)
    buildings: list[BuildingRow] = field(default_factory=list)
    questions: list[Row] = field(default_factory=list)
    dimensions: list[Row] = field(default_factory=list)

    @property
    def rate(self) -> Decimal:
        return _percent(self.answered, self.units)

    @property
    def below(self) -> bool:
        return self.overall is not None and self.overall < self.target


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _one(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"))


def _question_scores(questionnaire: Questionnaire) -> dict[int, tuple[Decimal | None, int]]:
    rows = (
        Answer.objects.filter(question__questionnaire=questionnaire)
        .values("question_id")
        .annotate(score=Avg("score"), n=Count("response_id", distinct=True))
    )
    return {row["question_id"]: (_one(row["score"]), row["n"]) for row in rows}


def _dimension_scores(questionnaire: Questionnaire) -> dict[str, Decimal | None]:
    rows = (
        Answer.objects.filter(question__questionnaire=questionnaire, score__isnull=False)
        .values("question__dimension")
        .annotate(score=Avg("score"))
    )
    return {row["question__dimension"]: _one(row["score"]) for row in rows}


def _overall(questionnaire: Questionnaire) -> Decimal | None:
    found = Response.objects.filter(questionnaire=questionnaire, score__isnull=False).aggregate(
        score=Avg("score")
    )
    return _one(found["score"])


def rates(questionnaire: Questionnaire) -> Statistics:
    """Households and answers by building (the questionnaire's page): two queries."""
    stats = Statistics(target=questionnaire.target)
    units = list(
        Unit.objects.filter(estate_id=questionnaire.estate_id)
        .values_list("building_id", "building__number")
        .annotate(n=Count("pk"))
        .order_by("building__number")
    )
    answered = dict(
        Response.objects.filter(questionnaire=questionnaire, answered_at__isnull=False)
        .values_list("unit__building_id")
        .annotate(n=Count("pk"))
        .values_list("unit__building_id", "n")
    )
    stats.buildings = [
        BuildingRow(str(number), n, answered.get(pk, 0), pk) for pk, number, n in units
    ]
    stats.units = sum(row.units for row in stats.buildings)
    stats.answered = sum(answered.values())
    return stats


def statistics(questionnaire: Questionnaire) -> Statistics:
    """Response rate by building, satisfaction per question and per dimension against the
    target, the overall figure, and last year's beside each (questions matched by their
    wording). Ten queries whatever the number of households."""
    stats = rates(questionnaire)
    stats.overall = _overall(questionnaire)
    last = (
        Questionnaire.objects.filter(estate_id=questionnaire.estate_id, year__lt=questionnaire.year)
        .order_by("-year")
        .first()
    )
    stats.last_year = last
    last_scores: dict[str, Decimal | None] = {}
    last_dimensions: dict[str, Decimal | None] = {}
    if last is not None:
        by_id = _question_scores(last)
        last_scores = {
            q.text: by_id.get(q.pk, (None, 0))[0] for q in last.questions.all() if q.is_scored
        }
        last_dimensions = _dimension_scores(last)
        stats.last_year_overall = _overall(last)
    scores = _question_scores(questionnaire)
    for question in questionnaire.questions.all():
        if not question.is_scored:
            continue
        score, n = scores.get(question.pk, (None, 0))
        stats.questions.append(
            Row(
                label=f"{question.order}. {question.text}",
                score=score,
                answers=n,
                last_year=last_scores.get(question.text),
                below=score is not None and score < questionnaire.target,
            )
        )
    dimensions = _dimension_scores(questionnaire)
    for key, label in Question.Dimension.choices:  # in the list's order
        if key not in dimensions:
            continue
        score = dimensions[key]
        stats.dimensions.append(
            Row(
                label=str(label),
                score=score,
                last_year=last_dimensions.get(key),
                below=score is not None and score < questionnaire.target,
            )
        )
    return stats
