"""`manage.py diary_report FILE.ics [FILE.ics ...]`: the Diary engine on files, without an account.

One file: the report (JSON with --json, readable text without). Several files: one JSON object per line,
each with "file" and either "report" or "error". A report lists the events it left out because they could not
be read ("skipped": line, title, why). Exit 0 when every file was read, 2 when any was not, with one line per
unreadable file on stderr and nothing else there: never a traceback, never a library's warning.
"""

from __future__ import annotations

import json
import sys
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.management.base import BaseCommand, CommandError

from attend.core.formatting import duration
from attend.diary.analysis import analyse
from attend.diary.calendar_read import MAX_BYTES, CalendarUnreadable, read_calendar_reporting
from attend.diary.figures import DEFAULT_THRESHOLDS, WorkPattern
from attend.diary.observations import observations_for_week
from attend.diary.plain_data import plain
from attend.diary.proposals import propose

DEFAULT_WEEKS = 12
UNREADABLE = 2


class Command(BaseCommand):
    help = "Analyse .ics files with the Diary engine. Without --from/--to: the 12 weeks up to the end of this week."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE.ics")
        parser.add_argument("--from", dest="start", help="first date, YYYY-MM-DD (default: 12 weeks ago, a Monday)")
        parser.add_argument("--to", dest="end", help="last date, YYYY-MM-DD, included (default: this Sunday)")
        parser.add_argument("--tz", default="Europe/London", help="your time zone (default Europe/London)")
        parser.add_argument("--owner", action="append", default=[], help="your email, to spot meetings you declined")
        parser.add_argument("--json", action="store_true", help="print JSON (always JSON lines for several files)")

    def handle(self, *args, **options) -> None:
        zone = _zone(options["tz"])
        start, end = _range(options["start"], options["end"], today=datetime.now(zone).date())
        files: list[str] = options["files"]
        failed = False
        for name in files:
            try:
                with warnings.catch_warnings():  # icalendar warns about zones it guessed: stderr is for files
                    warnings.simplefilter("ignore")
                    data = _file_bytes(name)
                    report = diary_report(data, zone=zone, start=start, end=end, owner_emails=options["owner"])
            except Exception as error:  # one line per file, never a traceback
                failed = True
                message = _problem(error)
                self.stderr.write(f"{name}: {message}")
                if len(files) > 1:
                    self.stdout.write(json.dumps({"file": name, "error": message}))
                continue
            if len(files) > 1:
                self.stdout.write(json.dumps({"file": name, "report": report}))
            elif options["json"]:
                self.stdout.write(json.dumps({"file": name, **report}, indent=2))
            else:
                self.stdout.write(as_text(name, report))
        if failed:
            sys.exit(UNREADABLE)


def diary_report(
    data: bytes, *, zone: ZoneInfo, start: date, end: date, owner_emails: list[str] | tuple[str, ...] = ()
) -> dict:
    """The whole report for a file's bytes, as plain JSON-ready data. `end` is exclusive."""
    pattern = WorkPattern(zone=zone)
    reading = read_calendar_reporting(data, zone=zone, start=start, end=end, owner_emails=owner_emails)
    events = reading.events
    analysis = analyse(events, pattern=pattern, start=start, end=end, thresholds=DEFAULT_THRESHOLDS)
    plan = propose(events, pattern=pattern, start=max(start, end - timedelta(days=7)), end=end)
    weeks = []
    for week in analysis.weeks:
        days = analysis.days_of(week)
        weeks.append({**week.to_dict(), "observations": observations_for_week(week, days)})
    return {
        "from": start.isoformat(),
        "to": (end - timedelta(days=1)).isoformat(),
        "zone": zone.key,
        "events": len(events),
        "busy_events": sum(event.busy for event in events),
        "working_pattern": plain(pattern),
        "thresholds": plain(DEFAULT_THRESHOLDS),
        "weeks": weeks,
        "days": [day.to_dict() for day in analysis.days],
        "protected_time": plan.to_dict(),
        "skipped": [row.as_dict() for row in reading.skipped],
    }


def as_text(name: str, report: dict) -> str:
    lines = [
        f"{name}: {report['events']} events from {report['from']} to {report['to']} ({report['zone']})",
        "",
    ]
    for week in report["weeks"]:
        share = round(week["meeting_share"] * 100)
        lines.append(f"Week of {week['week_start']}: {duration(week['meeting_minutes'])} in meetings ({share}%)")
        lines += [f"  - {sentence}" for sentence in week["observations"]] or ["  - A quiet week in your calendar."]
        lines.append("")
    if report["skipped"]:
        lines.append("Left out because they could not be read:")
        lines += [f"  - line {row['line'] or '?'}, {row['title']}: {row['why']}" for row in report["skipped"]]
        lines.append("")
    proposals = report["protected_time"]["proposals"]
    if proposals:
        lines.append("Time you could protect in the last week:")
        lines += [f"  - {p['start'][:16].replace('T', ' ')} {p['title']}: {p['reason']}" for p in proposals]
    return "\n".join(lines).rstrip()


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CommandError(f"--tz: '{name}' is not a time zone (try Europe/London).", returncode=UNREADABLE)


def _range(start: str | None, end: str | None, *, today: date) -> tuple[date, date]:
    """[first, last + 1 day): by default the 12 whole weeks ending this Sunday."""
    last = _date(end, "--to") if end else today + timedelta(days=6 - today.weekday())
    first = _date(start, "--from") if start else last - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
    if first > last:
        raise CommandError("--from must be on or before --to.", returncode=UNREADABLE)
    return first, last + timedelta(days=1)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option}: '{text}' is not a date (use YYYY-MM-DD).", returncode=UNREADABLE)


def _file_bytes(name: str) -> bytes:
    """The file's bytes, refusing one over the size limit before reading it into memory."""
    path = Path(name)
    if path.is_file() and path.stat().st_size > MAX_BYTES:
        raise CalendarUnreadable(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    return path.read_bytes()


def _problem(error: Exception) -> str:
    """One line, whatever the error says: stderr holds exactly one line per unreadable file."""
    return " ".join(_problem_text(error).split())[:300]


def _problem_text(error: Exception) -> str:
    if isinstance(error, CalendarUnreadable):
        return str(error)
    if isinstance(error, FileNotFoundError):
        return "there is no such file."
    if isinstance(error, IsADirectoryError):
        return "this is a folder, not a file."
    if isinstance(error, OSError):
        return f"the file could not be opened ({error.strerror or error})."
    return f"this calendar could not be read ({type(error).__name__}: {error})."
