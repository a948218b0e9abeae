"""Backing up and restoring Attend's database: `manage.py backup FILE` and `manage.py restore FILE`.

SQLite: the online backup API copies the database page by page into a new file, a consistent copy while the
server keeps running; restoring copies it back the same way. PostgreSQL: `pg_dump --format=custom` (one
consistent snapshot, taken while the server runs) and `pg_restore --clean --single-transaction` (all or nothing),
found on PATH or in `pg_config --bindir`. Connection details go to them through the environment (PGPASSWORD and
friends), never on a command line others can read.

A backup holds every encrypted value as ciphertext only: the keys (ATTEND_ENCRYPTION_KEYS) are not in the
database, so they must be kept, separately, to read a restored journal. See README, Backup and restore.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

from attend.core.crypto import count_tokens, encrypted_models, is_readable


class BackupFailed(Exception):
    """Said to the operator as it is: what went wrong and what to do."""


def _settings(alias: str) -> dict:
    return connections[alias].settings_dict


def vendor(alias: str = "default") -> str:
    return connections[alias].vendor


# SQLite ------------------------------------------------------------------------------------------------------


def _sqlite_copy(source: sqlite3.Connection, destination: sqlite3.Connection) -> None:
    with destination:
        source.backup(destination)


def _sqlite_open_backup(path: Path) -> sqlite3.Connection:
    try:
        backup = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        backup.execute("SELECT count(*) FROM django_migrations").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupFailed(f"{path} is not an Attend SQLite backup ({error}).") from None
    return backup


def sqlite_backup(path: Path, *, alias: str = "default") -> None:
    database = Path(_settings(alias)["NAME"])
    if path.resolve() == database.resolve():
        raise BackupFailed("The backup file must not be the database itself.")
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(_private_file(partial))
        try:
            _sqlite_copy(source, destination)
            (result,) = destination.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise BackupFailed(f"The copy failed SQLite's integrity check: {result}")
            # One self-contained file: no write-ahead log beside it.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    finally:
        source.close()
    partial.replace(path)


def sqlite_restore(path: Path, *, alias: str = "default") -> None:
    backup = _sqlite_open_backup(path)
    connections[alias].close()
    try:
        database = sqlite3.connect(_settings(alias)["NAME"])
        try:
            _sqlite_copy(backup, database)
        finally:
            database.close()
    finally:
        backup.close()


# PostgreSQL --------------------------------------------------------------------------------------------------


def pg_program(name: str) -> str:
    """pg_dump or pg_restore: on PATH, else where `pg_config --bindir` says the PostgreSQL programs are."""
    found = shutil.which(name)
    if found:
        return found
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = subprocess.run(  # noqa: S603 (a fixed program found on PATH)
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if bindir and (Path(bindir) / name).is_file():
            return str(Path(bindir) / name)
    raise BackupFailed(
        f"{name} was not found on PATH or by pg_config. Install the PostgreSQL client programs "
        "(Debian: postgresql-client) at the same major version as the server, or newer."
    )


def _pg_environment(alias: str) -> dict[str, str]:
    database = _settings(alias)
    environment = dict(os.environ)
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if database.get(key):
            environment[variable] = str(database[key])
    if database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    return environment


def _run(arguments: list[str], *, alias: str) -> None:
    done = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        arguments, env=_pg_environment(alias), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupFailed(f"{Path(arguments[0]).name} failed: {done.stderr.strip() or done.returncode}")


def postgres_backup(path: Path, *, alias: str = "default") -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    _private_file(partial)
    name = _settings(alias)["NAME"]
    _run(
        [pg_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}", name],
        alias=alias,
    )
    _run([pg_program("pg_restore"), "--list", str(partial)], alias=alias)  # it reads back
    partial.replace(path)


def postgres_restore(path: Path, *, alias: str = "default") -> None:
    _run([pg_program("pg_restore"), "--list", str(path)], alias=alias)
    connections[alias].close()
    _run(
        [
            pg_program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_settings(alias)['NAME']}",
            str(path),
        ],
        alias=alias,
    )


# Both --------------------------------------------------------------------------------------------------------


def _private_file(path: Path) -> str:
    """Create the file readable by its owner only: a backup is personal data, even with the journal encrypted."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(descriptor)
    return str(path)


def database_backup(path: Path, *, alias: str = "default") -> None:
    if vendor(alias) == "sqlite":
        sqlite_backup(path, alias=alias)
    elif vendor(alias) == "postgresql":
        postgres_backup(path, alias=alias)
    else:
        raise BackupFailed(f"Backups of {vendor(alias)} databases are not supported: use SQLite or PostgreSQL.")


def database_restore(path: Path, *, alias: str = "default") -> None:
    if not path.is_file():
        raise BackupFailed(f"There is no file at {path}.")
    if vendor(alias) == "sqlite":
        sqlite_restore(path, alias=alias)
    elif vendor(alias) == "postgresql":
        postgres_restore(path, alias=alias)
    else:
        raise BackupFailed(f"Restoring {vendor(alias)} databases is not supported: use SQLite or PostgreSQL.")


def unreadable_values() -> dict[str, int]:
    """Encrypted values no configured key can read, per model and field (none, when the keys are right)."""
    counts = {}
    for model, fields in encrypted_models():
        for field in fields:
            count = count_tokens(model, field, unless=is_readable)
            if count:
                counts[f"{model._meta.label}.{field}"] = count
    return counts
