"""Read an .ics file into the events the Diary engine analyses (pure: no Django).

`read_calendar(data, zone=..., start=..., end=...)` parses with icalendar, expands recurrences with
recurring-ical-events within [start, end) and returns one `Event` per occurrence, sorted by start.
A file that cannot be read raises `CalendarUnreadable` naming the problem and, where known, the line.
The work done per occurrence beyond the two libraries is a handful of dictionary look-ups, so reading
stays close to their own speed (bench/diary.py). See docs/adr/0010-diary-engine.md.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from attend.diary import calendar_zones
from attend.diary.calendar_bounds import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_EVENTS_A_DAY,
    MAX_OCCURRENCES,
    check_bounds,
    check_busy_days,
    too_busy,
    too_many,
)
from attend.diary.calendar_common import CalendarUnreadable, aware, line_of

MAX_BYTES = 50 * 1024 * 1024
MAX_EVENTS = 100_000

# Properties whose damage makes the events themselves wrong: these reject the file.
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
_CONTENT_LINE_ERROR = re.compile(r"Content line could not be parsed into parts: '(.*?)'")


@dataclass(frozen=True)
class Event:
    """One occurrence of an event (a single event, or one instance of a recurring series).

    `start`/`end` are aware datetimes in UTC, so that subtracting them gives real durations across clock
    changes (all-day events run from local midnight to local midnight in the reader's zone).
    `busy` is False for cancelled, declined (by the owner) and transparent (free) events; `free_reason`
    then says which: "cancelled", "declined" or "free". `series_uid` is the UID of the series for
    recurring occurrences, else None. `attendees` counts ATTENDEE lines (the organiser is not added).
    """

    uid: str
    title: str
    start: datetime
    end: datetime
    all_day: bool = False
    busy: bool = True
    recurring: bool = False
    series_uid: str | None = None
    attendees: int = 0
    organiser: str | None = None
    status: str = "confirmed"  # "confirmed" | "tentative" | "cancelled"
    free_reason: str | None = None  # None when busy; else "cancelled" | "declined" | "free"

    @property
    def minutes(self) -> int:
        """Real minutes (across a clock change too: aware datetimes in one zone subtract as wall-clock times)."""
        return int(self.end.timestamp() - self.start.timestamp()) // 60

    def to_dict(self) -> dict:
        """JSON-ready (datetimes as ISO 8601 strings)."""
        return {
            "uid": self.uid,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "all_day": self.all_day,
            "busy": self.busy,
            "recurring": self.recurring,
            "series_uid": self.series_uid,
            "attendees": self.attendees,
            "organiser": self.organiser,
            "status": self.status,
            "free_reason": self.free_reason,
        }


def count_events(data: bytes) -> int:
    """How many VEVENT components the file holds (a byte count; no parsing).

    Raises CalendarUnreadable when the file is over MAX_BYTES or holds more than MAX_EVENTS events.
    """
    if len(data) > MAX_BYTES:
        raise CalendarUnreadable(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    events = data.count(b"BEGIN:VEVENT")
    if events > MAX_EVENTS:
        raise CalendarUnreadable(f"The file has {events:,} events. Attend reads up to {MAX_EVENTS:,}.")
    return events


def read_calendar(
    data: bytes,
    *,
    zone: ZoneInfo,
    start: date,
    end: date,
    owner_emails: Iterable[str] = (),
) -> list[Event]:
    """Every occurrence overlapping [start, end) (dates in `zone`), sorted by start.

    Floating times and all-day dates are read in `zone`; X-WR-TIMEZONE is honoured; Windows zone names
    ("GMT Standard Time") are understood. An event is not busy when STATUS:CANCELLED, TRANSP:TRANSPARENT,
    or when one of `owner_emails` is an attendee with PARTSTAT=DECLINED. Duplicates (same UID and
    RECURRENCE-ID, or identical start, end and title) are dropped. Raises CalendarUnreadable, also for a day
    with more than MAX_EVENTS_A_DAY events.
    """
    count_events(data)
    window_start = datetime.combine(start, time(), zone)
    window_end = datetime.combine(end, time(), zone)
    owners = {email.strip().lower().removeprefix("mailto:") for email in owner_emails if email.strip()}
    with collector_paused():
        calendar = _parse(data)
        recurring_uids = _check_components(calendar, data)
        _check_time_zones(calendar, data)
        check_bounds(calendar, data, window_end)
        components = _expand(calendar, data, window_start, window_end)
        try:
            events = _events(components, zone=zone, recurring_uids=recurring_uids, owners=owners)
        except (ValueError, TypeError, AttributeError, KeyError) as error:  # a value the libraries let through
            raise CalendarUnreadable(f"This calendar could not be read: {_short(error)}")
        except OverflowError:
            raise CalendarUnreadable(f"A date in this calendar is outside the years {FIRST_YEAR} to {LAST_YEAR}.")
    events = [event for event in events if event.end > window_start and event.start < window_end]
    check_busy_days(events, zone, window_start, window_end)
    return events


@contextmanager
def collector_paused() -> Iterator[None]:
    """Parsing makes hundreds of thousands of small objects and no garbage cycles worth chasing; Python's
    cycle collector would rescan them all again and again, making a ten-times-larger file take more
    than ten times as long. Pausing it keeps the time in proportion to the file."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _expand(calendar: icalendar.Calendar, data: bytes, window_start: datetime, window_end: datetime) -> list:
    """The occurrences in the window, series by series, stopping as soon as there are over MAX_OCCURRENCES."""
    zone = window_start.tzinfo
    try:
        components: list = []
        counts: dict[str, int] = {}
        starting: Counter[date] = Counter()  # a cheap early cut; check_busy_days counts every day covered
        for series in recurring_ical_events.of(calendar).series:
            for occurrence in series.between(window_start, window_end):
                day = max(aware(occurrence.start, zone), window_start).astimezone(zone).date()
                starting[day] += 1
                if starting[day] > MAX_EVENTS_A_DAY:
                    raise too_busy(day)
                components.append(occurrence.as_component(False))
                uid = str(series.uid)
                counts[uid] = counts.get(uid, 0) + 1
                if len(components) > MAX_OCCURRENCES:
                    raise too_many(calendar, data, counts)
        return components
    except recurring_ical_events.PeriodEndBeforeStart as error:
        raise CalendarUnreadable(_end_before_start(error))
    except recurring_ical_events.InvalidCalendar as error:
        raise CalendarUnreadable(f"A repeating event could not be read: {error.message}")
    except (ValueError, TypeError, KeyError, AttributeError, icalendar.InvalidCalendar) as error:
        # AttributeError: a property given twice (two DTENDs, say) reaches the library as a list
        raise CalendarUnreadable(f"This calendar could not be read: {_short(error)}")
    except OverflowError:  # a date the checks let through that still runs off the calendar
        raise CalendarUnreadable(f"A date in this calendar is outside the years {FIRST_YEAR} to {LAST_YEAR}.")


def _parse(data: bytes) -> icalendar.Calendar:
    text_start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if not text_start.startswith(b"BEGIN:VCALENDAR"):
        raise CalendarUnreadable("This file is not a calendar (.ics): it does not start with BEGIN:VCALENDAR.")
    if b"END:VCALENDAR" not in data[-4096:].upper():
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        raise CalendarUnreadable("The file stops before the end of the calendar: it may have been cut short.", lines)
    data = calendar_zones.olson_zone_names(_utf8(data))
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise _unparseable(error, data)
    except (TypeError, KeyError, AttributeError, IndexError):  # a damaged part the libraries trip over
        raise CalendarUnreadable(
            "This calendar could not be read: part of it is damaged. Try exporting it again."
        ) from None
    except OSError as error:  # zoneinfo raises IsADirectoryError for a folder of its database, such as "Europe"
        unknown = [
            raw
            for raw in calendar_zones.zone_names(data)
            if not calendar_zones.zone_known(calendar_zones.zone_name(raw))
        ]
        raise (
            _unknown_zone(unknown[0], data)
            if unknown
            else CalendarUnreadable(f"This calendar could not be read: {_short(error)}")
        )
    if not isinstance(calendar, icalendar.Calendar):
        raise CalendarUnreadable("This file is not a calendar (.ics).")
    return calendar


def _utf8(data: bytes) -> bytes:
    """Older Outlook exports are Windows-1252, not UTF-8: read them as such rather than garble the titles."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8")
    return data


def _unparseable(error: ValueError, data: bytes) -> CalendarUnreadable:
    text = str(error)
    bad_line = _CONTENT_LINE_ERROR.search(text)
    if bad_line:
        content = bad_line.group(1)
        return CalendarUnreadable(
            f"this line is not in calendar format: '{content[:60]}'.", _line_of_text(data, content)
        )
    if "multiple components" in text:
        return CalendarUnreadable("The file holds more than one calendar. Export one calendar at a time.")
    if "no components" in text:
        return CalendarUnreadable("The file stops before the end of the calendar: it may have been cut short.")
    return CalendarUnreadable(f"This calendar could not be read: {_short(error)}")


def _check_components(calendar: icalendar.Calendar, data: bytes) -> set[str]:
    """Reject events whose dates or repeat rules are broken; return the UIDs of repeating series."""
    recurring: set[str] = set()
    for component in calendar.subcomponents:
        if component.name != "VEVENT":
            continue
        for name, _problem in component.errors:
            if name in _PROPERTY_WORDS:
                value = _raw_value(component, name)
                where = line_of(data, name, value)
                raise CalendarUnreadable(_PROPERTY_WORDS[name].format(value), where)
        _check_given_once(component, data)
        if "DTSTART" not in component:
            uid = str(component.get("UID", ""))
            raise CalendarUnreadable(
                f"the event '{uid or 'without a UID'}' has no start date.", line_of(data, "UID", uid)
            )
        if "RRULE" in component or "RDATE" in component or "RECURRENCE-ID" in component:
            recurring.add(str(component.get("UID", "")))
    return recurring


def _check_given_once(component: icalendar.Component, data: bytes) -> None:
    for name, words in _ONCE_ONLY.items():
        if isinstance(component.get(name), list):
            uids = component.get("UID", "")
            uid = str(uids[0] if isinstance(uids, list) else uids)
            raise CalendarUnreadable(
                f"the event '{uid or 'without a UID'}' has more than one {words}.",
                line_of(data, "UID", uid) if uid else None,
            )


def _check_time_zones(calendar: icalendar.Calendar, data: bytes) -> None:
    """A TZID that neither the file defines nor the zone database knows would be read as the wrong time."""
    calendar_zone = calendar.get("X-WR-TIMEZONE")
    if calendar_zone is not None and not calendar_zones.zone_known(str(calendar_zone).strip()):
        raise CalendarUnreadable(
            f"the calendar's time zone '{calendar_zone}' (X-WR-TIMEZONE) is not one Attend knows.",
            line_of(data, "X-WR-TIMEZONE", str(calendar_zone)),
        )
    named = calendar_zones.zone_names(data)
    if not named:
        return
    defined = {str(tz.get("TZID", "")) for tz in calendar.walk("VTIMEZONE")}
    for raw in named:
        name = calendar_zones.zone_name(raw)
        if name in defined or calendar_zones.zone_known(name):
            continue
        raise _unknown_zone(raw, data)


def _unknown_zone(raw: bytes, data: bytes) -> CalendarUnreadable:
    return CalendarUnreadable(
        f"the time zone '{calendar_zones.zone_name(raw)}' is not one Attend knows.", _line_of_text(data, raw.decode())
    )


def _events(components, *, zone: ZoneInfo, recurring_uids: set[str], owners: set[str]) -> list[Event]:
    events = unique_events(
        _event(component, zone=zone, recurring_uids=recurring_uids, owners=owners) for component in components
    )
    events.sort(key=_start_key)
    return events


def unique_events(events: Iterable[Event]) -> list[Event]:
    """Duplicates dropped (the same UID and start, or the same start, end and title), in their first order.
    When copies differ, the busy one is kept: a meeting cancelled and booked again at the same time is still
    held. Events without a UID are told apart by start, end and title only (two different meetings without
    UIDs can start together)."""
    kept: dict[tuple, int] = {}
    unique: list[Event] = []
    for event in events:
        keys = [(event.start, event.end, event.title)]
        if event.uid:
            keys.append((event.uid, event.start))
        found = next((kept[key] for key in keys if key in kept), None)
        if found is None:
            for key in keys:
                kept[key] = len(unique)
            unique.append(event)
        elif event.busy and not unique[found].busy:
            unique[found] = event
            for key in keys:
                kept[key] = found
    return unique


def _start_key(event: Event) -> tuple[datetime, datetime]:
    return event.start, event.end


def _event(component, *, zone: ZoneInfo, recurring_uids: set[str], owners: set[str]) -> Event:
    start = component["DTSTART"].dt
    end_property = component.get("DTEND")
    end = end_property.dt if end_property is not None else None
    all_day = not isinstance(start, datetime)
    if end is None:  # RFC 5545: no DTEND means a day for a date, an instant for a date-time
        end = start + timedelta(days=1) if all_day else start
    start, end = aware(start, zone).astimezone(UTC), aware(end, zone).astimezone(UTC)
    uid = str(component.get("UID", ""))
    status = str(component.get("STATUS", "CONFIRMED")).lower()
    attendees = component.get("ATTENDEE") or []
    if not isinstance(attendees, list):  # icalendar gives one ATTENDEE alone, several as a list
        attendees = [attendees]
    free_reason = None
    if status == "cancelled":
        free_reason = "cancelled"
    elif owners and _declined(attendees, owners):
        free_reason = "declined"
    elif str(component.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        free_reason = "free"
    recurring = uid in recurring_uids
    return Event(
        uid=uid,
        title=str(component.get("SUMMARY", "")).strip() or "(no title)",
        start=start,
        end=max(end, start),
        all_day=all_day,
        busy=free_reason is None,
        recurring=recurring,
        series_uid=uid if recurring else None,
        attendees=len(attendees),
        organiser=_person(component.get("ORGANIZER")),
        status=status,
        free_reason=free_reason,
    )


def _declined(attendees: list, owners: set[str]) -> bool:
    for attendee in attendees:
        if str(attendee).lower().removeprefix("mailto:") in owners:
            return str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED"
    return False


def _person(address) -> str | None:
    if address is None:
        return None
    name = address.params.get("CN") if hasattr(address, "params") else None
    return str(name) if name else str(address).removeprefix("mailto:").removeprefix("MAILTO:")


def _raw_value(component, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0]
    raw = value.to_ical() if hasattr(value, "to_ical") else value
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _line_of_text(data: bytes, text: str) -> int | None:
    needle = text.encode()
    for number, line in enumerate(data.splitlines(), start=1):
        if needle in line:
            return number
    return None


def _end_before_start(error: recurring_ical_events.PeriodEndBeforeStart) -> str:
    return f"an event ends ({error.end}) before it starts ({error.start})."


def _short(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:160]
