"""The invented busy manager's calendar: deterministic, readable, busy, with every tricky shape."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from attend.demo.sample_calendar import OWNER_EMAIL, busy_manager_calendar
from attend.diary.analysis import analyse
from attend.diary.calendar_read import read_calendar

LONDON = ZoneInfo("Europe/London")
START = date(2026, 1, 5)

# Slow for the quick loop (`make test-fast` leaves it out); `make test` runs it.
pytestmark = pytest.mark.slow


def year() -> bytes:
    return busy_manager_calendar(start=START, weeks=52)


def test_same_seed_and_start_give_the_same_bytes():
    assert busy_manager_calendar(start=START, weeks=4) == busy_manager_calendar(start=START, weeks=4)
    assert busy_manager_calendar(start=START, weeks=4) != busy_manager_calendar(start=START, weeks=4, seed=8)


def test_a_year_is_busy_with_200_series_and_their_exceptions():
    data = year()

    calendar = icalendar.Calendar.from_ical(data)
    assert not [c.errors for c in calendar.walk("VEVENT") if c.errors]
    assert data.count(b"RRULE:") >= 200
    assert data.count(b"RECURRENCE-ID") > 50
    assert data.count(b"EXDATE") > 30 and data.count(b"RDATE") > 10
    for zone in (b"TZID=Europe/London", b"TZID=America/New_York", b"TZID=GMT Standard Time"):
        assert zone in data
    assert b"DTSTART:" in data and b"Z\r\nDTEND:" in data  # some series in UTC
    events = read_calendar(data, zone=LONDON, start=START, end=START + timedelta(weeks=52), owner_emails=[OWNER_EMAIL])
    assert len(events) >= 3000
    assert {e.free_reason for e in events} == {None, "cancelled", "declined", "free", "tentative"}
    assert any(e.all_day for e in events)


def test_the_week_looks_like_a_busy_managers():
    data = busy_manager_calendar(start=START, weeks=8)
    events = read_calendar(data, zone=LONDON, start=START, end=START + timedelta(weeks=8), owner_emails=[OWNER_EMAIL])
    analysis = analyse(events, start=START, end=START + timedelta(weeks=8))

    titles = {e.title for e in events}
    assert {"Safety huddle", "Trust board", "1:1 with deputy manager"} <= titles
    assert all(week.meeting_share > 0.4 for week in analysis.weeks)
    assert any(week.longest_back_to_back_minutes >= 180 for week in analysis.weeks)


def test_lines_are_folded_and_end_in_crlf():
    data = busy_manager_calendar(start=START, weeks=2)

    assert data.endswith(b"\r\n")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75


def test_scale_lays_more_diaries_over_the_same_weeks():
    one = busy_manager_calendar(start=START, weeks=2)
    three = busy_manager_calendar(start=START, weeks=2, scale=3)

    assert 2.5 < three.count(b"BEGIN:VEVENT") / one.count(b"BEGIN:VEVENT") < 3.5
