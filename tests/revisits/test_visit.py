"""Recording a visit: attempts with retries, scores, the manner checklist, rectification
orders, the supervisor's sign-off and exemptions; bad input changes nothing."""

import datetime
import uuid

import pytest
from django.utils import timezone

from frontdesk import roles
from frontdesk.errors import DeskError
from revisits import services
from revisits.choices import AttemptResult, Result, Status
from revisits.models import Attempt
from tests.factories import staff
from workorders.choices import Source
from workorders.choices import Status as OrderStatus

from .helpers import completed_order, failed_try, revisit_of, snapshot

pytestmark = pytest.mark.django_db

SCORES = {"score_timeliness": 5, "score_attitude": 4, "score_quality": 5, "score_overall": 5}


@pytest.fixture
def revisit(estate, unit, engineering, tech):
    order = completed_order(
        estate, unit=unit, department=engineering, assignee=tech, status=OrderStatus.COMPLETED
    )
    return services.revisit_for_order(order_id=order.pk)


def record(actor, revisit, **extra):
    values = {"channel": "phone", "result": Result.SATISFIED, "scores": SCORES}
    values.update(extra)
    return services.revisit_record(actor=actor, revisit=revisit, **values)


def refused(code, call, revisit):
    before = snapshot(revisit)
    with pytest.raises(DeskError) as caught:
        call()
    assert caught.value.code == code
    assert snapshot(revisit) == before
    return caught.value


def test_it_records_a_satisfied_visit(receptionist, revisit):
    done = record(
        receptionist,
        revisit,
        owner_words="师傅很细心",
        manner=["warm", "thanked"],
    )
    assert done.status == Status.DONE
    assert done.result == Result.SATISFIED
    assert (done.score_timeliness, done.score_attitude) == (5, 4)
    assert done.manner_warm and done.manner_thanked and not done.manner_explained
    assert done.visited_by == receptionist
    assert done.rectification_order is None
    assert done.attempts.get().result == AttemptResult.REACHED
    assert done.history.first().history_user == receptionist


def test_a_problem_found_opens_a_rectification_order(receptionist, revisit, engineering):
    done = record(
        receptionist, revisit, result=Result.BASICALLY_SATISFIED, problem_found="阀门仍有渗水"
    )
    order = done.rectification_order
    assert order is not None
    assert order.source == Source.REVISIT
    assert order.source_id == revisit.work_order_id
    assert order.department == engineering
    assert order.status == OrderStatus.DISPATCHED
    assert order.unit == revisit.unit
    assert order.description == "阀门仍有渗水"
    assert done.status == Status.DONE


def test_a_dissatisfied_owner_opens_a_rectification_order_from_their_words(receptionist, revisit):
    done = record(receptionist, revisit, result=Result.DISSATISFIED, owner_words="维修工态度差")
    assert done.rectification_order.description == "维修工态度差"


def test_a_dissatisfied_owner_without_a_word_of_why_is_refused(receptionist, revisit):
    refused(
        "no_problem", lambda: record(receptionist, revisit, result=Result.DISSATISFIED), revisit
    )


def test_only_a_supervisor_closes_a_dissatisfied_visit_without_rectification(
    receptionist, supervisor, revisit
):
    refused(
        "forbidden",
        lambda: record(
            receptionist,
            revisit,
            result=Result.DISSATISFIED,
            owner_words="嫌慢",
            no_rectification_reason="已当面解释",
        ),
        revisit,
    )
    done = record(
        supervisor,
        revisit,
        result=Result.DISSATISFIED,
        owner_words="嫌慢",
        no_rectification_reason="已当面解释",
    )
    assert done.rectification_order is None
    assert done.signed_off_by == supervisor
    assert done.sign_off_reason == "已当面解释"


@pytest.mark.parametrize("bad", [0, 6, None, "x", -1])
def test_scores_out_of_range_are_refused(receptionist, revisit, bad):
    error = refused(
        "bad_score",
        lambda: record(receptionist, revisit, scores={**SCORES, "score_quality": bad}),
        revisit,
    )
    assert error.field == "score_quality"


def test_a_visit_before_the_source_completed_is_refused(receptionist, revisit):
    order = revisit.work_order
    order.status = OrderStatus.IN_PROGRESS
    order.completed_at = None
    order.save()
    refused("source_not_completed", lambda: record(receptionist, revisit), revisit)
    refused(
        "source_not_completed",
        lambda: services.attempt_record(
            actor=receptionist, revisit=revisit, channel="phone", result="no_answer"
        ),
        revisit,
    )


def test_another_estates_user_changes_nothing(other_supervisor, revisit):
    refused("other_estate", lambda: record(other_supervisor, revisit), revisit)
    refused(
        "other_estate",
        lambda: services.revisit_exempt(actor=other_supervisor, revisit=revisit, reason="x"),
        revisit,
    )


@pytest.mark.parametrize("user", ["technician", "cashier", "director"])
def test_roles_without_the_desk_may_not_record(request, revisit, user):
    actor = request.getfixturevalue(user)
    refused("forbidden", lambda: record(actor, revisit), revisit)


def test_a_visit_recorded_twice_acts_once(receptionist, revisit):
    record(receptionist, revisit, problem_found="仍渗水")
    refused("closed", lambda: record(receptionist, revisit, problem_found="仍渗水"), revisit)
    assert revisit_of(revisit.work_order).attempts.count() == 1


def test_control_characters_are_refused(receptionist, revisit):
    refused(
        "control_character", lambda: record(receptionist, revisit, owner_words="好\x00"), revisit
    )


def test_a_failed_attempt_is_logged_with_a_retry(receptionist, revisit):
    before = timezone.now()
    attempt = services.attempt_record(
        actor=receptionist, revisit=revisit, channel="phone", result="no_answer"
    )
    assert attempt.by == receptionist
    assert attempt.next_try_at >= before + services.visit.DEFAULT_RETRY
    revisit.refresh_from_db()
    assert revisit.is_open


def test_an_attempt_form_posted_twice_logs_once(receptionist, revisit):
    key = uuid.uuid4()
    for _n in range(2):
        services.attempt_record(
            actor=receptionist, revisit=revisit, channel="home", result="refused", form_key=key
        )
    assert Attempt.objects.filter(revisit=revisit).count() == 1


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"result": "reached"}, "reached"),
        ({"result": "maybe"}, "bad_result"),
        ({"channel": "fax"}, "bad_channel"),
        ({"next_try_at": "past"}, "bad_next_try"),
        ({"next_try_at": "far"}, "bad_next_try"),
        ({"form_key": "not-a-key"}, "bad_form_key"),
    ],
)
def test_bad_attempts_are_refused(receptionist, revisit, extra, code):
    now = timezone.now()
    moments = {"past": now - datetime.timedelta(hours=1), "far": now + datetime.timedelta(days=60)}
    if "next_try_at" in extra:
        extra = {"next_try_at": moments[extra["next_try_at"]]}
    values = {"channel": "phone", "result": "no_answer", **extra}
    refused(
        code,
        lambda: services.attempt_record(actor=receptionist, revisit=revisit, **values),
        revisit,
    )


def test_a_supervisor_signs_off_after_three_failed_attempts(receptionist, supervisor, revisit):
    failed_try(receptionist, revisit, hours_ago=6, result="no_answer")
    failed_try(receptionist, revisit, hours_ago=4, result="wrong_number")
    refused(
        "too_few_attempts",
        lambda: services.revisit_close_unreached(actor=supervisor, revisit=revisit, reason="x"),
        revisit,
    )
    services.attempt_record(actor=receptionist, revisit=revisit, channel="home", result="no_answer")
    services.attempt_record(actor=receptionist, revisit=revisit, channel="home", result="no_answer")
    assert revisit.attempts.count() == 4  # the last two, a minute apart, count as one try
    refused(
        "forbidden",
        lambda: services.revisit_close_unreached(
            actor=receptionist, revisit=revisit, reason="三次未联系上"
        ),
        revisit,
    )
    refused(
        "no_reason",
        lambda: services.revisit_close_unreached(actor=supervisor, revisit=revisit, reason=" "),
        revisit,
    )
    done = services.revisit_close_unreached(
        actor=supervisor, revisit=revisit, reason="三次未联系上，业主出国"
    )
    assert done.status == Status.DONE
    assert done.result == Result.NOT_REACHED
    assert done.signed_off_by == supervisor


def test_only_a_supervisor_exempts_with_a_reason(receptionist, supervisor, revisit):
    refused(
        "forbidden",
        lambda: services.revisit_exempt(actor=receptionist, revisit=revisit, reason="不用回访"),
        revisit,
    )
    refused(
        "no_reason",
        lambda: services.revisit_exempt(actor=supervisor, revisit=revisit, reason=""),
        revisit,
    )
    done = services.revisit_exempt(actor=supervisor, revisit=revisit, reason="业主已搬离")
    assert done.status == Status.EXEMPTED
    assert done.exempted_by == supervisor
    refused(
        "closed",
        lambda: services.revisit_exempt(actor=supervisor, revisit=revisit, reason="again"),
        revisit,
    )


def test_a_second_supervisor_of_the_estate_may_exempt(estate, revisit):
    second = staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="sup-b")
    assert services.revisit_exempt(actor=second, revisit=revisit, reason="重复").is_open is False


def test_three_clicks_in_a_minute_are_one_try(receptionist, supervisor, revisit):
    for _ in range(3):
        services.attempt_record(
            actor=receptionist, revisit=revisit, channel="phone", result="no_answer"
        )
    refused(
        "too_few_attempts",
        lambda: services.revisit_close_unreached(actor=supervisor, revisit=revisit, reason="x"),
        revisit,
    )


def test_a_wrong_number_at_home_is_refused(receptionist, revisit):
    refused(
        "wrong_channel",
        lambda: services.attempt_record(
            actor=receptionist, revisit=revisit, channel="home", result="wrong_number"
        ),
        revisit,
    )
