"""The suite builds its test databases from the models (`--no-migrations`, a quarter of the
time); this test keeps the migrations honest: they run from zero and match the models."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, database: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_it_migrates_an_empty_database_from_zero_and_the_models_match(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    migrated = _manage("migrate", "--noinput", "-v0", database=database)
    assert migrated.returncode == 0, migrated.stderr

    pending = _manage("makemigrations", "--check", "--dry-run", database=database)
    assert pending.returncode == 0, pending.stdout + pending.stderr

    roles = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import Group; print(Group.objects.count())",
        database=database,
    )
    assert roles.stdout.strip() == "7"  # the desk's roles, created by a data migration
