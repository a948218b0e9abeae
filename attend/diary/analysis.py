"""The Diary analysis engine (pure: no Django). Events plus a working pattern in, plain figures out.

`analyse(events, pattern=..., start=..., end=...)` returns a `DiaryAnalysis`: one `DayFigures` for each
date in [start, end) and one `WeekFigures` for each ISO week (Monday first) touching that range.
All durations are whole minutes (ints). Everything has `to_dict()` for JSON. What counts as busy, and
why all-day events are not meeting time, is in docs/adr/0010-diary-engine.md.
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from attend.accounts.working_pattern import Schedule
from attend.diary import intervals
from attend.diary.calendar_read import Event, collector_paused
from attend.diary.people_time import PeopleRule, why_people_time

LONDON = ZoneInfo("Europe/London")
# Double bookings listed for one day. A real day has a handful; a calendar of thousands of events booked over
# each other has millions of pairs, so the list stops here (the first ones in time order).
MAX_OVERLAPS_A_DAY = 50


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


def analyse(
    events: Sequence[Event],
    *,
    pattern: WorkPattern = DEFAULT_PATTERN,
    start: date,
    end: date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    people: PeopleRule | None = None,
    people_events: Sequence[Event] = (),
) -> DiaryAnalysis:
    """Figures for each day in [start, end) and each ISO week touching it. Only `busy` events are meetings;
    tentative and out-of-office events have figures of their own. With `people`, time with people is counted
    from the events and from `people_events` (Connect conversations: time with people, never meetings).
    A day's window runs from the end of the night before (or midnight) to the end of its own last shift."""
    people_rule = people or PeopleRule(title_words=(), small_meeting=0, connect=False)
    windows = {day: (pattern.boundary(day), pattern.boundary(day + timedelta(days=1))) for day in _dates(start, end)}
    buckets = _bucket(events, zone=pattern.zone, start=start, end=end, windows=windows)
    connect = _bucket(people_events, zone=pattern.zone, start=start, end=end, windows=windows).busy
    with collector_paused():  # many small records and no cycles: see calendar_read.collector_paused
        days = tuple(
            _day_figures(
                day,
                buckets.busy.get(day, []),
                buckets.all_day.get(day, ()),
                windows[day],
                held=buckets.held.get(day, []),
                away_all_day=day in buckets.away_all_day,
                connect=connect.get(day, []),
                pattern=pattern,
                thresholds=thresholds,
                people=people_rule,
            )
            for day in _dates(start, end)
        )
    return DiaryAnalysis(start=start, end=end, pattern=pattern, thresholds=thresholds, days=days, weeks=_weeks(days))


# -- Internals. Times are seconds since the epoch (ints) so the arithmetic is exact and cheap. --------------


@dataclass(frozen=True, slots=True)
class _Span:
    start: int  # clipped to the day
    end: int
    event: Event


def _dates(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days)]


def _moment(day: date, clock: time, zone: ZoneInfo) -> int:
    return int(datetime.combine(day, clock, zone).timestamp())


# Events that are not meetings but still hold the time: tentative meetings and out of office (ADR 0010).
HELD = frozenset({"tentative", "away"})


@dataclass
class _Buckets:
    busy: dict[date, list[tuple[int, int, Event]]] = field(default_factory=dict)
    all_day: dict[date, list[str]] = field(default_factory=dict)
    held: dict[date, list[tuple[int, int, Event]]] = field(default_factory=dict)  # timed tentative and away
    away_all_day: set[date] = field(default_factory=set)


def _bucket(
    events: Sequence[Event], *, zone: ZoneInfo, start: date, end: date, windows: dict[date, tuple[int, int]]
) -> _Buckets:
    """Busy timed events by each day whose window they touch (a night's early hours belong to the day it
    started); titles of busy all-day events by local day; timed tentative and out-of-office events by day's
    window; the days an all-day out-of-office event covers."""
    buckets = _Buckets()
    for event in events:
        held = event.free_reason in HELD
        if not (event.busy or held) or event.end <= event.start:
            continue
        if held and event.all_day and event.free_reason == "tentative":
            continue  # a tentative all-day event holds no time, as a busy one does not
        first = event.start.astimezone(zone).date()
        last = (event.end - timedelta(microseconds=1)).astimezone(zone).date()
        if event.all_day:
            first = event.start.astimezone(zone).date()  # local midnight to local midnight
            last = (event.end - timedelta(seconds=1)).astimezone(zone).date()
        else:
            first -= timedelta(days=1)  # the window of the day before may run past midnight
        first, last = max(first, start), min(last, end - timedelta(days=1))
        lo, hi = int(event.start.timestamp()), int(event.end.timestamp())
        day = first
        while day <= last:
            if event.all_day and held:
                buckets.away_all_day.add(day)
                buckets.all_day.setdefault(day, []).append(event.title)
            elif event.all_day:
                buckets.all_day.setdefault(day, []).append(event.title)
            elif lo < windows[day][1] and hi > windows[day][0]:
                (buckets.held if held else buckets.busy).setdefault(day, []).append((lo, hi, event))
            day += timedelta(days=1)
    return buckets


MIN_GAP = 5  # minutes: a shorter gap between meetings is no gap at all


@dataclass(frozen=True)
class Gap:
    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return int(self.end.timestamp() - self.start.timestamp()) // 60


def working_spans(day: date, pattern: WorkPattern) -> list[tuple[int, int]]:
    """The working spans starting on `day` (seconds), soonest first: fixed hours, or the shifts of a rota or a
    calendar (accounts/working_pattern.py, through `WorkPattern.shifts_on`)."""
    return [(int(a.timestamp()), int(b.timestamp())) for a, b in pattern.shifts_on(day)]


def next_gap(events: Sequence[Event], *, pattern: WorkPattern = DEFAULT_PATTERN, now: datetime) -> Gap | None:
    """The next free time of MIN_GAP minutes or more inside today's working spans (and a night begun yesterday),
    from `now` on (the gap under way if `now` is in one, from `now`). Meetings, tentative meetings and out of
    office all hold the time. None after working hours, on a day off, on a day of leave, or when the rest of the
    working day is full."""
    day = now.astimezone(pattern.zone).date()
    moment = int(now.timestamp())
    spans = [
        (max(a, moment), b) for a, b in working_spans(day - timedelta(days=1), pattern) + working_spans(day, pattern)
    ]
    spans = [(a, b) for a, b in spans if b - a >= MIN_GAP * 60]
    if not spans:
        return None
    lo, hi = spans[0][0], spans[-1][1]
    if any(e.all_day and e.free_reason == "away" and e.start.timestamp() <= lo < e.end.timestamp() for e in events):
        return None  # a day of leave
    held = intervals.merge(
        (int(e.start.timestamp()), int(e.end.timestamp()))
        for e in events
        if (e.busy or e.free_reason in HELD)
        and not e.all_day  # all-day events are not meeting time (leave is handled above)
        and e.end > e.start
        and e.start.timestamp() < hi
        and e.end.timestamp() > lo
    )
    for span_start, span_end in spans:
        for start, end in intervals.gaps(held, span_start, span_end):
            if end - start >= MIN_GAP * 60:
                return Gap(datetime.fromtimestamp(start, pattern.zone), datetime.fromtimestamp(end, pattern.zone))
    return None


PRACTICE_AT_MOST = 15  # minutes: in a gap of a working day, Today offers no longer practice than this


def practice_that_fits(lengths: Sequence[tuple[str, int]], minutes: int) -> str | None:
    """Of (key, length in seconds), the longest practice that fits in `minutes` (and in PRACTICE_AT_MOST), leaving
    a minute to settle; the first listed on a tie. None when none fits."""
    room = (min(minutes, PRACTICE_AT_MOST + 1) - 1) * 60
    fits = [(seconds, -index, key) for index, (key, seconds) in enumerate(lengths) if 0 < seconds <= room]
    return max(fits)[2] if fits else None


def _within(merged: list[tuple[int, int]], lo: int, hi: int) -> int:
    """Seconds of the merged busy time inside [lo, hi)."""
    return sum(max(0, min(b, hi) - max(a, lo)) for a, b in merged)


def _minutes(seconds: int) -> int:
    return round(seconds / 60)


def _day_figures(
    day: date,
    raw: list[tuple[int, int, Event]],
    all_day: Sequence[str],
    window: tuple[int, int],
    *,
    held: list[tuple[int, int, Event]] = (),
    away_all_day: bool = False,
    connect: list[tuple[int, int, Event]] = (),
    pattern: WorkPattern,
    thresholds: Thresholds,
    people: PeopleRule,
) -> DayFigures:
    zone = pattern.zone
    day_start, day_end = window
    spans = _spans(raw, day_start, day_end)
    held_spans = _spans(held, day_start, day_end)
    merged = intervals.merge((span.start, span.end) for span in spans)
    shifts = pattern.shifts_on(day)
    work = intervals.merge((max(int(a.timestamp()), day_start), min(int(b.timestamp()), day_end)) for a, b in shifts)
    work = [(a, b) for a, b in work if b > a]
    working_day = bool(work)
    work_start = work[0][0] if work else day_start
    # Out of office is not working time: a half day's leave shortens the working day (ADR 0010).
    away = intervals.merge(
        [(day_start, day_end)]
        if away_all_day
        else [(s.start, s.end) for s in held_spans if s.event.free_reason == "away"]
    )
    away_minutes = _minutes(sum(_within(away, a, b) for a, b in work))
    working = _minutes(sum(b - a for a, b in work)) - away_minutes
    both = intervals.merge([*merged, *away])
    in_work = sum(_within(merged, a, b) for a, b in work)
    meeting = max(0, min(working, _minutes(sum(_within(both, a, b) for a, b in work)) - away_minutes))
    gaps = [gap for a, b in work for gap in intervals.gaps(both, a, b)] if working else []
    gap_minutes = [_minutes(b - a) for a, b in gaps]
    runs = _runs(spans, thresholds.back_to_back_gap * 60, zone)
    outside = _minutes(_within(merged, day_start, day_end))
    recurring = sum(_minutes(span.end - span.start) for span in spans if span.event.recurring)
    one_off = sum(_minutes(span.end - span.start) for span in spans if not span.event.recurring)
    starting_today = [span.event for span in spans if span.event.start.astimezone(zone).date() == day]
    tentative = [s for s in held_spans if s.event.free_reason == "tentative"]
    people_spans = [s for s in [*spans, *_spans(connect, day_start, day_end)] if why_people_time(s.event, people)]
    return DayFigures(
        day=day,
        working_day=working_day,
        working_minutes=working,
        meeting_minutes=meeting,
        meeting_share=round(meeting / working, 3) if working else 0.0,
        free_minutes=working - meeting,
        meeting_count=len(spans),
        longest_free_minutes=max(gap_minutes, default=0),
        focus_minutes=sum(m for m in gap_minutes if m >= thresholds.focus_block),
        longest_back_to_back_minutes=max((run.minutes for run in runs), default=0),
        back_to_back=tuple(runs),
        no_break=bool(working and meeting and not any(m >= thresholds.short_break for m in gap_minutes)),
        no_lunch=any(_no_lunch(day, merged, shift, pattern=pattern, thresholds=thresholds) for shift in shifts),
        early_minutes=_minutes(_within(merged, day_start, work_start)) if working else 0,
        late_minutes=_minutes(_within(merged, work_start, day_end) - in_work) if working else 0,
        weekend_minutes=0 if working_day else outside,
        recurring_minutes=recurring,
        one_off_minutes=one_off,
        overlaps=tuple(_overlaps(spans, zone)),
        long_meetings=tuple(_ref(e, zone) for e in starting_today if e.minutes > thresholds.long_meeting),
        large_meetings=tuple(_ref(e, zone) for e in starting_today if e.attendees >= thresholds.large_meeting),
        all_day=tuple(all_day),
        away_minutes=away_minutes,
        tentative_minutes=_minutes(_within(intervals.merge((s.start, s.end) for s in tentative), day_start, day_end)),
        tentative=tuple(_ref(s.event, zone) for s in tentative if s.event.start.astimezone(zone).date() == day),
        people_minutes=_minutes(_within(intervals.merge((s.start, s.end) for s in people_spans), day_start, day_end)),
        people=tuple(_ref(s.event, zone) for s in people_spans if s.event.start.astimezone(zone).date() == day),
    )


def _spans(raw: Sequence[tuple[int, int, Event]], day_start: int, day_end: int) -> list[_Span]:
    """Events clipped to the day, in order of start (then end)."""
    return sorted(
        (_Span(max(s, day_start), min(e, day_end), event) for s, e, event in raw),
        key=lambda span: (span.start, span.end),
    )


def _no_lunch(
    day: date,
    merged: list[tuple[int, int]],
    shift: tuple[datetime, datetime],
    *,
    pattern: WorkPattern,
    thresholds: Thresholds,
) -> bool:
    """True when the shift's meal window (`meal_window`) holds no free block long enough for lunch."""
    window = meal_window(day, shift, pattern.zone, thresholds)
    if window is None:
        return False
    lo, hi = int(window[0].timestamp()), int(window[1].timestamp())
    return not any(b - a >= thresholds.lunch_break * 60 for a, b in intervals.gaps(merged, lo, hi))


def _runs(spans: list[_Span], gap: int, zone: ZoneInfo) -> list[Run]:
    """Groups of two or more meetings, each starting less than `gap` seconds after the group's end so far."""
    runs: list[Run] = []
    group: list[_Span] = []
    group_end = 0
    for span in spans:
        if group and span.start - group_end < gap:
            group.append(span)
            group_end = max(group_end, span.end)
            continue
        _close_run(group, group_end, runs, zone)
        group, group_end = [span], span.end
    _close_run(group, group_end, runs, zone)
    return runs


def _close_run(group: list[_Span], group_end: int, runs: list[Run], zone: ZoneInfo) -> None:
    if len(group) < 2:
        return
    runs.append(
        Run(
            start=datetime.fromtimestamp(group[0].start, zone),
            end=datetime.fromtimestamp(group_end, zone),
            minutes=_minutes(group_end - group[0].start),
            meetings=len(group),
            titles=tuple(span.event.title for span in group),
            refs=tuple(_ref(span.event, zone) for span in group),
        )
    )


def _overlaps(spans: list[_Span], zone: ZoneInfo) -> list[Overlap]:
    """Each pair of spans booked over each other, in the order of the later one's start and then the earlier
    one's, at most MAX_OVERLAPS_A_DAY. A sweep: spans (sorted by start) still running are kept in a heap by
    end, so each span is pushed and popped once (n log n); pairs are only looked at while the list has room,
    and each look finds at least one, so that part is at most MAX_OVERLAPS_A_DAY passes over the heap."""
    found: list[Overlap] = []
    active: list[tuple[int, int, _Span]] = []  # (end, position, span): position keeps the order of starts
    for position, span in enumerate(spans):
        while active and active[0][0] <= span.start:
            heapq.heappop(active)
        room = MAX_OVERLAPS_A_DAY - len(found)
        # every span still running overlaps this one: it started no later and ends after this one starts
        for _end, _position, other in heapq.nsmallest(room, active, key=_position_of) if room > 0 else ():
            lo, hi = span.start, min(span.end, other.end)
            if hi > lo:
                found.append(
                    Overlap(
                        first=other.event.title,
                        second=span.event.title,
                        start=datetime.fromtimestamp(lo, zone),
                        end=datetime.fromtimestamp(hi, zone),
                        minutes=_minutes(hi - lo),
                        refs=(_ref(other.event, zone), _ref(span.event, zone)),
                    )
                )
        heapq.heappush(active, (span.end, position, span))
    return found


def _position_of(entry: tuple[int, int, _Span]) -> int:
    return entry[1]


def _ref(event: Event, zone: ZoneInfo) -> MeetingRef:
    return MeetingRef(
        title=event.title,
        start=event.start.astimezone(zone),
        end=event.end.astimezone(zone),
        minutes=event.minutes,
        attendees=event.attendees,
        recurring=event.recurring,
        series_uid=event.series_uid,
    )


def _weeks(days: Sequence[DayFigures]) -> tuple[WeekFigures, ...]:
    grouped: dict[date, list[DayFigures]] = {}
    for day in days:
        grouped.setdefault(day.day - timedelta(days=day.day.weekday()), []).append(day)
    return tuple(_week(monday, week_days) for monday, week_days in grouped.items())


def _week(monday: date, days: list[DayFigures]) -> WeekFigures:
    def total(name: str) -> int:
        return sum(getattr(day, name) for day in days)

    working, meeting = total("working_minutes"), total("meeting_minutes")
    return WeekFigures(
        week_start=monday,
        working_minutes=working,
        meeting_minutes=meeting,
        meeting_share=round(meeting / working, 3) if working else 0.0,
        free_minutes=total("free_minutes"),
        meeting_count=total("meeting_count"),
        focus_minutes=total("focus_minutes"),
        longest_free_minutes=max(day.longest_free_minutes for day in days),
        longest_back_to_back_minutes=max(day.longest_back_to_back_minutes for day in days),
        back_to_back_runs=sum(len(day.back_to_back) for day in days),
        days_without_break=sum(day.no_break for day in days),
        days_without_lunch=sum(day.no_lunch for day in days),
        early_minutes=total("early_minutes"),
        late_minutes=total("late_minutes"),
        weekend_minutes=total("weekend_minutes"),
        recurring_minutes=total("recurring_minutes"),
        one_off_minutes=total("one_off_minutes"),
        overlaps=sum(len(day.overlaps) for day in days),
        long_meetings=sum(len(day.long_meetings) for day in days),
        large_meetings=sum(len(day.large_meetings) for day in days),
        away_minutes=total("away_minutes"),
        tentative_minutes=total("tentative_minutes"),
        people_minutes=total("people_minutes"),
    )


def plain(value):
    """JSON-ready copy of a dataclass tree: dates and times as ISO strings, zones as their names."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, ZoneInfo):
        return value.key
    if isinstance(value, frozenset | set):
        return sorted(plain(item) for item in value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def unplain(cls, value: dict, zone: ZoneInfo):
    """The dataclass `cls` back from its `plain` copy (the figures kept by diary/kept_figures.py). Every datetime in
    the figures is in the pattern's `zone`, so it comes back in that same zone, equal in every field."""
    return _decoder(cls)(value, zone)


@functools.cache
def _decoder(hint):
    """A function (plain value, zone) -> value of type `hint`, built once per type: a page decodes thousands."""
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = _decoder(typing.get_args(hint)[0])
        return lambda value, zone: tuple(item(v, zone) for v in value)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        decode = _decoder(inner)
        return lambda value, zone: None if value is None else decode(value, zone)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(hint) if f.init]
        return lambda value, zone: hint(**{name: decode(value[name], zone) for name, decode in fields})
    if hint is datetime:
        return lambda value, zone: datetime.fromisoformat(value).astimezone(zone)
    if hint is date:
        return lambda value, zone: date.fromisoformat(value)
    if hint is float:
        return lambda value, zone: float(value)
    return lambda value, zone: value
