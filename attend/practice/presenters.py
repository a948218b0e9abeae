"""Display values for Practice: sessions as people read them, and the Today panel."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.crypto import salted_hmac

from attend.core.presenters import TodayPanel
from attend.practice import content, selectors
from attend.practice.timing import describe_length


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
    check_in_href: str
    planned_seconds: int | None
    practised_seconds: int | None
    ended: bool
    completed: bool


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
        day=f"{started:%A} {started.day} {started:%B %Y}",
        time=f"{started:%H:%M}",
        planned=describe_length(session.planned_seconds),
        practised=describe_length(session.actual_seconds) if session.ended else "",
        outcome=_outcome(session),
        feeling=session.feeling,
        note=session.note,
        check_in_href=reverse("practice:check_in", args=[session.client_id]),
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


def today_panels(request) -> list[TodayPanel]:
    """The breathing space, one tap from Today; the week's minutes only when there are some."""
    practice = content.built_in_practice(content.BREATHING_SPACE)
    minutes = selectors.minutes_this_week(request.user)
    description = "Notice what is here, gather your attention to the breath, then widen it to your whole body."
    if minutes:
        description += f" You have practised for {minutes} {'minute' if minutes == 1 else 'minutes'} this week."
    return [
        TodayPanel(heading="Take three minutes: breathing space", description=description, href=practice_href(practice))
    ]
