"""Plain helpers shared by the Practice tests."""

import html
import uuid
from datetime import datetime

from django.db import connection
from django.utils import timezone

from attend.practice import services
from attend.practice.models import PracticeSession


def text(response) -> str:
    return html.unescape(response.content.decode())


def record(
    person,
    *,
    organisation=None,
    started_at: datetime | None = None,
    planned: int | None = 180,
    actual: int | None = 180,
    ended: bool = True,
    completed: bool | None = None,
    key: str = "breathing-space",
    title: str = "Three-step breathing space",
    kind: str = "guided",
    client_id=None,
) -> PracticeSession:
    """Log a session for `person` through the service, as the player would."""
    return services.practice_session_record(
        person=person,
        organisation=organisation,
        client_id=client_id or uuid.uuid4(),
        kind=kind,
        practice_key=key,
        title=title,
        started_at=started_at or timezone.now(),
        planned_seconds=planned,
        actual_seconds=actual,
        ended=ended,
        completed=(actual == planned) if completed is None else completed,
    )


def own_practice(organisation, by, title="Before handover", **fields):
    """An organisation's own practice, added through the service."""
    values = {
        "title": title,
        "purpose": "A minute to arrive.",
        "when": "Before handover.",
        "length_seconds": 60,
        "script": "0:00 Stop where you are.\n0:20 Feel your feet.\n0:45 Go in.",
        **fields,
    }
    return services.organisation_practice_save(organisation=organisation, by=by, **values)


def raw_check_in(session) -> str:
    """The `check_in` column exactly as the database holds it, without the field decrypting it."""
    table = connection.ops.quote_name(PracticeSession._meta.db_table)
    column = connection.ops.quote_name(PracticeSession._meta.get_field("check_in").column)
    pk = PracticeSession._meta.pk.get_db_prep_value(session.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]
