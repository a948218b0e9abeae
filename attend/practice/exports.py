"""A person's practice log as CSV and JSON. Pure: takes `SessionView`s, returns text."""

import csv
import io
import json

from attend.practice.presenters import SessionView

JSON_FORMAT = "attend-practice-log"
JSON_VERSION = 1
CSV_COLUMNS = ("started", "practice", "kind", "planned_seconds", "practised_seconds", "outcome", "feeling", "note")
# A spreadsheet would run a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _row(session: SessionView) -> dict:
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


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if isinstance(value, str) and text.startswith(_FORMULA_STARTS) else text


def sessions_csv(sessions: list[SessionView]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for session in sessions:
        writer.writerow({key: _cell(value) for key, value in _row(session).items()})
    return out.getvalue()


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
