"""Today's next gap: the next free time in today's working spans, and the practice from Practice's library that
fits in it (ADR 0010, "The next gap"). Pure: events and a working pattern in, a `Gap` out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from attend.diary import intervals
from attend.diary.calendar_read import Event
from attend.diary.figures import DEFAULT_PATTERN, HELD, WorkPattern

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
