"""Plain helpers shared by the Reflect tests."""

import html

from django.db import connection

from attend.reflect.models import JournalEntry


def text(response) -> str:
    return html.unescape(response.content.decode())


def raw_content(entry) -> str:
    """The `content` column exactly as the database holds it, without the field decrypting it."""
    table = connection.ops.quote_name(JournalEntry._meta.db_table)
    pk = JournalEntry._meta.pk.get_db_prep_value(entry.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT content FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]
