"""The questionnaire's rows of ``manage.py bench``: the statistics of a questionnaire answered
by every household of BIG (100,000 of them, seven answers each, inserted once in batches; a
second run adds none), and the report page that shows them."""

import random
import time

from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from owners.models import Unit

from . import selectors
from .demo import questionnaire_create
from .models import Answer, Question, Questionnaire, Response
from .services import RATING_SCORE

STATISTICS = Target(p95_ms=2_000, max_queries=12)
BATCH = 5_000


def _seed(estate) -> int:
    year = timezone.localdate().year
    questionnaire = Questionnaire.objects.filter(estate=estate, year=year).first()
    if questionnaire is not None:
        return 0
    questionnaire = questionnaire_create(estate, year)
    questionnaire.status = Questionnaire.Status.OPEN
    questionnaire.save(update_fields=["status"])
    questions = list(questionnaire.questions.prefetch_related("options"))
    rng = random.Random(7)
    unit_ids = list(Unit.objects.filter(estate=estate).values_list("pk", flat=True))
    now = timezone.now()
    for start in range(0, len(unit_ids), BATCH):
        responses = Response.objects.bulk_create(
            Response(
                questionnaire=questionnaire,
                unit_id=unit_id,
                code=f"B{unit_id:010d}",
                answered_at=now,
                channel=Response.Channel.PAPER,
                score=rng.randint(40, 100),
            )
            for unit_id in unit_ids[start : start + BATCH]
        )
        answers = []
        for response in responses:
            for question in questions:
                options = list(question.options.all())
                if question.kind == Question.Kind.RATING:
                    rating = rng.randint(1, 5)
                    answers.append(
                        Answer(
                            response=response,
                            question=question,
                            rating=rating,
                            score=RATING_SCORE[rating],
                        )
                    )
                elif options:
                    option = rng.choice(options)
                    answers.append(
                        Answer(
                            response=response, question=question, option=option, score=option.score
                        )
                    )
        Answer.objects.bulk_create(answers, batch_size=BATCH)
    return len(unit_ids)


def measurements(app_bench: AppBench) -> list[Measurement]:
    estate = app_bench.estate
    started = time.monotonic()
    added = _seed(estate)
    if added:
        app_bench.say(
            f"surveys: {added:,} households answered in {estate.code} "
            f"({time.monotonic() - started:.1f} s)"
        )
    bench_user(estate, roles.CS_SUPERVISOR)
    supervisor = app_bench.client(roles.CS_SUPERVISOR)
    questionnaire = Questionnaire.objects.get(estate=estate, year=timezone.localdate().year)
    rounds = min(app_bench.requests, 5)
    return [
        app_bench.call(
            "surveys: statistics, 100,000 households",
            lambda: selectors.statistics(questionnaire),
            STATISTICS,
            rounds=rounds,
        ),
        app_bench.page(
            "surveys: questionnaire page",
            reverse("surveys:questionnaire-detail", args=[questionnaire.pk]),
            Target(max_queries=12),
            supervisor,
        ),
    ]
