"""When a person works (pure: no Django). A working pattern in; working, rest and quiet time out.

Every module asks this one place (docs/adr/0025): Diary's figures and protected time, Nudges' quiet hours and
digest, Practice's reminders. It lives in `accounts` beside the User that holds the pattern, so any module
(and Nudges, below them) can use it without an import cycle.

A pattern is one of three kinds, with one-off changes for a date on top:
- `fixed`: the same hours on chosen weekdays (the setting every account started with);
- `rota`: a repeating rota of 1 to MOST_ROTA_WEEKS weeks from a start date, a shift code (or rest) per day;
- `calendar`: shifts read from the person's calendar, events whose title matches one of their rules.
A shift belongs to the date it starts on. One whose end is not after its start crosses midnight (a night):
after it comes a rest period (REST_AFTER_NIGHT unless the person sets another), which is never offered for
anything, even if the rota puts no shift there.

All intervals are `(start, end)` pairs of aware datetimes in UTC, end exclusive: aware datetimes in one
ZoneInfo compare as wall-clock times, which is wrong across the October clock change. Wall-clock shift
times are read in the person's zone, so a night across a clock change is an hour shorter or longer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FIXED = "fixed"
ROTA = "rota"
CALENDAR = "calendar"
KINDS = (FIXED, ROTA, CALENDAR)

SWAP = "swap"  # this date's shift is replaced by another (or by rest)
EXTRA = "extra"  # a shift added to what the pattern says
LEAVE = "leave"  # no work that date: leave is not working time
CHANGE_KINDS = (SWAP, EXTRA, LEAVE)

MOST_ROTA_WEEKS = 12
MOST_SHIFTS = 12
MOST_RULES = 20
MOST_CHANGES = 120
REST_AFTER_NIGHT = timedelta(hours=11)  # the Working Time Regulations' daily rest
MOST_RANGE_DAYS = 800  # a bound on one computation: the diary's trend is 12 weeks

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Shift:
    """A kind of shift on the rota: a short code people write ("LD"), a name, and wall-clock times."""

    code: str
    name: str
    starts: time
    ends: time

    @property
    def crosses_midnight(self) -> bool:
        return self.ends <= self.starts


@dataclass(frozen=True)
class Change:
    """A one-off change for a date: a swap to `shift` (None is rest), an extra `shift`, or leave."""

    on: date
    kind: str
    shift: str | None = None


@dataclass(frozen=True)
class Pattern:
    kind: str = FIXED
    days: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # fixed: weekdays, Monday is 0
    starts: time = time(9, 0)
    ends: time = time(17, 0)
    shifts: tuple[Shift, ...] = ()  # rota and calendar: the shifts people can choose
    rota_starts_on: date | None = None  # rota: the Monday (or any day) week 1 begins
    rota: tuple[tuple[str | None, ...], ...] = ()  # rota: weeks of 7 shift codes or None for rest
    rules: tuple[str, ...] = ()  # calendar: titles that mark a shift
    changes: tuple[Change, ...] = ()
    rest_after_night: timedelta = REST_AFTER_NIGHT

    def shift(self, code: str | None) -> Shift | None:
        return next((shift for shift in self.shifts if shift.code == code), None) if code else None


@dataclass(frozen=True)
class Worked:
    """One shift on one date, placed in time."""

    day: date  # the date it starts on, in the person's zone
    name: str
    start: datetime  # UTC
    end: datetime  # UTC
    night: bool = False


@dataclass(frozen=True)
class Schedule:
    """Working, rest and quiet time in [start, end) (UTC); quiet is everything that is not working."""

    zone: ZoneInfo
    start: datetime
    end: datetime
    shifts: tuple[Worked, ...] = ()
    working: tuple[Interval, ...] = ()
    rest: tuple[Interval, ...] = ()
    quiet: tuple[Interval, ...] = ()
    _by_day: dict[date, tuple[Worked, ...]] = field(default_factory=dict, compare=False, repr=False)

    def shifts_on(self, day: date) -> tuple[Worked, ...]:
        """The shifts starting on `day` (in the person's zone), earliest first."""
        return self._by_day.get(day, ())

    def is_working(self, moment: datetime) -> bool:
        return _inside(moment, self.working)

    def is_rest(self, moment: datetime) -> bool:
        return _inside(moment, self.rest)


@dataclass(frozen=True)
class CalendarShift:
    """An event from the person's calendar that may mark a shift."""

    title: str
    start: datetime
    end: datetime
    categories: tuple[str, ...] = ()  # e-rostering exports may title every shift "Shift" and name it here


def schedule(
    pattern: Pattern,
    *,
    start: date,
    end: date,
    zone: ZoneInfo,
    calendar: Sequence[CalendarShift] = (),
) -> Schedule:
    """The person's time from local midnight of `start` to local midnight of `end`.

    Shifts starting the day before `start` are included (a night reaches into the first morning), and so is
    the rest after them. `calendar` is only read for the `calendar` kind.
    """
    if (end - start).days > MOST_RANGE_DAYS:
        raise ValueError(f"A working pattern is worked out for at most {MOST_RANGE_DAYS} days at a time")
    lo, hi = _midnight(start, zone), _midnight(end, zone)
    worked = [
        placed
        for day in _dates(start - timedelta(days=1), end)
        for placed in _worked_on(pattern, day, zone, calendar)
        if placed.end > lo and placed.start < hi
    ]
    worked.sort(key=lambda shift: (shift.start, shift.end))
    working = _clip(_merge((shift.start, shift.end) for shift in worked), lo, hi)
    after_nights = _merge((shift.end, shift.end + pattern.rest_after_night) for shift in worked if shift.night)
    rest = _clip(_subtract(after_nights, working), lo, hi)
    by_day: dict[date, tuple[Worked, ...]] = {}
    for shift in worked:
        by_day[shift.day] = (*by_day.get(shift.day, ()), shift)
    return Schedule(
        zone=zone,
        start=lo,
        end=hi,
        shifts=tuple(worked),
        working=tuple(working),
        rest=tuple(rest),
        quiet=tuple(_subtract([(lo, hi)], working)),
        _by_day=by_day,
    )


def planned_codes(pattern: Pattern, day: date) -> list[str | None]:
    """What the pattern itself says for `day` (before the calendar): rota codes, or "" for fixed hours."""
    changes = [change for change in pattern.changes if change.on == day]
    if any(change.kind == LEAVE for change in changes):
        return []
    swap = next((change for change in changes if change.kind == SWAP), None)
    if swap is not None:
        planned = [swap.shift] if swap.shift else []
    elif pattern.kind == FIXED:
        planned = [""] if day.weekday() in pattern.days else []
    elif pattern.kind == ROTA:
        code = rota_code(pattern, day)
        planned = [code] if code else []
    else:
        planned = []
    return planned + [change.shift for change in changes if change.kind == EXTRA and change.shift]


def rota_code(pattern: Pattern, day: date) -> str | None:
    """The rota's code for `day`: it repeats forwards and backwards from its start date."""
    if not pattern.rota or pattern.rota_starts_on is None:
        return None
    offset = (day - pattern.rota_starts_on).days % (7 * len(pattern.rota))
    return pattern.rota[offset // 7][offset % 7]


def matches_rule(title: str, rules: Iterable[str]) -> str | None:
    """The rule a calendar title matches: the whole title, or the title's start followed by a space or a
    mark ("LD" matches "LD", "LD - ward 4" and "ld", never "LDN meeting"). None when it matches none."""
    folded = _fold(title)
    for rule in rules:
        wanted = _fold(rule)
        if wanted and (folded == wanted or re.match(re.escape(wanted) + r"(?![\w])", folded)):
            return rule
    return None


def shift_rule_of(title: str, categories: Iterable[str], rules: Iterable[str]) -> str | None:
    """The rule a calendar event matches by its title or by one of its categories, or None: the one test of
    whether an event is a shift (so it is working time, never a meeting)."""
    rules = tuple(rules)
    for text in (title, *categories):
        if (rule := matches_rule(text, rules)) is not None:
            return rule
    return None


def shift_for_rule(pattern: Pattern, rule: str) -> Shift | None:
    """The shift a title rule names, by code or name, so "Night" and "N" both find the night's times."""
    folded = _fold(rule)
    return next((s for s in pattern.shifts if folded in (_fold(s.code), _fold(s.name))), None)


# -- Internals ---------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _worked_on(pattern: Pattern, day: date, zone: ZoneInfo, calendar: Sequence[CalendarShift]) -> list[Worked]:
    found = []
    for code in planned_codes(pattern, day):
        if pattern.kind == FIXED and code == "":
            if pattern.ends > pattern.starts:
                found.append(_place(day, "Working hours", pattern.starts, pattern.ends, zone))
            continue
        shift = pattern.shift(code)
        if shift is not None:
            found.append(_place(day, shift.name, shift.starts, shift.ends, zone))
    if pattern.kind == CALENDAR and not any(c.on == day and c.kind in (LEAVE, SWAP) for c in pattern.changes):
        found += [placed for placed in _from_calendar(pattern, calendar, zone) if placed.day == day]
    return found


def _from_calendar(pattern: Pattern, calendar: Sequence[CalendarShift], zone: ZoneInfo) -> list[Worked]:
    found = []
    for event in calendar:
        if event.end <= event.start or event.end - event.start > timedelta(hours=24):
            continue
        if shift_rule_of(event.title, event.categories, pattern.rules) is None:
            continue
        start, end = event.start.astimezone(UTC), event.end.astimezone(UTC)
        crosses = start.astimezone(zone).date() != (end - timedelta(microseconds=1)).astimezone(zone).date()
        found.append(Worked(start.astimezone(zone).date(), event.title, start, end, night=crosses))
    return found


def _place(day: date, name: str, starts: time, ends: time, zone: ZoneInfo) -> Worked:
    night = ends <= starts
    start = _at(day, starts, zone)
    end = _at(day + timedelta(days=1) if night else day, ends, zone)
    return Worked(day=day, name=name, start=start, end=end, night=night)


def _at(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a local day, in UTC. A time the spring change skips (01:30) is read on the clock
    before the change, so it lands an hour later (02:30 BST); a time the autumn change repeats is the first."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return _at(day, time(0, 0), zone)


def _dates(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days)]


def _inside(moment: datetime, spans: Sequence[Interval]) -> bool:
    return any(lo <= moment < hi for lo, hi in spans)


def _merge(spans: Iterable[Interval]) -> list[Interval]:
    merged: list[list[datetime]] = []
    for lo, hi in sorted(spans):
        if hi <= lo:
            continue
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def _clip(spans: Iterable[Interval], lo: datetime, hi: datetime) -> list[Interval]:
    return [(max(a, lo), min(b, hi)) for a, b in spans if b > lo and a < hi]


def _subtract(spans: Iterable[Interval], taken: Sequence[Interval]) -> list[Interval]:
    """What of `spans` (merged) is not in `taken` (merged, sorted)."""
    left = []
    for lo, hi in _merge(spans):
        cursor = lo
        for a, b in taken:
            if b <= cursor or a >= hi:
                continue
            if a > cursor:
                left.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < hi:
            left.append((cursor, hi))
    return left


# -- Stored form: the JSON held in User.working_pattern (the fixed kind's hours stay in their own columns) -----


def from_stored(stored: dict | None, *, days: Iterable[int], starts: time, ends: time) -> Pattern:
    """The Pattern for a stored dict. An empty or unreadable dict is the fixed hours (as every account began)."""
    stored = stored or {}
    fixed = {"days": frozenset(days), "starts": starts, "ends": ends}
    try:
        return Pattern(
            kind=stored.get("kind", FIXED) if stored.get("kind") in KINDS else FIXED,
            **fixed,
            shifts=tuple(
                Shift(s["code"], s["name"], time.fromisoformat(s["starts"]), time.fromisoformat(s["ends"]))
                for s in stored.get("shifts", ())[:MOST_SHIFTS]
            ),
            rota_starts_on=date.fromisoformat(stored["rota_starts_on"]) if stored.get("rota_starts_on") else None,
            rota=tuple(
                tuple((code or None) for code in (list(week) + [None] * 7)[:7])
                for week in stored.get("rota", ())[:MOST_ROTA_WEEKS]
            ),
            rules=tuple(stored.get("rules", ())[:MOST_RULES]),
            changes=tuple(
                Change(date.fromisoformat(c["on"]), c["kind"], c.get("shift") or None)
                for c in stored.get("changes", ())[:MOST_CHANGES]
                if c.get("kind") in CHANGE_KINDS
            ),
            rest_after_night=timedelta(hours=stored.get("rest_hours", REST_AFTER_NIGHT.total_seconds() / 3600)),
        )
    except (KeyError, TypeError, ValueError):
        return Pattern(**fixed)


def to_stored(pattern: Pattern) -> dict:
    """The JSON for User.working_pattern (the fixed kind's days and hours are kept in their own columns)."""
    return {
        "kind": pattern.kind,
        "shifts": [
            {
                "code": s.code,
                "name": s.name,
                "starts": s.starts.isoformat("minutes"),
                "ends": s.ends.isoformat("minutes"),
            }
            for s in pattern.shifts
        ],
        "rota_starts_on": pattern.rota_starts_on.isoformat() if pattern.rota_starts_on else None,
        "rota": [list(week) for week in pattern.rota],
        "rules": list(pattern.rules),
        "changes": [{"on": c.on.isoformat(), "kind": c.kind, "shift": c.shift} for c in pattern.changes],
        "rest_hours": pattern.rest_after_night.total_seconds() / 3600,
    }


NHS_SHIFTS = (
    Shift("LD", "Long day", time(7, 30), time(20, 0)),
    Shift("N", "Night", time(19, 30), time(8, 0)),
    Shift("E", "Early", time(7, 0), time(15, 0)),
    Shift("L", "Late", time(13, 0), time(21, 0)),
)
"""The common NHS shifts (PRODUCT.md, facts for round 2): offered to anyone starting a rota."""
