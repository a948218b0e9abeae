"""A week's diary figures, kept so a page reads them back instead of analysing every event again (issue 21).

The engine is pure, so a week's figures are a function of their inputs: the events of the current import of each
of the person's calendars, their time zone (and its rules, as this machine reads them), working hours and
pattern, the thresholds, their time-with-people rule (with their teams' addresses), the Connect conversations
around the week, and the code. `week_keys` digests all of them, per week; a kept week is read back only while
its digest still matches, so a new upload, a changed pattern or rule, a conversation booked or cancelled, new
zone rules or a new release is counted on the next visit, never served stale (docs/adr/0029). Keeping is a
nicety: if it cannot be written the page still shows the fresh figures.

Private like the events they come from: the figures name meetings, so they are ciphertext
(`DiaryWeekFigures.week`, `.days`), reached only through `access.kept_figures_of(owner)`, and deleted with a
removed calendar or when an import replaces the events (`figures_forget`), so they never outlive what they name.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import importlib
import importlib.resources
import json
import logging
import zoneinfo
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, transaction

from attend.diary import access, analysis, figures, plain_data
from attend.diary.calendar_read import unique_events
from attend.diary.figures import DayFigures, DiaryAnalysis, WeekFigures
from attend.diary.models import DiaryWeekFigures
from attend.diary.plain_data import plain, unplain

logger = logging.getLogger(__name__)

WEEK = datetime.timedelta(days=7)
DAY = datetime.timedelta(days=1)
# Weeks further back than any page shows (the trend of the furthest week one can choose) are let go when a
# person's figures are next kept.
KEEP_WEEKS_BACK = 40


def _code_version() -> str:
    """A digest of the source of every module a week's figures come from: a new release never reads figures kept
    by an older one (a changed rule in the engine changes the figures)."""
    modules = {
        importlib.import_module(name).__file__
        for name in {
            analysis.__name__,
            figures.__name__,
            plain_data.__name__,  # how kept figures are written and read back
            analysis.intervals.__name__,
            analysis.PeopleRule.__module__,
            analysis.Event.__module__,
            unique_events.__module__,
            figures.Schedule.__module__,
            "attend.accounts.working_time",  # shifts read from the calendar, the margins of a day
            __name__,
        }
    }
    digest = hashlib.sha256()
    for path in sorted([*modules, str(Path(__file__).with_name("selectors.py"))]):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


CODE_VERSION = _code_version()


@dataclass(frozen=True)
class Inputs:
    """What a week's figures depend on, apart from the week itself and the Connect conversations around it."""

    owner: str
    imports: tuple[str, ...]  # the current import of each calendar: any new import or removed calendar changes it
    pattern: str  # time zone, working days and hours, rota or shifts, one-off changes
    thresholds: str
    people: str  # the time-with-people rule, with the teams' addresses it uses

    @classmethod
    def of(cls, user, *, imports: Sequence, thresholds, people) -> Inputs:
        pattern = {
            "zone": user.time_zone,
            "zone_rules": zone_rules(user.time_zone),
            "days": sorted(user.working_days),
            "starts": user.working_day_start.isoformat(),
            "ends": user.working_day_end.isoformat(),
            "pattern": user.working_pattern or {},
        }
        rule = [list(people.title_words), people.small_meeting, people.connect, sorted(people.team_emails)]
        return cls(
            owner=str(user.pk),
            imports=_imports(imports),
            pattern=json.dumps(pattern, sort_keys=True, default=str),
            thresholds=repr(thresholds),
            people=json.dumps(rule),
        )


@functools.cache
def zone_rules(key: str) -> str:
    """A digest of the time zone's rules as this process reads them: a day's bounds and a shift's hours follow the
    zone's daylight saving, so figures kept under older rules (the system's or the tzdata package's, updated by an
    upgrade) are counted again, not served stale. Per process, as ZoneInfo itself keeps a zone once read."""
    return hashlib.sha256(_zone_file(key)).hexdigest()


def _zone_file(key: str) -> bytes:
    """The zone's TZif file where zoneinfo looks: the system's zone paths, then the tzdata package."""
    zoneinfo.ZoneInfo(key)  # refuses a key that is no zone (or climbs out of the zone folders) before any read
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / key
        if path.is_file():
            return path.read_bytes()
    try:
        return importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return b""


def _imports(imports) -> tuple[str, ...]:
    return tuple(sorted(str(pk) for pk in imports if pk is not None))


def week_keys(
    inputs: Inputs, *, zone: zoneinfo.ZoneInfo, start: datetime.date, end: datetime.date, conversations: Sequence
) -> dict[datetime.date, str]:
    """{monday: digest} for each whole week in [start, end). `conversations` are (pk, starts_at, minutes) of the
    person's Connect conversations from the day before `start` to the day after `end`: each week's digest holds
    those from the day before its Monday to the day after its Sunday (a night's window runs past midnight)."""
    if start.weekday() != 0 or (end - start).days % 7:
        raise ValueError("Kept figures are whole weeks, Monday to Sunday")
    common = [CODE_VERSION, inputs.owner, inputs.imports, inputs.pattern, inputs.thresholds, inputs.people]
    keys = {}
    monday = start
    while monday < end:
        since = datetime.datetime.combine(monday - DAY, datetime.time.min, tzinfo=zone)
        until = datetime.datetime.combine(monday + WEEK + DAY, datetime.time.min, tzinfo=zone)
        around = sorted([str(pk), at.isoformat(), minutes] for pk, at, minutes in conversations if since <= at < until)
        text = json.dumps([*common, monday.isoformat(), around], default=str)
        keys[monday] = hashlib.sha256(text.encode()).hexdigest()
        monday += WEEK
    return keys


KeptWeek = tuple[WeekFigures, list[DayFigures] | None]


def figures_kept(
    user, keys: dict[datetime.date, str], *, days_for: Collection[datetime.date] = ()
) -> list[KeptWeek] | None:
    """The kept figures of every week in `keys`, oldest first, with the days of the weeks in `days_for` (None for
    the others), or None unless every week is kept under its current digest (with its days, for those)."""
    rows = access.kept_figures_of(user).filter(week_start__in=list(keys))
    if not days_for:
        rows = rows.defer("days")
    found = {row.week_start: row for row in rows}
    if any(found.get(monday) is None or found[monday].inputs != key for monday, key in keys.items()):
        return None
    if any(not found[monday].days for monday in days_for):  # kept by a page that needed only the week
        return None
    zone = zoneinfo.ZoneInfo(user.time_zone)
    return [
        (
            unplain(WeekFigures, found[monday].week, zone),
            [unplain(DayFigures, day, zone) for day in found[monday].days] if monday in days_for else None,
        )
        for monday in sorted(keys)
    ]


def figures_keep(
    user,
    figures: DiaryAnalysis,
    keys: dict[datetime.date, str],
    *,
    days_for: Collection[datetime.date] = (),
    inputs: Inputs,
    today: datetime.date,
) -> None:
    """Keep each week of `figures` under its digest (replacing what was kept for it), with its days only for the
    weeks in `days_for` (the days name every meeting behind the figures: about 50 KB a busy week, which the trend
    never needs), and let go of weeks no page shows any more. Never fails the page: the figures were computed,
    only keeping them is lost. Nothing is kept if an import replaced a calendar's events meanwhile (it forgot the
    person's kept weeks: figures read from the events before it must not come back under a digest nobody will
    match again)."""
    # A week already kept under the same digest is left as it is: it may hold days this page does not need.
    valid = {
        monday
        for monday, key in access.kept_figures_of(user)
        .filter(week_start__in=list(keys))
        .values_list("week_start", "inputs")
        if key == keys[monday] and monday not in days_for
    }
    rows = [
        DiaryWeekFigures(
            owner=user,
            week_start=week.week_start,
            inputs=keys[week.week_start],
            week=plain(week),
            days=[plain(day) for day in figures.days_of(week)] if week.week_start in days_for else [],
        )
        for week in figures.weeks
        if week.week_start in keys and week.week_start not in valid
    ]
    try:
        with transaction.atomic():
            # Locked (on PostgreSQL; SQLite's immediate transactions already are): an import switching or a calendar
            # going waits for this keep and then forgets it, or this keep waits and sees the new import.
            calendars = (
                access.calendars_of(user).order_by("pk").select_for_update().values_list("current_import_id", flat=True)
            )
            if _imports(calendars) != inputs.imports:
                return
            DiaryWeekFigures.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["owner", "week_start"],
                update_fields=["inputs", "week", "days", "updated_at"],
            )
            oldest = today - datetime.timedelta(days=today.weekday(), weeks=KEEP_WEEKS_BACK)
            access.kept_figures_of(user).filter(week_start__lt=oldest).delete()
    except DatabaseError:
        logger.warning("Could not keep diary figures", exc_info=True)


def figures_forget(*, owner) -> None:
    """Forget every week kept for `owner` (a user or their id): their events changed or a calendar went, and kept
    figures must not outlive the meetings they name."""
    access.kept_figures_of(owner).delete()
