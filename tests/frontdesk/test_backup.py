"""Backups that restore: `manage.py backup` and `manage.py restore` on SQLite and PostgreSQL.

A backup reads committed data (pg_dump is another process; SQLite's backup API cannot copy
from inside the connection's own write transaction), so these tests commit.
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from fees.models import Payment
from frontdesk import backup
from frontdesk.tasks import backup_nightly
from owners.models import Document, Owner
from tests.factories import DocumentFactory, OwnershipFactory
from tests.factories.fees import PaymentFactory
from tests.helpers import needs_postgres

committed = pytest.mark.django_db(transaction=True)
SCAN = b"%PDF-1.4 scan of an ID card \x00\xff"
NOTICE = b"public notice"


@pytest.fixture(autouse=True)
def _public_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    Path(settings.MEDIA_ROOT).mkdir()
    (Path(settings.MEDIA_ROOT) / "notice.txt").write_bytes(NOTICE)


@pytest.fixture
def desk(estate):
    """A receipt, its owner and an archived scan."""
    ownership = OwnershipFactory(unit__estate=estate, owner__name="王芳")
    payment = PaymentFactory(unit=ownership.unit, amount=Decimal("10.10"))
    document = DocumentFactory(estate=estate, owner=ownership.owner, original_sighted=False)
    document.file.save("id-card.pdf", ContentFile(SCAN))
    return {"payment": payment, "owner": ownership.owner, "document": document}


def make_backup(dest) -> Path:
    out = io.StringIO()
    call_command("backup", "--dest", str(dest), stdout=out)
    return Path(out.getvalue().strip())


def alter(desk):
    """What a bad day does after the backup: a changed owner, a lost scan, a changed notice."""
    Owner.objects.filter(pk=desk["owner"].pk).update(name="改掉的名字")
    Path(desk["document"].file.path).unlink()
    (Path(settings.MEDIA_ROOT) / "notice.txt").write_bytes(b"changed")


def assert_restored(desk, rows):
    payment, owner, document = desk["payment"], desk["owner"], desk["document"]
    assert [(number, Decimal(str(amount))) for number, amount in rows["receipts"]] == [
        (payment.receipt_number, Decimal("10.10"))
    ]
    assert rows["owners"] == [(owner.name, owner.id_number)]
    assert rows["scans"] == [document.file.name]
    assert Path(document.file.path).read_bytes() == SCAN
    assert (Path(settings.MEDIA_ROOT) / "notice.txt").read_bytes() == NOTICE


QUERIES = {
    "receipts": f"SELECT receipt_number, amount FROM {Payment._meta.db_table}",
    "owners": f"SELECT name, id_number FROM {Owner._meta.db_table}",
    "scans": f"SELECT file FROM {Document._meta.db_table}",
}


def read_rows(cursor) -> dict:
    rows = {}
    for key, query in QUERIES.items():
        cursor.execute(query)
        rows[key] = [tuple(row) if len(row) > 1 else row[0] for row in cursor.fetchall()]
    return rows


@committed
def test_it_restores_receipts_owners_and_scans_into_a_fresh_sqlite_file(desk, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path; the PostgreSQL pass restores with pg_restore")
    archive = make_backup(tmp_path / "backups")
    alter(desk)
    target = tmp_path / "restored.sqlite3"

    call_command("restore", str(archive), "--yes", "--into", str(target), stdout=io.StringIO())

    restored = sqlite3.connect(target)
    try:
        assert_restored(desk, read_rows(restored.cursor()))
    finally:
        restored.close()


@pytest.mark.postgres
@committed
def test_it_restores_receipts_owners_and_scans_into_a_fresh_postgresql_database(desk, tmp_path):
    needs_postgres()
    archive = make_backup(tmp_path / "backups")
    alter(desk)
    params = connection.get_connection_params()
    server = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    name = f"test_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        call_command("restore", str(archive), "--yes", "--into", name, stdout=io.StringIO())
        with psycopg.connect(dbname=name, **server) as restored:
            assert_restored(desk, read_rows(restored.cursor()))
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@committed
def test_it_writes_a_manifest_and_a_checksum_sha256sum_reads(desk, tmp_path):
    archive = make_backup(tmp_path / "backups")

    assert archive.name.startswith("frontdesk-") and archive.name.endswith(".tar.gz")
    check = subprocess.run(
        ["sha256sum", "-c", archive.name + ".sha256"],
        cwd=archive.parent,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        sizes = {m.name: m.size for m in tar.getmembers() if m.isfile()}
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["created_at"]
    assert manifest["app_version"] == "0.1.0"
    assert isinstance(manifest["migrations"], dict)
    files = {entry["path"]: entry["size"] for entry in manifest["files"]}
    assert files[f"media/private/{desk['document'].file.name}"] == len(SCAN)
    assert files["media/public/notice.txt"] == len(NOTICE)
    assert manifest["database"]["file"] in files
    assert all(sizes[path] == size for path, size in files.items())


@committed
def test_it_refuses_a_corrupted_archive_and_changes_nothing(desk, tmp_path):
    archive = make_backup(tmp_path / "backups")
    alter(desk)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    target = tmp_path / "restored.sqlite3"

    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(archive), "--yes", "--into", str(target))

    assert not target.exists()
    assert not Path(desk["document"].file.path).exists()
    assert (Path(settings.MEDIA_ROOT) / "notice.txt").read_bytes() == b"changed"


@committed
def test_it_refuses_an_archive_without_its_checksum_file(desk, tmp_path):
    archive = make_backup(tmp_path / "backups")
    Path(f"{archive}.sha256").unlink()

    with pytest.raises(CommandError, match="no checksum file"):
        call_command("restore", str(archive), "--yes", "--into", str(tmp_path / "x.sqlite3"))


@committed
def test_it_refuses_an_archive_of_another_database_vendor_before_asking(
    desk, tmp_path, monkeypatch
):
    archive = make_backup(tmp_path / "backups")
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    forged = tmp_path / "frontdesk-forged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as tar:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(content)
                manifest["database"]["vendor"] = other
                content = json.dumps(manifest).encode()
                member.size = len(content)
            tar.addfile(member, io.BytesIO(content))
    Path(f"{forged}.sha256").write_text(f"{backup._sha256(forged)}  {forged.name}\n")
    target = tmp_path / "restored.sqlite3"
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("asked to confirm"))

    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", str(forged), "--into", str(target))
    assert not target.exists()


@committed
def test_it_restores_nothing_unless_confirmed(desk, tmp_path, monkeypatch):
    archive = make_backup(tmp_path / "backups")
    alter(desk)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    target = tmp_path / "restored.sqlite3"

    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(archive), "--into", str(target), stdout=io.StringIO())

    assert not target.exists()
    assert not Path(desk["document"].file.path).exists()


@pytest.mark.django_db
def test_it_refuses_to_back_up_sqlite_from_inside_a_transaction(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's backup API; pg_dump reads from its own connection")
    with pytest.raises(CommandError, match="inside a transaction"):
        call_command("backup", "--dest", str(tmp_path))


def test_it_keeps_only_the_newest_archives(tmp_path):
    dest = tmp_path / "backups"
    dest.mkdir()
    names = [f"frontdesk-2026010{day}-023000.tar.gz" for day in range(1, 5)]
    for name in names:
        (dest / name).write_bytes(b"")
        (dest / f"{name}.sha256").write_text("")
    (dest / "notes.txt").write_text("kept")

    removed = backup.backup_prune(dest=dest, keep=2)

    assert sorted(path.name for path in removed) == names[:2]
    assert sorted(path.name for path in dest.iterdir()) == sorted(
        [*names[2:], *(f"{name}.sha256" for name in names[2:]), "notes.txt"]
    )


@committed
def test_the_nightly_task_backs_up_and_prunes(desk, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_KEEP = 1
    settings.BACKUP_DIR.mkdir()
    old = settings.BACKUP_DIR / "frontdesk-20000101-000000.tar.gz"
    old.write_bytes(b"")

    archive = Path(backup_nightly.delay().get())

    assert archive.is_file() and Path(f"{archive}.sha256").is_file()
    assert not old.exists()


@pytest.mark.parametrize(("nightly", "scheduled"), [(None, False), ("true", True)])
def test_the_nightly_backup_is_off_unless_switched_on(nightly, scheduled):
    env = {k: v for k, v in os.environ.items() if k != "BACKUP_NIGHTLY"}
    if nightly:
        env["BACKUP_NIGHTLY"] = nightly
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(settings.CELERY_BEAT_SCHEDULE.get('backup-nightly', {}).get('task'))",
        ],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "frontdesk.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    expected = "frontdesk.tasks.backup_nightly" if scheduled else "None"
    assert result.stdout.strip() == expected
