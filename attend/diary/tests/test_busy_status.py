"""Issue 18 item 7: out of office, tentative and free events, as Outlook and the standard write them (ADR 0010)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.diary.analysis import analyse
from attend.diary.calendar_read import Event, read_calendar
from attend.diary.figures import WorkPattern
from attend.diary.proposals import propose

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2026, 3, 3)
PATTERN = WorkPattern(zone=LONDON, days=frozenset(range(5)), starts=time(8, 30), ends=time(17, 0))


def _calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n".encode()


def _event(uid: str, title: str, extra: str = "", begin: str = "090000", end: str = "130000") -> str:
    return f"UID:{uid}\r\nDTSTART:20260303T{begin}Z\r\nDTEND:20260303T{end}Z\r\nSUMMARY:{title}\r\n{extra}"


def _read(*events: str) -> dict[str, Event]:
    read = read_calendar(_calendar(*events), zone=LONDON, start=date(2026, 3, 2), end=date(2026, 3, 9))
    return {event.uid: event for event in read}


def test_an_outlook_half_day_of_leave_is_away_not_a_meeting():
    events = _read(_event("leave", "Annual leave (half day)", "X-MICROSOFT-CDO-BUSYSTATUS:OOF"))

    assert events["leave"].busy is False and events["leave"].free_reason == "away"


def test_tentative_in_either_property_is_tentative_not_busy():
    events = _read(
        _event("a", "Maybe", "STATUS:TENTATIVE"),
        _event("b", "Perhaps", "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE", begin="140000", end="150000"),
    )

    assert [(e.busy, e.free_reason) for e in events.values()] == [(False, "tentative"), (False, "tentative")]


def test_free_in_either_property_is_free():
    events = _read(
        _event("a", "Hold", "TRANSP:TRANSPARENT"),
        _event("b", "Reading", "X-MICROSOFT-CDO-BUSYSTATUS:FREE", begin="140000", end="150000"),
    )

    assert {e.free_reason for e in events.values()} == {"free"}


def test_a_busy_outlook_meeting_is_still_a_meeting():
    events = _read(_event("m", "Bed meeting", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\nTRANSP:OPAQUE"))

    assert events["m"].busy is True and events["m"].free_reason is None


def test_attendee_addresses_are_read_in_lower_case_without_mailto():
    events = _read(_event("m", "Catch up", "ATTENDEE;CN=Sam:MAILTO:Sam@Example.NHS.uk\r\nATTENDEE:mailto:me@x.uk"))

    assert events["m"].attendee_emails == ("me@x.uk", "sam@example.nhs.uk")


def _at(clock: str, day: date = TUESDAY) -> datetime:
    hours, minutes = map(int, clock.split(":"))
    return datetime.combine(day, time(hours, minutes), LONDON).astimezone(UTC)


def _e(begin: str, end: str, title: str = "Meeting", **fields) -> Event:
    return Event(uid=f"{title}{begin}", title=title, start=_at(begin), end=_at(end), **fields)


def _day(events):
    return analyse(events, pattern=PATTERN, start=TUESDAY, end=TUESDAY + timedelta(days=1)).days[0]


def test_half_a_day_of_leave_is_taken_off_working_time_and_is_no_meeting():
    day = _day([_e("08:30", "12:30", "Annual leave (half day)", busy=False, free_reason="away")])

    assert day.meeting_minutes == 0 and day.meeting_count == 0
    assert day.away_minutes == 240
    assert day.working_minutes == 510 - 240
    assert day.free_minutes == 270
    assert day.longest_free_minutes == 270  # the free afternoon, not the leave


def test_a_day_of_leave_has_no_working_time():
    leave = Event(
        uid="l",
        title="Annual leave",
        start=datetime.combine(TUESDAY, time(), LONDON).astimezone(UTC),
        end=datetime.combine(TUESDAY + timedelta(days=1), time(), LONDON).astimezone(UTC),
        all_day=True,
        busy=False,
        free_reason="away",
    )
    day = _day([leave, _e("10:00", "11:00")])

    assert day.working_minutes == 0 and day.meeting_minutes == 0 and day.free_minutes == 0
    assert day.all_day == ("Annual leave",)


def test_tentative_meetings_are_shown_apart_and_not_counted_as_meetings():
    day = _day([_e("10:00", "11:00", "Maybe", busy=False, free_reason="tentative"), _e("14:00", "15:00")])

    assert day.meeting_minutes == 60 and day.meeting_count == 1
    assert day.tentative_minutes == 60
    assert [ref.title for ref in day.tentative] == ["Maybe"]


def test_free_events_count_for_nothing():
    day = _day([_e("10:00", "11:00", "Hold", busy=False, free_reason="free")])

    assert (day.meeting_minutes, day.tentative_minutes, day.away_minutes) == (0, 0, 0)


def test_no_protected_time_is_offered_over_leave_or_a_tentative_meeting():
    events = [
        _e("08:30", "12:30", "Annual leave (half day)", busy=False, free_reason="away"),
        _e("13:00", "17:00", "Maybe", busy=False, free_reason="tentative"),
    ]
    plan = propose(events, pattern=PATTERN, start=TUESDAY, end=TUESDAY + timedelta(days=1))

    # Only the half hour between them is free: whatever is offered lies there.
    assert plan.proposals
    assert all(_at("12:30") <= p.start and p.end <= _at("13:00") for p in plan.proposals)


reasons = st.sampled_from([None, "away", "tentative", "free", "cancelled"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 24 * 60 - 1), st.integers(1, 6 * 60), reasons), max_size=15))
def test_away_time_never_makes_a_figure_negative_and_meetings_plus_free_are_working_time(spans):
    base = datetime.combine(TUESDAY, time(), LONDON)
    events = [
        Event(
            uid=str(n),
            title=f"E{n}",
            start=(base + timedelta(minutes=start)).astimezone(UTC),
            end=(base + timedelta(minutes=start + length)).astimezone(UTC),
            busy=reason is None,
            free_reason=reason,
        )
        for n, (start, length, reason) in enumerate(spans)
    ]
    day = _day(events)
    without_leave = _day([e for e in events if e.free_reason != "away"])

    assert day.meeting_minutes + day.free_minutes == day.working_minutes
    assert 0 <= day.working_minutes <= 510 and day.working_minutes + day.away_minutes == 510
    assert day.meeting_minutes <= without_leave.meeting_minutes  # leave never adds meeting time
    assert day.meeting_count == without_leave.meeting_count
