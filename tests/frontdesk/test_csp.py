"""Pages run under a strict Content-Security-Policy: no inline script, style or handler."""

import re
from pathlib import Path

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse

from frontdesk.middleware import csp_scope

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# What the policy refuses in a page: an inline <script> (json_script's data block is not run,
# so it may stay), a <style> element, a style="" attribute, an on…= handler, htmx's hx-on
# (inline JavaScript too) and javascript: URLs.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")"
    r"|<style|\sstyle\s*=|\son[a-z]+\s*=|\shx-on|javascript:",
    re.IGNORECASE,
)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_it_sends_desk_pages_with_a_strict_policy(client, receptionist):
    client.force_login(receptionist)
    policy = _policy(client.get("/"))
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["object-src"] == "object-src 'none'"
    assert "unsafe-inline" not in " ".join(policy.values())


def test_it_lets_the_admin_keep_its_inline_script_and_style(admin_client):
    policy = _policy(admin_client.get("/admin/"))
    assert policy["script-src"] == "script-src 'self' 'unsafe-inline'"
    assert policy["style-src"] == "style-src 'self' 'unsafe-inline'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"


def test_it_sends_files_without_a_policy(rf):
    pdf = HttpResponse(b"%PDF-1.7", content_type="application/pdf")
    response = CSPMiddleware(csp_scope(lambda request: pdf))(rf.get("/fees/receipts/1/a5/"))
    assert "Content-Security-Policy" not in response


def test_it_keeps_inline_script_style_and_handlers_out_of_the_templates():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "pdf" in path.relative_to(TEMPLATES).parts:
            continue  # rendered by WeasyPrint, never by a browser: print CSS may stay inline
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if INLINE.search(line):
                found.append(f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:80]}")
    assert found == [], "inline script/style/handler (move it to static/):\n" + "\n".join(found)
