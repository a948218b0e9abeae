"""A person's practice log as CSV and JSON. Pure: takes `SessionView`s, returns text."""

import json

from attend.core.formatting import csv_text
from attend.practice.presenters import SessionView

JSON_FORMAT = "attend-practice-log"
JSON_VERSION = 1
CSV_COLUMNS = ("started", "practice", "kind", "planned_seconds", "practised_seconds", "outcome", "feeling", "note")


def _row(session: SessionView) -> dict:
    """One session, its keys in the order of CSV_COLUMNS."""
    return {
        "started": session.started_at.isoformat(),
        "practice": session.title,
        "kind": session.kind,
        "planned_seconds": session.planned_seconds,
        "practised_seconds": session.practised_seconds,
        "outcome": session.outcome,
        "feeling": session.feeling,
        "note": session.note,
    }


def sessions_csv(sessions: list[SessionView]) -> str:
    """Every cell is one a spreadsheet shows as text, never runs as a formula (`csv_cell`)."""
    return csv_text((_row(session).values() for session in sessions), header=CSV_COLUMNS)


def sessions_json(sessions: list[SessionView]) -> str:
    return json.dumps(
        {
            "format": JSON_FORMAT,
            "version": JSON_VERSION,
            "sessions": [{**_row(session), "completed": session.completed} for session in sessions],
        },
        ensure_ascii=False,
        indent=2,
    )
