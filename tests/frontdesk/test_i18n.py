"""The Chinese catalogue is complete: every string of ours has a non-fuzzy translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _refresh_catalogue_into(tmp_path: Path) -> polib.POFile:
    """Run makemessages against a copy of the catalogue, as a developer would."""
    if shutil.which("xgettext") is None:
        pytest.skip("gettext is not installed; `make run`/.ci/run install it")
    copy = tmp_path / "locale"
    shutil.copytree(CATALOGUE.parents[2], copy)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--ignore=.venv/*",
            "--ignore=node_modules/*",
            "--ignore=tests/*",
            "--ignore=var/*",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "LOCALE_DIR": str(copy)},
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(copy / "zh_Hans" / "LC_MESSAGES" / "django.po"))


def test_it_translates_every_string_into_chinese(tmp_path):
    catalogue = _refresh_catalogue_into(tmp_path)
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == [], f"untranslated: {missing[:20]} (and {max(0, len(missing) - 20)} more)"
    assert fuzzy == [], f"fuzzy: {fuzzy[:20]}"


def test_it_shows_chinese_by_default_and_english_on_request(receptionist):
    client = Client()  # no Accept-Language: what a fresh browser without a preference gets
    client.force_login(receptionist)
    assert "前台" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Front desk" in client.get("/").content.decode()
