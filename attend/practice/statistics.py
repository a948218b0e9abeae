"""Gentle figures from a practice log: minutes this week and month, which practices, which days, streaks.

Pure: takes plain facts (a local date, seconds, a title) so it can be tested alone. Nothing here counts
what was missed.
"""

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class SessionFact:
    day: date
    seconds: int
    title: str


@dataclass(frozen=True)
class Summary:
    minutes_this_week: int
    minutes_this_month: int
    sessions_this_month: int
    practices_this_month: list[tuple[str, int]]


@dataclass(frozen=True)
class CalendarDay:
    day: date
    minutes: int
    in_month: bool


def _minutes(seconds: int) -> int:
    """Whole minutes, halves rounded up: 30 seconds of practice counts as a minute, not as nothing."""
    return (seconds + 30) // 60


def week_start(today: date) -> date:
    return today - timedelta(days=today.weekday())


def summary(facts: list[SessionFact], *, today: date) -> Summary:
    """Weeks start on Monday; a month is the calendar month."""
    monday = week_start(today)
    this_month = [fact for fact in facts if (fact.day.year, fact.day.month) == (today.year, today.month)]
    used = Counter(fact.title for fact in this_month)
    return Summary(
        minutes_this_week=_minutes(sum(fact.seconds for fact in facts if monday <= fact.day <= today)),
        minutes_this_month=_minutes(sum(fact.seconds for fact in this_month)),
        sessions_this_month=len(this_month),
        practices_this_month=sorted(used.items(), key=lambda item: (-item[1], item[0])),
    )


def minutes_by_day(facts: list[SessionFact]) -> dict[date, int]:
    seconds = Counter()
    for fact in facts:
        seconds[fact.day] += fact.seconds
    return {day: _minutes(total) for day, total in seconds.items()}


def month_calendar(year: int, month: int, facts: list[SessionFact]) -> list[list[CalendarDay]]:
    """Weeks of the month, Monday first, padded with the days either side so each week has seven."""
    minutes = minutes_by_day(facts)
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    return [
        [CalendarDay(day=day, minutes=minutes.get(day, 0), in_month=day.month == month) for day in week]
        for week in weeks
    ]


def streak(days: set[date], *, today: date) -> int:
    """Days in a row with some practice, ending today, or yesterday when today has not happened yet."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count
