"""A conversation as an .ics invitation (RFC 5545), for both people to add to their own calendars; a recurring
conversation as one event with a weekly RRULE, so a calendar shows the whole series as one."""

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from attend.connect import guides


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Attend//Connect//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def _summary(conversation) -> str:
    # Names and the kind of conversation only: nothing either person wrote.
    pairing = conversation.pairing
    return f"{guides.KIND_NAMES[conversation.kind]}: {pairing.leader.name} and {pairing.person.name}"


def invitation(conversation) -> bytes:
    calendar = _calendar()
    event = Event()
    # Stable, so importing the file again updates the event instead of adding a second one.
    event.add("uid", f"connect-{conversation.pk}@attend")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", conversation.starts_at)
    event.add("dtend", conversation.starts_at + timedelta(minutes=conversation.minutes))
    event.add("summary", _summary(conversation))
    if conversation.place:
        event.add("location", conversation.place)
    event.add("url", settings.SITE_URL.rstrip("/") + reverse("connect:conversation", args=[conversation.pk]))
    calendar.add_component(event)
    return calendar.to_ical()


def series_invitation(conversations: list, *, time_zone: str) -> bytes:
    """The series as one event: DTSTART in the leader's time zone (with its VTIMEZONE), so "every 2 weeks at
    09:00" stays at 09:00 across the change to and from summer time; RRULE WEEKLY with the interval and the count;
    an EXDATE for each cancelled one. `conversations` is the whole series, soonest first."""
    first = conversations[0]
    zone = zoneinfo.ZoneInfo(time_zone)
    calendar = _calendar()
    event = Event()
    event.add("uid", f"connect-series-{first.series}@attend")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", first.starts_at.astimezone(zone))
    event.add("dtend", first.starts_at.astimezone(zone) + timedelta(minutes=first.minutes))
    event.add("rrule", {"freq": "weekly", "interval": first.every_weeks, "count": len(conversations)})
    cancelled = [c.starts_at.astimezone(zone) for c in conversations if c.status == c.Status.CANCELLED]
    if cancelled:
        event.add("exdate", cancelled)
    event.add("summary", _summary(first))
    if first.place:
        event.add("location", first.place)
    event.add("url", settings.SITE_URL.rstrip("/") + reverse("connect:pairing", args=[first.pairing_id]))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
