"""The analysis engine on hand-built days (Europe/London), and its invariants (hypothesis)."""

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.diary.analysis import analyse
from attend.diary.calendar_read import Event
from attend.diary.figures import DEFAULT_THRESHOLDS, Thresholds, WorkPattern

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2026, 3, 3)
PATTERN = WorkPattern(zone=LONDON, days=frozenset(range(5)), starts=time(8, 30), ends=time(17, 0))
EVERY_DAY = WorkPattern(zone=LONDON, days=frozenset(range(7)), starts=time(8, 30), ends=time(17, 0))


def at(day: date, clock: str) -> datetime:
    hours, minutes = map(int, clock.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=LONDON)


def meeting(begin: str, finish: str, *, day: date = TUESDAY, title: str = "Meeting", **fields) -> Event:
    start, end = at(day, begin), at(day, finish)
    if end <= start:
        end += timedelta(days=1)
    return Event(
        uid=f"{title}-{day}-{begin}", title=title, start=start.astimezone(UTC), end=end.astimezone(UTC), **fields
    )


def day_of(events, *, day: date = TUESDAY, pattern: WorkPattern = PATTERN, thresholds: Thresholds = DEFAULT_THRESHOLDS):
    analysis = analyse(events, pattern=pattern, start=day, end=day + timedelta(days=1), thresholds=thresholds)
    return analysis.days[0]


def test_meeting_minutes_and_their_share_of_working_hours():
    day = day_of([meeting("09:00", "10:00"), meeting("10:00", "11:00", title="Other")])

    assert day.working_minutes == 510
    assert day.meeting_minutes == 120
    assert day.meeting_share == round(120 / 510, 3)
    assert day.free_minutes == 390
    assert day.meeting_count == 2


def test_overlapping_meetings_count_once_and_are_named():
    day = day_of([meeting("09:00", "10:00", title="Board"), meeting("09:30", "10:30", title="Huddle")])

    assert day.meeting_minutes == 90
    assert [(o.first, o.second, o.minutes) for o in day.overlaps] == [("Board", "Huddle", 30)]


def test_back_to_back_runs_join_gaps_under_five_minutes():
    day = day_of(
        [
            meeting("09:00", "10:00", title="A"),
            meeting("10:04", "11:00", title="B"),  # 4-minute gap: same run
            meeting("11:05", "12:00", title="C"),  # 5-minute gap: a new start
            meeting("12:00", "12:30", title="D"),
        ]
    )

    assert [(run.titles, run.minutes) for run in day.back_to_back] == [(("A", "B"), 120), (("C", "D"), 85)]
    assert day.longest_back_to_back_minutes == 120


def test_a_single_meeting_is_not_a_run():
    assert day_of([meeting("09:00", "12:00")]).longest_back_to_back_minutes == 0


def test_longest_free_block_and_focus_time():
    day = day_of([meeting("09:00", "10:00"), meeting("14:00", "15:00")])

    assert day.longest_free_minutes == 240  # 10:00 to 14:00
    assert day.focus_minutes == 240 + 120  # the 30 minutes before 9am is too short to count


def test_a_day_without_a_fifteen_minute_break():
    packed = [meeting(f"{h:02d}:{m:02d}", f"{h:02d}:{m + 20:02d}") for h in range(8, 17) for m in (30,)]
    packed += [meeting(f"{h:02d}:00", f"{h:02d}:20", title=f"M{h}") for h in range(9, 17)]
    with_gap = [*packed[:-1]]

    assert day_of(packed).no_break is True
    assert day_of(with_gap).no_break is False  # 15:50 to 16:30 is free
    assert day_of([]).no_break is False


def test_no_lunch_when_the_lunch_window_has_no_thirty_free_minutes():
    squeezed = [meeting("11:30", "12:00"), meeting("12:20", "13:00", title="B"), meeting("13:20", "14:00", title="C")]
    room = [meeting("11:30", "12:00"), meeting("12:30", "14:00", title="B")]

    assert day_of(squeezed).no_lunch is True
    assert day_of(room).no_lunch is False
    assert day_of([]).no_lunch is False


def test_early_late_and_weekend_work():
    saturday = TUESDAY + timedelta(days=4)
    weekday = day_of([meeting("07:30", "08:30"), meeting("16:30", "18:30", title="Late")])
    weekend = day_of([meeting("10:00", "11:00", day=saturday)], day=saturday)

    assert (weekday.early_minutes, weekday.late_minutes, weekday.meeting_minutes) == (60, 90, 30)
    assert weekend.working_day is False
    assert (weekend.working_minutes, weekend.weekend_minutes, weekend.meeting_minutes) == (0, 60, 0)


def test_an_event_crossing_midnight_counts_on_both_days():
    analysis = analyse([meeting("22:00", "02:00")], pattern=PATTERN, start=TUESDAY, end=TUESDAY + timedelta(days=2))
    tuesday, wednesday = analysis.days

    assert tuesday.late_minutes == 120
    assert wednesday.early_minutes == 120
    assert tuesday.meeting_count == wednesday.meeting_count == 1


def test_spring_clock_change_day_has_the_real_length():
    spring = date(2026, 3, 29)  # 1am becomes 2am
    day = day_of([meeting("00:30", "03:00", day=spring)], day=spring, pattern=EVERY_DAY)

    assert day.early_minutes == 90
    assert day.working_minutes == 510


def test_autumn_clock_change_day_has_the_real_length():
    autumn = date(2026, 10, 25)  # 2am becomes 1am
    start = datetime(2026, 10, 25, 0, 30, tzinfo=LONDON)
    end = datetime(2026, 10, 25, 2, 30, tzinfo=LONDON)
    night = Event(uid="n", title="Night", start=start.astimezone(UTC), end=end.astimezone(UTC))
    day = day_of([night, meeting("09:00", "10:00", day=autumn)], day=autumn, pattern=EVERY_DAY)

    assert day.early_minutes == 180
    assert day.meeting_minutes == 60


def test_all_day_events_are_listed_but_not_meeting_time():
    leave = Event(
        uid="l",
        title="Annual leave",
        start=datetime(2026, 3, 3, tzinfo=LONDON).astimezone(UTC),
        end=datetime(2026, 3, 5, tzinfo=LONDON).astimezone(UTC),
        all_day=True,
    )
    analysis = analyse([leave], pattern=PATTERN, start=TUESDAY, end=TUESDAY + timedelta(days=3))

    assert [day.all_day for day in analysis.days] == [("Annual leave",), ("Annual leave",), ()]
    assert all(day.meeting_minutes == 0 for day in analysis.days)


def test_events_that_are_not_busy_are_left_out():
    day = day_of([meeting("09:00", "10:00", busy=False, free_reason="declined")])

    assert (day.meeting_minutes, day.meeting_count) == (0, 0)


def test_long_and_large_meetings():
    day = day_of(
        [
            meeting("09:00", "10:00", title="Hour", attendees=7),
            meeting("10:00", "11:01", title="Long", attendees=8),
        ]
    )

    assert [m.title for m in day.long_meetings] == ["Long"]
    assert [m.title for m in day.large_meetings] == ["Long"]


def test_recurring_and_one_off_minutes():
    day = day_of([meeting("09:00", "09:15", recurring=True, series_uid="s"), meeting("10:00", "11:00", title="X")])

    assert (day.recurring_minutes, day.one_off_minutes) == (15, 60)


def test_thresholds_are_settings():
    events = [meeting("09:00", "10:00", title="A"), meeting("10:10", "11:00", title="B")]

    assert day_of(events).longest_back_to_back_minutes == 0
    assert day_of(events, thresholds=Thresholds(back_to_back_gap=15)).longest_back_to_back_minutes == 120


def test_weeks_are_iso_weeks_summing_their_days():
    wednesday = date(2026, 3, 4)
    events = [meeting("09:00", "10:00", day=wednesday + timedelta(days=n), title=f"M{n}") for n in range(10)]
    analysis = analyse(events, pattern=PATTERN, start=wednesday, end=wednesday + timedelta(days=10))

    assert [week.week_start for week in analysis.weeks] == [date(2026, 3, 2), date(2026, 3, 9)]
    first, second = analysis.weeks
    assert first.meeting_minutes == 3 * 60  # Wednesday to Friday; the weekend is not working time
    assert first.weekend_minutes == 2 * 60
    assert second.working_minutes == 5 * 510
    assert len(analysis.days_of(first)) == 5


def test_everything_is_json_ready():
    analysis = analyse(
        [meeting("09:00", "10:00"), meeting("09:30", "10:30", title="B")],
        start=TUESDAY,
        end=TUESDAY + timedelta(days=7),
    )

    text = json.dumps(analysis.to_dict())
    assert '"week_start": "2026-03-02"' in text
    assert '"zone": "Europe/London"' in text


# Invariants -----------------------------------------------------------------------------------------------

minutes_into_week = st.integers(min_value=0, max_value=7 * 24 * 60)
durations = st.integers(min_value=0, max_value=10 * 60)


@st.composite
def weeks_of_events(draw):
    spans = draw(st.lists(st.tuples(minutes_into_week, durations, st.booleans()), max_size=25))
    base = datetime(2026, 3, 23, tzinfo=LONDON)  # the week of the spring clock change
    return [
        Event(
            uid=str(n),
            title=f"E{n}",
            start=(base + timedelta(minutes=start)).astimezone(UTC),
            end=(base + timedelta(minutes=start + length)).astimezone(UTC),
            recurring=recurring,
        )
        for n, (start, length, recurring) in enumerate(spans)
    ]


@settings(max_examples=150, deadline=None)
@given(weeks_of_events())
def test_busy_plus_free_is_working_time_and_nothing_is_negative(events):
    analysis = analyse(events, pattern=PATTERN, start=date(2026, 3, 23), end=date(2026, 3, 30))

    for day in analysis.days:
        assert day.meeting_minutes + day.free_minutes == day.working_minutes
        assert 0 <= day.longest_free_minutes <= day.free_minutes
        assert 0 <= day.focus_minutes <= day.free_minutes
        assert 0.0 <= day.meeting_share <= 1.0
        numbers = [value for value in day.to_dict().values() if isinstance(value, int | float)]
        assert all(value >= 0 for value in numbers)
        assert all(run.minutes >= 0 and run.meetings >= 2 for run in day.back_to_back)
    week = analysis.weeks[0]
    assert week.meeting_minutes == sum(day.meeting_minutes for day in analysis.days)
    assert week.meeting_minutes + week.free_minutes == week.working_minutes
