from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from frontdesk.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup`: checks its checksum and database vendor, asks "
        "for confirmation, then replaces the database and restores the media. Stop the web "
        "server, the workers and beat first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz (its .sha256 beside it).")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument("--database", default="default", help="Database alias to restore into.")
        parser.add_argument(
            "--into",
            help="Another database name on the alias's PostgreSQL server, or another SQLite "
            "file, instead of the configured one (e.g. to check a backup).",
        )
        parser.add_argument(
            "--no-media", action="store_true", help="Restore the database only, not the media."
        )

    def handle(self, *args, archive, yes, database, into, no_media, **options):
        try:
            manifest = backup_verify(archive, using=database)
        except BackupError as error:
            raise CommandError(error.message) from error
        target = into or connections[database].settings_dict["NAME"]
        self.stdout.write(
            f"{archive.name}: {manifest['database']['vendor']} database and "
            f"{len(manifest['files']) - 1} media files, made {manifest['created_at']} "
            f"(app {manifest['app_version']})."
        )
        if not yes and not self._confirmed(target, media=not no_media):
            raise CommandError("Restore cancelled; nothing was changed.")
        try:
            restored = backup_restore(
                archive=archive, using=database, into=into, media=not no_media
            )
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Restored the database into {restored.database} and "
            f"{restored.media_files} media files."
        )
        if restored.migrations_behind:
            self.stdout.write("The backup predates this version: run `manage.py migrate` now.")

    def _confirmed(self, target, *, media: bool) -> bool:
        what = f"database {target}" + (" and the media" if media else "")
        try:
            answer = input(f"This replaces the {what} with the backup. Type 'yes' to go on: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"
