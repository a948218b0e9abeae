"""When Attend may email a person: quiet hours, digest times and the email budget.

Pure: plain data in, plain data out, every moment an aware datetime, every day counted in the person's own
time zone, so clock changes and people abroad are handled in one place and tested alone.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from attend.core import formatting

DAILY = "daily"
WEEKLY = "weekly"
# The hard ceiling: an organisation may lower the budget, never raise it past this.
MOST_EMAILS_PER_DAY = 2
DEFAULT_EMAILS_PER_DAY = 1
DEFAULT_EMAILS_PER_WEEK = 5
MOST_EMAILS_PER_WEEK = 10


@dataclass(frozen=True)
class WorkingPattern:
    """When a person works; everything else is their quiet hours (and so is the rest after a night).

    Fixed hours are `days`, `start` and `end`. A rota, calendar-read shifts or one-off changes give `shifts`
    instead (accounts/working_pattern.py): each (day it starts on, start, end), aware datetimes, for the days
    around the moment being judged."""

    time_zone: str
    days: frozenset[int]  # Monday is 0
    start: time
    end: time
    shifts: tuple[tuple[date, datetime, datetime], ...] | None = None

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


@dataclass(frozen=True)
class DigestChoice:
    frequency: str = DAILY
    at: time = time(9, 0)
    weekday: int = 0


@dataclass(frozen=True)
class Budget:
    per_day: int = DEFAULT_EMAILS_PER_DAY
    per_week: int = DEFAULT_EMAILS_PER_WEEK


def is_quiet(moment: datetime, pattern: WorkingPattern) -> bool:
    if pattern.shifts is not None:
        return not any(start <= moment < end for _day, start, end in pattern.shifts)
    local = moment.astimezone(pattern.zone)
    return local.weekday() not in pattern.days or not (pattern.start <= local.time() < pattern.end)


def is_working_day(day: date, pattern: WorkingPattern) -> bool:
    """A day with work in it: a working weekday, or for a shift worker a day a shift starts (a rest day,
    or the day of rest after a night, is not one)."""
    if pattern.shifts is not None:
        return any(shift_day == day for shift_day, _start, _end in pattern.shifts)
    return day.weekday() in pattern.days


def local_day(moment: datetime, pattern: WorkingPattern) -> date:
    return moment.astimezone(pattern.zone).date()


def _at(day: date, clock: time, pattern: WorkingPattern) -> datetime:
    """A wall-clock time on a local day; zoneinfo gives the right instant either side of a clock change."""
    return datetime.combine(day, clock, tzinfo=pattern.zone)


def _weekly_day(choice: DigestChoice, pattern: WorkingPattern) -> int | None:
    """The weekday a weekly digest goes: the chosen one, or the next working day after it when the person
    has stopped working that day (so a change of working days never silences the digest)."""
    for offset in range(7):
        weekday = (choice.weekday + offset) % 7
        if weekday in pattern.days:
            return weekday
    return None


DIGEST_INTO_SHIFT = timedelta(minutes=30)  # after handover, when the chosen time is not in the shift


def _shift_slot(day: date, choice: DigestChoice, pattern: WorkingPattern) -> datetime | None:
    """A shift worker's digest on `day`: the chosen time when a shift that day holds it, else half an hour
    into the day's first shift (after handover). None on a day with no shift: a rest day, or rest after a
    night, never gets one."""
    shifts = sorted((start, end) for shift_day, start, end in pattern.shifts or () if shift_day == day)
    if not shifts:
        return None
    chosen = _at(day, choice.at, pattern)
    if any(start <= chosen < end for start, end in shifts):
        return chosen
    return shifts[0][0] + DIGEST_INTO_SHIFT


def _first_shift_day_of_week(day: date, choice: DigestChoice, pattern: WorkingPattern) -> bool:
    """For a weekly digest: `day` is the first day with a shift on or after the chosen weekday."""
    anchor = day - timedelta(days=(day.weekday() - choice.weekday) % 7)
    worked = {shift_day for shift_day, _start, _end in pattern.shifts or ()}
    return day in worked and not any(anchor + timedelta(days=n) in worked for n in range((day - anchor).days))


def digest_slot(moment: datetime, choice: DigestChoice, pattern: WorkingPattern) -> datetime | None:
    """The latest digest time at or before `moment`, within the last two weeks; None if there is none."""
    if pattern.shifts is not None:
        return _shift_digest_slot(moment, choice, pattern)
    weekly_day = _weekly_day(choice, pattern) if choice.frequency == WEEKLY else None
    today = local_day(moment, pattern)
    for days_back in range(15):
        day = today - timedelta(days=days_back)
        if day.weekday() not in pattern.days:
            continue
        if choice.frequency == WEEKLY and day.weekday() != weekly_day:
            continue
        slot = _at(day, choice.at, pattern)
        if slot <= moment:
            return slot
    return None


def _shift_digest_slot(moment: datetime, choice: DigestChoice, pattern: WorkingPattern) -> datetime | None:
    today = local_day(moment, pattern)
    for days_back in range(15):
        day = today - timedelta(days=days_back)
        if choice.frequency == WEEKLY and not _first_shift_day_of_week(day, choice, pattern):
            continue
        slot = _shift_slot(day, choice, pattern)
        if slot is not None and slot <= moment:
            return slot
    return None


DIGEST_AT = "digest_at"
DIGEST_WEEKDAY = "digest_weekday"


def digest_problems(choice: DigestChoice, pattern: WorkingPattern) -> list[tuple[str, str]]:
    """Why a digest choice would fall in the person's quiet hours, as (field, message); empty when fine.
    Shift workers are never refused: their digest moves into each day's shift (`_shift_slot`)."""
    problems = []
    if pattern.shifts is not None:
        return problems
    if not pattern.start <= choice.at < pattern.end:
        problems.append(
            (
                DIGEST_AT,
                f"Choose a time within your working hours, {formatting.clock(pattern.start)} to "
                f"{formatting.clock(pattern.end)}, or change your working hours on your account page",
            )
        )
    if choice.frequency == WEEKLY and choice.weekday not in pattern.days:
        problems.append(
            (DIGEST_WEEKDAY, "Choose one of your working days, or change your working days on your account page")
        )
    return problems


def emails_today_and_this_week(sent: list[datetime], moment: datetime, pattern: WorkingPattern) -> tuple[int, int]:
    """Emails already sent on `moment`'s local day, and in the seven local days ending with it."""
    today = local_day(moment, pattern)
    week_start = today - timedelta(days=6)
    days = [local_day(when, pattern) for when in sent if when <= moment]
    return sum(day == today for day in days), sum(week_start <= day <= today for day in days)


def budget_allows(sent: list[datetime], moment: datetime, pattern: WorkingPattern, budget: Budget) -> bool:
    today, week = emails_today_and_this_week(sent, moment, pattern)
    return today < budget.per_day and week < budget.per_week


def may_email_now(sent: list[datetime], moment: datetime, pattern: WorkingPattern, budget: Budget) -> bool:
    """Never in quiet hours, never over budget: the one test every email passes."""
    return not is_quiet(moment, pattern) and budget_allows(sent, moment, pattern, budget)


def organisation_budget(per_day: int | None, per_week: int | None) -> Budget:
    """An organisation's own limits, held to the defaults' ceiling: lower is allowed, higher never."""
    day = DEFAULT_EMAILS_PER_DAY if per_day is None else max(0, min(per_day, MOST_EMAILS_PER_DAY))
    week = DEFAULT_EMAILS_PER_WEEK if per_week is None else max(0, min(per_week, MOST_EMAILS_PER_WEEK))
    return Budget(per_day=day, per_week=week)
