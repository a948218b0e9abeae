"""A conversation as an .ics invitation (RFC 5545), for both people to add to their own calendars."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from attend.connect import guides


def invitation(conversation) -> bytes:
    pairing = conversation.pairing
    calendar = Calendar()
    calendar.add("prodid", "-//Attend//Connect//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # Stable, so importing the file again updates the event instead of adding a second one.
    event.add("uid", f"connect-{conversation.pk}@attend")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", conversation.starts_at)
    event.add("dtend", conversation.starts_at + timedelta(minutes=conversation.minutes))
    # Names and the kind of conversation only: nothing either person wrote.
    event.add("summary", f"{guides.KIND_NAMES[conversation.kind]}: {pairing.leader.name} and {pairing.person.name}")
    if conversation.place:
        event.add("location", conversation.place)
    event.add("url", settings.SITE_URL.rstrip("/") + reverse("connect:conversation", args=[conversation.pk]))
    calendar.add_component(event)
    return calendar.to_ical()
