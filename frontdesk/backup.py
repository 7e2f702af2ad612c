"""Backups that restore: the database and the media in one dated archive with its checksum.

An archive ``frontdesk-YYYYMMDD-HHMMSS.tar.gz`` holds ``manifest.json`` (when, which database
vendor, the applied migrations and app version, every file with its size), the database
(``database/frontdesk.pgdump``, a ``pg_dump`` custom-format dump, or
``database/frontdesk.sqlite3``, a copy made with SQLite's online backup API) and the media
(``media/private/…`` the scans, ``media/public/…``). Beside it, ``<archive>.sha256`` in the
format ``sha256sum -c`` reads.

A restore checks the checksum and the vendor before it changes anything.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import django
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .errors import DeskError

FORMAT = 1
PREFIX = "frontdesk-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database/frontdesk.pgdump", "sqlite": "database/frontdesk.sqlite3"}
# Storage alias -> folder in the archive. Media in an object store is not copied: the store
# keeps its own versions (see the README).
MEDIA = {"private": "media/private", "default": "media/public"}
# libpq reads these from the environment; OPTIONS keys of the database settings it knows.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(DeskError):
    pass


@dataclass(frozen=True)
class Restored:
    manifest: dict
    database: str
    media_files: int
    migrations_behind: bool


# --- backup ----------------------------------------------------------------------------------


def backup_create(*, dest: Path, using: str = "default") -> Path:
    """Write an archive of database ``using`` and the media into ``dest``; return its path."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"cannot back up a {vendor} database", code="vendor")
    created = timezone.now()
    archive = _free_name(dest, timezone.localtime(created).strftime(f"{PREFIX}%Y%m%d-%H%M%S"))
    with tempfile.TemporaryDirectory(dir=dest, prefix=".backup-") as work:
        dump = Path(work) / Path(DATABASE_FILES[vendor]).name
        if vendor == "postgresql":
            _pg_dump(connection.settings_dict, dump)
        else:
            _sqlite_copy(connection, dump)
        members = [(DATABASE_FILES[vendor], dump), *_media_members()]
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "database": {"vendor": vendor, "file": DATABASE_FILES[vendor]},
            "app_version": _app_version(),
            "django_version": django.get_version(),
            "migrations": _applied_migrations(connection),
            "files": [{"path": name, "size": path.stat().st_size} for name, path in members],
        }
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(created.timestamp())
            tar.addfile(info, io.BytesIO(data))
            for name, path in members:
                tar.add(path, arcname=name, recursive=False)
        partial.rename(archive)
    _checksum_path(archive).write_text(f"{_sha256(archive)}  {archive.name}\n")
    return archive


def backup_prune(*, dest: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest archives in ``dest`` (with their checksums)."""
    if keep < 1:
        return []
    archives = sorted(Path(dest).glob(f"{PREFIX}*{SUFFIX}"), reverse=True)
    removed = archives[keep:]
    for archive in removed:
        archive.unlink()
        _checksum_path(archive).unlink(missing_ok=True)
    return removed


def _free_name(dest: Path, stem: str) -> Path:
    archive = dest / f"{stem}{SUFFIX}"
    n = 1
    while archive.exists():
        archive = dest / f"{stem}-{n}{SUFFIX}"
        n += 1
    return archive


def _sqlite_copy(connection, target: Path) -> None:
    # The backup API copies a consistent snapshot while the desk keeps writing; a connection
    # inside its own write transaction would wait for itself for ever.
    if connection.in_atomic_block:
        raise BackupError("cannot back up from inside a transaction", code="in_transaction")
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _pg_dump(settings_dict: dict, target: Path) -> None:
    _run(
        ["pg_dump", "--format=custom", "--file", str(target), "--dbname", settings_dict["NAME"]],
        settings_dict,
    )


def _media_members() -> list[tuple[str, Path]]:
    members = []
    for alias, folder in MEDIA.items():
        root = _media_root(alias)
        if root is None or not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                members.append((f"{folder}/{path.relative_to(root).as_posix()}", path))
    return members


def _media_root(alias: str) -> Path | None:
    storage = storages[alias]
    if not isinstance(storage, FileSystemStorage):
        return None
    return Path(storage.location)


def _app_version() -> str:
    try:
        return metadata.version("frontdesk")
    except metadata.PackageNotFoundError:
        return "unknown"


def _applied_migrations(connection) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


# --- verify and restore ------------------------------------------------------------------------


def backup_verify(archive: Path, *, using: str | None = None) -> dict:
    """Check ``archive`` against its checksum file and its manifest, and, with ``using``,
    that it holds a database of that alias's vendor; return the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"no archive at {archive}", code="not_found")
    checksum = _checksum_path(archive)
    if not checksum.is_file():
        raise BackupError(
            f"no checksum file {checksum.name} beside the archive: cannot tell it is whole",
            code="checksum",
        )
    expected = (checksum.read_text().split() or [""])[0].lower()
    if _sha256(archive) != expected:
        raise BackupError(
            f"{archive.name} does not match its checksum: the archive is damaged or incomplete. "
            "Nothing was restored; use another copy.",
            code="checksum",
        )
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = json.load(tar.extractfile(MANIFEST))  # type: ignore[arg-type]
            sizes = {m.name: m.size for m in tar.getmembers() if m.isfile()}
    except (tarfile.TarError, KeyError, ValueError, OSError) as error:
        raise BackupError(
            f"{archive.name} is not a readable backup: {error}", code="unreadable"
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}", code="unreadable")
    for entry in manifest["files"]:
        if sizes.get(entry["path"]) != entry["size"]:
            raise BackupError(
                f"{entry['path']} is missing from the archive or has the wrong size",
                code="unreadable",
            )
    vendor = manifest["database"]["vendor"]
    if using is not None and vendor != connections[using].vendor:
        raise BackupError(
            f"the archive holds a {vendor} database; database {using!r} is "
            f"{connections[using].vendor}",
            code="vendor",
        )
    return manifest


def backup_restore(
    *, archive: Path, using: str = "default", into: str | None = None, media: bool = True
) -> Restored:
    """Restore ``archive`` into database ``using`` (or, with ``into``, another database name
    on the same PostgreSQL server / another SQLite file) and, with ``media``, its media into
    the storages.

    Checks first, changes after: a damaged archive or one of another vendor changes nothing.
    """
    archive = Path(archive)
    manifest = backup_verify(archive, using=using)
    connection = connections[using]
    vendor = manifest["database"]["vendor"]
    settings_dict = {**connection.settings_dict, **({"NAME": into} if into else {})}
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=".restore-") as work:
        root = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(root, filter="data")
        dump = root / manifest["database"]["file"]
        if vendor == "postgresql":
            _pg_restore(settings_dict, dump)
        else:
            _sqlite_restore(connection, dump, target=str(settings_dict["NAME"]), own=not into)
        media_files = _media_restore(root) if media else 0
    return Restored(
        manifest=manifest,
        database=str(settings_dict["NAME"]),
        media_files=media_files,
        migrations_behind=_migrations_behind(manifest["migrations"]),
    )


def _pg_restore(settings_dict: dict, dump: Path) -> None:
    # One transaction: a restore that fails half-way leaves the database as it was. The dump
    # keeps owners and grants; a restore onto another server takes them as the restoring role.
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--no-acl",
            "--dbname",
            settings_dict["NAME"],
            str(dump),
        ],
        settings_dict,
    )


def _sqlite_restore(connection, dump: Path, *, target: str, own: bool) -> None:
    if own:
        # The command's own connection must not hold the file it overwrites.
        connection.close()
    source = sqlite3.connect(dump)
    destination = sqlite3.connect(target, timeout=20, uri=target.startswith("file:"))
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def _media_restore(root: Path) -> int:
    # Files of the archive replace those of the same name; files added since stay (a restore
    # never deletes a scan).
    restored = 0
    for alias, folder in MEDIA.items():
        source = root / folder
        target = _media_root(alias)
        if not source.is_dir():
            continue
        if target is None:
            raise BackupError(
                f"the archive holds {folder} but storage {alias!r} is not a local folder",
                code="storage",
            )
        restored += sum(1 for path in source.rglob("*") if path.is_file())
        shutil.copytree(source, target, dirs_exist_ok=True)
    return restored


def _migrations_behind(applied: dict[str, list[str]]) -> bool:
    """Whether the code has migrations the restored database has not applied."""
    if not applied:
        return False
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {(app, name) for app, names in applied.items() for name in names}
    return any(key not in known for key in loader.disk_migrations)


# --- helpers ---------------------------------------------------------------------------------


def _run(command: list[str], settings_dict: dict) -> None:
    try:
        result = subprocess.run(
            command, env=_libpq_env(settings_dict), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)",
            code="tool_missing",
        ) from None
    if result.returncode != 0:
        raise BackupError(
            f"{command[0]} failed: {result.stderr.strip() or result.returncode}",
            code="tool_failed",
        )


def _libpq_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in LIBPQ_OPTIONS.items():
        value = settings_dict.get("OPTIONS", {}).get(option)
        if value:
            env[variable] = str(value)
    return env


def _checksum_path(archive: Path) -> Path:
    return archive.with_name(archive.name + ".sha256")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()
