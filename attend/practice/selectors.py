"""Reads for Practice: lists and figures. A person's log, presets and preferences are read only through that
person; an organisation sees nothing but counts over at least five people. One session, preset or practice by
its id is `access`'s to find.
"""

import logging
import zoneinfo
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Min, Sum

from attend.core.anonymity import is_reportable
from attend.practice import content, statistics
from attend.practice.models import OrganisationPractice, PracticeSession

logger = logging.getLogger(__name__)


def sessions_of(person):
    return person.practice_sessions.all()


def presets_of(person):
    return person.timer_presets.all()


def shows_streaks(person) -> bool:
    try:
        return person.practice_preference.show_streaks
    except ObjectDoesNotExist:
        return False


def reminds(person) -> bool:
    try:
        return person.practice_preference.remind_on_working_days
    except ObjectDoesNotExist:
        return False


def organisation_practices(organisation):
    return organisation.practices.all() if organisation else OrganisationPractice.objects.none()


def practices_for(organisation) -> list[content.Practice]:
    """The built-in library, then the organisation's own practices that are not archived.

    The service refuses a script that does not parse; a row saved before it did is left out (and logged), so
    one bad practice never takes the library or the service worker down for the whole organisation."""
    own = []
    for row in organisation_practices(organisation).current():
        try:
            own.append(row.practice())
        except content.ScriptError as error:
            logger.warning("Organisation practice %s left out of the library: %s", row.pk, error)
    return [*content.built_in_practices(), *own]


def local_zone(person) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(person.time_zone)


def local_today(person) -> date:
    return datetime.now(local_zone(person)).date()


def session_facts(person, *, since: date | None = None) -> list[statistics.SessionFact]:
    """The person's sessions as plain facts dated in their own time zone."""
    zone = local_zone(person)
    sessions = sessions_of(person)
    if since:
        sessions = sessions.filter(started_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    return [
        statistics.SessionFact(day=started_at.astimezone(zone).date(), seconds=seconds or 0, title=title)
        for started_at, seconds, title in sessions.values_list("started_at", "actual_seconds", "title")
    ]


def first_practice_day(person) -> date | None:
    """The day (in the person's own time zone) of their earliest session, in one aggregate query; None if none."""
    first = sessions_of(person).aggregate(first=Min("started_at"))["first"]
    return first.astimezone(local_zone(person)).date() if first else None


def minutes_this_week(person) -> int:
    today = local_today(person)
    facts = session_facts(person, since=statistics.week_start(today))
    return statistics.summary(facts, today=today).minutes_this_week


# How far back an organisation's counts look.
ORGANISATION_WINDOW_DAYS = 30


def organisation_practice_summary(organisation, *, now: datetime) -> dict | None:
    """How many people practised in the last 30 days and for how many minutes in all, or None when fewer
    than five people did: a smaller count could point at someone."""
    sessions = PracticeSession.objects.filter(
        organisation=organisation, started_at__gte=now - timedelta(days=ORGANISATION_WINDOW_DAYS)
    )
    # One query, from the organisation's recent-sessions index alone.
    found = sessions.aggregate(people=Count("person", distinct=True), seconds=Sum("actual_seconds"))
    people = found["people"]
    if not is_reportable(people):
        return None
    seconds = found["seconds"] or 0
    return {"people": people, "minutes": round(seconds / 60), "days": ORGANISATION_WINDOW_DAYS}
