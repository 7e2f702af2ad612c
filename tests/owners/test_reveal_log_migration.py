"""The desk's two old logs of ID-number reveals (owners' and visitors') move into the one log
of personal data let out, with who, when, which record and the estate kept. The suite builds
its databases without migrations, so this one migrates a database file of its own."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import datetime
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

def state(targets):
    call_command("migrate", *targets[0], verbosity=0)
    call_command("migrate", *targets[1], verbosity=0)
    return MigrationExecutor(connection).loader.project_state(targets).apps

old = state([("owners", "0004_personal_data_access"),
             ("reception", "0002_visit_identity_and_form_keys")])
supervisor = old.get_model("auth", "User").objects.create(username="supervisor")
estate = old.get_model("owners", "Estate").objects.create(name="Garden", code="G1")
owner = old.get_model("owners", "Owner").objects.create(estate=estate, name="Wang Fang")
visit = old.get_model("reception", "Visit").objects.create(
    estate=estate, number="V-1", name="Li Lei", recorded_by=supervisor)
seen = timezone.now() - datetime.timedelta(days=40)
IdReveal = old.get_model("owners", "IdReveal")
IdReveal.objects.filter(
    pk=IdReveal.objects.create(user=supervisor, owner=owner, estate=estate).pk
).update(revealed_at=seen)
old.get_model("reception", "VisitIdReveal").objects.create(user=supervisor, visit=visit)

call_command("migrate", verbosity=0)
from owners.models import PersonalDataAccess
for row in PersonalDataAccess.objects.order_by("object_repr"):
    print(row.kind, row.place, row.user.username, row.estate.code, row.content_type.model,
          row.object_id == (visit.pk if row.content_type.model == "visit" else owner.pk),
          repr(row.object_repr), row.at == seen)
"""


def test_the_old_reveal_logs_move_into_the_one_log(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'migrated.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "frontdesk.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "reveal desk supervisor G1 visit True 'V-1 Li Lei' False",
        "reveal desk supervisor G1 owner True 'Wang Fang' True",  # when it happened, kept
    ]
