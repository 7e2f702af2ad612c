import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from tests.helpers import IN_CI

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server answers one request at a time, on connections it reads in parallel.

    Its request threads share the test database's one in-memory SQLite connection, and two
    requests at once can deadlock inside sqlite3 (one thread holding the connection's mutex
    waits for the GIL the other holds): so the application runs under one lock, its response
    read whole inside it. Connections are still read on threads of their own: Chromium opens
    sockets ahead of need and may leave one idle for ten seconds, and a server that read one
    connection at a time would wait on that socket while the page's real request timed out."""

    answering = threading.Lock()

    def get_app(self):
        application = super().get_app()

        def one_at_a_time(environ, start_response):
            with self.answering:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        return one_at_a_time


LiveServerThread.server_class = OneRequestAtATime


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if IN_CI:
            pytest.fail("Debian's chromium is missing: .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Chromium reports what the Content-Security-Policy refused on the console: a page that
    # still carries inline script, style or a handler fails its test.
    refused = []
    page.on("console", lambda message: _note_refusal(refused, message.text))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    context.close()
    if refused:
        pytest.fail("refused by the Content-Security-Policy:\n" + "\n".join(refused))


def _note_refusal(refused: list[str], text: str) -> None:
    if "Content Security Policy" in text:
        refused.append(text)
