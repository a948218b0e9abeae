"""Limits that keep reading a calendar bounded work, checked before anything is expanded (issue 14).

A 250-byte file can ask for millions of occurrences (a rule repeating every minute or second, every 0 days, or
from the year 1 onwards), and the libraries would build every one. These refuse, with the event named, what no
real diary holds; `calendar_read._expand` stops at MAX_OCCURRENCES whatever the rules say.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from attend.core.formatting import long_date
from attend.diary.calendar_checks import Skips, event_line, title_of
from attend.diary.calendar_common import CalendarUnreadable, aware

# Occurrences inside the window read (the stored window is 34 weeks). A very busy diary has about 3,000 a year
# (attend.demo.sample_calendar, bench/diary.py: 3,000+ with 200 series), so about 2,000 in the window: 20,000
# is ten times that, and reading and analysing it stays within a second or two (bench/diary_hostile.py).
MAX_OCCURRENCES = 20_000
# The years Attend shows. Beyond them datetime arithmetic in the libraries overflows (year 1 minus a zone
# offset, year 9999 plus a duration), and no meeting is booked there.
FIRST_YEAR, LAST_YEAR = 1900, 2200
# The rule library walks every candidate from a series' first start up to the end of the window, in the
# window or not: an hourly series from 1900 is a million steps. This bounds the walk for the whole file
# (a weekly or daily series since 2000 is about 10,000 steps; see _rule_steps), so an old export with a
# hundred such series still reads. A step costs 5 to 10 microseconds (bench/diary_hostile.py): at most a few
# seconds, and only in the worker, which reads imports; pages read stored events.
MAX_RULE_STEPS = 1_000_000
# Events on any one day (an event counts on every day it covers). A crowded real diary has 20 or 30; a
# shared team or leave calendar can have more. The bound makes every page's work bounded: a week holds at
# most 7 times this, the 12-week trend 84 times, however the events were made (bench/diary_hostile.py).
MAX_EVENTS_A_DAY = 100
# The Gregorian calendar repeats itself exactly every 400 years (146,097 days, a whole number of weeks), so a
# repeat rule moved 400 years on falls on the same dates 400 years on. Probing a rule moved close to the
# year 9999, where the rule library stops, bounds the walk for a rule that never falls on a date at all.
_CYCLE_YEARS = 400
_PROBE_FROM_YEAR = 9999 - 2 * _CYCLE_YEARS
# Rule parts that can leave a rule with no dates at all (the 30th of February, the 6th Monday of a month).
_CAN_BE_EMPTY = ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS")
# How often that walk is made: once by the probe, 14 times by recurring-ical-events 3.8 over dateutil (counted
# in test_hostile_calendars: a rule's estimate must not fall below the days the libraries really walk).
_GAP_WALKS = 16
_EVERY = {"SECONDLY": "every second", "MINUTELY": "every minute"}
_UNITS = {"YEARLY": "years", "MONTHLY": "months", "WEEKLY": "weeks", "DAILY": "days", "HOURLY": "hours"}
# Per step of each frequency: the shortest such period (seconds) and the candidate days the library builds.
_PERIOD = {"YEARLY": (365 * 86400, 366), "MONTHLY": (28 * 86400, 31), "WEEKLY": (7 * 86400, 7)}
_PERIOD |= {"DAILY": (86400, 1), "HOURLY": (3600, 1)}


def too_many(calendar: icalendar.Calendar, data: bytes, counts: dict[str, int]) -> CalendarUnreadable:
    uid = max(counts, key=counts.__getitem__)
    event = next((e for e in calendar.walk("VEVENT") if str(e.get("UID", "")) == uid), None)
    named = event_named(event, data) if event is not None else "One event"
    return CalendarUnreadable(
        f"{named} has {counts[uid]:,} or more occurrences in the dates Attend keeps (this calendar over "
        f"{MAX_OCCURRENCES:,}); Attend reads up to {MAX_OCCURRENCES:,} in all."
    )


def check_bounds(skips: Skips, window_end: datetime) -> None:
    """Skip, before expanding anything, events no real diary holds: dates outside FIRST_YEAR..LAST_YEAR, rules
    repeating more often than hourly or every 0 units or on no date at all, more extra dates than
    MAX_OCCURRENCES. Refuse the file when its series together would walk over MAX_RULE_STEPS."""
    steps = 0
    busiest: tuple[int, icalendar.Component | None] = (0, None)
    for component in [c for c in skips.calendar.subcomponents if c.name == "VEVENT"]:
        try:
            walk = _event_walk(component, skips.data, window_end)
        except CalendarUnreadable as problem:
            skips.skip(component, problem)
            continue
        steps += walk
        if walk > busiest[0]:
            busiest = (walk, component)
        if steps > MAX_RULE_STEPS:
            named, since = event_named(busiest[1], skips.data), busiest[1]["DTSTART"].dt.year
            raise CalendarUnreadable(
                f"Attend would have to step through about {busiest[0]:,} repeats of {named}, from {since}, to "
                f"find its dates. It steps through up to {MAX_RULE_STEPS:,} in a calendar. Export a shorter range "
                "of dates."
            )


def _event_walk(component: icalendar.Component, data: bytes, window_end: datetime) -> int:
    start = _check_dates(component, data)
    rules = component.get("RRULE")
    rules = rules if isinstance(rules, list) else [rules] if rules is not None else []
    return sum(_rule_steps(component, rule, start, window_end, data) for rule in rules)


def _check_dates(component: icalendar.Component, data: bytes) -> date:
    """Every date of the event inside FIRST_YEAR..LAST_YEAR; returns DTSTART."""
    start = component["DTSTART"].dt
    values = [start]
    for name in ("DTEND", "RECURRENCE-ID"):
        if component.get(name) is not None:
            values.append(component[name].dt)
    duration = component.get("DURATION")
    if duration is not None and isinstance(duration.dt, timedelta):
        try:
            values.append(start + duration.dt)
        except OverflowError:
            values.append(date.max)
    extra = 0
    for name in ("RDATE", "EXDATE"):
        lists = component.get(name)
        for listed in lists if isinstance(lists, list) else [lists] if lists is not None else []:
            for value in getattr(listed, "dts", ()):
                moment = value.dt[0] if isinstance(value.dt, tuple) else value.dt
                values.append(moment)
                extra += name == "RDATE"
    rules = component.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        values.extend(until for until in rule.get("UNTIL", []) if isinstance(until, date))
    for value in values:
        if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise CalendarUnreadable(
                f"{event_named(component, data)} is dated in the year {value.year}; "
                f"Attend reads dates from {FIRST_YEAR} to {LAST_YEAR}."
            )
    if extra > MAX_OCCURRENCES:
        raise CalendarUnreadable(
            f"{event_named(component, data)} has more than {MAX_OCCURRENCES:,} extra dates (RDATE); "
            f"Attend reads up to {MAX_OCCURRENCES:,} in all."
        )
    return start


def _rule_steps(component, rule, start: date, window_end: datetime, data: bytes) -> int:
    """How many candidates the rule library walks for `rule` up to the end of the window (an upper bound).
    Refuses rules that repeat more often than hourly or every 0 units first."""
    freq = str((rule.get("FREQ") or [""])[0]).upper()
    if freq in _EVERY:
        raise CalendarUnreadable(
            f"{event_named(component, data)} repeats {_EVERY[freq]}; Attend reads series that repeat at most hourly."
        )
    interval = (rule.get("INTERVAL") or [1])[0]
    if not isinstance(interval, int) or interval < 1:
        raise CalendarUnreadable(
            f"{event_named(component, data)} repeats every {interval} {_UNITS.get(freq, 'days')}; "
            f"Attend reads series that repeat every 1 or more {_UNITS.get(freq, 'days')}."
        )
    a_day = 1
    for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        if part != "BYHOUR" or freq != "HOURLY":
            a_day *= max(1, len(rule.get(part) or []))
    if freq == "HOURLY":
        a_day *= 24 // interval or 1
    if a_day > 24:
        raise CalendarUnreadable(
            f"{event_named(component, data)} repeats {a_day:,} times a day; "
            "Attend reads series that repeat at most hourly."
        )
    period, days = _PERIOD.get(freq, (86400, 1))
    first = aware(start, window_end.tzinfo)
    untils = [aware(until, window_end.tzinfo) for until in rule.get("UNTIL", []) if isinstance(until, date)]
    last = min([window_end, *untils])
    per_period = days * (1 if freq == "HOURLY" else a_day)
    steps = _periods(first, last, period * interval) * per_period
    count = (rule.get("COUNT") or [None])[0]
    if isinstance(count, int) and count >= 0:
        steps = min(steps, (count + 1) * per_period)
    # Past the window the library walks on to the next date the rule falls on, about as far as from the start to
    # the rule's first date (the probe's walk), and it walks that stretch again for each query it makes.
    gap = _periods(*_first_date_walk(component, rule, start, data), period * interval) * per_period
    return steps + _GAP_WALKS * gap


def _periods(first: datetime, last: datetime, seconds: int) -> int:
    return max(0, int((last - first).total_seconds())) // seconds + 1


def _first_date_walk(component, rule, start: date, data: bytes) -> tuple[datetime, datetime]:
    """From the rule's start to the first date it falls on (the walk the rule library makes to find it).

    Refuses a rule that falls on no date at all: the library would walk every day to the year 9999 looking.
    The probe is the rule without COUNT or UNTIL, moved on by whole 400-year cycles so that its walk ends at
    the library's last year within 800 years."""
    moment = start if isinstance(start, datetime) else datetime.combine(start, time())
    moment = moment.replace(tzinfo=None)
    if not any(rule.get(part) for part in _CAN_BE_EMPTY) and not _has_numbered_weekday(rule):
        return moment, moment
    cycles = max(0, -(-(_PROBE_FROM_YEAR - moment.year) // _CYCLE_YEARS))
    probe_start = moment.replace(year=moment.year + cycles * _CYCLE_YEARS)
    body = icalendar.prop.vRecur({key: value for key, value in rule.items() if key not in ("COUNT", "UNTIL")})
    try:
        probe = rrulestr(body.to_ical().decode(), dtstart=probe_start)
        first_date = next(iter(probe), None)
    except (ValueError, TypeError):  # a broken rule: the expansion names it with its own message
        return moment, moment
    if first_date is None:
        raise CalendarUnreadable(
            f"{event_named(component, data)} has a repeat rule that falls on no date (such as the 30th of "
            "February), so it never happens."
        )
    return probe_start, first_date


def _has_numbered_weekday(rule) -> bool:
    """BYDAY with a number, such as 5MO (the fifth Monday), which some months or years do not have."""
    return any(getattr(day, "relative", None) for day in rule.get("BYDAY") or [])


def check_busy_days(events: Iterable, zone: ZoneInfo, since: datetime, until: datetime) -> None:
    """Refuse more than MAX_EVENTS_A_DAY events on one day between `since` and `until`, naming the day."""
    day, number = busiest_day(events, zone, since, until)
    if number > MAX_EVENTS_A_DAY:
        raise too_busy(day, number)


def too_busy(day: date, number: int | None = None) -> CalendarUnreadable:
    """`number` events on `day`; None when reading stopped at the first one over the limit."""
    many = f"{number:,}" if number is not None else f"more than {MAX_EVENTS_A_DAY}"
    return CalendarUnreadable(
        f"{long_date(day)} has {many} events. Attend reads calendars with up to {MAX_EVENTS_A_DAY} events on any "
        "one day. If this is a shared or team calendar, export your own calendar instead."
    )


def busiest_day(events: Iterable, zone: ZoneInfo, since: datetime, until: datetime) -> tuple[date | None, int]:
    """The day with the most events on it, an event counting on every day it covers between `since` and `until`,
    and how many: a sweep over the days events start and stop on, so n log n in the events."""
    changes: Counter[date] = Counter()
    for event in events:
        first = max(event.start, since)
        last = max(first, min(event.end, until) - timedelta(microseconds=1))
        changes[first.astimezone(zone).date()] += 1
        changes[last.astimezone(zone).date() + timedelta(days=1)] -= 1
    running, busiest = 0, (None, 0)
    for day in sorted(changes):
        running += changes[day]
        if running > busiest[1]:
            busiest = (day, running)
    return busiest


def event_named(component: icalendar.Component, data: bytes) -> str:
    """The event as messages name it: “Title” (line n), the line of its UID or else of its start."""
    line = event_line(component, data)
    title = title_of(component)[:80]
    return f"“{title}” (line {line})" if line else f"“{title}”"
