"""Reads for Diary's pages: the person's events as the engine's Events, and the engine's figures for a week,
a trend and a plan. Privacy rules live in `access.py`; every read here starts from the person."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from attend.accounts import working_pattern as wp
from attend.accounts.working_time import pattern_of, schedule_for
from attend.connect.models import Conversation
from attend.diary import access, kept_figures
from attend.diary.analysis import analyse
from attend.diary.calendar_read import Event, unique_events
from attend.diary.figures import DayFigures, DiaryAnalysis, MeetingRef, Thresholds, WeekFigures, WorkPattern
from attend.diary.models import DiaryEvent, DiaryImport
from attend.diary.observations import observations_for_week
from attend.diary.people_time import DEFAULT_RULE, PeopleRule
from attend.diary.proposals import Proposal, ProtectedTimePlan, propose
from attend.organisations.models import TeamMembership

TREND_WEEKS = 12


def work_pattern(user, start: datetime.date | None = None, end: datetime.date | None = None) -> WorkPattern:
    """The engine's pattern for the person, with their shifts (accounts/working_pattern.py) for [start, end) and
    the day either side (a night runs into the next morning); without a range, for the weeks around today."""
    if start is None or end is None:
        today = today_for(user)
        start, end = today - datetime.timedelta(weeks=1), today + datetime.timedelta(weeks=2)
    schedule = schedule_for(user, start=start - datetime.timedelta(days=1), end=end + datetime.timedelta(days=1))
    return WorkPattern(
        zone=zoneinfo.ZoneInfo(user.time_zone),
        days=frozenset(user.working_days),
        starts=user.working_day_start,
        ends=user.working_day_end,
        schedule=schedule,
    )


def calendar_shifts(user, start: datetime.date, end: datetime.date) -> list[wp.CalendarShift]:
    """Events in [start, end) that may mark shifts, for a pattern read from the calendar
    (`accounts.working_time.CALENDAR_SHIFTS`): every timed event; the pattern's title rules choose."""
    return [
        wp.CalendarShift(title=event.title, start=event.start, end=event.end, categories=event.categories)
        for event in events_between(user, start, end)
        if not event.all_day
    ]


def without_shifts(user, events: list[Event]) -> list[Event]:
    """The events that are meetings: for shifts read from the calendar, the shifts themselves are not."""
    pattern = pattern_of(user)
    if pattern.kind != wp.CALENDAR:
        return events
    return [event for event in events if wp.shift_rule_of(event.title, event.categories, pattern.rules) is None]


def people_rule_saved(user) -> PeopleRule:
    """The person's own rule as saved (without their team's addresses), or the defaults."""
    saved = access.people_rule_of(user)
    if saved is None:
        return DEFAULT_RULE
    return PeopleRule(title_words=tuple(saved.title_words), small_meeting=saved.small_meeting, connect=saved.connect)


def team_emails(user) -> frozenset[str]:
    """The addresses of the active people in every team the person is in (leading or a member), not their own.
    Two small queries, however many teams: the team ids first, so the second is an index lookup on each team
    (one query with a sub-select was planned as nested scans of both tables on fresh PostgreSQL statistics)."""
    teams = list(
        TeamMembership.objects.filter(membership__user=user, membership__is_active=True).values_list(
            "team_id", flat=True
        )
    )
    if not teams:
        return frozenset()
    emails = (
        TeamMembership.objects.filter(team_id__in=teams, membership__is_active=True)
        .exclude(membership__user=user)
        .order_by()
        .values_list("membership__user__email", flat=True)
        .distinct()
    )
    return frozenset(email.lower() for email in emails if email)


def people_rule(user) -> PeopleRule:
    rule = people_rule_saved(user)
    return PeopleRule(
        title_words=rule.title_words,
        small_meeting=rule.small_meeting,
        team_emails=team_emails(user) if rule.small_meeting else frozenset(),
        connect=rule.connect,
    )


def _conversation_rows(user, start: datetime.date, end: datetime.date) -> list[tuple]:
    """(pk, starts_at, minutes) of the Connect conversations the person holds (as leader or as the person), not
    cancelled, starting in [start, end) in their zone."""
    zone = zoneinfo.ZoneInfo(user.time_zone)
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end, datetime.time.min, tzinfo=zone)
    return list(
        Conversation.objects.filter(Q(pairing__leader=user) | Q(pairing__person=user))
        .filter(starts_at__gte=since, starts_at__lt=until)
        .exclude(status=Conversation.Status.CANCELLED)
        .values_list("pk", "starts_at", "minutes")
    )


def _as_connect_events(rows) -> list[Event]:
    return [
        Event(
            uid=f"connect-{pk}",
            title="Connect conversation",
            start=starts_at,
            end=starts_at + datetime.timedelta(minutes=minutes),
            origin="connect",
        )
        for pk, starts_at, minutes in rows
    ]


def connect_events(user, start: datetime.date, end: datetime.date) -> list[Event]:
    """The Connect conversations the person holds (as leader or as the person), not cancelled, in [start, end):
    time with people, never meetings (analysis adds them to time with people only)."""
    return _as_connect_events(_conversation_rows(user, start, end))


def thresholds() -> Thresholds:
    """The engine's defaults, changed by settings.DIARY_THRESHOLDS (a dict of Thresholds' field names)."""
    return Thresholds(**getattr(settings, "DIARY_THRESHOLDS", {}))


def today_for(user) -> datetime.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(user.time_zone))


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def has_calendar(user) -> bool:
    return access.calendars_of(user).exists()


def has_events(user) -> bool:
    return access.calendars_of(user).filter(current_import__isnull=False).exists()


def first_event_day(user) -> datetime.date | None:
    """The day, in the person's zone, of the first event Attend keeps from any of their calendars: weeks before
    it have no data (they are not calm weeks)."""
    first = access.events_of(user).order_by("starts_at").values_list("starts_at", flat=True).first()
    return timezone.localdate(first, timezone=zoneinfo.ZoneInfo(user.time_zone)) if first else None


def _as_event(row: DiaryEvent) -> Event:
    return Event(
        uid=row.uid,
        title=row.details.get("title", ""),
        start=row.starts_at,
        end=row.ends_at,
        all_day=row.all_day,
        busy=row.busy,
        recurring=row.recurring,
        series_uid=row.series_uid or None,
        attendees=row.attendees,
        organiser=row.details.get("organiser") or None,
        status=row.status,
        free_reason=row.free_reason or None,
        attendee_emails=tuple(row.details.get("people", ())),
        categories=tuple(row.details.get("categories", ())),
    )


def events_between(user, start: datetime.date, end: datetime.date, *, leaving_out=None) -> list[Event]:
    """The person's events overlapping [start, end) in their zone, from every calendar (but `leaving_out`), each
    once (the same meeting in two of their calendars counts once)."""
    zone = zoneinfo.ZoneInfo(user.time_zone)
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end, datetime.time.min, tzinfo=zone)
    rows = access.events_of(user).filter(starts_at__lt=until, ends_at__gt=since)
    if leaving_out is not None:
        rows = rows.exclude(diary_import__calendar=leaving_out)
    return unique_events(_as_event(row) for row in rows.order_by("starts_at", "ends_at"))


@dataclass(frozen=True)
class WeekReport:
    week: WeekFigures
    days: list[DayFigures]
    observations: list[str]
    previous: WeekFigures | None = None


def current_imports(user) -> list:
    """The current import of each of the person's calendars (None for one not yet read)."""
    return list(access.calendars_of(user).values_list("current_import_id", flat=True))


def _analysis(
    user, start: datetime.date, end: datetime.date, *, people: PeopleRule | None = None, conversations=None
) -> DiaryAnalysis:
    zone = zoneinfo.ZoneInfo(user.time_zone)
    if conversations is None:
        people_events = connect_events(user, start, end + datetime.timedelta(days=1))
    else:  # the rows asked for around the range: those starting inside it, as connect_events would read them
        since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
        until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        people_events = _as_connect_events(row for row in conversations if since <= row[1] < until)
    return analyse(
        # a day past the end: the last day's night runs into the next morning
        without_shifts(user, events_between(user, start, end + datetime.timedelta(days=1))),
        pattern=work_pattern(user, start, end),
        start=start,
        end=end,
        thresholds=thresholds(),
        people=people or people_rule(user),
        people_events=people_events,
    )


def _weeks(
    user, start: datetime.date, end: datetime.date, *, days_for=()
) -> list[tuple[WeekFigures, list[DayFigures] | None]]:
    """Each whole week in [start, end), with the days of those starting in `days_for` (the others' may be None):
    kept figures while every input is as it was when they were
    kept (diary/kept_figures.py), else analysed afresh and kept."""
    people = people_rule(user)
    conversations = _conversation_rows(user, start - datetime.timedelta(days=1), end + datetime.timedelta(days=1))
    inputs = kept_figures.Inputs.of(user, imports=current_imports(user), thresholds=thresholds(), people=people)
    keys = kept_figures.week_keys(
        inputs, zone=zoneinfo.ZoneInfo(user.time_zone), start=start, end=end, conversations=conversations
    )
    kept = kept_figures.figures_kept(user, keys, days_for=days_for)
    if kept is not None:
        return kept
    analysis = _analysis(user, start, end, people=people, conversations=conversations)
    kept_figures.figures_keep(user, analysis, keys, days_for=days_for, inputs=inputs, today=today_for(user))
    return [(week, analysis.days_of(week)) for week in analysis.weeks]


def week_report(user, monday: datetime.date) -> WeekReport:
    """The week's figures, with the week before it (for a gentle word when time with people falls; only once the
    week has ended, since a week under way always looks lighter)."""
    (previous, _), (week, days) = _weeks(
        user, monday - datetime.timedelta(days=7), monday + datetime.timedelta(days=7), days_for={monday}
    )
    ended = monday + datetime.timedelta(days=7) <= today_for(user)
    return WeekReport(
        week=week,
        days=days,
        observations=observations_for_week(week, days, thresholds=thresholds(), previous=previous if ended else None),
        previous=previous,
    )


def trend(user, *, last_monday: datetime.date, weeks: int = TREND_WEEKS) -> list[WeekFigures]:
    """`weeks` whole weeks, oldest first, ending with the week starting `last_monday`."""
    start = last_monday - datetime.timedelta(weeks=weeks - 1)
    return [week for week, _ in _weeks(user, start, last_monday + datetime.timedelta(days=7))]


def protected_plan(user, monday: datetime.date, *, now: datetime.datetime | None = None) -> ProtectedTimePlan:
    end = monday + datetime.timedelta(days=7)
    return propose(
        without_shifts(user, events_between(user, monday, end + datetime.timedelta(days=1))),
        pattern=work_pattern(user, monday, end),
        start=monday,
        end=end,
        thresholds=thresholds(),
        now=now or timezone.now(),
    )


def chosen_keys(user) -> set[str]:
    return set(access.choices_of(user).values_list("key", flat=True))


def chosen_proposals(user) -> list[Proposal]:
    """The blocks the person chose, as the engine's Proposals (for the .ics), soonest first."""
    return [
        Proposal(
            key=choice.key,
            kind=choice.kind,
            title=choice.details.get("title", ""),
            start=choice.starts_at,
            end=choice.ends_at,
            reason=choice.details.get("reason", ""),
            link=choice.link or None,
        )
        for choice in access.choices_of(user).order_by("starts_at")
    ]


def latest_import(calendar) -> DiaryImport | None:
    return calendar.imports.defer("payload").order_by("-created_at").first()


def meetings_behind(user, monday: datetime.date, figure: str) -> list[MeetingRef]:
    """The meetings behind one of the week's counted figures (presenters.MEETING_LISTS), for the person's own diary.
    Bounded by the week: at most MAX_EVENTS_A_DAY events a day were ever stored."""
    if figure == "series":
        return _series_to_review(user, monday)
    days = week_report(user, monday).days
    if figure == "long":
        return [ref for day in days for ref in day.long_meetings]
    if figure == "large":
        return [ref for day in days for ref in day.large_meetings]
    if figure == "people":
        return [ref for day in days for ref in day.people]
    if figure == "tentative":
        return [ref for day in days for ref in day.tentative]
    if figure == "double-booked":
        return [ref for day in days for overlap in day.overlaps for ref in overlap.refs]
    if figure == "back-to-back":
        return [ref for day in days for run in day.back_to_back for ref in run.refs]
    raise KeyError(figure)


def _series_to_review(user, monday: datetime.date) -> list[MeetingRef]:
    """This week's meetings of the series Protected time offers for review."""
    plan = protected_plan(user, monday, now=None)
    uids = {s.series_uid for s in plan.suggestions if s.kind == "review-series" and s.series_uid}
    zone = zoneinfo.ZoneInfo(user.time_zone)
    return [
        MeetingRef(title=e.title, start=e.start.astimezone(zone), end=e.end.astimezone(zone), minutes=e.minutes)
        for e in events_between(user, monday, monday + datetime.timedelta(days=7))
        if e.busy and not e.all_day and e.series_uid in uids
    ]
