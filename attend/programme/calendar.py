"""A programme session as an .ics invitation (RFC 5545), for each participant's own calendar."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event


def invitation(session) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Attend//Programme//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # Stable, so importing the file again (after a change of time) updates the event instead of adding another.
    event.add("uid", f"programme-session-{session.pk}@attend")
    event.add("dtstamp", timezone.now())
    # A calendar replaces an event with the same UID only when its SEQUENCE is higher (RFC 5546): the seconds
    # since the session was set up to its last change grow with every change, and are 0 for an unchanged one.
    event.add("sequence", max(0, int((session.updated_at - session.created_at).total_seconds())))
    event.add("last-modified", session.updated_at)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + timedelta(minutes=session.minutes))
    event.add("summary", f"{session.title} ({session.cohort.programme.title})")
    location = session.place or session.video_link
    if location:
        event.add("location", location)
    page = settings.SITE_URL.rstrip("/") + reverse("programme:session", args=[session.pk])
    description = "\n\n".join(part for part in [session.description, session.video_link, page] if part)
    event.add("description", description)
    event.add("url", page)
    calendar.add_component(event)
    return calendar.to_ical()
