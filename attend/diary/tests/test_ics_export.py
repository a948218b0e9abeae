"""The protected-time .ics file: RFC 5545, stable UIDs, and a round trip through the libraries."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from attend.diary.calendar_read import read_calendar
from attend.diary.ics_export import proposal_uid, protected_time_ics
from attend.diary.proposals import Proposal

LONDON = ZoneInfo("Europe/London")
STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def proposal(key="practice-2026-03-03T15:00", kind="practice", link="/practice/", reason="A short practice."):
    start = datetime(2026, 3, 3, 15, 0, tzinfo=LONDON)
    return Proposal(
        key=key,
        kind=kind,
        title="Practice: a few minutes to reset",
        start=start,
        end=start.replace(minute=15),
        reason=reason,
        link=link,
    )


def export(*proposals, owner_id="owner-1", **options) -> bytes:
    return protected_time_ics(list(proposals), owner_id=owner_id, stamp=STAMP, **options)


def test_round_trips_through_icalendar_and_recurring_ical_events():
    data = export(proposal(), base_url="https://attend.example")

    calendar = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(calendar).between(date(2026, 3, 1), date(2026, 3, 8))
    assert len(events) == 1
    event = events[0]
    assert event.start == datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
    assert event.end == datetime(2026, 3, 3, 15, 15, tzinfo=UTC)
    assert str(event["TRANSP"]) == "OPAQUE"
    assert "https://attend.example/practice/" in str(event["DESCRIPTION"])
    assert event["DTSTAMP"].dt == STAMP


def test_reads_back_with_attends_own_reader_as_busy_time():
    events = read_calendar(export(proposal()), zone=LONDON, start=date(2026, 3, 1), end=date(2026, 3, 8))

    assert [(e.title, e.busy, e.minutes) for e in events] == [("Practice: a few minutes to reset", True, 15)]


def test_uids_are_stable_per_owner_and_key():
    first = icalendar.Calendar.from_ical(export(proposal()))
    again = icalendar.Calendar.from_ical(export(proposal(reason="Reworded.")))
    someone_else = icalendar.Calendar.from_ical(export(proposal(), owner_id="owner-2"))

    uid = str(first.events[0]["UID"])
    assert uid == str(again.events[0]["UID"]) == proposal_uid(owner_id="owner-1", key="practice-2026-03-03T15:00")
    assert uid != str(someone_else.events[0]["UID"])


def test_a_later_export_of_the_same_block_has_a_higher_sequence_so_calendars_take_it_as_newer():
    earlier = icalendar.Calendar.from_ical(export(proposal())).events[0]
    later = icalendar.Calendar.from_ical(
        protected_time_ics([proposal()], owner_id="owner-1", stamp=STAMP + timedelta(minutes=1))
    ).events[0]

    assert str(earlier["UID"]) == str(later["UID"])
    assert 0 < int(earlier["SEQUENCE"]) < int(later["SEQUENCE"]) < 2**31


def test_crlf_line_ends_and_lines_folded_at_75_octets():
    data = export(proposal(reason="A long reason " * 20))

    lines = data.split(b"\r\n")
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"VERSION:2.0" in data and b"PRODID:-//Attend//Diary//EN" in data


def test_one_event_per_proposal():
    later = proposal(key="reflect-2026-03-06T16:40", kind="reflect", link=None)

    assert export(proposal(), later).count(b"BEGIN:VEVENT") == 2
    assert export().count(b"BEGIN:VEVENT") == 0
