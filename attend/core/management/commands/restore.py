"""`manage.py restore FILE`: replace everything in the database with a backup made by `manage.py backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attend.core.backup import BackupFailed, database_restore, unreadable_values, vendor
from attend.core.formatting import counted


class Command(BaseCommand):
    help = (
        "Replace everything in the database with the backup in FILE, then check that the configured "
        "ATTEND_ENCRYPTION_KEYS read every encrypted value in it. Stop Attend (web and worker) first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="a backup made by `manage.py backup`")
        parser.add_argument("--database", default="default", help="the database alias (default: %(default)s)")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="do not ask before replacing"
        )

    def handle(self, *, file: Path, database: str, interactive: bool, **options):
        if interactive:
            answer = input(f"This replaces everything in the {vendor(database)} database with {file}. Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            database_restore(file, alias=database)
        except BackupFailed as error:
            raise CommandError(f"{error} Nothing was restored.") from None
        self.stdout.write(f"Restored the {vendor(database)} database from {file}.")
        unreadable = unreadable_values()
        if unreadable:
            for field, count in unreadable.items():
                self.stdout.write(f"  {field}: {count} unreadable")
            raise CommandError(
                f"{counted(sum(unreadable.values()), 'encrypted value')} cannot be read with the configured keys. "
                "Set ATTEND_ENCRYPTION_KEYS to include the keys in use when the backup was made."
            )
        self.stdout.write("Every encrypted value reads with the configured keys.")
        self.stdout.write("Run `manage.py migrate` if this backup is older than the code.")
