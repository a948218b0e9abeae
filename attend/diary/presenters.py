"""What Diary's pages show: hours and shares in words, chart geometry, the checkboxes of protected time,
and Diary's panel on Today."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from attend.accounts.working_time import schedule_for
from attend.core.formatting import clock, counted, day_and_month, duration, long_date, weekday_date, weekday_date_time
from attend.core.presenters import TodayPanel
from attend.diary import selectors
from attend.diary.figures import DayFigures, MeetingRef, WeekFigures
from attend.diary.gaps import next_gap, practice_that_fits
from attend.diary.models import DiaryCalendar, DiaryImport
from attend.diary.proposals import MeetingSuggestion, Proposal
from attend.practice import content as practice_content
from attend.practice.presenters import START_NOW_FRAGMENT, practice_href

CHART_WIDTH = 600
LABEL_WIDTH = 110
ROW_HEIGHT = 34
BAR_HEIGHT = 20
KIND_NAMES = {
    "pause": "Pause",
    "lunch": "Lunch",
    "practice": "Practice",
    "connect": "Time to connect",
    "reflect": "Reflection",
}
LINK_NAMES = {
    "/practice/": "Open Practice",
    "/connect/": "Open Connect",
    "/reflect/new/": "Start a reflection",
}


def hours(minutes: int) -> str:
    """Hours with one decimal place, for tables: 6.5, 7.0."""
    return f"{minutes / 60:.1f}"


def share(value: float) -> str:
    return f"{round(value * 100)}%"


def day_name(day: datetime.date) -> str:
    return weekday_date(day)


def week_name(monday: datetime.date) -> str:
    return f"Week of {long_date(monday)}"


def week_phrase(monday: datetime.date) -> str:
    """For the middle of a sentence: "the week of 23 November 2026"."""
    return f"the week of {long_date(monday)}"


def local_time_range(start: datetime.datetime, end: datetime.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """Tuesday 3 March, 10:55 to 11:00"""
    start, end = start.astimezone(zone), end.astimezone(zone)
    return f"{weekday_date_time(start)} to {clock(end)}"


# Week ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    text_y: int
    outer_width: int  # working hours
    inner_width: int  # meetings inside them


def day_bars(days: Sequence[DayFigures]) -> tuple[list[Bar], int]:
    """Meeting hours inside working hours, one row a day, scaled to the longest working day."""
    longest = max([day.working_minutes for day in days] + [day.meeting_minutes for day in days] + [1])
    scale = (CHART_WIDTH - LABEL_WIDTH - 10) / longest
    bars = [
        Bar(
            label=f"{day.day:%a} {day.day.day}",
            y=index * ROW_HEIGHT + 6,
            text_y=index * ROW_HEIGHT + 6 + BAR_HEIGHT - 5,
            outer_width=round(day.working_minutes * scale),
            inner_width=round(min(day.meeting_minutes, max(day.working_minutes, day.meeting_minutes)) * scale),
        )
        for index, day in enumerate(days)
    ]
    return bars, len(days) * ROW_HEIGHT + 6


# The counted figures that open to the meetings behind them (issue 18 item 4): slug, what the list page is called.
MEETING_LISTS = {
    "people": "Time with people",
    "long": "Long meetings",
    "large": "Large meetings",
    "double-booked": "Double bookings",
    "back-to-back": "Back-to-back runs",
    "tentative": "Tentative meetings",
    "series": "Recurring series to review",
}


def week_figures(week: WeekFigures) -> list[tuple[str, str] | tuple[str, str, str]]:
    """The week in a summary list: what each figure is, in words; a third item names the list of meetings behind a
    counted figure (MEETING_LISTS), when there are any."""

    def which(slug: str, count: int) -> tuple[str] | tuple[()]:
        return (slug,) if count else ()

    rows = [
        ("Time in meetings", f"{duration(week.meeting_minutes)}, of {duration(week.working_minutes)} working time"),
        ("Share of working hours in meetings", share(week.meeting_share)),
        (
            "Time with people (one-to-ones and your team)",
            duration(week.people_minutes),
            *which("people", week.people_minutes),
        ),
        ("Meetings", str(week.meeting_count)),
        ("Focus time (free blocks of an hour or more)", duration(week.focus_minutes)),
        ("Longest free block", duration(week.longest_free_minutes)),
        ("Longest run of back-to-back meetings", duration(week.longest_back_to_back_minutes)),
        ("Back-to-back runs", str(week.back_to_back_runs), *which("back-to-back", week.back_to_back_runs)),
        ("Days with no break", str(week.days_without_break)),
        ("Days with no lunch break", str(week.days_without_lunch)),
        ("Meetings before your working day", duration(week.early_minutes)),
        ("Meetings after your working day", duration(week.late_minutes)),
        ("Meetings on days you do not work", duration(week.weekend_minutes)),
        ("Double bookings", str(week.overlaps), *which("double-booked", week.overlaps)),
        ("Long meetings (over an hour)", str(week.long_meetings), *which("long", week.long_meetings)),
        ("Large meetings (8 people or more)", str(week.large_meetings), *which("large", week.large_meetings)),
        ("Recurring meetings", duration(week.recurring_minutes)),
        ("One-off meetings", duration(week.one_off_minutes)),
        (
            "Tentative meetings (not counted above)",
            duration(week.tentative_minutes),
            *which("tentative", week.tentative_minutes),
        ),
        ("Out of office in working hours (not working time)", duration(week.away_minutes)),
    ]
    return rows


def meeting_rows(refs: Sequence[MeetingRef], zone: zoneinfo.ZoneInfo) -> list[list[str]]:
    """The meetings behind a figure: title, day, time, length; each once, in time order."""
    seen, rows = set(), []
    for ref in sorted(refs, key=lambda ref: (ref.start, ref.end, ref.title)):
        key = (ref.title, ref.start, ref.end)
        if key in seen:
            continue
        seen.add(key)
        start, end = ref.start.astimezone(zone), ref.end.astimezone(zone)
        rows.append([ref.title, weekday_date(start.date()), f"{clock(start)} to {clock(end)}", duration(ref.minutes)])
    return rows


def day_rows(days: Sequence[DayFigures]) -> list[list[str]]:
    """The week's table, a row a day: meetings, working hours, the share in meetings, the longest free block."""
    return [
        [
            day_name(day.day),
            hours(day.meeting_minutes),
            hours(day.working_minutes),
            share(day.meeting_share) if day.working_minutes else "Not a working day",
            duration(day.longest_free_minutes),
        ]
        for day in days
    ]


def summary_rows(pairs: Sequence[tuple[str, ...]], *, monday: datetime.date | None = None) -> list[dict]:
    """Rows for the NHS.UK summary list macro; a row with a list of meetings behind it links to that list."""
    rows = []
    for key, value, *slug in pairs:
        row = {"key": {"text": key}, "value": {"text": value}}
        if slug and monday is not None:
            href = f"{reverse('diary:meetings', args=[slug[0]])}?week={monday.isoformat()}"
            row["actions"] = {"items": [{"href": href, "text": "See which", "visuallyHiddenText": key.lower()}]}
        rows.append(row)
    return rows


# Trend ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendBar:
    label: str
    x: int
    width: int
    y: int
    height: int
    text_x: int
    no_data: bool = False


TREND_HEIGHT = 200
NO_DATA = "No data for this week"


def has_data(week: WeekFigures, data_from: datetime.date | None) -> bool:
    """A week that ended before the person's calendars begin (`data_from`, the day of their first event) is not
    a calm week: nothing is known about it."""
    return data_from is not None and week.week_start + datetime.timedelta(days=7) > data_from


def trend_bars(weeks: Sequence[WeekFigures], *, data_from: datetime.date | None) -> list[TrendBar]:
    """Meeting share per week as columns, 0 to 100%; no column for a week with no data."""
    slot = CHART_WIDTH // max(len(weeks), 1)
    bars = []
    for index, week in enumerate(weeks):
        known = has_data(week, data_from)
        height = round(min(week.meeting_share, 1.0) * (TREND_HEIGHT - 20)) if known else 0
        bars.append(
            TrendBar(
                label=f"{week.week_start.day}/{week.week_start.month}",
                x=index * slot + 6,
                width=slot - 12,
                y=TREND_HEIGHT - 20 - height,
                height=height,
                text_x=index * slot + slot // 2,
                no_data=not known,
            )
        )
    return bars


def data_begins(weeks: Sequence[WeekFigures], data_from: datetime.date | None) -> str:
    """Why some weeks have no data, or '' when all of them have some."""
    if all(has_data(week, data_from) for week in weeks):
        return ""
    if data_from is None:
        return "Your calendars have no events in these weeks, so there is no data for them."
    return f"Your calendars begin on {long_date(data_from)}, so there is no data for the weeks before it."


def trend_rows(weeks: Sequence[WeekFigures], *, data_from: datetime.date | None) -> list[list[str]]:
    """The trend's table, a row a week."""
    return [
        [
            week_name(week.week_start),
            share(week.meeting_share),
            hours(week.meeting_minutes),
            str(week.back_to_back_runs),
            hours(week.focus_minutes),
            hours(week.people_minutes),
        ]
        if has_data(week, data_from)
        else [week_name(week.week_start), NO_DATA, "No data", "No data", "No data", "No data"]
        for week in weeks
    ]


# Protected time ------------------------------------------------------------------------------------------------


def proposal_items(proposals: Sequence[Proposal], chosen: set[str], zone: zoneinfo.ZoneInfo) -> list[dict]:
    """Checkbox items for the NHS.UK checkboxes macro: the block, its time and why."""
    return [
        {
            "value": proposal.key,
            "text": proposal.title or KIND_NAMES.get(proposal.kind, proposal.kind.title()),
            "hint": {"text": f"{local_time_range(proposal.start, proposal.end, zone)}. {proposal.reason}"},
            "checked": proposal.key in chosen,
        }
        for proposal in proposals
    ]


def proposal_links(proposals: Sequence[Proposal]) -> list[tuple[str, str]]:
    """Where each kind of block leads (Practice, Connect, Reflect), once each."""
    seen = []
    for proposal in proposals:
        if proposal.link and proposal.link not in [href for href, _ in seen]:
            seen.append((proposal.link, LINK_NAMES.get(proposal.link, proposal.link)))
    return seen


def suggestion_lines(suggestions: Sequence[MeetingSuggestion], zone: zoneinfo.ZoneInfo) -> dict[str, list[str]]:
    end_early, review = [], []
    for suggestion in suggestions:
        if suggestion.kind == "end-early":
            when = f" ({local_time_range(suggestion.start, suggestion.end, zone)})" if suggestion.start else ""
            end_early.append(f"{suggestion.title}{when}: {suggestion.reason}")
        else:
            review.append(f"{suggestion.title}: {suggestion.reason}")
    return {"end_early": end_early, "review": review}


# Calendars and imports -----------------------------------------------------------------------------------------


def calendar_status(calendar: DiaryCalendar) -> str:
    """Its state in words: a file never read is not a "refresh" that failed."""
    if calendar.status == DiaryCalendar.Status.FAILED:
        if not calendar.current_import_id:
            return "Could not be read, so nothing from it is in your diary"
        if calendar.source == DiaryCalendar.Source.UPLOAD:
            return "The last file could not be read"
    return calendar.get_status_display()


def calendar_summary(calendar: DiaryCalendar, *, problem_shown: bool = False) -> str:
    """When it was last read, and why the last attempt failed unless the page says it already (`problem_shown`)."""
    if calendar.status == DiaryCalendar.Status.NEW:
        return "Waiting for its first import."
    parts = []
    if calendar.refreshed_at:
        when = timezone.localtime(calendar.refreshed_at)
        parts.append(f"Last read {day_and_month(when)} at {clock(when)}.")
    if calendar.last_error and not problem_shown:
        parts.append(f"The last attempt did not work: {calendar.last_error}")
    return " ".join(parts)


def import_progress(diary_import: DiaryImport) -> str:
    """Words for the progress indicator: '12,000 of 40,000 events saved'."""
    if diary_import.state == DiaryImport.State.QUEUED:
        return "Waiting to start."
    if diary_import.state == DiaryImport.State.READING:
        return f"Reading {diary_import.events_total:,} events."
    if diary_import.state == DiaryImport.State.SAVING:
        return f"{diary_import.events_done:,} of {diary_import.events_total:,} events saved."
    if diary_import.state == DiaryImport.State.DONE:
        return f"Finished: {diary_import.events_total:,} events in your diary window."
    return "This calendar could not be read."


def skipped_heading(diary_import: DiaryImport) -> str:
    """'2 events could not be read', or '' when every event was read."""
    number = diary_import.skipped_count
    if not number:
        return ""
    return f"{counted(number, 'event')} could not be read, so {'it was' if number == 1 else 'they were'} left out"


def skipped_rows(diary_import: DiaryImport) -> list[list[str]]:
    """The skipped events' table: the line of the file, the event's title, and why."""
    return [
        [str(row.get("line") or ""), row.get("title", ""), _sentence(row.get("why", ""))]
        for row in diary_import.skipped
    ]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def import_problem(diary_import: DiaryImport) -> str:
    return _problem(diary_import.message, diary_import.line)


def _problem(message: str, line: int | None) -> str:
    """One sentence, ending in a full stop (once: the engine's messages mostly have one already)."""
    message = message.strip()
    if message and message[-1] not in ".!?":
        message += "."
    return f"Line {line}: {message}" if line else message


# Today ---------------------------------------------------------------------------------------------------------


def today_panels(request) -> list[TodayPanel]:
    """A gentle card about today, only for someone with a diary: the next real gap in their working day with a
    practice that fits it, one press away (issue 18 item 5); once the working day is over, a word about tomorrow
    (never free time in a day that has ended); nothing pushy when the day is full."""
    user = request.user
    if not user.is_authenticated or not selectors.has_events(user):
        return []
    now = timezone.localtime(timezone=zoneinfo.ZoneInfo(user.time_zone))
    try:
        panel = _gap_panel(user, now) or TodayPanel(
            heading="Diary", description=_diary_line(user, now), href=reverse("diary:index")
        )
    except Exception:  # the panel is a nicety: a problem in it must never cost someone their Today page
        return []
    return [panel]


def _gap_panel(user, now: datetime.datetime) -> TodayPanel | None:
    """The next gap of today's working hours with a practice that fits, starting at once (the player opens running,
    as Today's three-minute button does). None after hours, on a day off, or with no gap left."""
    today = now.date()
    gap = next_gap(
        selectors.events_between(user, today, today + datetime.timedelta(days=1)),
        pattern=selectors.work_pattern(user),
        now=now,
    )
    if gap is None:
        return None
    practices = {p.key: p for p in practice_content.built_in_practices()}
    key = practice_that_fits([(p.key, p.length_seconds) for p in practices.values()], gap.minutes)
    if key is None:
        return None
    practice = practices[key]
    starts = "Free now" if gap.start <= now + datetime.timedelta(minutes=1) else f"Free from {clock(gap.start)}"
    return TodayPanel(
        heading=f"Your next gap: {clock(gap.start)} to {clock(gap.end)}",
        description=f"{starts} for {duration(gap.minutes)}. Start “{_practice_name(practice)}” now, in one press.",
        href=f"{practice_href(practice)}#{START_NOW_FRAGMENT}",
    )


def _practice_name(practice) -> str:
    """Its title, with its length unless the title says it already: "STOP, 1 minute"."""
    if "minute" in practice.title.lower():
        return practice.title
    return f"{practice.title}, {duration(practice.length_seconds // 60)}"


def _day_figures(user, day: datetime.date) -> DayFigures:
    return selectors.week_report(user, selectors.monday_of(day)).days[day.weekday()]


def _diary_line(user, now: datetime.datetime) -> str:
    today = now.date()
    schedule = schedule_for(user, start=today - datetime.timedelta(days=1), end=today + datetime.timedelta(days=1))
    if schedule.is_rest(now):
        return "You are resting after a night shift. Your diary will be here when you are back."
    day = _day_figures(user, today)
    if not day.working_day:
        return "A day off in your diary. Your week's picture is here when you want it."
    if day.away_minutes and not day.working_minutes:
        return "You are away today in your diary. Your week's picture is here when you want it."
    if now >= max((shift.end for shift in schedule.shifts_on(today)), default=now):
        return _tomorrow_line(_day_figures(user, today + datetime.timedelta(days=1)))
    return "The rest of your working day is full in your diary. A short pause between meetings can help."


def _tomorrow_line(tomorrow: DayFigures) -> str:
    if not tomorrow.working_day:
        return "Your working day is over, and tomorrow is a day off in your diary."
    if tomorrow.longest_free_minutes >= 30:
        return f"Your working day is over. Tomorrow's longest free block is {duration(tomorrow.longest_free_minutes)}."
    return "Your working day is over. Tomorrow is full in your diary: a short pause between meetings can help."
