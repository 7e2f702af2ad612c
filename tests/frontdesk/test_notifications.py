import time

import pytest
from django.core import mail

from frontdesk import services, tasks
from frontdesk.celery import app as celery_app
from frontdesk.models import Notification
from tests.helpers import celery_broker


def test_it_stores_a_notification_per_user_and_emails_it_after_commit(
    receptionist, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            users=[receptionist, supervisor], title="新报修单 WX2026-000001", url="/orders/1/"
        )
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [receptionist.email, supervisor.email]
    assert "/orders/1/" in mail.outbox[0].body


def test_it_emails_nothing_before_the_transaction_commits(receptionist):
    services.notification_send(users=[receptionist], title="测试")
    assert mail.outbox == []


def test_it_emails_each_notification_once_however_often_the_sweep_runs(receptionist):
    services.notification_send(users=[receptionist], title="测试")
    assert tasks.notifications_send_pending() == 1
    assert tasks.notifications_send_pending() == 0
    assert len(mail.outbox) == 1


@pytest.fixture
def dead_broker():
    """The broker address points at a closed port; tasks are really sent, not run eagerly."""
    with celery_broker("redis://127.0.0.1:9/0"):
        yield


def test_it_saves_quickly_when_the_broker_is_down_and_the_sweep_catches_up(
    receptionist, dead_broker, django_capture_on_commit_callbacks, caplog
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(users=[receptionist], title="停水通知")
    assert time.monotonic() - started < 1.5
    assert Notification.objects.get().emailed_at is None
    assert "could not queue frontdesk.tasks.notification_email" in caplog.text

    celery_app.conf.task_always_eager = True  # the broker is back: the next sweep runs
    assert tasks.notifications_send_pending() == 1
    assert mail.outbox[0].subject == "停水通知"


def test_it_lists_and_marks_notifications_read(client, receptionist, supervisor):
    services.notification_send(users=[receptionist, supervisor], title="请回访 3-2-1201")
    client.force_login(receptionist)
    page = client.get("/notifications/")
    assert "请回访 3-2-1201" in page.content.decode()
    mine = receptionist.notifications.get()
    theirs = supervisor.notifications.get()
    client.post("/notifications/read/", {"id": [mine.pk, theirs.pk]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None  # another user's notification is untouched


def test_it_marks_read_only_by_post(client, receptionist):
    client.force_login(receptionist)
    assert client.get("/notifications/read/").status_code == 405
