"""Display values for Practice: the library and the player, sessions and figures as people read them, and the
Today panel."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils.crypto import salted_hmac

from attend.core.formatting import clock, counted, weekday_date
from attend.core.presenters import TodayPanel, TodayStart
from attend.practice import content, selectors, statistics
from attend.practice.timing import BELLS, describe_length, format_clock


@dataclass(frozen=True)
class SessionView:
    client_id: str
    title: str
    kind: str
    started_at: datetime
    day: str
    time: str
    planned: str
    practised: str
    outcome: str
    feeling: str
    note: str
    planned_seconds: int | None
    practised_seconds: int | None
    ended: bool
    completed: bool

    @property
    def check_in_href(self) -> str:
        # Worked out when a page links to it, not for each session of an export (a reverse() costs ~0.1 ms).
        return reverse("practice:check_in", args=[self.client_id])


def _outcome(session) -> str:
    if not session.ended:
        return "End not recorded"
    if session.completed:
        return "Finished"
    # Never "abandoned" or "incomplete": stopping when you need to is part of practising.
    return "Ended when you chose"


def session_view(session, *, zone: zoneinfo.ZoneInfo) -> SessionView:
    started = session.started_at.astimezone(zone)
    return SessionView(
        client_id=str(session.client_id),
        title=session.title,
        kind=session.get_kind_display(),
        started_at=started,
        day=weekday_date(started, year=True),
        time=clock(started),
        planned=describe_length(session.planned_seconds),
        practised=describe_length(session.actual_seconds) if session.ended else "",
        outcome=_outcome(session),
        feeling=session.feeling,
        note=session.note,
        planned_seconds=session.planned_seconds,
        practised_seconds=session.actual_seconds if session.ended else None,
        ended=session.ended,
        completed=session.completed,
    )


def device_owner_tag(user) -> str:
    """An opaque tag for whose practice log entries are waiting on a device: not the person's id, and the
    same on every page, so a shared computer sends each person's entries only while they are signed in."""
    return salted_hmac("attend.practice.device-owner", str(user.pk), algorithm="sha256").hexdigest()[:20]


def practice_href(practice: content.Practice) -> str:
    return reverse("practice:player", args=[practice.key])


def library_cards(practices: list[content.Practice]) -> list[tuple[content.Practice, str, str]]:
    """Each practice with its address and its length in words, for the library's cards."""
    return [(practice, practice_href(practice), describe_length(practice.length_seconds)) for practice in practices]


def player_display(plan: dict) -> dict:
    """What the player page shows of a plan before it starts: its length, the bells to choose from, the clock,
    and each stage with its length."""
    return {
        "length": describe_length(plan["plannedSeconds"]),
        "bell_items": [{"value": key, "text": label, "selected": key == plan["bell"]} for key, label in BELLS],
        "clock": format_clock(plan["plannedSeconds"] or 0),
        "stages": [{"name": stage["name"], "length": describe_length(stage["seconds"])} for stage in plan["stages"]],
    }


def practised_this_week(minutes: int) -> str:
    """ "You have practised for 12 minutes this week.", or nothing before the first minute."""
    return f"You have practised for {counted(minutes, 'minute')} this week." if minutes else ""


@dataclass(frozen=True)
class HistoryFigures:
    this_week: str  # "12 minutes"
    this_month: str  # "40 minutes, 3 sessions"
    streak: str  # "4 days", or "" when streaks are off or there is none
    practices_this_month: list[tuple[str, str]]  # ("STOP", "2 times")


def history_figures(summary: statistics.Summary, *, streak: int | None) -> HistoryFigures:
    sessions = summary.sessions_this_month
    return HistoryFigures(
        this_week=counted(summary.minutes_this_week, "minute"),
        this_month=counted(summary.minutes_this_month, "minute")
        + (f", {counted(sessions, 'session')}" if sessions else ""),
        streak=counted(streak, "day") if streak else "",
        practices_this_month=[(title, counted(count, "time")) for title, count in summary.practices_this_month],
    )


@dataclass(frozen=True)
class CalendarCell:
    number: int  # the day of the month
    in_month: bool
    practised: bool
    is_today: bool
    minutes: str  # "12 minutes", or "" when under half a minute


def calendar_weeks(
    weeks: list[list[statistics.CalendarDay]], *, practised_days: set[date], today: date
) -> list[list[CalendarCell]]:
    return [
        [
            CalendarCell(
                number=cell.day.day,
                in_month=cell.in_month,
                practised=cell.day in practised_days,
                is_today=cell.day == today,
                minutes=counted(cell.minutes, "minute") if cell.minutes else "",
            )
            for cell in week
        ]
        for week in weeks
    ]


# The player starts a session on its own when its address ends in this fragment (player.js), and the browser
# scrolls to Start if it cannot play sound yet. A fragment, not a query: the offline copy of the page matches.
START_NOW_FRAGMENT = "player-start"


def today_start(request) -> TodayStart:
    """Today's one press into the breathing space: the player opens already running."""
    practice = content.built_in_practice(content.BREATHING_SPACE)
    href = f"{practice_href(practice)}#{START_NOW_FRAGMENT}"
    return TodayStart(text="Start a three-minute breathing space", href=href)


def today_panels(request) -> list[TodayPanel]:
    """The breathing space, one tap from Today; the week's minutes only when there are some."""
    practice = content.built_in_practice(content.BREATHING_SPACE)
    minutes = selectors.minutes_this_week(request.user)
    description = "Notice what is here, gather your attention to the breath, then widen it to your whole body."
    if minutes:
        description += f" {practised_this_week(minutes)}"
    return [
        TodayPanel(heading="Take three minutes: breathing space", description=description, href=practice_href(practice))
    ]
