"""A fresh checkout started with production settings serves the desk through gunicorn: the
static files build with the manifest storage, a receptionist signs in and works."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from frontdesk.secretkey import kept_secret_key

from .test_deploy import PRODUCTION, _without_test_only_variables

GUNICORN = Path(sys.executable).with_name("gunicorn")


def _cannot_serve(reason: str):
    """Where no local server can run this is skipped with the reason; CI always runs it."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]
    except OSError as error:
        _cannot_serve(f"no local port to bind gunicorn to: {error}")
        raise


def _manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """Production settings on a database and static folder of their own, over plain HTTP."""
    if not GUNICORN.exists():
        _cannot_serve(f"gunicorn is not installed at {GUNICORN}")
    folder = tmp_path_factory.mktemp("production")
    port = _free_port()
    env = {
        **_without_test_only_variables(os.environ),
        **PRODUCTION,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "PLAIN_HTTP": "true",
        "DATABASE_URL": f"sqlite:///{folder / 'desk.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
    }
    env.pop("CELERY_BROKER_URL", None)
    _manage(env, "collectstatic", "--noinput", "-v0")
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model;"
        "get_user_model().objects.create_superuser('boss', '', 'long-enough-password-1')",
    )
    server = subprocess.Popen(
        [str(GUNICORN), "frontdesk.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server)
        yield base, folder
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_for(base, server):
    for _ in range(150):
        if server.poll() is not None:
            output = server.stdout.read()
            if "Connection in use" in output or "Can't connect to" in output:
                _cannot_serve("gunicorn could not bind its port:\n" + output)
            pytest.fail("gunicorn stopped:\n" + output)
        try:
            urllib.request.urlopen(base + "/healthz", timeout=10)
            return
        except urllib.error.HTTPError:
            return  # it answers (a 503 names a missing broker, not a server that is down)
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer in time")


def _browser():
    cookies = http.cookiejar.CookieJar()
    return cookies, urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))


def test_a_fresh_checkout_serves_the_desk_through_gunicorn(production):
    base, folder = production
    cookies, browser = _browser()

    login = browser.open(base + "/accounts/login/").read().decode()
    token = next(cookie.value for cookie in cookies if cookie.name == "csrftoken")
    form = urllib.parse.urlencode(
        {
            "username": "boss",
            "password": "long-enough-password-1",
            "csrfmiddlewaretoken": token,
            "next": "/",
        }
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=form, headers={"Referer": base + "/accounts/login/"}
    )
    home = browser.open(request)

    assert home.status == 200 and home.url == base + "/"
    assert any(cookie.name == "sessionid" for cookie in cookies)
    page = home.read().decode()
    assert "boss" in page
    # the pages name the hashed files of the manifest, which whitenoise serves
    bundle = re.search(r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", login)
    assert bundle, "the sign-in page does not name the hashed stylesheet"
    assert browser.open(base + bundle.group(0)).status == 200
    assert (folder / "static" / "staticfiles.json").exists()


def test_production_cookies_are_secure_unless_plain_http_is_chosen():
    def cookie_flags(**extra):
        env = {**_without_test_only_variables(os.environ), **PRODUCTION, **extra}
        return _manage(
            env,
            "shell",
            "-c",
            "from django.conf import settings as s;"
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)",
        ).split()[-3:]

    assert cookie_flags() == ["True", "True", "True"]
    assert cookie_flags(PLAIN_HTTP="true") == ["False", "False", "False"]


def test_plain_http_is_warned_by_the_deploy_checks():
    env = {**_without_test_only_variables(os.environ), **PRODUCTION, "PLAIN_HTTP": "true"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )

    assert "frontdesk.W001" in result.stdout + result.stderr


def test_the_secret_key_is_made_once_and_kept_private(tmp_path):
    path = tmp_path / "var" / "secret_key"

    first = kept_secret_key(path)

    assert len(first) >= 50
    assert path.stat().st_mode & 0o777 == 0o600
    assert kept_secret_key(path) == first
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]
