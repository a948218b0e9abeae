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
from attend.diary.calendar_checks import Skipped, Skips, check_calendar_zone, check_events
from attend.diary.calendar_common import CalendarUnreadable, aware

MAX_BYTES = 50 * 1024 * 1024
MAX_EVENTS = 100_000

# Said of an event when the libraries fail on it in a way no check foresaw: never their Python message.
_DAMAGED = "part of the event is damaged, so its dates could not be worked out."
_CONTENT_LINE_ERROR = re.compile(r"Content line could not be parsed into parts: '(.*?)'")


@dataclass(frozen=True)
class Event:
    """One occurrence of an event (a single event, or one instance of a recurring series).

    `start`/`end` are aware datetimes in UTC, so that subtracting them gives real durations across clock
    changes (all-day events run from local midnight to local midnight in the reader's zone).
    `busy` is False for cancelled, declined (by the owner), transparent (free), tentative and out-of-office
    events; `free_reason` then says which: "cancelled", "declined", "free", "tentative" or "away" (ADR 0010:
    tentative is shown apart and not counted as meeting load; out of office is neither meeting nor working
    time). `series_uid` is the UID of the series for recurring occurrences, else None. `attendees` counts
    ATTENDEE lines (the organiser is not added).
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
    # None when busy; else "cancelled" | "declined" | "free" | "tentative" | "away" (out of office, leave)
    free_reason: str | None = None
    attendee_emails: tuple[str, ...] = ()  # lower case, without "mailto:" (for time with the team)
    categories: tuple[str, ...] = ()  # CATEGORIES, in order, at most MAX_CATEGORIES (shifts may be marked so)
    origin: str = "calendar"  # "calendar", or "connect" for a Connect conversation added by the selector

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
            "origin": self.origin,
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
    """Every occurrence overlapping [start, end) (dates in `zone`), sorted by start; events that cannot be read
    are left out (`read_calendar_reporting` says which). Raises CalendarUnreadable."""
    return read_calendar_reporting(data, zone=zone, start=start, end=end, owner_emails=owner_emails).events


@dataclass(frozen=True)
class Reading:
    events: list[Event]
    skipped: list[Skipped]


def read_calendar_reporting(
    data: bytes,
    *,
    zone: ZoneInfo,
    start: date,
    end: date,
    owner_emails: Iterable[str] = (),
) -> Reading:
    """Every occurrence overlapping [start, end) (dates in `zone`), sorted by start, and the events skipped.

    Floating times and all-day dates are read in `zone`; X-WR-TIMEZONE is honoured; Windows zone names
    ("GMT Standard Time") are understood. An event is not busy when STATUS:CANCELLED, TRANSP:TRANSPARENT,
    or when one of `owner_emails` is an attendee with PARTSTAT=DECLINED. Duplicates (same UID and
    RECURRENCE-ID, or identical start, end and title) are dropped. An event that cannot be read is skipped
    with its line, title and why. Raises CalendarUnreadable for the file as a whole: not a calendar, cut
    short, nothing in it readable, or more work than the bounds allow (calendar_bounds), including a day with
    more than MAX_EVENTS_A_DAY events.
    """
    count_events(data)
    window_start = datetime.combine(start, time(), zone)
    window_end = datetime.combine(end, time(), zone)
    owners = {email.strip().lower().removeprefix("mailto:") for email in owner_emails if email.strip()}
    with collector_paused():
        calendar = _parse(data)
        check_calendar_zone(calendar, data)
        skips = Skips(calendar, data)
        recurring_uids = check_events(skips)
        check_bounds(skips, window_end)
        components = _expand(skips, window_start, window_end)
        events = _events(components, skips, zone=zone, recurring_uids=recurring_uids, owners=owners)
    if skips.skipped and not any(c.name == "VEVENT" for c in calendar.subcomponents):
        raise _nothing_readable(skips.skipped)
    events = [event for event in events if event.end > window_start and event.start < window_end]
    check_busy_days(events, zone, window_start, window_end)
    return Reading(events=events, skipped=skips.skipped)


def _nothing_readable(skipped: list[Skipped]) -> CalendarUnreadable:
    """The file's refusal when every event was skipped: the first one's reason, with its line once."""
    first = skipped[0]
    named = first.why.startswith("“")  # the bounds' reasons name the event and its line themselves
    if len(skipped) == 1:
        message = first.why if named else f"“{first.title}” could not be read: {first.why}"
    else:
        first_one = "The first: " if named else f"The first, “{first.title}”: "
        message = f"None of its {len(skipped):,} events could be read. {first_one}{first.why}"
    return CalendarUnreadable(message, None if named else first.line)


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


def _expand(skips: Skips, window_start: datetime, window_end: datetime) -> list:
    """The occurrences in the window, series by series, stopping as soon as there are over MAX_OCCURRENCES. A
    series the libraries cannot expand is skipped whole."""
    calendar, data = skips.calendar, skips.data
    zone = window_start.tzinfo
    components: list = []
    counts: dict[str, int] = {}
    starting: Counter[date] = Counter()  # a cheap early cut; check_busy_days counts every day covered
    for series in _all_series(skips):
        try:
            occurrences = list(_occurrences(series, window_start, window_end))
        except CalendarUnreadable as problem:
            skips.skip_series(str(series.uid), problem)
            continue
        for occurrence in occurrences:
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


def _all_series(skips: Skips) -> list:
    """The calendar's series. When the library cannot build them, each event is tried alone and the ones it
    cannot build are skipped (rare: a rule with an unknown calendar scale, a misspelt rule part)."""
    try:
        return list(recurring_ical_events.of(skips.calendar).series)
    except (recurring_ical_events.InvalidCalendar, ValueError, TypeError, KeyError, AttributeError):
        pass
    zones = [c for c in skips.calendar.subcomponents if c.name == "VTIMEZONE"]
    for uid in dict.fromkeys(str(c.get("UID", "")) for c in skips.calendar.subcomponents if c.name == "VEVENT"):
        alone = icalendar.Calendar()
        alone.subcomponents = zones + [
            c for c in skips.calendar.subcomponents if c.name == "VEVENT" and str(c.get("UID", "")) == uid
        ]
        try:
            list(recurring_ical_events.of(alone).series)
        except recurring_ical_events.InvalidCalendar as error:
            skips.skip_series(uid, CalendarUnreadable(f"its repeats could not be worked out: {error.message}"))
        except (ValueError, TypeError, KeyError, AttributeError):
            skips.skip_series(uid, CalendarUnreadable(_DAMAGED))
    try:
        return list(recurring_ical_events.of(skips.calendar).series)
    except (recurring_ical_events.InvalidCalendar, ValueError, TypeError, KeyError, AttributeError):
        raise CalendarUnreadable("This calendar could not be read: part of it is damaged. Try exporting it again.")


def _occurrences(series, window_start: datetime, window_end: datetime) -> Iterator:
    """One series' occurrences in the window; its problems as CalendarUnreadable in plain words."""
    try:
        yield from series.between(window_start, window_end)
    except recurring_ical_events.PeriodEndBeforeStart as error:
        raise CalendarUnreadable(_end_before_start(error))
    except recurring_ical_events.InvalidCalendar as error:
        raise CalendarUnreadable(f"its repeats could not be worked out: {error.message}")
    except (ValueError, TypeError, KeyError, AttributeError, icalendar.InvalidCalendar):
        # AttributeError: a property given twice (two DTENDs, say) reaches the library as a list
        raise CalendarUnreadable(_DAMAGED)
    except OverflowError:  # a date the checks let through that still runs off the calendar
        raise CalendarUnreadable(f"a date in it is outside the years {FIRST_YEAR} to {LAST_YEAR}.")


NOT_A_CALENDAR = "This file is not a calendar (.ics): it does not start with BEGIN:VCALENDAR."
_LEADING = b"\xef\xbb\xbf \t\r\n"


def starts_like_a_calendar(head: bytes, *, whole: bool) -> bool | None:
    """Whether a file's first bytes (`whole`: all of it) begin a calendar, as `_parse` decides it; None when they
    are too few to tell. Cheap, so the upload form can refuse a file that is not a calendar before anything is
    saved."""
    text = head.lstrip(_LEADING)
    if len(text) < 15 and not whole:
        return None
    return text[:15].upper() == b"BEGIN:VCALENDAR"


def _parse(data: bytes) -> icalendar.Calendar:
    if not data.lstrip(_LEADING)[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        raise CalendarUnreadable(NOT_A_CALENDAR)
    if b"END:VCALENDAR" not in data[-4096:].upper():
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        raise CalendarUnreadable("The file stops before the end of the calendar: it may have been cut short.", lines)
    data = calendar_zones.olson_zone_names(_utf8(data))
    try:
        calendar = _one_calendar(icalendar.Calendar.from_ical(data, multiple=True))
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


def _one_calendar(parsed: list) -> icalendar.Calendar | None:
    """Two calendars joined into one file (two exports concatenated) are read as one."""
    calendars = [part for part in parsed if isinstance(part, icalendar.Calendar)]
    if not calendars:
        return None
    for other in calendars[1:]:
        calendars[0].subcomponents.extend(other.subcomponents)
    return calendars[0]


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
    if "no components" in text:
        return CalendarUnreadable("The file stops before the end of the calendar: it may have been cut short.")
    return CalendarUnreadable(f"This calendar could not be read: {_short(error)}")


def _unknown_zone(raw: bytes, data: bytes) -> CalendarUnreadable:
    return CalendarUnreadable(
        f"the time zone '{calendar_zones.zone_name(raw)}' is not one Attend knows.", _line_of_text(data, raw.decode())
    )


def _events(components, skips: Skips, *, zone: ZoneInfo, recurring_uids: set[str], owners: set[str]) -> list[Event]:
    read = []
    for component in components:
        try:
            read.append(_event(component, zone=zone, recurring_uids=recurring_uids, owners=owners))
        except (ValueError, TypeError, AttributeError, KeyError):  # a value the libraries let through
            skips.note(component, CalendarUnreadable(_DAMAGED))
        except OverflowError:
            skips.note(component, CalendarUnreadable(f"a date in it is outside the years {FIRST_YEAR} to {LAST_YEAR}."))
    events = unique_events(read)
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
    free_reason = _free_reason(component, status, attendees, owners)
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
        attendee_emails=tuple(sorted({_address(a) for a in attendees} - {""})),
        categories=_categories(component),
    )


MAX_CATEGORIES, MAX_CATEGORY_LENGTH = 10, 100


def _categories(component) -> tuple[str, ...]:
    """An event's category names, from every CATEGORIES line, each once, bounded (someone else's file)."""
    lines = component.get("CATEGORIES") or []
    if not isinstance(lines, list):  # icalendar gives one line alone, several as a list
        lines = [lines]
    names: list[str] = []
    for line in lines:
        for name in getattr(line, "cats", ()):
            name = str(name).strip()[:MAX_CATEGORY_LENGTH]
            if name and name not in names and len(names) < MAX_CATEGORIES:
                names.append(name)
    return tuple(names)


# Outlook and NHSmail say how an event shows the time (Free, Tentative, Busy, Out of office) in their own
# property; the standard one (TRANSP) only knows free or busy.
_OUTLOOK_STATUS = ("X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-INTENDEDSTATUS")


def _free_reason(component, status: str, attendees: list, owners: set[str]) -> str | None:
    """Why an event does not count as a meeting, or None when it does (docs/adr/0010-diary-engine.md)."""
    shown_as = next((str(component[name]).strip().upper() for name in _OUTLOOK_STATUS if name in component), "")
    if status == "cancelled":
        return "cancelled"
    if owners and _declined(attendees, owners):
        return "declined"
    if shown_as == "OOF":
        return "away"
    if shown_as == "FREE" or str(component.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return "free"
    if status == "tentative" or shown_as == "TENTATIVE":
        return "tentative"
    return None


def _address(attendee) -> str:
    return str(attendee).strip().lower().removeprefix("mailto:")


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
