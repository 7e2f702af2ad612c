import os
import shutil
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

from tests.helpers import IN_CI

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class OneRequestAtATime(WSGIServer):
    """The live server answers one request at a time. Threaded, its request threads share
    the test database's one in-memory SQLite connection, and two requests at once can
    deadlock inside sqlite3 (one thread holding the connection's mutex waits for the GIL
    the other holds): a browser test then hangs for good. Not threaded, Django closes each
    HTTP connection after its response, so the browser never waits on a kept-alive one."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override

    def process_request(self, request, client_address):
        for alias, connection in (self.connections_override or {}).items():
            connections[alias] = connection
        super().process_request(request, client_address)


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
