"""Protected time (pure): blocks the leader could keep for themselves, found in the gaps of their week.

`propose(...)` returns a `ProtectedTimePlan`: `Proposal`s (a pause, lunch, a practice slot, time to
connect, reflection time) and `MeetingSuggestion`s (meetings that could end 5 or 10 minutes early,
recurring series worth reviewing). The leader chooses; `ics_export.protected_time_ics` writes the
chosen proposals. Keys are stable so choosing the same block twice gives the same calendar UID.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from attend.core.formatting import counted
from attend.diary import intervals
from attend.diary.calendar_read import Event
from attend.diary.figures import DEFAULT_PATTERN, DEFAULT_THRESHOLDS, HELD, Thresholds, WorkPattern, meal_window
from attend.diary.plain_data import plain

KINDS = ("pause", "lunch", "practice", "connect", "reflect", "handover")
LINKS = {"practice": "/practice/", "connect": "/connect/"}
TITLES = {
    "pause": "Pause between meetings",
    "lunch": "Lunch",
    "practice": "Practice: a few minutes to reset",
    "connect": "Time to connect",
    "reflect": "Reflection time",
    "handover": "A pause after handover",
}
HANDOVER_PAUSE = 10  # minutes at the end of a night, after handing over and before going home to rest
LONG_RUN = 120  # minutes: a back-to-back run this long gets a pause proposed inside it
PRACTICE_MINUTES = 15
CONNECT_MINUTES = 30
REFLECT_MINUTES = 20
LUNCH_AIM = time(12, 30)
PRACTICE_DAYS_A_WEEK = 3  # the busiest days
CONNECT_A_WEEK = 2
SERIES_TO_REVIEW = 5
SERIES_REVIEW_MINUTES_A_WEEK = 90  # a series taking this much of an average week is worth a look
END_EARLY_LIMIT = 10


@dataclass(frozen=True)
class Proposal:
    """A block to protect. `key` is stable (kind + local start), e.g. "pause-2026-03-03T10:55"."""

    key: str
    kind: str  # one of KINDS
    title: str
    start: datetime
    end: datetime
    reason: str
    link: str | None = None  # "/practice/" or "/connect/"

    @property
    def minutes(self) -> int:
        return int(self.end.timestamp() - self.start.timestamp()) // 60

    def to_dict(self) -> dict:
        return plain(self)


@dataclass(frozen=True)
class MeetingSuggestion:
    """A meeting (kind "end-early", minutes 5 or 10) or a recurring series (kind "review-series")."""

    key: str
    kind: str  # "end-early" | "review-series"
    title: str
    reason: str
    start: datetime | None = None  # the occurrence, for "end-early"
    end: datetime | None = None
    minutes: int = 0  # minutes it could give back (end early), or hours a week the series takes (x60)
    series_uid: str | None = None

    def to_dict(self) -> dict:
        return plain(self)


@dataclass(frozen=True)
class ProtectedTimePlan:
    proposals: tuple[Proposal, ...] = field(default_factory=tuple)
    suggestions: tuple[MeetingSuggestion, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return plain(self)


def propose(
    events: Sequence[Event],
    *,
    pattern: WorkPattern = DEFAULT_PATTERN,
    start: date,
    end: date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    now: datetime | None = None,
) -> ProtectedTimePlan:
    """Proposals inside working hours on working days in [start, end), never starting before `now`.

    Per day, in this order so the scarcest time goes to what matters most: a pause inside each
    back-to-back run of LONG_RUN minutes or more (its meeting could end early), lunch in the lunch window,
    then a practice slot (busiest days), time to connect (a couple a week, mornings first) and reflection
    time (the end of the last working day of each week). Blocks never overlap busy time or each other.
    """
    zone = pattern.zone
    range_lo = datetime.combine(start, time(), zone)
    # A night on the last day runs past the range's end: its meetings are its busy time too.
    range_hi = max(
        [datetime.combine(end, time(), zone)] + [hi for _lo, hi in pattern.shifts_on(end - timedelta(days=1))]
    )
    busy = sorted(
        (e for e in events if e.busy and not e.all_day and e.end > e.start and e.start < range_hi and e.end > range_lo),
        key=lambda e: e.start,
    )
    # Tentative meetings and out of office are not meetings, but no block is offered over them (ADR 0010).
    held = [e for e in events if e.free_reason in HELD and e.end > e.start and e.start < range_hi and e.end > range_lo]
    away_days = {day for e in held if e.all_day and e.free_reason == "away" for day in _days_covered(e, zone)}
    days = [
        start + timedelta(days=n)
        for n in range((end - start).days)
        if pattern.shifts_on(start + timedelta(days=n)) and start + timedelta(days=n) not in away_days
    ]
    taken: dict[date, list[tuple[datetime, datetime]]] = {}
    proposals: list[Proposal] = []
    suggestions: list[MeetingSuggestion] = []
    share: dict[date, int] = {}
    for day in days:
        shifts = pattern.shifts_on(day)
        todays = [e for e in busy if any(e.start < hi and e.end > lo for lo, hi in shifts)]
        taken[day] = [
            (max(e.start, lo), min(e.end, hi)) for e in todays for lo, hi in shifts if e.start < hi and e.end > lo
        ]
        share[day] = sum(int((b - a).total_seconds()) for a, b in intervals.merge(taken[day]))
        taken[day] += [
            (max(e.start, lo), min(e.end, hi))
            for e in held
            for lo, hi in shifts
            if not e.all_day and e.start < hi and e.end > lo
        ]
        for pause, meeting, minutes in _pauses(todays, thresholds):
            if not any(lo <= pause and pause + timedelta(minutes=minutes) <= hi for lo, hi in shifts):
                continue  # a meeting ending after the shift: the pause would be in rest time
            suggestions.append(_end_early(meeting, minutes, zone))
            proposals.append(_proposal("pause", pause, minutes, zone, _pause_reason(meeting, minutes)))
        for shift in shifts:
            _meal(proposals, taken, day, shift, pattern, thresholds)
            if shift[1].astimezone(zone).date() > day:  # a night: a pause once it is handed over
                _handover(proposals, taken, day, shift, zone)
    busiest = sorted(days, key=lambda d: -share[d])
    for week_days in _by_week(days).values():
        practice_days = [d for d in busiest if d in week_days][:PRACTICE_DAYS_A_WEEK]
        for day in practice_days:
            _place(
                proposals,
                taken,
                day,
                "practice",
                PRACTICE_MINUTES,
                pattern,
                prefer=time(15, 0),
                reason="A short practice between meetings on one of your busiest days.",
            )
        connected = 0
        for day in sorted(week_days, key=lambda d: share[d]):
            if connected < CONNECT_A_WEEK and _place(
                proposals,
                taken,
                day,
                "connect",
                CONNECT_MINUTES,
                pattern,
                prefer=time(10, 0),
                reason="Walk the floor or visit a team: time with people away from meetings.",
            ):
                connected += 1
        last = max(week_days)
        _place(
            proposals,
            taken,
            last,
            "reflect",
            REFLECT_MINUTES,
            pattern,
            prefer=pattern.ends,
            latest=True,
            reason="Look back on your week before it ends.",
        )
    if now is not None:
        proposals = [p for p in proposals if p.start >= now]
        suggestions = [s for s in suggestions if s.start is None or s.start >= now]
    proposals.sort(key=lambda p: p.start)
    suggestions = _unique_end_early(suggestions)[:END_EARLY_LIMIT] + _series_to_review(busy, start=start, end=end)
    return ProtectedTimePlan(proposals=tuple(proposals), suggestions=tuple(suggestions))


def _meal(proposals, taken, day: date, shift, pattern: WorkPattern, thresholds: Thresholds) -> None:
    """Lunch inside the shift's meal window (a long day's lunch, a late's tea, a night's meal break)."""
    window = meal_window(day, shift, pattern.zone, thresholds)
    if window is None:
        return
    aim = datetime.combine(day, LUNCH_AIM, pattern.zone)
    if not window[0] <= aim < window[1]:
        aim = window[0] + (window[1] - window[0]) / 2 - timedelta(minutes=thresholds.lunch_break / 2)
    found = _slot(intervals.gaps(intervals.merge(taken[day]), *window), thresholds.lunch_break, aim)
    if found is None:
        return
    reason = "A break to eat, away from your desk."
    if shift[1] - shift[0] > timedelta(hours=10):
        reason = "A break to eat in the middle of a long shift, away from the ward."
    proposals.append(_proposal("lunch", found, thresholds.lunch_break, pattern.zone, reason))
    taken[day].append((found, found + timedelta(minutes=thresholds.lunch_break)))


def _handover(proposals, taken, day: date, shift, zone) -> None:
    """The last minutes of a night, when they are free: a pause after handover before the journey home."""
    lo = shift[1] - timedelta(minutes=HANDOVER_PAUSE)
    if any(a < shift[1] and b > lo for a, b in taken[day]):
        return
    reason = "Handover is done. Take a few minutes to breathe before you travel home to rest."
    proposals.append(_proposal("handover", lo, HANDOVER_PAUSE, zone, reason))
    taken[day].append((lo, shift[1]))


def _work_windows(day: date, pattern: WorkPattern) -> list[tuple[datetime, datetime]]:
    return pattern.shifts_on(day)


def _days_covered(event: Event, zone) -> list[date]:
    first = event.start.astimezone(zone).date()
    last = (event.end - timedelta(seconds=1)).astimezone(zone).date()
    return [first + timedelta(days=n) for n in range(min((last - first).days, 400) + 1)]


def _by_week(days: list[date]) -> dict[date, list[date]]:
    weeks: dict[date, list[date]] = {}
    for day in days:
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(day)
    return weeks


def _round_up(moment: datetime, step: int = 5) -> datetime:
    """To the next `step` minutes, so blocks start at times people write down."""
    whole = moment.replace(second=0, microsecond=0)
    if whole < moment:  # 11:00:30 is after 11:00: the next mark is 11:05
        whole += timedelta(minutes=1)
    return whole + timedelta(minutes=(-whole.minute) % step)


def _slot(
    free: list[tuple[datetime, datetime]], minutes: int, prefer: datetime, *, latest: bool = False
) -> datetime | None:
    """The start of a `minutes` block inside a free span, as near `prefer` as it can be."""
    length = timedelta(minutes=minutes)
    best: datetime | None = None
    for a, b in free:
        first = _round_up(a)
        last = b - length
        if last < first:
            continue
        last = last - timedelta(minutes=last.minute % 5, seconds=last.second, microseconds=last.microsecond)
        if latest:
            candidate = last
        else:
            candidate = min(max(prefer, first), max(first, last))
            candidate = _round_up(candidate) if _round_up(candidate) <= last else first
        if best is None or abs(candidate - prefer) < abs(best - prefer):
            best = candidate
    return best


def _place(proposals, taken, day, kind, minutes, pattern, *, prefer: time, reason: str, latest: bool = False) -> bool:
    merged = intervals.merge(taken[day])
    free = [gap for lo, hi in _work_windows(day, pattern) for gap in intervals.gaps(merged, lo, hi)]
    found = _slot(free, minutes, datetime.combine(day, prefer, pattern.zone), latest=latest)
    if found is None:
        return False
    proposals.append(_proposal(kind, found, minutes, pattern.zone, reason))
    taken[day].append((found, found + timedelta(minutes=minutes)))
    return True


def _pauses(todays: list[Event], thresholds: Thresholds) -> list[tuple[datetime, Event, int]]:
    """In each back-to-back run of LONG_RUN minutes or more, the meeting ending nearest the run's middle
    could end early: the pause is its last 5 minutes (10 when it is 50 minutes or longer)."""
    gap = timedelta(minutes=thresholds.back_to_back_gap)
    runs: list[list[Event]] = []
    run_end: datetime | None = None
    for event in todays:
        if runs and run_end is not None and event.start - run_end < gap:
            runs[-1].append(event)
            run_end = max(run_end, event.end)
        else:
            runs.append([event])
            run_end = event.end
    found = []
    for run in runs:
        run_start, finish = run[0].start, max(e.end for e in run)
        if len(run) < 2 or finish - run_start < timedelta(minutes=LONG_RUN):
            continue
        middle = run_start + (finish - run_start) / 2
        candidates = [e for e in run[:-1] if e.minutes >= 25]
        if not candidates:
            continue
        meeting = min(candidates, key=lambda e: abs(e.end - middle))
        minutes = 10 if meeting.minutes >= 50 else 5
        found.append((meeting.end - timedelta(minutes=minutes), meeting, minutes))
    return found


def _proposal(kind: str, begin: datetime, minutes: int, zone, reason: str) -> Proposal:
    local = begin.astimezone(zone)
    return Proposal(
        key=f"{kind}-{local:%Y-%m-%dT%H:%M}",
        kind=kind,
        title=TITLES[kind],
        start=local,
        end=local + timedelta(minutes=minutes),
        reason=reason,
        link=LINKS.get(kind),
    )


def _pause_reason(meeting: Event, minutes: int) -> str:
    return f"'{meeting.title}' could end {minutes} minutes early, so you get a pause before your next meeting."


def _end_early(meeting: Event, minutes: int, zone) -> MeetingSuggestion:
    start = meeting.start.astimezone(zone)
    return MeetingSuggestion(
        key=f"end-early-{start:%Y-%m-%dT%H:%M}",
        kind="end-early",
        title=meeting.title,
        reason=f"It runs straight into your next meeting. Ending {minutes} minutes early gives you a pause.",
        start=start,
        end=meeting.end.astimezone(zone),
        minutes=minutes,
        series_uid=meeting.series_uid,
    )


def _unique_end_early(suggestions: list[MeetingSuggestion]) -> list[MeetingSuggestion]:
    """One suggestion per recurring series (it applies to every occurrence), one per one-off meeting."""
    seen: set[str] = set()
    unique = []
    for suggestion in sorted(suggestions, key=lambda s: s.start):
        identity = suggestion.series_uid or suggestion.key
        if identity not in seen:
            seen.add(identity)
            unique.append(suggestion)
    return unique


def _series_to_review(busy: list[Event], *, start: date, end: date) -> list[MeetingSuggestion]:
    minutes: dict[str, int] = {}
    titles: dict[str, str] = {}
    for event in busy:
        if event.series_uid:
            minutes[event.series_uid] = minutes.get(event.series_uid, 0) + event.minutes
            titles.setdefault(event.series_uid, event.title)
    weeks = max(1.0, (end - start).days / 7)
    heavy = sorted(
        (uid for uid, total in minutes.items() if total / weeks >= SERIES_REVIEW_MINUTES_A_WEEK),
        key=lambda uid: (-minutes[uid], titles[uid]),
    )[:SERIES_TO_REVIEW]
    return [
        MeetingSuggestion(
            key=f"review-series-{uid}",
            kind="review-series",
            title=titles[uid],
            reason=(
                f"This series takes about {_hours(minutes[uid] / weeks)} a week. You might check it still "
                "needs you, or could be shorter or less often."
            ),
            minutes=round(minutes[uid] / weeks),
            series_uid=uid,
        )
        for uid in heavy
    ]


def _hours(minutes: float) -> str:
    hours = round(minutes / 30) / 2
    if hours < 1:
        return counted(round(minutes), "minute")
    return counted(int(hours) if hours.is_integer() else hours, "hour")  # "2 hours", "1.5 hours"
