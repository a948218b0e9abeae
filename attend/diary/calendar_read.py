"""Read an .ics file into the events the Diary engine analyses (pure: no Django).

`read_calendar(data, zone=..., start=..., end=...)` parses with icalendar, expands recurrences with
recurring-ical-events within [start, end) and returns one `Event` per occurrence, sorted by start.
A file that cannot be read raises `CalendarUnreadable` naming the problem and, where known, the line.
The work done per occurrence beyond the two libraries is a handful of dictionary look-ups, so reading
stays close to their own speed (bench/diary.py). See docs/adr/0010-diary-engine.md.

Parsing the file is `calendar_parse`; making each occurrence an `Event` (and dropping copies) is
`calendar_event`; the checks and bounds are `calendar_checks` and `calendar_bounds`.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

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
from attend.diary.calendar_event import Event, event_from, unique_events
from attend.diary.calendar_parse import parse_calendar

MAX_BYTES = 50 * 1024 * 1024
MAX_EVENTS = 100_000


# Said of an event when the libraries fail on it in a way no check foresaw: never their Python message.
_DAMAGED = "part of the event is damaged, so its dates could not be worked out."


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
        calendar = parse_calendar(data)
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


def _events(components, skips: Skips, *, zone: ZoneInfo, recurring_uids: set[str], owners: set[str]) -> list[Event]:
    read = []
    for component in components:
        try:
            read.append(event_from(component, zone=zone, recurring_uids=recurring_uids, owners=owners))
        except (ValueError, TypeError, AttributeError, KeyError):  # a value the libraries let through
            skips.note(component, CalendarUnreadable(_DAMAGED))
        except OverflowError:
            skips.note(component, CalendarUnreadable(f"a date in it is outside the years {FIRST_YEAR} to {LAST_YEAR}."))
    events = unique_events(read)
    events.sort(key=_start_key)
    return events


def _start_key(event: Event) -> tuple[datetime, datetime]:
    return event.start, event.end


def _end_before_start(error: recurring_ical_events.PeriodEndBeforeStart) -> str:
    return f"an event ends ({error.end}) before it starts ({error.start})."
