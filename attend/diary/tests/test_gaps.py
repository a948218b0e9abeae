"""Issue 18 item 5: the next real gap in today's working hours, and the practice that fits it (pure)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.diary.calendar_read import Event
from attend.diary.figures import WorkPattern
from attend.diary.gaps import MIN_GAP, next_gap, practice_that_fits

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2026, 3, 3)
PATTERN = WorkPattern(zone=LONDON, days=frozenset(range(5)), starts=time(8, 30), ends=time(17, 0))
LIBRARY = [("breathing-space", 180), ("stop", 60), ("pause-before", 120), ("self-compassion-break", 300),
           ("loving-kindness", 600), ("body-scan-15", 900), ("body-scan-30", 1800)]  # fmt: skip


def _at(clock: str, day: date = TUESDAY) -> datetime:
    hours, minutes = map(int, clock.split(":"))
    return datetime.combine(day, time(hours, minutes), LONDON)


def _e(begin: str, end: str, title: str = "Meeting", **fields) -> Event:
    return Event(
        uid=title + begin, title=title, start=_at(begin).astimezone(UTC), end=_at(end).astimezone(UTC), **fields
    )


def test_the_next_gap_is_after_the_meetings_now_running():
    gap = next_gap(
        [_e("09:00", "10:00"), _e("10:00", "11:00"), _e("12:00", "13:00")], pattern=PATTERN, now=_at("09:30")
    )

    assert (gap.start, gap.end, gap.minutes) == (_at("11:00"), _at("12:00"), 60)


def test_in_a_gap_the_gap_runs_from_now():
    gap = next_gap([_e("12:00", "13:00")], pattern=PATTERN, now=_at("11:20"))

    assert (gap.start, gap.end) == (_at("11:20"), _at("12:00"))


def test_a_gap_under_five_minutes_is_no_gap():
    gap = next_gap([_e("09:00", "10:00"), _e("10:03", "17:00")], pattern=PATTERN, now=_at("09:30"))

    assert gap is None


def test_tentative_meetings_and_leave_hold_the_time_but_free_events_do_not():
    events = [
        _e("09:00", "12:00", "Maybe", busy=False, free_reason="tentative"),
        _e("12:00", "13:00", "Annual leave (half day)", busy=False, free_reason="away"),
        _e("13:00", "14:00", "Hold", busy=False, free_reason="free"),
    ]

    assert next_gap(events, pattern=PATTERN, now=_at("09:00")).start == _at("13:00")


def test_none_after_working_hours_on_a_day_off_or_on_a_day_of_leave():
    leave = Event(
        uid="l", title="Annual leave", start=_at("00:00").astimezone(UTC),
        end=_at("00:00", TUESDAY + timedelta(days=1)).astimezone(UTC), all_day=True, busy=False, free_reason="away",
    )  # fmt: skip

    assert next_gap([], pattern=PATTERN, now=_at("17:00")) is None
    assert next_gap([], pattern=PATTERN, now=_at("10:00", date(2026, 3, 7))) is None  # a Saturday
    assert next_gap([leave], pattern=PATTERN, now=_at("10:00")) is None


def test_the_practice_that_fits_is_the_longest_that_leaves_a_minute_and_at_most_fifteen():
    assert practice_that_fits(LIBRARY, 2) == "stop"
    assert practice_that_fits(LIBRARY, 4) == "breathing-space"
    assert practice_that_fits(LIBRARY, 10) == "self-compassion-break"
    assert practice_that_fits(LIBRARY, 300) == "body-scan-15"
    assert practice_that_fits(LIBRARY, 1) is None


clock_minutes = st.integers(0, 24 * 60 - 1)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(clock_minutes, st.integers(1, 240)), max_size=12), clock_minutes)
def test_a_gap_is_free_inside_working_hours_after_now_and_long_enough(spans, now_minute):
    base = _at("00:00")
    events = [
        Event(uid=str(n), title="M", start=(base + timedelta(minutes=s)).astimezone(UTC),
              end=(base + timedelta(minutes=s + length)).astimezone(UTC))
        for n, (s, length) in enumerate(spans)
    ]  # fmt: skip
    now = base + timedelta(minutes=now_minute)

    gap = next_gap(events, pattern=PATTERN, now=now)

    if gap is not None:
        assert gap.minutes >= MIN_GAP
        assert _at("08:30") <= gap.start and gap.end <= _at("17:00") and gap.start >= now
        assert not any(e.start < gap.end and e.end > gap.start for e in events)
        key = practice_that_fits(LIBRARY, gap.minutes)
        assert key is not None and dict(LIBRARY)[key] <= gap.minutes * 60
