"""Reading real-world .ics files: the corpus in calendars/ and the errors people see."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from attend.diary import calendar_read
from attend.diary.calendar_checks import Skipped
from attend.diary.calendar_read import CalendarUnreadable, count_events, read_calendar

CALENDARS = Path(__file__).parent / "calendars"
LONDON = ZoneInfo("Europe/London")


def read(name: str, *, start=date(2026, 1, 1), end=date(2027, 1, 1), zone=LONDON, owners=("you@trust.example",)):
    return read_calendar((CALENDARS / name).read_bytes(), zone=zone, start=start, end=end, owner_emails=owners)


def local(event) -> str:
    return event.start.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def unreadable(name: str) -> CalendarUnreadable:
    with pytest.raises(CalendarUnreadable) as caught:
        read(name)
    return caught.value


def test_outlook_windows_zone_name_is_read_as_london_time_across_the_clock_change():
    events = read("outlook_gmt_standard_time.ics")

    assert [local(e) for e in events] == [
        "2026-03-16 09:00",
        "2026-03-23 09:00",
        "2026-03-30 09:00",  # after the clock change: still 9am in London, 8am UTC
        "2026-04-13 10:30",  # moved by RECURRENCE-ID; 6 April excluded by EXDATE
        "2026-04-20 09:00",
    ]
    assert events[2].start.astimezone(UTC).hour == 8
    assert events[3].title == "Operations meeting (moved)"
    assert all(e.recurring and e.series_uid == e.uid for e in events)
    assert events[0].attendees == 2
    assert events[0].organiser == "Operations Lead"


def test_google_x_wr_timezone_keeps_a_utc_series_at_the_same_london_time_after_the_clock_change():
    events = read("google_x_wr_timezone.ics")

    assert [local(e) for e in events] == ["2026-03-20 09:00", "2026-03-27 09:00", "2026-04-03 09:00"]


def test_floating_times_are_read_in_the_leaders_zone():
    london = read("apple_floating.ics")
    new_york = read("apple_floating.ics", zone=ZoneInfo("America/New_York"))

    assert london[0].start == datetime(2026, 6, 3, 13, tzinfo=UTC)
    assert new_york[0].start == datetime(2026, 6, 3, 18, tzinfo=UTC)


def test_all_day_events_start_at_local_midnight_and_are_marked_all_day():
    events = read("apple_floating.ics")

    training = next(e for e in events if e.all_day)
    assert training.start == datetime(2026, 6, 4, tzinfo=LONDON)
    assert training.end == datetime(2026, 6, 5, tzinfo=LONDON)


def test_recurrence_exceptions_exdate_rdate_moved_and_cancelled():
    events = read("recurrence_exceptions.ics")

    assert [(local(e), e.busy, e.free_reason) for e in events] == [
        ("2026-03-02 10:00", True, None),
        ("2026-03-04 15:00", True, None),  # moved
        ("2026-03-05 10:00", False, "cancelled"),  # cancelled occurrence: kept, not busy
        ("2026-03-06 10:00", True, None),
        ("2026-03-07 10:00", True, None),  # RDATE
    ]  # 3 March is excluded


def test_multi_day_and_all_day_events():
    events = {e.uid: e for e in read("all_day_multi_day.ics")}

    leave = events["leave@test"]
    assert leave.all_day and leave.busy
    assert (leave.end - leave.start).days == 3
    conference = events["conference@test"]
    assert not conference.all_day and conference.minutes == 32 * 60
    assert events["night@test"].minutes == 4 * 60


def test_declined_by_the_owner_transparent_and_cancelled_are_not_busy():
    events = {e.uid: e for e in read("free_declined_cancelled.ics")}

    assert events["declined@test"].free_reason == "declined"  # owner email matched without regard to case
    assert events["someone-else-declined@test"].busy
    assert events["free@test"].free_reason == "free"
    assert events["cancelled@test"].free_reason == "cancelled"
    assert [e.busy for e in events.values()].count(True) == 1


def test_declined_is_only_known_when_the_owner_is_known():
    events = read("free_declined_cancelled.ics", owners=())

    assert next(e for e in events if e.uid == "declined@test").busy


def test_duplicates_by_uid_or_by_identical_time_and_title_are_dropped():
    events = read("duplicates.ics")

    assert sorted(e.title for e in events) == ["Budget query", "Incident review"]
    assert {e.attendees for e in events} == {0}
    assert {e.organiser for e in events} == {None}


def test_an_event_without_an_end_or_title():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20260303\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    [event] = read_calendar(data, zone=LONDON, start=date(2026, 3, 1), end=date(2026, 4, 1))
    assert (event.title, event.all_day, event.minutes) == ("(no title)", True, 24 * 60)


def test_events_crossing_the_autumn_clock_change_keep_their_real_length():
    events = read("clock_changes.ics")

    night = next(e for e in events if e.uid == "autumn-night@test")
    assert night.minutes == 180  # 00:30 to 02:30 local is three real hours when the clocks go back
    huddles = [e for e in events if e.uid == "spring@test"]
    assert [e.start.astimezone(LONDON).hour for e in huddles] == [9] * 5


def test_only_occurrences_inside_the_range_are_returned():
    events = read("outlook_gmt_standard_time.ics", start=date(2026, 3, 23), end=date(2026, 3, 31))

    assert [local(e) for e in events] == ["2026-03-23 09:00", "2026-03-30 09:00"]


def test_times_are_given_in_utc():
    assert {e.start.tzinfo for e in read("outlook_gmt_standard_time.ics")} == {UTC}


def test_events_are_sorted_by_start():
    events = read("recurrence_exceptions.ics") + read("outlook_gmt_standard_time.ics")
    single = read("outlook_gmt_standard_time.ics")

    assert single == sorted(single, key=lambda e: e.start)
    assert len(events) == 10


def test_not_a_calendar():
    error = unreadable("broken_not_a_calendar.ics")

    assert "not a calendar" in error.message


def test_truncated_file_names_its_last_line():
    error = unreadable("broken_truncated.ics")

    assert "cut short" in error.message
    assert error.line == 8


def test_an_event_with_a_bad_date_is_skipped_and_named_and_the_rest_read():
    reading = calendar_read.read_calendar_reporting(
        (CALENDARS / "partly_broken_bad_date.ics").read_bytes(),
        zone=LONDON,
        start=date(2026, 1, 1),
        end=date(2027, 1, 1),
    )

    assert [event.title for event in reading.events] == ["Fine"]
    assert reading.skipped == [Skipped(14, "Bad month", "the start date '20261301T100000Z' is not a date.")]


def test_a_file_whose_only_event_cannot_be_read_is_refused_naming_it():
    data = (CALENDARS / "partly_broken_bad_date.ics").read_bytes().replace(b"DTSTART:20260303", b"DTSTART:20261303")

    with pytest.raises(CalendarUnreadable) as caught:
        read_calendar(data, zone=LONDON, start=date(2026, 1, 1), end=date(2027, 1, 1))

    assert caught.value.message == (
        "None of its 2 events could be read. The first, “Fine”: the start date '20261303T100000Z' is not a date."
    )
    assert caught.value.line == 7


@pytest.mark.parametrize(
    ("broken", "why"),
    [
        ("DTSTART:20260305T100000Z\r\nDTSTART:20260305T110000Z", "the event has more than one start date."),
        ("DTEND:20260305T110000Z", "the event has no start date."),
        ("DTSTART:20260305T100000Z\r\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "falls on no date"),
        ("DTSTART;TZID=Mars/Olympus:20260305T100000", "the time zone 'Mars/Olympus' is not one Attend knows."),
        (
            "DTSTART:20260305T100000Z\r\nRDATE;VALUE=TIME:083000",
            "the extra repeat date '083000' (RDATE) is not a date.",
        ),
        ("DTSTART:20260305T100000Z\r\nRRULE:FREQ=WEEKLY;UNTL=20261023", "its repeats could not be worked out"),
    ],
)
def test_each_kind_of_unreadable_event_is_skipped_in_plain_words(broken, why):
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:fine@t\r\nDTSTART:20260303T100000Z\r\nSUMMARY:Fine\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:odd@t\r\nSUMMARY:Odd one\r\n" + broken.encode() + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    reading = calendar_read.read_calendar_reporting(data, zone=LONDON, start=date(2026, 1, 1), end=date(2027, 1, 1))

    assert [event.title for event in reading.events] == ["Fine"]
    assert [row.title for row in reading.skipped] == ["Odd one"]
    assert 10 <= reading.skipped[0].line <= 13  # its UID, or the line at fault
    assert why in reading.skipped[0].why
    assert "Error" not in reading.skipped[0].why and "'<'" not in reading.skipped[0].why


def test_two_calendars_joined_in_one_file_are_both_read():
    one = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:{n}@t\r\n"
        b"DTSTART:2026030{n}T100000Z\r\nSUMMARY:Event {n}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    events = read_calendar(
        one.replace(b"{n}", b"3") + one.replace(b"{n}", b"4"), zone=LONDON, start=date(2026, 1, 1), end=date(2027, 1, 1)
    )

    assert [event.title for event in events] == ["Event 3", "Event 4"]


def test_unknown_time_zone_is_named():
    error = unreadable("broken_unknown_zone.ics")

    assert error.line == 7
    assert "Mars/Olympus Mons" in error.message


def test_a_line_that_is_not_calendar_text_is_named():
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis is not a property\r\nEND:VCALENDAR\r\n"

    with pytest.raises(CalendarUnreadable) as caught:
        read_calendar(data, zone=LONDON, start=date(2026, 1, 1), end=date(2026, 2, 1))
    assert caught.value.line == 3


def test_a_broken_repeat_rule_is_named():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:r\r\nDTSTART:20260101T100000Z\r\n"
        b"RRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    with pytest.raises(CalendarUnreadable) as caught:
        read_calendar(data, zone=LONDON, start=date(2026, 1, 1), end=date(2026, 2, 1))
    assert caught.value.line == 6
    assert "repeat rule" in caught.value.message


def test_count_events_and_the_limit(monkeypatch):
    data = (CALENDARS / "duplicates.ics").read_bytes()

    assert count_events(data) == 4
    monkeypatch.setattr(calendar_read, "MAX_EVENTS", 3)
    with pytest.raises(CalendarUnreadable, match="4 events"):
        count_events(data)


def test_the_size_limit(monkeypatch):
    monkeypatch.setattr(calendar_read, "MAX_BYTES", 100)

    with pytest.raises(CalendarUnreadable, match="larger than"):
        read_calendar(b"x" * 101, zone=LONDON, start=date(2026, 1, 1), end=date(2026, 2, 1))


def test_event_to_dict_is_json_ready():
    event = read("duplicates.ics")[0]

    assert event.to_dict()["start"] == "2026-03-03T10:00:00+00:00"


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=30),
    excluded=st.sets(st.integers(min_value=0, max_value=29), max_size=10),
    hour=st.integers(min_value=0, max_value=23),
)
def test_a_daily_series_expands_to_its_count_less_its_exclusions(count, excluded, hour):
    first = datetime(2026, 3, 20, hour, 15)  # runs over the spring clock change
    excluded = {n for n in excluded if n < count}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "BEGIN:VEVENT",
        "UID:s",
        f"DTSTART;TZID=Europe/London:{first:%Y%m%dT%H%M%S}",
        "DURATION:PT30M",
        f"RRULE:FREQ=DAILY;COUNT={count}",
        *[f"EXDATE;TZID=Europe/London:{first + timedelta(days=n):%Y%m%dT%H%M%S}" for n in sorted(excluded)],
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    events = read_calendar("\r\n".join(lines).encode(), zone=LONDON, start=date(2026, 3, 1), end=date(2026, 5, 1))

    assert len(events) == count - len(excluded)
    assert all(e.minutes == 30 and e.recurring for e in events)


def test_outlook_custom_zone_name_with_colons_and_windows_1252_text():
    events = read("outlook_custom_zone_name.ics")

    assert [(local(e), e.title) for e in events] == [("2026-06-01 09:00", "Team meeting (café upstairs)")]


def test_an_unknown_calendar_time_zone_is_named():
    data = (CALENDARS / "google_x_wr_timezone.ics").read_bytes().replace(b"Europe/London", b"Europe/Lodon")

    with pytest.raises(CalendarUnreadable) as caught:
        read_calendar(data, zone=LONDON, start=date(2026, 1, 1), end=date(2027, 1, 1))
    assert caught.value.line == 7
    assert "Europe/Lodon" in caught.value.message


def test_an_event_with_two_end_dates_is_named():
    # Two events run together (their END and BEGIN lines lost), as hypothesis found by cutting a file
    data = (CALENDARS / "all_day_multi_day.ics").read_bytes().replace(b"END:VEVENT\r\nBEGIN:VEVENT\r\n", b"", 1)

    reading = calendar_read.read_calendar_reporting(data, zone=LONDON, start=date(2026, 1, 1), end=date(2027, 1, 1))

    assert len(reading.skipped) == 1
    assert "has more than one" in reading.skipped[0].why
    assert reading.skipped[0].line is not None
    assert reading.events  # the others are read


@pytest.mark.parametrize("folder", ["Europe", "America/Argentina", ""])
def test_a_time_zone_that_is_a_folder_of_the_zone_database_is_named(folder):
    # zoneinfo raises IsADirectoryError for a folder; hypothesis found "Europe" by cutting "Europe/London"
    data = (
        (CALENDARS / "recurrence_exceptions.ics").read_bytes().replace(b"TZID=Europe/London", f"TZID={folder}".encode())
    )

    with pytest.raises(CalendarUnreadable) as caught:
        read_calendar(data, zone=LONDON, start=date(2026, 1, 1), end=date(2027, 1, 1))
    assert f"the time zone '{folder}' is not one Attend knows" in caught.value.message
    assert caught.value.line is not None


def test_a_calendar_time_zone_that_is_a_folder_of_the_zone_database_is_named():
    data = (
        (CALENDARS / "google_x_wr_timezone.ics")
        .read_bytes()
        .replace(b"X-WR-TIMEZONE:Europe/London", b"X-WR-TIMEZONE:Europe")
    )

    with pytest.raises(CalendarUnreadable) as caught:
        read_calendar(data, zone=LONDON, start=date(2026, 1, 1), end=date(2027, 1, 1))
    assert "the calendar's time zone 'Europe' (X-WR-TIMEZONE) is not one Attend knows" in caught.value.message


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(sorted(path.name for path in CALENDARS.glob("*.ics"))),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 20), st.sampled_from([b"", b":", b";", b"\r\n", b"99"]))),
)
# Damage hypothesis once found, kept so each is tried on every run: a zone named "Europe" (a folder of the zone
# database), two events run together, and a time zone's repeat rule cut short.
@example(
    name="recurrence_exceptions.ics",
    cuts=[(0.578125, 15, b""), (0.7109375, 2, b""), (0.5753943275653693, 16, b""), (0.71875, 0, b":")],
)
@example(name="all_day_multi_day.ics", cuts=[(0.6875, 13, b""), (0.66796875, 9, b"")])
@example(name="outlook_custom_zone_name.ics", cuts=[(0.1875, 10, b""), (0.46296006257892863, 5, b"")])
def test_a_damaged_file_is_read_or_refused_never_anything_else(name, cuts):
    data = (CALENDARS / name).read_bytes()
    for where, length, insert in cuts[:4]:
        at = int(where * len(data))
        data = data[:at] + insert + data[at + length :]

    try:
        events = read_calendar(data, zone=LONDON, start=date(2026, 1, 1), end=date(2027, 1, 1))
    except CalendarUnreadable as error:
        assert error.message
    else:
        assert all(event.end >= event.start for event in events)


def _calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n".encode()


def test_two_different_meetings_without_uids_at_the_same_time_are_both_kept():
    data = _calendar(
        "DTSTART:20261126T100000Z\r\nDTEND:20261126T110000Z\r\nSUMMARY:Bed meeting",
        "DTSTART:20261126T100000Z\r\nDTEND:20261126T113000Z\r\nSUMMARY:Handover",
    )

    events = read_calendar(data, zone=LONDON, start=date(2026, 11, 23), end=date(2026, 11, 30))

    assert [e.title for e in events] == ["Bed meeting", "Handover"]


def test_a_cancelled_copy_does_not_hide_the_same_meeting_booked_again():
    data = _calendar(
        "UID:old\r\nSTATUS:CANCELLED\r\nDTSTART:20261127T100000Z\r\nDTEND:20261127T110000Z\r\nSUMMARY:Huddle",
        "UID:new\r\nDTSTART:20261127T100000Z\r\nDTEND:20261127T110000Z\r\nSUMMARY:Huddle",
    )

    events = read_calendar(data, zone=LONDON, start=date(2026, 11, 23), end=date(2026, 11, 30))

    assert [(e.uid, e.busy) for e in events] == [("new", True)]


def test_categories_are_read_so_shifts_can_be_marked_by_them():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Roster//EN\r\nBEGIN:VEVENT\r\nUID:s1\r\n"
        b"DTSTART:20260302T073000Z\r\nDTEND:20260302T200000Z\r\nSUMMARY:Shift\r\n"
        b"CATEGORIES:Long day,Ward 4\r\nCATEGORIES:Bank\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [event] = read_calendar(data, zone=LONDON, start=date(2026, 3, 1), end=date(2026, 3, 8), owner_emails=[])
    assert event.categories == ("Long day", "Ward 4", "Bank")
