"""Diary's data migrations keep what they change."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from attend.core.crypto import encrypt_json
from attend.diary.models import DiaryCalendar, DiaryImport

MESSAGE = "“Grievance” (line 5) repeats every minute."


def as_stored(pk: uuid.UUID):
    """An id as this database keeps it (text on SQLite, a uuid on PostgreSQL)."""
    return DiaryCalendar._meta.pk.get_db_prep_value(pk, connection)


@pytest.fixture
def back_to_latest():
    """Every later test needs the newest schema back, whatever a test here migrated to."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_messages_written_before_encryption_are_encrypted_and_still_read(leader):
    MigrationExecutor(connection).migrate([("diary", "0002_diaryimport_skipped")])
    calendar_id, import_id = uuid.uuid4(), uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO diary_diarycalendar (id, created_at, updated_at, owner_id, source, name, connection, status,"
            " last_error, failures) VALUES (%s, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, %s, 'upload', 'Work', %s,"
            " 'failed', %s, 0)",
            [as_stored(calendar_id), as_stored(leader.user.pk), encrypt_json({}), MESSAGE],
        )
        cursor.execute(
            "INSERT INTO diary_diaryimport (id, created_at, updated_at, calendar_id, state, file_name, payload,"
            " events_total, events_done, message, skipped, skipped_count) VALUES (%s, CURRENT_TIMESTAMP,"
            " CURRENT_TIMESTAMP, %s, 'failed', 'work.ics', %s, 0, 0, %s, %s, 0)",
            [as_stored(import_id), as_stored(calendar_id), b"", MESSAGE, encrypt_json([])],
        )

    MigrationExecutor(connection).migrate([("diary", "0003_messages_encrypted")])

    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM diary_diaryimport UNION ALL SELECT last_error FROM diary_diarycalendar")
        assert all("Grievance" not in str(row[0]) for row in cursor.fetchall())
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())
    assert DiaryImport.objects.get(pk=import_id).message == MESSAGE
    assert DiaryCalendar.objects.get(pk=calendar_id).last_error == MESSAGE
