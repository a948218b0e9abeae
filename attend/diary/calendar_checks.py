"""The checks an event must pass to be read, each naming the problem and its line (pure: no Django).

Like the calendar apps people use, Diary reads every event it can and lists the ones it skipped, with the line,
the event's title and why; a file is refused only when nothing in it can be read (see calendar_read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time as dt_time

import icalendar

from attend.diary import calendar_zones
from attend.diary.calendar_common import CalendarUnreadable, line_of

# Properties whose damage makes the event itself wrong: the event is skipped.
_PROPERTY_WORDS = {
    "DTSTART": "the start date '{}' is not a date.",
    "DTEND": "the end date '{}' is not a date.",
    "DURATION": "the duration '{}' is not a length of time.",
    "RECURRENCE-ID": "the date of a changed repeat '{}' (RECURRENCE-ID) is not a date.",
    "RRULE": "the repeat rule '{}' cannot be read.",
    "RDATE": "the extra repeat date '{}' (RDATE) is not a date.",
    "EXDATE": "the excluded repeat date '{}' (EXDATE) is not a date.",
}
# Properties an event has at most once; given twice (a file damaged or joined badly) its time is ambiguous.
_ONCE_ONLY = {
    "DTSTART": "start date",
    "DTEND": "end date",
    "DURATION": "duration",
    "RECURRENCE-ID": "date of a changed repeat (RECURRENCE-ID)",
}
_DATED = ("DTSTART", "DTEND", "RECURRENCE-ID", "RDATE", "EXDATE")


@dataclass(frozen=True)
class Skipped:
    """An event Diary could not read: where it is, what it is called, and why (plain words)."""

    line: int | None
    title: str
    why: str

    def as_dict(self) -> dict:
        return {"line": self.line, "title": self.title, "why": self.why}


class Skips:
    """The events skipped so far; skipping an event takes it out of the calendar, so nothing later reads it."""

    def __init__(self, calendar: icalendar.Calendar, data: bytes) -> None:
        self.calendar, self.data = calendar, data
        self.skipped: list[Skipped] = []

    def skip(self, component: icalendar.Component, problem: CalendarUnreadable) -> None:
        self.calendar.subcomponents[:] = [c for c in self.calendar.subcomponents if c is not component]
        self.note(component, problem)

    def skip_series(self, uid: str, problem: CalendarUnreadable) -> None:
        """Every part of a repeating event (its rule and its changed repeats), named once."""
        parts = [c for c in self.calendar.subcomponents if c.name == "VEVENT" and str(c.get("UID", "")) == uid]
        self.calendar.subcomponents[:] = [c for c in self.calendar.subcomponents if not any(c is p for p in parts)]
        if parts:
            self.note(parts[0], problem)

    def note(self, component: icalendar.Component, problem: CalendarUnreadable) -> None:
        line = problem.line or event_line(component, self.data)
        self.skipped.append(Skipped(line, title_of(component), problem.message))


def check_events(skips: Skips) -> set[str]:
    """Skip events whose dates or repeat rules are broken, or whose time zone is unknown; return the UIDs of
    repeating series among the rest."""
    calendar, data = skips.calendar, skips.data
    unknown_zones = _unknown_zones(calendar, data)
    recurring: set[str] = set()
    for component in [c for c in calendar.subcomponents if c.name == "VEVENT"]:
        try:
            _check_event(component, data, unknown_zones)
        except CalendarUnreadable as problem:
            skips.skip(component, problem)
            continue
        if "RRULE" in component or "RDATE" in component or "RECURRENCE-ID" in component:
            recurring.add(str(component.get("UID", "")))
    return recurring


def _check_event(component: icalendar.Component, data: bytes, unknown_zones: set[str]) -> None:
    for name, _problem in component.errors:
        if name in _PROPERTY_WORDS:
            value = _raw_value(component, name)
            raise CalendarUnreadable(_PROPERTY_WORDS[name].format(value), line_of(data, name, value))
    for name, words in _ONCE_ONLY.items():
        if isinstance(component.get(name), list):
            raise CalendarUnreadable(f"the event has more than one {words}.")
    if "DTSTART" not in component:
        raise CalendarUnreadable("the event has no start date.")
    for name in ("RDATE", "EXDATE"):
        for listed in _values(component, name):
            if any(_time_only(value.dt) for value in getattr(listed, "dts", ())):
                raw = _raw_value(component, name)
                raise CalendarUnreadable(_PROPERTY_WORDS[name].format(raw), line_of(data, name, raw))
    for name in _DATED:
        for value in _values(component, name):
            zone = getattr(value, "params", {}).get("TZID")
            if zone is not None and calendar_zones.zone_name(str(zone).encode()) in unknown_zones:
                raise CalendarUnreadable(f"the time zone '{zone}' is not one Attend knows.", line_of(data, name, zone))


def check_calendar_zone(calendar: icalendar.Calendar, data: bytes) -> None:
    """An unknown calendar-wide zone (X-WR-TIMEZONE) would put every floating time wrong: the file is refused."""
    calendar_zone = calendar.get("X-WR-TIMEZONE")
    if calendar_zone is not None and not calendar_zones.zone_known(str(calendar_zone).strip()):
        raise CalendarUnreadable(
            f"the calendar's time zone '{calendar_zone}' (X-WR-TIMEZONE) is not one Attend knows.",
            line_of(data, "X-WR-TIMEZONE", str(calendar_zone)),
        )


def _unknown_zones(calendar: icalendar.Calendar, data: bytes) -> set[str]:
    """TZIDs that neither the file defines nor the zone database knows: times in them would be read wrong."""
    named = calendar_zones.zone_names(data)
    if not named:
        return set()
    defined = {str(tz.get("TZID", "")) for tz in calendar.walk("VTIMEZONE")}
    names = {calendar_zones.zone_name(raw) for raw in named}
    return {name for name in names if name not in defined and not calendar_zones.zone_known(name)}


def _time_only(value) -> bool:
    """A time of day with no date (VALUE=TIME), which RFC 5545 does not allow for a repeat date."""
    moment = value[0] if isinstance(value, tuple) else value
    return isinstance(moment, dt_time)


def _values(component: icalendar.Component, name: str) -> list:
    value = component.get(name)
    return value if isinstance(value, list) else [value] if value is not None else []


def _raw_value(component: icalendar.Component, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0]
    raw = value.to_ical() if hasattr(value, "to_ical") else value
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def title_of(component: icalendar.Component) -> str:
    summary = component.get("SUMMARY", "")
    if isinstance(summary, list):
        summary = summary[0] if summary else ""
    return str(summary).strip()[:200] or "(no title)"


def event_line(component: icalendar.Component, data: bytes) -> int | None:
    """The line of the event's UID, or else of its title."""
    uid = component.get("UID")
    if isinstance(uid, list):
        uid = uid[0] if uid else None
    line = line_of(data, "UID", str(uid)) if uid else None
    summary = title_of(component)
    return line if line is not None or summary == "(no title)" else line_of(data, "SUMMARY", summary)
