from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from frontdesk.backup import BackupError, backup_create, backup_prune


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup) and the media into one dated "
        "archive with a SHA-256 checksum beside it; prints the archive's path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dest", type=Path, help="Folder for the archive (default: BACKUP_DIR, var/backups)."
        )
        parser.add_argument(
            "--database", default="default", help="Database alias to back up (default: default)."
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Then delete all but the N newest archives in the folder (default: keep all).",
        )

    def handle(self, *args, dest, database, keep, **options):
        dest = dest or Path(settings.BACKUP_DIR)
        try:
            archive = backup_create(dest=dest, using=database)
        except BackupError as error:
            raise CommandError(error.message) from error
        for old in backup_prune(dest=dest, keep=keep):
            self.stderr.write(f"removed {old}")
        self.stdout.write(str(archive))
