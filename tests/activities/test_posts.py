"""The publicity column: posts, the 14-day replacement reminder (time moved), the
replacement recorded."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from activities import services, tasks
from activities.errors import ActivitiesError
from activities.models import Post, ReplacementReminder
from frontdesk.errors import DeskError
from tests.factories.activities import BoardFactory

pytestmark = pytest.mark.django_db

NOTICE = services.NewPost(kind="safety", title="冬季防火安全提示", body="请勿在楼道堆放杂物。")


@pytest.fixture
def column(estate):
    return BoardFactory(estate=estate, name="南门宣传栏")


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def test_the_reminder_fires_at_14_days_once_and_closes_on_replacement(receptionist, column):
    services.post_put_up(actor=receptionist, board=column, post=NOTICE, on=days_ago(13))
    assert tasks.column_replacement_sweep.delay().get() == 0
    assert not ReplacementReminder.objects.exists()

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert services.replacement_sweep(today=tomorrow) == 1
    assert services.replacement_sweep(today=tomorrow) == 0  # idempotent
    reminder = ReplacementReminder.objects.get()
    assert reminder.board == column and reminder.content_since == days_ago(13)

    new = services.NewPost(kind="activity", title="社区迎新春联欢会", body="欢迎业主报名。")
    [post] = services.column_replace(actor=receptionist, board=column, posts=[new], on=tomorrow)
    reminder.refresh_from_db()
    assert reminder.resolved_on == tomorrow
    assert Post.objects.filter(board=column, taken_down_on__isnull=True).get() == post
    assert services.replacement_sweep(today=tomorrow) == 0


def test_the_task_is_in_the_beat_schedule():
    entry = django_settings.CELERY_BEAT_SCHEDULE["activities-column-replacement"]
    assert entry["task"] == "activities.tasks.column_replacement_sweep"


def test_a_replacement_needs_a_post_and_a_board(receptionist, column, gym):
    services.post_put_up(actor=receptionist, board=column, post=NOTICE, on=days_ago(20))
    with pytest.raises(ActivitiesError) as info:
        services.column_replace(actor=receptionist, board=column, posts=[])
    assert info.value.code == "no_posts"
    assert Post.objects.filter(taken_down_on__isnull=True).count() == 1
    with pytest.raises(ActivitiesError) as info:
        services.post_put_up(actor=receptionist, board=gym, post=NOTICE)
    assert info.value.code == "not_a_board"


def test_another_estates_board_and_a_bad_post_are_refused(receptionist, other_estate, column):
    theirs = BoardFactory(estate=other_estate)
    with pytest.raises(DeskError) as info:
        services.post_put_up(actor=receptionist, board=theirs, post=NOTICE)
    assert info.value.code == "other_estate"
    with pytest.raises(ActivitiesError):
        services.post_put_up(
            actor=receptionist, board=column, post=services.NewPost("safety", " ", "x")
        )
    assert not Post.objects.exists()


def test_taking_a_post_down(receptionist, column):
    post = services.post_put_up(actor=receptionist, board=column, post=NOTICE)
    services.post_take_down(actor=receptionist, post=post)
    with pytest.raises(ActivitiesError):
        services.post_take_down(actor=receptionist, post=post)
