"""Sessions, materials and attendance: the facilitator arranges sessions and records who came."""

import datetime
import zoneinfo

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from attend.core.formatting import long_date, weekday_date_time
from attend.core.models import AuditEvent
from attend.core.validators import TextChecks
from attend.nudges.services import notification_create, notifications_withdraw
from attend.programme.models import (
    Attendance,
    Cohort,
    Material,
    Participant,
    Session,
    Thread,
)
from attend.programme.services.common import (
    DESCRIPTION_LENGTH,
    MATERIAL_TEXT_LENGTH,
    ProgrammeError,
    _audit,
    _is_https,
    _thread_title,
)
from attend.programme.services.meetings import session_requests_queue


class SessionOutsideCohort(ProgrammeError):
    """A session dated outside its cohort's dates: the form shows it on the date field."""


def _refuse_outside_cohort(cohort: Cohort, starts_at: datetime.datetime) -> None:
    """A session lies within its cohort's dates (the day it starts, where the installation is)."""
    day = timezone.localtime(starts_at).date()
    if not cohort.starts_on <= day <= cohort.ends_on:
        dates = f"{long_date(cohort.starts_on)} to {long_date(cohort.ends_on)}"
        raise SessionOutsideCohort(f"Choose a date within the cohort's dates, {dates}")


def _session_text(*, title: str, place: str, video_link: str, description: str) -> dict:
    checks = TextChecks()
    values = {
        "title": checks.model_text(Session, "title", title),
        "place": checks.model_text(Session, "place", place),
        "video_link": checks.model_text(Session, "video_link", video_link, label="The video link"),
        "description": checks.text(description, field="description", max_length=DESCRIPTION_LENGTH, multiline=True),
    }
    checks.raise_any()
    return values


def _when(starts_at: datetime.datetime, person) -> str:
    return weekday_date_time(starts_at.astimezone(zoneinfo.ZoneInfo(person.time_zone)))


def _tell_about_session(session: Session, place: Participant) -> None:
    notification_create(
        person=place.user,
        organisation=place.organisation,
        kind="session_reminder",
        title=f"{session.title}: {_when(session.starts_at, place.user)}",
        link=reverse("programme:session", args=[session.pk]),
        expires_at=session.starts_at,
        dedupe_key=_session_key(session),
    )


def _session_key(session: Session) -> str:
    # The time is part of the key: a session moved to a new time is told again.
    return f"programme-session:{session.pk}:{session.starts_at.isoformat()}"


def _refuse_unsafe_video_link(video_link: str) -> None:
    if video_link and not _is_https(video_link):
        raise ProgrammeError("A video link must start with https://")


def _tell_cohort_about_session(session: Session) -> None:
    """Tell everyone in the cohort about a session still to come (nothing for one already started)."""
    if session.starts_at > timezone.now():
        for participant in session.cohort.participants.select_related("user", "organisation"):
            _tell_about_session(session, participant)


@transaction.atomic
def session_schedule(
    *,
    cohort: Cohort,
    by,
    title: str,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    video_link: str = "",
    description: str = "",
) -> Session:
    """Arrange a session, with its discussion; each participant is told once, in their digest, with a link to the
    invitation."""
    text = _session_text(title=title, place=place, video_link=video_link, description=description)
    title = text["title"]
    _refuse_unsafe_video_link(text["video_link"])
    _refuse_outside_cohort(cohort, starts_at)
    session = cohort.sessions.create(starts_at=starts_at, minutes=minutes, **text)
    Thread.objects.create(cohort=cohort, session=session, title=_thread_title(title))
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.SESSION_SCHEDULED, target=f"{cohort.name}: {title}")
    _tell_cohort_about_session(session)
    if session.starts_at > timezone.now():
        session_requests_queue(session=session, method="REQUEST")
    return session


@transaction.atomic
def session_change(
    *,
    session: Session,
    by,
    title: str,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    video_link: str = "",
    description: str = "",
) -> Session:
    """Change a session. A new time is news: the old reminder is withdrawn and everyone is told the new one. A new
    time, length or place is a new version of the meeting: its SEQUENCE goes up and everyone's calendar gets it."""
    if session.is_cancelled:
        raise ProgrammeError("This session is cancelled, so it cannot be changed. Arrange a new one instead.")
    text = _session_text(title=title, place=place, video_link=video_link, description=description)
    title, place, video_link, description = text["title"], text["place"], text["video_link"], text["description"]
    _refuse_unsafe_video_link(video_link)
    _refuse_outside_cohort(session.cohort, starts_at)
    moved = starts_at != session.starts_at
    relocated = moved or (minutes, place, video_link) != (session.minutes, session.place, session.video_link)
    if relocated:
        session.sequence += 1
    old_key = _session_key(session)
    session.title, session.starts_at, session.minutes = title, starts_at, minutes
    session.place, session.video_link, session.description = place, video_link, description
    session.save()
    cohort = session.cohort
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.SESSION_CHANGED, target=f"{cohort.name}: {title}")
    if moved:
        # A yes to the old time is not a yes to the new one: everyone is asked again, as calendars do.
        session.replies.all().delete()
        notifications_withdraw(dedupe_key=old_key)
        _tell_cohort_about_session(session)
    if relocated and session.starts_at > timezone.now():
        session_requests_queue(session=session, method="REQUEST")
    return session


@transaction.atomic
def material_add(
    *, cohort: Cohort, by, title: str, link: str = "", text: str = "", session: Session | None = None
) -> Material:
    checks = TextChecks()
    title = checks.model_text(Material, "title", title)
    link = checks.model_text(Material, "link", link, label="The link")
    text = checks.text(text, field="text", max_length=MATERIAL_TEXT_LENGTH, multiline=True)
    checks.raise_any()
    if link and not _is_https(link):
        raise ProgrammeError("A link must start with https://")
    if not link and not text:
        raise ProgrammeError("Add a link or some text")
    if session is not None and session.cohort_id != cohort.pk:
        raise ProgrammeError("That session is in another cohort")
    material = cohort.materials.create(session=session, title=title, link=link, text=text)
    _audit(by=by, cohort=cohort, action=AuditEvent.Action.MATERIAL_ADDED, target=f"{cohort.name}: {title}")
    return material


@transaction.atomic
def attendance_record(*, session: Session, by, statuses: dict) -> int:
    """Save attendance for the session: `statuses` maps participant ids to a status. All or nothing:
    an id that is not in the cohort, or an unknown status, changes nothing."""
    places = {str(place.pk): place for place in session.cohort.participants.all()}
    unknown = [key for key in statuses if str(key) not in places]
    if unknown:
        raise ProgrammeError("Someone in that list is not in this cohort")
    if any(status not in Attendance.Status.values for status in statuses.values()):
        raise ProgrammeError("Choose present, sent apologies or absent for each person")
    for key, status in statuses.items():
        Attendance.objects.update_or_create(session=session, participant=places[str(key)], defaults={"status": status})
    _audit(
        by=by,
        cohort=session.cohort,
        action=AuditEvent.Action.ATTENDANCE_RECORDED,
        target=f"{session.cohort.name}: {session.title}",
    )
    return len(statuses)
