"""A programme session as an iTIP meeting request (RFC 5545 and RFC 5546), for each participant's own calendar.

Outlook and Google show a file as a meeting (with Accept and Decline) only when it carries METHOD:REQUEST, an
ORGANIZER, and the person opening it among its ATTENDEEs; without them it is an appointment. The organiser is
Attend's own address (`PROGRAMME_MEETING_ORGANISER`), never the facilitator's, and each person's copy names
only them as attendee: docs/adr/0024 says why.
"""

from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"

# A reply in Attend, as the attendee's PARTSTAT, so a file downloaded again does not ask a settled question.
PARTSTATS = {"attending": "ACCEPTED", "not_attending": "DECLINED", "maybe": "TENTATIVE"}


def uid(session) -> str:
    """The same for every copy and every change of a session, so a calendar updates its event in place."""
    return f"programme-session-{session.pk}@attend"


def organiser_address() -> tuple[str, str]:
    """(name, email) of the meeting's organiser: the configured address, else the address Attend sends from."""
    configured = getattr(settings, "PROGRAMME_MEETING_ORGANISER", "") or settings.DEFAULT_FROM_EMAIL
    name, email = parseaddr(configured)
    return name or "Attend", email


def _address(email: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def session_page(session) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("programme:session", args=[session.pk])


def invitation(session, *, method: str = PUBLISH, attendee=None, reply: str = "") -> bytes:
    """The session's calendar file. `method` REQUEST or CANCEL with `attendee` (a user) is the meeting request
    sent to, or downloaded by, that participant; PUBLISH (a facilitator's copy) names no attendee."""
    calendar = Calendar()
    calendar.add("prodid", "-//Attend//Programme//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid(session))
    event.add("dtstamp", timezone.now())
    # A calendar replaces the event it holds under this UID only when SEQUENCE is higher (RFC 5546 2.1.4).
    event.add("sequence", session.sequence)
    event.add("last-modified", session.updated_at)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + timedelta(minutes=session.minutes))
    event.add("summary", f"{session.title} ({session.cohort.programme.title})")
    event.add("status", "CANCELLED" if method == CANCEL or session.is_cancelled else "CONFIRMED")
    location = session.place or session.video_link
    if location:
        event.add("location", location)
    page = session_page(session)
    answer_here = f"Say whether you will come in Attend: {page}"
    description = "\n\n".join(part for part in [session.description, session.video_link, answer_here] if part)
    event.add("description", description)
    event.add("url", page)
    name, email = organiser_address()
    event.add("organizer", _address(email, CN=name))
    if attendee is not None and method != PUBLISH:
        event.add(
            "attendee",
            _address(
                attendee.email,
                CN=attendee.name,
                CUTYPE="INDIVIDUAL",
                ROLE="REQ-PARTICIPANT",
                PARTSTAT=PARTSTATS.get(reply, "NEEDS-ACTION"),
                RSVP="TRUE",
            ),
        )
    calendar.add_component(event)
    return calendar.to_ical()
