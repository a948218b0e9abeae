"""`manage.py backup FILE`: a consistent copy of the database while Attend runs (see attend/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attend.core.backup import BackupFailed, database_backup, vendor


class Command(BaseCommand):
    help = (
        "Back the database up to FILE while Attend runs: SQLite's online backup, or pg_dump's custom format. "
        "The encryption keys are not in it: keep them separately (README, Backup and restore)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup (replaced if it exists)")
        parser.add_argument("--database", default="default", help="the database alias (default: %(default)s)")

    def handle(self, *, file: Path, database: str, **options):
        try:
            database_backup(file, alias=database)
        except BackupFailed as error:
            raise CommandError(str(error)) from None
        size = file.stat().st_size / (1024 * 1024)
        self.stdout.write(f"Backed up the {vendor(database)} database to {file} ({size:.1f} MB).")
        self.stdout.write("The encryption keys are not in the backup: keep ATTEND_ENCRYPTION_KEYS safe, apart from it.")
