"""The Diary analysis engine (pure: no Django). Events plus a working pattern in, plain figures out.

`analyse(events, pattern=..., start=..., end=...)` returns a `DiaryAnalysis`: one `DayFigures` for each
date in [start, end) and one `WeekFigures` for each ISO week (Monday first) touching that range (the types, with
the pattern and thresholds, are in figures.py). All durations are whole minutes (ints). Everything has `to_dict()`
for JSON. What counts as busy, and why all-day events are not meeting time, is in docs/adr/0010-diary-engine.md.
Today's next gap is in gaps.py.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from attend.diary import intervals
from attend.diary.calendar_read import Event, collector_paused
from attend.diary.figures import (
    DEFAULT_PATTERN,
    DEFAULT_THRESHOLDS,
    HELD,
    DayFigures,
    DiaryAnalysis,
    MeetingRef,
    Overlap,
    Run,
    Thresholds,
    WeekFigures,
    WorkPattern,
    meal_window,
)
from attend.diary.people_time import PeopleRule, why_people_time

# Double bookings listed for one day. A real day has a handful; a calendar of thousands of events booked over
# each other has millions of pairs, so the list stops here (the first ones in time order).
MAX_OVERLAPS_A_DAY = 50


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
