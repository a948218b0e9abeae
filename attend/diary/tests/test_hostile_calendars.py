"""Calendars written to take Attend down (issue 14): each is refused with a message naming the event, or read
and analysed with bounded work. Speed is measured in bench/diary_hostile.py; here only the outcome and the
amount of work (operations counted, never wall time)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil import rrule

from attend.diary import analysis, calendar_bounds
from attend.diary.analysis import analyse
from attend.diary.calendar_bounds import MAX_EVENTS_A_DAY, MAX_RULE_STEPS, busiest_day
from attend.diary.calendar_read import MAX_OCCURRENCES, CalendarUnreadable, Event, read_calendar
from attend.diary.figures import WorkPattern

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

    assert message.startswith("Attend would have to step through about 1,1")
    assert message.endswith(
        " repeats of “Stand-up” (line 5), from 1900, to find its dates. It steps through up to 1,000,000 in a "
        "calendar. Export a shorter range of dates."
    )


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


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # the 30th of February
        "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYDAY=6MO",  # a sixth Monday
        "FREQ=YEARLY;BYWEEKNO=20;BYMONTH=1",  # week 20 is never in January
        "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",  # every fourth year from 2025: never a leap year
        "FREQ=WEEKLY;BYMONTHDAY=31;BYMONTH=11;UNTIL=20261231T000000Z",
    ],
)
def test_a_repeat_rule_that_falls_on_no_date_is_refused_naming_the_event(rule):
    # Left alone, the rule library walks every day to the year 9999 looking for the first date (10 s for one).
    message = refused(calendar(stand_up(f"RRULE:{rule}", start="20250115T090000Z", end="20250115T091500Z")))

    assert message == (
        "“Stand-up” (line 5) has a repeat rule that falls on no date (such as the 30th of February), "
        "so it never happens."
    )


def test_a_repeat_rule_that_falls_rarely_is_read():
    # The 29th of February that is a Monday: 2044 is the next; and the last Friday of each month.
    events = read(
        calendar(
            stand_up("RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"),
            ["SUMMARY:Review", "DTSTART:20250627T140000Z", "DTEND:20250627T150000Z", "RRULE:FREQ=MONTHLY;BYDAY=-1FR"],
        )
    )

    assert [event.title for event in events].count("Stand-up") == 1  # only its first date, 15 November 2025
    assert [event.start.date() for event in events if event.title == "Review"][:3] == [
        date(2025, 6, 27),
        date(2025, 7, 25),
        date(2025, 8, 29),
    ]


def test_many_rules_that_fall_rarely_are_refused_before_the_long_walks():
    # Each walks about 18 years of days to its first date and as far again after the dates kept: together far
    # over the walking budget, so the file is refused before any walk.
    rare = [
        [f"SUMMARY:Rare {n}", "DTSTART:20250301T090000Z", "DTEND:20250301T091500Z"]
        + ["RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"]
        for n in range(MAX_RULE_STEPS // 20_000)
    ]
    message = refused(calendar(*rare))

    assert " repeats of “Rare 0” (line 5), from 2025, to find its dates." in message


def counting_days(day_set, walked: list[int]):
    """dateutil's builder of one period's candidate days, noting how many days it made."""

    def counted(self, *args):
        days, first, last = day_set(self, *args)
        walked.append(last - first)
        return days, first, last

    return counted


@pytest.mark.parametrize(
    ("start", "rule"),
    [
        ("20000103T090000Z", "FREQ=DAILY"),
        ("20000103T090000Z", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("20250627T140000Z", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("20250301T090000Z", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"),
        ("20250301T090000Z", "FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"),
        ("20250301T090000Z", "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"),
        ("20250301T090000Z", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"),
        ("20100301T090000Z", "FREQ=HOURLY;BYHOUR=9,10"),
        ("20250301T090000Z", "FREQ=DAILY;UNTIL=20250401T000000Z;BYMONTHDAY=31"),
    ],
)
def test_the_walk_a_rule_is_charged_is_at_least_the_days_the_libraries_walk(monkeypatch, start, rule):
    # The budget is only a defence if its estimate bounds the real work: count the days dateutil builds.
    walked = []
    for name in ("ddayset", "wdayset", "mdayset", "ydayset"):
        monkeypatch.setattr(rrule._iterinfo, name, counting_days(getattr(rrule._iterinfo, name), walked))
    data = calendar(stand_up(f"RRULE:{rule}", start=start, end=start[:-3] + "59Z"))
    component = next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))
    estimate = calendar_bounds._rule_steps(
        component, component["RRULE"], component["DTSTART"].dt, datetime(2026, 1, 26, tzinfo=LONDON), data
    )
    walked.clear()

    read(data)

    assert sum(walked) <= estimate


def test_a_day_with_more_events_than_the_limit_is_refused_naming_the_day():
    at_nine = [
        [f"SUMMARY:Clash {n}", "DTSTART:20251117T090000Z", "DTEND:20251117T100000Z"]
        for n in range(MAX_EVENTS_A_DAY + 1)
    ]

    assert refused(calendar(*at_nine)) == (
        f"17 November 2025 has more than {MAX_EVENTS_A_DAY} events. Attend reads calendars with up to "
        f"{MAX_EVENTS_A_DAY} events on any one day. If this is a shared or team calendar, export your own "
        "calendar instead."
    )
    assert len(read(calendar(*at_nine[:MAX_EVENTS_A_DAY]))) == MAX_EVENTS_A_DAY


def test_an_event_counts_on_every_day_it_covers():
    # Events starting on Monday and lasting all week, then more on Thursday: only Thursday is over the limit.
    week_long = [
        [f"SUMMARY:Away {n}", "DTSTART;VALUE=DATE:20251117", "DTEND;VALUE=DATE:20251122"]
        for n in range(MAX_EVENTS_A_DAY - 10)
    ]
    thursday = [[f"SUMMARY:Huddle {n}", "DTSTART:20251120T090000Z", "DTEND:20251120T091500Z"] for n in range(11)]

    assert refused(calendar(*week_long, *thursday)).startswith(f"20 November 2025 has {MAX_EVENTS_A_DAY + 1} events.")


def test_the_busiest_day_is_found_by_the_days_events_cover():
    def event(start: datetime, hours: float) -> Event:
        return Event(uid=str(start), title="", start=start, end=start + timedelta(hours=hours))

    events = [
        event(datetime(2025, 11, 17, 23, tzinfo=LONDON), 2),  # Monday night into Tuesday
        event(datetime(2025, 11, 18, 9, tzinfo=LONDON), 1),
        event(datetime(2025, 11, 16, 9, tzinfo=LONDON), 24 * 3),  # Sunday to Wednesday morning
        event(datetime(2025, 11, 19, 0, tzinfo=LONDON), 0),  # no length: counts on its day
    ]
    since = datetime(2025, 11, 17, tzinfo=LONDON)

    assert busiest_day(events, LONDON, since, since + timedelta(days=7)) == (date(2025, 11, 18), 3)
    assert busiest_day([], LONDON, since, since + timedelta(days=7)) == (None, 0)


def test_too_many_extra_dates_are_refused_before_expanding():
    dates = ",".join(
        (datetime(2025, 7, 1, tzinfo=UTC) + timedelta(minutes=n)).strftime("%Y%m%dT%H%M%SZ")
        for n in range(MAX_OCCURRENCES + 1)
    )
    message = refused(calendar(stand_up(f"RDATE:{dates}")))

    limit = f"{MAX_OCCURRENCES:,}"
    expected = f"“Stand-up” (line 5) has more than {limit} extra dates (RDATE); Attend reads up to {limit} in all."
    assert message == expected


def five_thousand_overlapping() -> list[Event]:
    """More than a file may hold on one day (MAX_EVENTS_A_DAY): the engine stays bounded all the same."""
    first = datetime(2025, 11, 17, 8, tzinfo=UTC)
    return [
        Event(
            uid=f"clash-{n}",
            title=f"Clash {n}",
            start=first + timedelta(minutes=n % 600),
            end=first + timedelta(minutes=n % 600 + 60),
        )
        for n in range(5000)
    ]


def test_five_thousand_overlapping_events_are_analysed_with_bounded_overlap_work(monkeypatch):
    events = five_thousand_overlapping()
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
