"""A session's .ics invitation: valid RFC 5545 that a calendar reads, updates in place when the session moves."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from attend.programme import calendar, services

pytestmark = pytest.mark.django_db


def _event(body: bytes):
    parsed = Calendar.from_ical(body)
    [event] = parsed.walk("VEVENT")
    return parsed, event


def test_the_invitation_is_valid_icalendar_at_the_sessions_time(leader_client, session):
    response = leader_client.get(reverse("programme:session_ics", args=[session.pk]))
    body = response.content
    assert response["Content-Type"].startswith("text/calendar")
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")  # RFC 5545 lines end in CRLF
    parsed, event = _event(body)
    assert (str(parsed["VERSION"]), str(parsed["PRODID"])) == ("2.0", "-//Attend//Programme//EN")
    assert event.decoded("DTSTART") == session.starts_at.replace(microsecond=0)  # iCalendar has whole seconds
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)  # an absolute time, no floating time
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=session.minutes)
    assert str(event["LOCATION"]) == "Room 2"
    assert "DTSTAMP" in event


def test_a_moved_session_keeps_its_uid_and_gets_a_higher_sequence(session, facilitator):
    _, first = _event(calendar.invitation(session))
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=5)):
        services.session_change(
            session=session,
            by=facilitator.user,
            title=session.title,
            starts_at=session.starts_at + datetime.timedelta(days=1),
            minutes=session.minutes,
            place="Room 3",
        )
    _, moved = _event(calendar.invitation(session))
    assert str(moved["UID"]) == str(first["UID"]) == f"programme-session-{session.pk}@attend"
    assert int(moved["SEQUENCE"]) > int(first["SEQUENCE"]) >= 0
    assert moved.decoded("DTSTART") == first.decoded("DTSTART") + datetime.timedelta(days=1)
