"""Calendars written to take Attend down (issue 14): each is refused with a message naming the event, or read
and analysed with bounded work. Speed is measured in bench/diary_hostile.py; here only the outcome and the
amount of work (operations counted, never wall time)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from attend.diary import analysis
from attend.diary.analysis import WorkPattern, analyse
from attend.diary.calendar_read import MAX_OCCURRENCES, CalendarUnreadable, read_calendar

LONDON = ZoneInfo("Europe/London")
START, END = date(2025, 6, 2), date(2026, 1, 26)  # the stored window: 26 weeks back, 8 ahead


def calendar(*events: list[str]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Attend tests//EN"]
    for number, event in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:hostile-{number}@example.test", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def stand_up(*lines: str, start: str = "20251115T090000Z", end: str = "20251115T091500Z") -> list[str]:
    return ["SUMMARY:Stand-up", f"DTSTART:{start}", f"DTEND:{end}", *lines]


def read(data: bytes):
    return read_calendar(data, zone=LONDON, start=START, end=END)


def refused(data: bytes) -> str:
    with pytest.raises(CalendarUnreadable) as caught:
        read(data)
    return caught.value.message


def test_a_minutely_series_of_20000_is_refused_naming_the_event_and_line():
    message = refused(calendar(stand_up("RRULE:FREQ=MINUTELY;COUNT=20000")))

    assert message == "“Stand-up” (line 5) repeats every minute; Attend reads series that repeat at most hourly."


def test_minutely_count_200000_and_secondly_are_refused_before_expanding():
    assert "repeats every minute" in refused(calendar(stand_up("RRULE:FREQ=MINUTELY;COUNT=200000")))
    assert refused(calendar(stand_up("RRULE:FREQ=SECONDLY"))) == (
        "“Stand-up” (line 5) repeats every second; Attend reads series that repeat at most hourly."
    )


@pytest.mark.parametrize("interval", ["0", "-1"])
def test_a_zero_or_negative_interval_is_refused(interval):
    message = refused(calendar(stand_up(f"RRULE:FREQ=DAILY;INTERVAL={interval}")))

    assert message == (
        f"“Stand-up” (line 5) repeats every {interval} days; Attend reads series that repeat every 1 or more days."
    )


def test_rule_parts_that_repeat_more_than_hourly_are_refused():
    minutes = ",".join(str(minute) for minute in range(60))
    message = refused(calendar(stand_up(f"RRULE:FREQ=DAILY;BYMINUTE={minutes}")))

    assert message == "“Stand-up” (line 5) repeats 60 times a day; Attend reads series that repeat at most hourly."


def test_an_hourly_series_is_read_up_to_the_occurrence_limit():
    events = read(calendar(stand_up("RRULE:FREQ=HOURLY;COUNT=500")))

    assert len(events) == 500


@pytest.mark.slow
def test_more_occurrences_than_the_limit_in_the_window_are_refused_naming_the_busiest_event():
    # 24 a day over the 238 days kept: 5,712 each, four of them 22,848 > 20,000
    series = [
        [f"SUMMARY:Hourly {n}", "DTSTART:20250602T000000Z", "DTEND:20250602T001000Z", "RRULE:FREQ=HOURLY"]
        for n in range(4)
    ]
    message = refused(calendar(*series))

    assert message.startswith("“Hourly 0” (line 5) has ")
    assert message.endswith(f"Attend reads up to {MAX_OCCURRENCES:,} in all.")


def test_an_hourly_series_from_long_ago_is_refused_before_walking_to_today():
    message = refused(calendar(stand_up("RRULE:FREQ=HOURLY", start="19000101T090000Z", end="19000101T091500Z")))

    assert message.startswith("“Stand-up” (line 5) repeats ")
    assert "before the dates Attend keeps" in message


@pytest.mark.parametrize(
    ("lines", "year"),
    [
        (stand_up(start="99991231T090000Z", end="99991231T100000Z"), 9999),
        (stand_up(start="00010101T090000Z", end="00010101T100000Z"), 1),
        (stand_up(end="99991231T100000Z"), 9999),
        (stand_up("RRULE:FREQ=YEARLY", start="00010101T090000Z", end="00010101T100000Z"), 1),
        (["SUMMARY:Stand-up", "DTSTART;VALUE=DATE:20251115", "DTEND;VALUE=DATE:99991231"], 9999),
        (stand_up("RRULE:FREQ=DAILY;UNTIL=99991231T000000Z"), 9999),
        (stand_up("EXDATE:00010101T090000Z"), 1),
    ],
)
def test_dates_outside_the_years_attend_shows_are_refused_naming_the_event(lines, year):
    message = refused(calendar(lines))

    assert message == f"“Stand-up” (line 5) is dated in the year {year}; Attend reads dates from 1900 to 2200."


def test_a_duration_running_past_the_years_attend_shows_is_refused():
    message = refused(calendar(["SUMMARY:Stand-up", "DTSTART:20251115T090000Z", "DURATION:P3000000D"]))

    assert message.startswith("“Stand-up” (line 5) is dated")


def test_too_many_extra_dates_are_refused_before_expanding():
    dates = ",".join(
        (datetime(2025, 7, 1, tzinfo=UTC) + timedelta(minutes=n)).strftime("%Y%m%dT%H%M%SZ")
        for n in range(MAX_OCCURRENCES + 1)
    )
    message = refused(calendar(stand_up(f"RDATE:{dates}")))

    limit = f"{MAX_OCCURRENCES:,}"
    expected = f"“Stand-up” (line 5) has more than {limit} extra dates (RDATE); Attend reads up to {limit} in all."
    assert message == expected


def five_thousand_overlapping() -> list:
    first = datetime(2025, 11, 17, 8, tzinfo=UTC)
    return [
        [
            f"SUMMARY:Clash {n}",
            f"DTSTART:{(first + timedelta(minutes=n % 600)).strftime('%Y%m%dT%H%M%SZ')}",
            f"DTEND:{(first + timedelta(minutes=n % 600 + 60)).strftime('%Y%m%dT%H%M%SZ')}",
        ]
        for n in range(5000)
    ]


@pytest.mark.slow
def test_five_thousand_overlapping_events_are_analysed_with_bounded_overlap_work(monkeypatch):
    events = read(calendar(*five_thousand_overlapping()))
    built = []
    real = analysis.Overlap

    def counting(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis, "Overlap", counting)
    result = analyse(events, pattern=WorkPattern(zone=LONDON), start=date(2025, 11, 17), end=date(2025, 11, 24))

    monday = result.days[0]
    assert monday.meeting_count == 5000
    assert len(monday.overlaps) == analysis.MAX_OVERLAPS_A_DAY  # not the ~400,000 pairs
    assert len(built) == analysis.MAX_OVERLAPS_A_DAY
    assert result.weeks[0].overlaps == analysis.MAX_OVERLAPS_A_DAY


def test_overlaps_by_sweep_match_every_pair_on_a_normal_day():
    def event(title, start, end):
        return read_event(title, start, end)

    events = [
        event("A", 9, 11),
        event("B", 9.5, 10),
        event("C", 10.5, 12),
        event("D", 11.5, 12.5),
        event("E", 13, 14),
        event("F", 13, 14),
    ]
    day = analyse(events, pattern=WorkPattern(zone=UTC_ZONE), start=date(2026, 1, 5), end=date(2026, 1, 6)).days[0]

    assert [(o.first, o.second, o.minutes) for o in day.overlaps] == [
        ("A", "B", 30),
        ("A", "C", 30),
        ("C", "D", 30),
        ("E", "F", 60),
    ]


UTC_ZONE = ZoneInfo("UTC")


def read_event(title: str, start: float, end: float):
    from attend.diary.calendar_read import Event

    base = datetime(2026, 1, 5, tzinfo=UTC)
    return Event(uid=title, title=title, start=base + timedelta(hours=start), end=base + timedelta(hours=end))
