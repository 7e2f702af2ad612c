"""Seeing the desk run: a log line per request, request ids, the 500 page, healthz's extras."""

import datetime
import json
import logging
import sys

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import path
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from frontdesk import errorpages, roles
from frontdesk.logging import JsonFormatter, RequestIdFilter
from frontdesk.models import Job
from frontdesk.urls import handler500
from frontdesk.urls import urlpatterns as desk_urlpatterns
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("the printer caught fire")


# This module is also the URLconf of the error-page tests: the desk's URLs and one that fails.
urlpatterns = [path("boom/", boom), *desk_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
failing_urls = override_settings(ROOT_URLCONF=__name__)


@pytest.fixture
def lenient_client(settings):
    """A client that gets the 500 page, as a browser would, instead of the exception."""
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "frontdesk.request"]


def test_it_logs_one_line_per_request_with_user_estate_and_query_count(
    client, receptionist, estate, caplog
):
    client.force_login(receptionist)
    with caplog.at_level(logging.INFO, logger="frontdesk.request"):
        response = client.get("/", {"q": "13800138000"})
    [line] = request_lines(caplog)
    assert response.status_code == 200
    assert line.levelno == logging.INFO
    assert (line.method, line.path, line.status) == ("GET", "/", 200)
    assert line.queries > 0
    assert line.duration_ms >= 0
    assert (line.user_id, line.username) == (receptionist.pk, "reception")
    assert line.estate_id == estate.pk
    assert line.request_id == response["X-Request-ID"]
    # The path only: a query string may hold a name or a phone number.
    assert "13800138000" not in line.getMessage()


def test_it_logs_the_estate_picked_in_the_switcher(client, estate, other_estate, caplog):
    user = staff(estates=[estate, other_estate], roles=[roles.RECEPTIONIST], username="both")
    client.force_login(user)
    client.post("/estate/", {"estate": other_estate.pk})
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="frontdesk.request"):
        client.get("/")
    [line] = request_lines(caplog)
    assert line.estate_id == other_estate.pk


def test_it_logs_no_estate_when_the_desk_shows_several(client, estate, other_estate, caplog):
    user = staff(estates=[estate, other_estate], roles=[roles.RECEPTIONIST], username="both")
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="frontdesk.request"):
        client.get("/")
    [line] = request_lines(caplog)
    assert (line.username, line.estate_id) == ("both", None)


def test_it_logs_an_anonymous_request_without_looking_up_a_user(
    client, caplog, django_assert_num_queries
):
    with caplog.at_level(logging.INFO, logger="frontdesk.request"), django_assert_num_queries(0):
        response = client.get("/accounts/login/")
    [line] = request_lines(caplog)
    assert response.status_code == 200
    assert (line.user_id, line.username, line.estate_id, line.queries) == (None, None, None, 0)


def test_it_logs_health_checks_at_debug_only(client, caplog):
    with caplog.at_level(logging.DEBUG, logger="frontdesk.request"):
        client.get("/healthz")
    [line] = request_lines(caplog)
    assert line.levelno == logging.DEBUG and line.path == "/healthz"


def test_it_keeps_a_sane_request_id_from_the_proxy(client, caplog):
    with caplog.at_level(logging.INFO, logger="frontdesk.request"):
        response = client.get("/accounts/login/", headers={"X-Request-ID": "lb-7f3a-0001"})
    assert response["X-Request-ID"] == "lb-7f3a-0001"
    assert request_lines(caplog)[0].request_id == "lb-7f3a-0001"


@pytest.mark.parametrize(
    "header",
    ["", "two words", "id\nFAKE LOG LINE", "x" * 65, "üñí-code", "a;b", "<script>"],
)
def test_it_replaces_a_request_id_that_is_not_sane(client, header):
    response = client.get("/accounts/login/", headers={"X-Request-ID": header})
    request_id = response["X-Request-ID"]
    assert request_id != header
    assert len(request_id) == 32 and request_id.isalnum()


def test_it_gives_each_request_its_own_id(client):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]
    assert first != second


@failing_urls
def test_it_shows_the_request_id_on_the_500_page_and_logs_it_with_the_traceback(
    lenient_client, caplog, django_assert_num_queries
):
    with django_assert_num_queries(0):  # the page needs no database: it may be what failed
        response = lenient_client.get("/boom/", headers={"X-Request-ID": "desk-42"})
    html = response.content.decode()
    assert response.status_code == 500
    assert response["X-Request-ID"] == "desk-42"
    assert 'data-testid="server-error"' in html and "Server error" in html
    assert '<code class="fs-5 user-select-all" data-testid="request-id">desk-42</code>' in html
    assert "printer" not in html  # no internals on the page
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.request_id == "desk-42"
    assert error.exc_info and error.exc_info[0] is RuntimeError
    [line] = request_lines(caplog)
    assert (line.status, line.request_id) == (500, "desk-42")


def test_it_puts_the_request_id_on_djangos_not_found_warning(client, caplog):
    client.get("/no-such-page/", headers={"X-Request-ID": "desk-404"})
    [warning] = [r for r in caplog.records if r.name == "django.request"]
    assert warning.request_id == "desk-404"


@failing_urls
def test_it_keeps_the_500_page_under_the_strict_policy(lenient_client):
    response = lenient_client.get("/boom/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@failing_urls
def test_it_speaks_chinese_on_the_500_page_by_default(lenient_client, settings):
    lenient_client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    html = lenient_client.get("/boom/").content.decode()
    assert '<html lang="zh-hans">' in html


@failing_urls
def test_it_still_gives_the_request_id_when_the_500_page_cannot_render(lenient_client, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(errorpages.loader, "render_to_string", broken)
    response = lenient_client.get("/boom/", headers={"X-Request-ID": "desk-43"})
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/plain")
    assert "desk-43" in response.content.decode()


def test_it_writes_one_json_object_a_line_with_the_extras_and_the_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.getLogger("frontdesk.request").makeRecord(
            "frontdesk.request",
            logging.ERROR,
            __file__,
            1,
            "GET %s",
            ("/units/1/",),
            exc_info=sys.exc_info(),
            extra={"status": 500, "request": object(), "username": "收银员"},
        )
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["message"] == "GET /units/1/"
    assert (entry["level"], entry["logger"]) == ("ERROR", "frontdesk.request")
    assert (entry["status"], entry["username"], entry["request_id"]) == (500, "收银员", "-")
    assert "request" not in entry  # Django's request object: its text has the query string
    assert "RuntimeError: boom" in entry["exception"]


def _ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def _queued_job(age_minutes, status=Job.Status.QUEUED):
    job = Job.objects.create(kind="test", title="导出", requested_by=UserFactory(), status=status)
    Job.objects.filter(pk=job.pk).update(created_at=_ago(minutes=age_minutes))
    return job


def test_it_reports_beat_and_the_queue_on_healthz(client):
    every_minute = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    for name, last_run in [("a", _ago(seconds=90)), ("b", _ago(hours=5)), ("c", None)]:
        PeriodicTask.objects.create(
            name=name, task="frontdesk.tasks.jobs_run_queued", interval=every_minute
        )
        PeriodicTask.objects.filter(name=name).update(last_run_at=last_run)
    _queued_job(10)
    _queued_job(3)
    _queued_job(60, status=Job.Status.DONE)
    body = client.get("/healthz").json()
    assert {"status", "database", "broker", "pdf_fast_subsetting"} <= body.keys()
    assert 90 <= body["beat_last_run_age_seconds"] < 120
    assert datetime.datetime.fromisoformat(body["beat_last_run"]) < timezone.now()
    assert body["queued_jobs"] == 2
    assert 600 <= body["oldest_queued_job_age_seconds"] < 630


def test_it_reports_no_beat_run_and_an_empty_queue_on_a_fresh_install(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert (body["beat_last_run"], body["beat_last_run_age_seconds"]) == (None, None)
    assert (body["queued_jobs"], body["oldest_queued_job_age_seconds"]) == (0, None)


@pytest.mark.parametrize("jobs", [1, 20])
def test_it_keeps_healthz_to_three_queries(client, jobs, django_assert_num_queries):
    for _ in range(jobs):
        _queued_job(5)
    with django_assert_num_queries(3):
        client.get("/healthz")


def test_healthz_says_a_database_without_its_tables_is_not_migrated(client):
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute(f"DROP TABLE {PeriodicTask._meta.db_table}")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "error: not migrated"
