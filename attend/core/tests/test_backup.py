"""Backup and restore round trip, on whichever database the suite runs on (SQLite, or PostgreSQL under
scripts/with_postgres.sh): make data, back up while connected, wipe the database to nothing, restore, and find
everything as it was, the journal readable with the key and unreadable in the backup alone."""

import subprocess
from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from attend.accounts.models import AuthenticatorApp
from attend.accounts.tests.two_factor_support import TEST_TOTP_KEY, totp_device_for
from attend.core import backup
from attend.core.crypto import new_key
from attend.diary.models import DiaryEvent
from attend.diary.tests.support import busy_week, calendar_with, ics, this_monday
from attend.listen.models import PulseRound
from attend.listen.tests.support import open_round, staff
from attend.reflect.content import built_in_template
from attend.reflect.models import JournalEntry
from attend.reflect.services import journal_entry_start, journal_entry_update

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SECRET_TITLE = "Difficult conversation with the matron"
SECRET_TEXT = "I cried in the sluice room after the handover"


def journal_entry(author) -> JournalEntry:
    entry = journal_entry_start(author=author, template=built_in_template("free"))
    return journal_entry_update(
        entry=entry,
        title=SECRET_TITLE,
        event_date=None,
        answers={"entry": {"text": SECRET_TEXT, "choices": []}},
        feelings=[],
        tags=["handover"],
        finish=True,
    )


def everything() -> dict[str, list]:
    """Every row of every table, as Django reads it (encrypted fields decrypted), in a stable order."""
    snapshot = {}
    for model in apps.get_models():
        rows = serializers.serialize("python", model._base_manager.all())
        snapshot[model._meta.label] = sorted(rows, key=lambda row: str(row["pk"]))
    return snapshot


def wipe_database() -> None:
    """As good as a fresh database: no tables at all."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            for (table,) in cursor.fetchall():
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def backup_as_text(path) -> str:
    """What someone holding only the backup file can read: the SQLite file's bytes, or the SQL pg_restore makes."""
    if connection.vendor == "postgresql":
        listing = subprocess.run(  # noqa: S603
            [backup.pg_program("pg_restore"), "--file=-", str(path)], capture_output=True, text=True, check=True
        )
        return listing.stdout
    return path.read_bytes().decode("latin-1")


def test_a_backup_restores_into_an_empty_database_with_nothing_lost(tmp_path, team, leader, member, settings):
    entry = journal_entry(leader.user)
    totp_device_for(leader.user)
    staff(team, 5)
    pulse_round = open_round(team, leader.user).round
    calendar, diary_import = calendar_with(leader.user, ics(busy_week(this_monday())))
    before = everything()
    assert before["diary.DiaryEvent"] and before["listen.Invitation"] and before["reflect.JournalEntry"]
    path = tmp_path / "attend.backup"

    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert "Backed up" in out.getvalue()
    assert path.stat().st_mode & 0o077 == 0  # the owner's alone

    wipe_database()
    out = StringIO()
    call_command("restore", str(path), interactive=False, stdout=out)

    assert "Every encrypted value reads with the configured keys" in out.getvalue()
    assert everything() == before
    assert JournalEntry.objects.get(pk=entry.pk).content["answers"]["entry"]["text"] == SECRET_TEXT
    assert PulseRound.objects.get(pk=pulse_round.pk).invited == 6
    assert DiaryEvent.objects.filter(diary_import=diary_import).count() == len(busy_week(this_monday()))

    # The backup alone shows none of the journal; the key is what reads it.
    text = backup_as_text(path)
    assert "journal" in text.casefold()  # the right thing was read: its tables are there
    assert SECRET_TITLE not in text and SECRET_TEXT not in text
    assert AuthenticatorApp.objects.get(user=leader.user).key == TEST_TOTP_KEY
    assert TEST_TOTP_KEY not in text  # nor the authenticator app's secret
    settings.ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(ValueError, match="cannot be decrypted"):
        JournalEntry.objects.get(pk=entry.pk)


def test_restoring_with_the_wrong_keys_says_so(tmp_path, leader, settings):
    journal_entry(leader.user)
    totp_device_for(leader.user)
    path = tmp_path / "attend.backup"
    call_command("backup", str(path), stdout=StringIO())

    settings.ENCRYPTION_KEYS = [new_key()]
    # The entry, its author's tag list (kept in one encrypted row) and the author's authenticator app secret:
    # three values the wrong keys cannot read.
    with pytest.raises(CommandError, match="3 encrypted values cannot be read with the configured keys"):
        call_command("restore", str(path), interactive=False, stdout=StringIO())


def test_restoring_something_that_is_not_a_backup_changes_nothing(tmp_path, leader):
    journal_entry(leader.user)
    before = everything()
    path = tmp_path / "holiday-photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not a database at all" * 100)

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(path), interactive=False, stdout=StringIO())

    assert everything() == before


def test_restore_asks_first_and_does_nothing_without_a_yes(tmp_path, leader, monkeypatch):
    journal_entry(leader.user)
    path = tmp_path / "attend.backup"
    call_command("backup", str(path), stdout=StringIO())
    JournalEntry.objects.all().delete()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(path), stdout=StringIO())

    assert JournalEntry.objects.count() == 0
