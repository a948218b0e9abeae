"""Quiet hours and the digest for a shift worker: never in rest after a night, never on a rest day, and a
digest whose chosen time is outside a shift comes half an hour into that day's shift."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.accounts import working_pattern as wp
from attend.nudges import rules

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 30)
WEEK = ("LD", None, "N", "N", None, "LD", None)  # Fri is rest after Thursday's night


def pattern_for(moment: datetime, week=WEEK) -> rules.WorkingPattern:
    rota = wp.Pattern(kind=wp.ROTA, shifts=wp.NHS_SHIFTS, rota_starts_on=MONDAY, rota=(week,))
    today = moment.astimezone(LONDON).date()
    schedule = wp.schedule(rota, start=today - timedelta(days=15), end=today + timedelta(days=2), zone=LONDON)
    return rules.WorkingPattern(
        time_zone="Europe/London",
        days=frozenset(range(5)),
        start=time(9),
        end=time(17),
        shifts=tuple((s.day, s.start, s.end) for s in schedule.shifts),
    )


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC)


def test_the_morning_after_a_night_is_quiet_and_the_night_itself_is_not():
    friday = MONDAY + timedelta(days=4)
    assert rules.is_quiet(at(friday, time(10)), pattern_for(at(friday, time(10))))
    assert not rules.is_quiet(at(friday, time(3)), pattern_for(at(friday, time(3))))
    # A fixed-hours person would be emailed on Friday at ten.
    fixed = rules.WorkingPattern(time_zone="Europe/London", days=frozenset(range(5)), start=time(9), end=time(17))
    assert not rules.is_quiet(at(friday, time(10)), fixed)


def test_a_daily_digest_comes_at_the_chosen_time_in_a_long_day_and_after_handover_on_a_night():
    choice = rules.DigestChoice(at=time(9))
    monday_noon = at(MONDAY, time(12))
    assert rules.digest_slot(monday_noon, choice, pattern_for(monday_noon)) == at(MONDAY, time(9))
    wednesday_night = at(MONDAY + timedelta(days=2), time(23))
    assert rules.digest_slot(wednesday_night, choice, pattern_for(wednesday_night)) == at(
        MONDAY + timedelta(days=2), time(20)
    )
    # Friday (rest after the night) has no digest of its own: the latest is Thursday night's.
    friday_noon = at(MONDAY + timedelta(days=4), time(12))
    assert rules.digest_slot(friday_noon, choice, pattern_for(friday_noon)) == at(MONDAY + timedelta(days=3), time(20))


def test_a_weekly_digest_goes_on_the_first_shift_on_or_after_the_chosen_day():
    choice = rules.DigestChoice(frequency=rules.WEEKLY, weekday=1, at=time(9))  # Tuesday is a rest day
    thursday = at(MONDAY + timedelta(days=3), time(12))
    assert rules.digest_slot(thursday, choice, pattern_for(thursday)) == at(MONDAY + timedelta(days=2), time(20))


def test_shift_workers_are_not_refused_a_digest_time():
    choice = rules.DigestChoice(at=time(6))
    assert rules.digest_problems(choice, pattern_for(at(MONDAY, time(12)))) == []


@settings(max_examples=100, deadline=None)
@given(
    week=st.tuples(*[st.sampled_from([None, "LD", "N", "E", "L"])] * 7),
    hours=st.integers(0, 24 * 60),
    clock=st.integers(0, 23),
    weekly=st.booleans(),
)
def test_a_digest_slot_is_never_quiet_and_never_in_rest(week, hours, clock, weekly):
    moment = at(date(2026, 10, 1), time(0)) + timedelta(hours=hours)  # across the October change
    pattern = pattern_for(moment, week)
    choice = rules.DigestChoice(frequency=rules.WEEKLY if weekly else rules.DAILY, at=time(clock), weekday=2)
    slot = rules.digest_slot(moment, choice, pattern)
    if slot is not None:
        assert slot <= moment
        assert not rules.is_quiet(slot, pattern)


def test_a_working_day_is_a_day_a_shift_starts():
    pattern = pattern_for(at(MONDAY, time(12)))
    assert rules.is_working_day(MONDAY, pattern)
    assert not rules.is_working_day(MONDAY + timedelta(days=1), pattern)  # a rest day
    assert not rules.is_working_day(MONDAY + timedelta(days=4), pattern)  # rest after the night
