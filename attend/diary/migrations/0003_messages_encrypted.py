"""Why a calendar failed may name one of its events, so it is kept encrypted like the event's title."""

from django.db import migrations

import attend.core.crypto

BATCH = 500


def encrypt_column(table: str, column: str):
    def forwards(apps, schema_editor):
        connection = schema_editor.connection
        after = "00000000-0000-0000-0000-000000000000"  # below every id, as text (SQLite) or as a uuid
        while True:  # in batches by id, so a long history of refreshes never sits in memory at once
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, {column} FROM {table} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608 - our names
                    [after, BATCH],
                )
                rows = cursor.fetchall()
                if not rows:
                    return
                cursor.executemany(
                    f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
                    [(attend.core.crypto.encrypt_json(text or ""), pk) for pk, text in rows],
                )
            after = rows[-1][0]

    return forwards


class Migration(migrations.Migration):
    dependencies = [
        ("diary", "0002_diaryimport_skipped"),
    ]

    operations = [
        migrations.AlterField(
            model_name="diarycalendar",
            name="last_error",
            field=attend.core.crypto.EncryptedJSONField(blank=True, default=""),
        ),
        migrations.AlterField(
            model_name="diaryimport",
            name="message",
            field=attend.core.crypto.EncryptedJSONField(blank=True, default=""),
        ),
        migrations.RunPython(encrypt_column("diary_diarycalendar", "last_error"), migrations.RunPython.noop),
        migrations.RunPython(encrypt_column("diary_diaryimport", "message"), migrations.RunPython.noop),
    ]
