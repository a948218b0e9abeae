"""The Diary's figures: what the analysis engine (analysis.py) measures against, and what it returns.

The working pattern (fixed hours, or the shifts of a rota or calendar), the thresholds behind each measure and
which events hold time without being meetings; then `DayFigures`, `WeekFigures` and `DiaryAnalysis`, with the
meetings they name. Plain frozen dataclasses (no Django): durations in whole minutes, `to_dict()` for JSON
(plain_data.py), read back by kept_figures.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from attend.accounts.working_pattern import Schedule
from attend.diary.plain_data import plain

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class WorkPattern:
    """When the leader works: weekdays (0=Monday) and the same hours each working day, in `zone`; or, when
    `schedule` is given (a rota or shifts read from a calendar: accounts/working_pattern.py), its shifts.

    A day's figures cover its shifts (a night counts on the day it starts, to its end the next morning), and
    the time from the end of the day before's last shift (or midnight) to the start of the next day's."""

    zone: ZoneInfo = LONDON
    days: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    starts: time = time(8, 30)
    ends: time = time(17, 0)
    schedule: Schedule | None = None

    def shifts_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working spans starting on `day`, soonest first (aware datetimes)."""
        if self.schedule is not None:
            return [(shift.start, shift.end) for shift in self.schedule.shifts_on(day)]
        if day.weekday() not in self.days or self.ends <= self.starts:
            return []
        return [(datetime.combine(day, self.starts, self.zone), datetime.combine(day, self.ends, self.zone))]

    def rest_spans(self) -> tuple[tuple[datetime, datetime], ...]:
        """Rest after nights: never offered for anything."""
        return self.schedule.rest if self.schedule is not None else ()

    def boundary(self, day: date) -> int:
        """Where `day`'s figures begin (seconds): its midnight, or later when a night from the day before
        runs past it."""
        midnight = _moment(day, time(), self.zone)
        ends = [int(end.timestamp()) for _start, end in self.shifts_on(day - timedelta(days=1))]
        return max([midnight, *ends])


def _moment(day: date, clock: time, zone: ZoneInfo) -> int:
    return int(datetime.combine(day, clock, zone).timestamp())


MEAL_BREAK_AFTER = timedelta(hours=6)  # a shift longer than this needs a meal break (Working Time Regulations)


def meal_window(
    day: date, shift: tuple[datetime, datetime], zone: ZoneInfo, thresholds: Thresholds
) -> tuple[datetime, datetime] | None:
    """Where lunch (or a night's meal break) belongs in a shift: the lunch window when the shift starts by
    then and holds enough of it; else, in a shift over six hours, the same length around its middle (a
    late's tea, a night's meal at about one in the morning); else None (a short shift needs no meal)."""
    lo, hi = shift
    window_lo, window_hi = (
        datetime.combine(day, thresholds.lunch_from, zone),
        datetime.combine(day, thresholds.lunch_until, zone),
    )
    inside = (max(lo, window_lo), min(hi, window_hi))
    if lo <= window_lo and inside[1] - inside[0] >= timedelta(minutes=thresholds.lunch_break):
        return inside
    if hi - lo <= MEAL_BREAK_AFTER:
        return None
    middle, half = lo + (hi - lo) / 2, (window_hi - window_lo) / 2
    return middle - half, middle + half


@dataclass(frozen=True)
class Thresholds:
    """The settings behind each measure, with the defaults from the Diary issue."""

    back_to_back_gap: int = 5  # minutes: a gap shorter than this joins two meetings into one run
    focus_block: int = 60  # minutes: a free block this long or longer counts as focus time
    short_break: int = 15  # minutes: a day needs a free block this long to have had a break
    lunch_break: int = 30  # minutes: ... and one this long inside the lunch window
    lunch_from: time = time(11, 30)
    lunch_until: time = time(14, 0)
    long_meeting: int = 60  # minutes: a meeting longer than this is "long"
    large_meeting: int = 8  # attendees: a meeting with this many or more is "large"


DEFAULT_PATTERN = WorkPattern()
DEFAULT_THRESHOLDS = Thresholds()

# Events that are not meetings but still hold the time: tentative meetings and out of office (ADR 0010).
HELD = frozenset({"tentative", "away"})


@dataclass(frozen=True)
class MeetingRef:
    """A meeting the report can name."""

    title: str
    start: datetime
    end: datetime
    minutes: int
    attendees: int = 0
    recurring: bool = False
    series_uid: str | None = None


@dataclass(frozen=True)
class Run:
    """Back-to-back meetings: consecutive busy time where each gap is under the threshold."""

    start: datetime
    end: datetime
    minutes: int
    meetings: int
    titles: tuple[str, ...] = ()
    refs: tuple[MeetingRef, ...] = ()  # the meetings in the run, in start order


@dataclass(frozen=True)
class Overlap:
    """Two busy events booked over each other."""

    first: str
    second: str
    start: datetime
    end: datetime
    minutes: int
    refs: tuple[MeetingRef, ...] = ()  # the two meetings


@dataclass(frozen=True)
class DayFigures:
    """One calendar day in the pattern's zone. "Working" figures are inside working hours only."""

    day: date
    working_day: bool
    working_minutes: int  # length of the working hours (0 on a non-working day)
    meeting_minutes: int  # busy time inside working hours (overlaps counted once)
    meeting_share: float  # meeting_minutes / working_minutes (0.0 when no working hours)
    free_minutes: int  # working_minutes - meeting_minutes
    meeting_count: int  # busy timed events touching the day
    longest_free_minutes: int  # longest free block inside working hours
    focus_minutes: int  # free blocks of focus_block+ minutes, added up
    longest_back_to_back_minutes: int  # longest run of two or more meetings (0 when none)
    back_to_back: tuple[Run, ...]  # runs of two or more meetings
    no_break: bool  # working day with busy time and no free block of short_break+ minutes
    no_lunch: bool  # working day with no free lunch_break+ minutes inside the lunch window
    early_minutes: int  # busy before working hours on a working day
    late_minutes: int  # busy after working hours on a working day
    weekend_minutes: int  # busy on a non-working day
    recurring_minutes: int  # busy minutes of recurring occurrences (each event counted in full)
    one_off_minutes: int  # busy minutes of one-off events
    overlaps: tuple[Overlap, ...]
    long_meetings: tuple[MeetingRef, ...]
    large_meetings: tuple[MeetingRef, ...]
    all_day: tuple[str, ...] = ()  # titles of busy all-day events (not counted as meeting time)
    away_minutes: int = 0  # out of office (leave) inside working hours: taken off working time
    tentative_minutes: int = 0  # tentative meetings (not counted as meeting time), overlaps counted once
    tentative: tuple[MeetingRef, ...] = ()
    people_minutes: int = 0  # time with people (people_time.PeopleRule), overlaps counted once, whole day
    people: tuple[MeetingRef, ...] = ()  # the events behind people_minutes

    def to_dict(self) -> dict:
        return plain(self)


@dataclass(frozen=True)
class WeekFigures:
    """An ISO week (Monday to Sunday): the days' figures added up (longest = the longest of the days)."""

    week_start: date
    working_minutes: int
    meeting_minutes: int
    meeting_share: float
    free_minutes: int
    meeting_count: int
    focus_minutes: int
    longest_free_minutes: int
    longest_back_to_back_minutes: int
    back_to_back_runs: int
    days_without_break: int
    days_without_lunch: int
    early_minutes: int
    late_minutes: int
    weekend_minutes: int
    recurring_minutes: int
    one_off_minutes: int
    overlaps: int
    long_meetings: int
    large_meetings: int
    away_minutes: int = 0
    tentative_minutes: int = 0
    people_minutes: int = 0

    def to_dict(self) -> dict:
        return plain(self)


@dataclass(frozen=True)
class DiaryAnalysis:
    start: date
    end: date
    pattern: WorkPattern
    thresholds: Thresholds
    days: tuple[DayFigures, ...] = field(default_factory=tuple)
    weeks: tuple[WeekFigures, ...] = field(default_factory=tuple)

    def days_of(self, week: WeekFigures) -> list[DayFigures]:
        """The analysed days inside `week` (fewer than seven at the edges of the range)."""
        last = week.week_start + timedelta(days=7)
        return [day for day in self.days if week.week_start <= day.day < last]

    def to_dict(self) -> dict:
        return plain(self)
