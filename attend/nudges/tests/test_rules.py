"""When Attend may email a person: quiet hours, digest times and the email budget. Pure: no database."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from attend.nudges import rules
from attend.nudges.rules import Budget, DigestChoice, WorkingPattern

LONDON = zoneinfo.ZoneInfo("Europe/London")
WEEKDAYS = frozenset(range(5))


def pattern(time_zone="Europe/London", days=WEEKDAYS, start=time(9), end=time(17)) -> WorkingPattern:
    return WorkingPattern(time_zone=time_zone, days=frozenset(days), start=start, end=end)


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# A summer week (London on BST, UTC+1): Monday 15 June 2026 to Sunday 21 June.
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(15, 22)
DAILY_AT_NINE = DigestChoice(frequency=rules.DAILY, at=time(9))


# Quiet hours


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (london(2026, 6, MONDAY, 8, 59, 59), True),
        (london(2026, 6, MONDAY, 9, 0), False),
        (london(2026, 6, MONDAY, 12, 30), False),
        (london(2026, 6, MONDAY, 16, 59, 59), False),
        (london(2026, 6, MONDAY, 17, 0), True),
        (london(2026, 6, MONDAY, 23, 30), True),
        (london(2026, 6, FRIDAY, 16, 0), False),
        (london(2026, 6, SATURDAY, 12, 0), True),
        (london(2026, 6, SUNDAY, 10, 0), True),
        # 08:30 UTC is 09:30 in London in summer: working
        (utc(2026, 6, MONDAY, 8, 30), False),
        # 16:30 UTC is 17:30 in London in summer: quiet
        (utc(2026, 6, MONDAY, 16, 30), True),
    ],
)
def test_quiet_hours_are_everything_outside_the_working_hours_of_working_days(moment, quiet):
    assert rules.is_quiet(moment, pattern()) is quiet


def test_a_person_who_works_weekends_is_not_quiet_on_a_saturday():
    weekender = pattern(days={2, 3, 4, 5, 6})

    assert rules.is_quiet(london(2026, 6, SATURDAY, 10, 0), weekender) is False
    assert rules.is_quiet(london(2026, 6, MONDAY, 10, 0), weekender) is True


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        # New York is UTC-4 in June: 09:00 there is 13:00 UTC
        (utc(2026, 6, MONDAY, 12, 59), True),
        (utc(2026, 6, MONDAY, 13, 0), False),
        (utc(2026, 6, MONDAY, 20, 59), False),
        (utc(2026, 6, MONDAY, 21, 0), True),
        # 02:00 UTC on Saturday is still Friday evening (22:00) in New York: quiet, but because of the hour
        (utc(2026, 6, SATURDAY, 2, 0), True),
        # 14:00 UTC on Saturday is a Saturday morning in New York
        (utc(2026, 6, SATURDAY, 14, 0), True),
    ],
)
def test_quiet_hours_are_in_the_persons_own_zone_new_york(moment, quiet):
    assert rules.is_quiet(moment, pattern("America/New_York")) is quiet


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        # Kolkata is UTC+5:30: 09:00 there is 03:30 UTC, 17:00 is 11:30 UTC
        (utc(2026, 6, MONDAY, 3, 29), True),
        (utc(2026, 6, MONDAY, 3, 30), False),
        (utc(2026, 6, MONDAY, 11, 29), False),
        (utc(2026, 6, MONDAY, 11, 30), True),
        # Friday 12:00 in London (11:00 UTC) is 16:30 in Kolkata: still working
        (london(2026, 6, FRIDAY, 12, 0), False),
        # Friday 13:00 in London is 17:30 in Kolkata: quiet, though it is the middle of the London day
        (london(2026, 6, FRIDAY, 13, 0), True),
        # Sunday 23:00 UTC is already Monday 04:30 in Kolkata; quiet only because it is early
        (utc(2026, 6, SUNDAY, 23, 0), True),
    ],
)
def test_quiet_hours_are_in_the_persons_own_zone_with_a_half_hour_offset(moment, quiet):
    assert rules.is_quiet(moment, pattern("Asia/Kolkata")) is quiet


def test_the_local_weekday_decides_not_the_utc_one():
    # Someone in Kolkata who works Monday only, from 04:00: Sunday 23:00 UTC is Monday 04:30 for them
    monday_only = pattern("Asia/Kolkata", days={0}, start=time(4), end=time(12))

    assert rules.is_quiet(utc(2026, 6, SUNDAY, 23, 0), monday_only) is False
    assert rules.is_quiet(utc(2026, 6, MONDAY, 23, 0), monday_only) is True  # Tuesday 04:30 there


# Digest slots


@pytest.mark.parametrize(
    ("moment", "slot"),
    [
        # Monday before nine: Friday's slot (the weekend is skipped)
        (london(2026, 6, MONDAY, 8, 0), london(2026, 6, 12, 9, 0)),
        (london(2026, 6, MONDAY, 9, 0), london(2026, 6, MONDAY, 9, 0)),
        (london(2026, 6, MONDAY, 8, 59, 59), london(2026, 6, 12, 9, 0)),
        (london(2026, 6, WEDNESDAY, 15, 0), london(2026, 6, WEDNESDAY, 9, 0)),
        (london(2026, 6, WEDNESDAY, 23, 59), london(2026, 6, WEDNESDAY, 9, 0)),
        # Saturday and Sunday have no slot of their own: Friday's
        (london(2026, 6, SATURDAY, 12, 0), london(2026, 6, FRIDAY, 9, 0)),
        (london(2026, 6, SUNDAY, 23, 0), london(2026, 6, FRIDAY, 9, 0)),
    ],
)
def test_the_daily_digest_slot_is_the_latest_working_day_at_or_before_now(moment, slot):
    assert rules.digest_slot(moment, DAILY_AT_NINE, pattern()) == slot


def test_no_weekend_day_ever_has_a_daily_slot():
    start = london(2026, 6, 1, 0, 0)
    for hour in range(0, 24 * 28, 1):
        moment = start + timedelta(hours=hour)
        slot = rules.digest_slot(moment, DAILY_AT_NINE, pattern())
        assert slot.astimezone(LONDON).weekday() < 5
        assert slot.astimezone(LONDON).time() == time(9)
        assert slot <= moment
        assert moment - slot < timedelta(days=4)


@pytest.mark.parametrize(
    ("moment", "slot"),
    [
        # Weekly on Tuesday at 10:00
        (london(2026, 6, TUESDAY, 9, 59), london(2026, 6, 9, 10, 0)),
        (london(2026, 6, TUESDAY, 10, 0), london(2026, 6, TUESDAY, 10, 0)),
        (london(2026, 6, THURSDAY, 16, 0), london(2026, 6, TUESDAY, 10, 0)),
        (london(2026, 6, SUNDAY, 12, 0), london(2026, 6, TUESDAY, 10, 0)),
        (london(2026, 6, MONDAY, 16, 0), london(2026, 6, 9, 10, 0)),
    ],
)
def test_the_weekly_digest_slot_is_the_latest_chosen_weekday(moment, slot):
    weekly = DigestChoice(frequency=rules.WEEKLY, at=time(10), weekday=1)

    assert rules.digest_slot(moment, weekly, pattern()) == slot


def test_a_weekly_digest_on_a_day_no_longer_worked_comes_on_the_next_working_day():
    on_saturday = DigestChoice(frequency=rules.WEEKLY, at=time(10), weekday=5)

    # Saturday and Sunday are days off: Monday is the next working day
    assert rules.digest_slot(london(2026, 6, SUNDAY, 12, 0), on_saturday, pattern()) == london(2026, 6, MONDAY, 10)
    assert rules.digest_slot(london(2026, 6, 22, 9, 59), on_saturday, pattern()) == london(2026, 6, MONDAY, 10)
    assert rules.digest_slot(london(2026, 6, 22, 10, 0), on_saturday, pattern()) == london(2026, 6, 22, 10)
    # Someone who stopped working Fridays, with a Friday digest: it moves to Monday, never to Tuesday
    four_days = pattern(days={0, 1, 2, 3})
    on_friday = DigestChoice(frequency=rules.WEEKLY, at=time(10), weekday=4)
    assert rules.digest_slot(london(2026, 6, THURSDAY, 12), on_friday, four_days) == london(2026, 6, MONDAY, 10)


def test_nobody_without_working_days_has_a_slot():
    assert rules.digest_slot(london(2026, 6, WEDNESDAY, 12, 0), DAILY_AT_NINE, pattern(days=set())) is None


def test_the_digest_slot_is_in_the_persons_own_zone():
    # 09:00 in Kolkata on Monday is 03:30 UTC
    slot = rules.digest_slot(utc(2026, 6, MONDAY, 12, 0), DAILY_AT_NINE, pattern("Asia/Kolkata"))

    assert slot == utc(2026, 6, MONDAY, 3, 30)
    # And at 03:00 UTC on Monday (08:30 there) it is still Friday's
    assert rules.digest_slot(utc(2026, 6, MONDAY, 3, 0), DAILY_AT_NINE, pattern("Asia/Kolkata")) == utc(
        2026, 6, 12, 3, 30
    )


# The UK clock changes: Sunday 29 March 2026 (forward) and Sunday 25 October 2026 (back).


@pytest.mark.parametrize(
    ("moment", "slot_utc"),
    [
        # The Monday before the spring change: GMT, 09:00 London is 09:00 UTC
        (utc(2026, 3, 23, 12, 0), utc(2026, 3, 23, 9, 0)),
        # The Monday after: BST, 09:00 London is 08:00 UTC
        (utc(2026, 3, 30, 12, 0), utc(2026, 3, 30, 8, 0)),
        (utc(2026, 3, 30, 8, 0), utc(2026, 3, 30, 8, 0)),
        # 07:59 UTC on that Monday is 08:59 BST: Friday's slot, which was still on GMT
        (utc(2026, 3, 30, 7, 59), utc(2026, 3, 27, 9, 0)),
        # The Monday before the autumn change: BST
        (utc(2026, 10, 19, 12, 0), utc(2026, 10, 19, 8, 0)),
        # The Monday after: GMT again
        (utc(2026, 10, 26, 12, 0), utc(2026, 10, 26, 9, 0)),
        (utc(2026, 10, 26, 8, 30), utc(2026, 10, 23, 8, 0)),  # 08:30 GMT: Friday's, which was on BST
        (utc(2026, 10, 26, 9, 0), utc(2026, 10, 26, 9, 0)),
    ],
)
def test_a_nine_oclock_london_digest_follows_the_clock_changes(moment, slot_utc):
    slot = rules.digest_slot(moment, DAILY_AT_NINE, pattern())

    assert slot == slot_utc
    assert slot.astimezone(LONDON).time() == time(9)


def test_a_weekly_monday_digest_follows_the_clock_change():
    weekly = DigestChoice(frequency=rules.WEEKLY, at=time(9), weekday=0)

    # Asked on the Sunday of the change itself and on the Tuesday after
    assert rules.digest_slot(utc(2026, 3, 29, 12, 0), weekly, pattern()) == utc(2026, 3, 23, 9, 0)
    assert rules.digest_slot(utc(2026, 3, 31, 12, 0), weekly, pattern()) == utc(2026, 3, 30, 8, 0)
    assert rules.digest_slot(utc(2026, 10, 27, 12, 0), weekly, pattern()) == utc(2026, 10, 26, 9, 0)


def test_quiet_hours_follow_the_clock_change():
    # 08:30 UTC is 08:30 GMT (quiet) the Monday before the spring change, 09:30 BST (working) after it
    assert rules.is_quiet(utc(2026, 3, 23, 8, 30), pattern()) is True
    assert rules.is_quiet(utc(2026, 3, 30, 8, 30), pattern()) is False
    assert rules.is_quiet(utc(2026, 10, 19, 16, 30), pattern()) is True  # 17:30 BST
    assert rules.is_quiet(utc(2026, 10, 26, 16, 30), pattern()) is False  # 16:30 GMT


# Digest choices that would land in quiet hours


def test_a_digest_within_working_hours_on_a_working_day_is_fine():
    assert rules.digest_problems(DAILY_AT_NINE, pattern()) == []
    assert rules.digest_problems(DigestChoice(rules.DAILY, time(16, 59)), pattern()) == []
    assert rules.digest_problems(DigestChoice(rules.WEEKLY, time(10), weekday=4), pattern()) == []
    # A daily digest ignores the weekday it happens to carry
    assert rules.digest_problems(DigestChoice(rules.DAILY, time(10), weekday=6), pattern()) == []


@pytest.mark.parametrize("at", [time(8, 59), time(17, 0), time(7, 0), time(23, 30)])
def test_a_digest_time_outside_working_hours_is_refused_naming_them(at):
    [(field, problem)] = rules.digest_problems(DigestChoice(rules.DAILY, at), pattern())

    assert field == "digest_at"
    assert "09:00 to 17:00" in problem


def test_the_problem_names_the_persons_own_hours():
    [(_, problem)] = rules.digest_problems(
        DigestChoice(rules.DAILY, time(7)), pattern(start=time(7, 30), end=time(15, 45))
    )

    assert "07:30 to 15:45" in problem


def test_a_weekly_digest_on_a_day_off_is_refused():
    [(field, problem)] = rules.digest_problems(DigestChoice(rules.WEEKLY, time(10), weekday=5), pattern())

    assert field == "digest_weekday"
    assert "working days" in problem


def test_both_problems_at_once():
    problems = rules.digest_problems(DigestChoice(rules.WEEKLY, time(20), weekday=6), pattern())

    assert [field for field, _ in problems] == ["digest_at", "digest_weekday"]


# Counting emails


def test_emails_today_are_counted_on_the_persons_local_day():
    # 23:30 UTC on Monday is 00:30 on Tuesday in London (BST)
    sent = [utc(2026, 6, MONDAY, 23, 30), utc(2026, 6, TUESDAY, 9, 0)]

    assert rules.emails_today_and_this_week(sent, london(2026, 6, TUESDAY, 12, 0), pattern()) == (2, 2)
    assert rules.emails_today_and_this_week(sent, london(2026, 6, MONDAY, 23, 59), pattern()) == (0, 0)


def test_emails_today_in_new_york():
    # 03:00 UTC on Tuesday is 23:00 on Monday in New York
    sent = [utc(2026, 6, TUESDAY, 3, 0)]
    new_york = pattern("America/New_York")

    assert rules.emails_today_and_this_week(sent, utc(2026, 6, TUESDAY, 3, 30), new_york) == (1, 1)
    assert rules.emails_today_and_this_week(sent, utc(2026, 6, TUESDAY, 14, 0), new_york) == (0, 1)


def test_the_week_is_the_seven_local_days_ending_today():
    now = london(2026, 6, 22, 10, 0)  # a Monday
    sent = [
        london(2026, 6, 15, 23, 59),  # seven days back: outside
        london(2026, 6, 16, 0, 0),  # six days back: inside
        london(2026, 6, 19, 12, 0),
        london(2026, 6, 22, 9, 0),
    ]

    assert rules.emails_today_and_this_week(sent, now, pattern()) == (1, 3)


def test_emails_after_the_moment_are_ignored():
    now = london(2026, 6, WEDNESDAY, 10, 0)
    sent = [london(2026, 6, WEDNESDAY, 9, 0), london(2026, 6, WEDNESDAY, 10, 0, 1), london(2026, 6, THURSDAY, 9, 0)]

    assert rules.emails_today_and_this_week(sent, now, pattern()) == (1, 1)
    assert rules.budget_allows(sent[1:], now, pattern(), Budget(per_day=1, per_week=5)) is True


def test_the_budget_allows_one_a_day_by_default():
    now = london(2026, 6, WEDNESDAY, 15, 0)
    budget = Budget()

    assert rules.budget_allows([], now, pattern(), budget) is True
    assert rules.budget_allows([london(2026, 6, TUESDAY, 9, 0)], now, pattern(), budget) is True
    assert rules.budget_allows([london(2026, 6, WEDNESDAY, 9, 0)], now, pattern(), budget) is False


def test_the_budget_stops_at_the_weekly_limit():
    now = london(2026, 6, 22, 10, 0)
    five_days = [london(2026, 6, day, 9, 0) for day in (16, 17, 18, 19, 20)]

    assert rules.budget_allows(five_days, now, pattern(), Budget(per_day=2, per_week=5)) is False
    assert rules.budget_allows(five_days, now, pattern(), Budget(per_day=2, per_week=6)) is True
    # A week later the oldest has dropped out
    assert rules.budget_allows(five_days, london(2026, 6, 23, 10, 0), pattern(), Budget(per_day=2, per_week=5))


def test_a_zero_budget_allows_nothing():
    assert rules.budget_allows([], london(2026, 6, WEDNESDAY, 10, 0), pattern(), Budget(per_day=0, per_week=5)) is False
    assert rules.budget_allows([], london(2026, 6, WEDNESDAY, 10, 0), pattern(), Budget(per_day=2, per_week=0)) is False


def test_may_email_now_needs_both_working_hours_and_budget():
    budget = Budget()
    sent_at_nine = [london(2026, 6, WEDNESDAY, 9, 0)]

    assert rules.may_email_now([], london(2026, 6, WEDNESDAY, 10, 0), pattern(), budget) is True
    assert rules.may_email_now([], london(2026, 6, WEDNESDAY, 18, 0), pattern(), budget) is False
    assert rules.may_email_now(sent_at_nine, london(2026, 6, WEDNESDAY, 10), pattern(), budget) is False
    assert rules.may_email_now(sent_at_nine, london(2026, 6, THURSDAY, 10), pattern(), budget) is True


# An organisation's budget


@pytest.mark.parametrize(
    ("per_day", "per_week", "budget"),
    [
        (3, 12, Budget(per_day=2, per_week=10)),
        (2, 10, Budget(per_day=2, per_week=10)),
        (0, 3, Budget(per_day=0, per_week=3)),
        (-1, -5, Budget(per_day=0, per_week=0)),
        (None, None, Budget(per_day=1, per_week=5)),
        (None, 2, Budget(per_day=1, per_week=2)),
        (2, None, Budget(per_day=2, per_week=5)),
    ],
)
def test_an_organisation_budget_is_held_to_the_ceiling(per_day, per_week, budget):
    assert rules.organisation_budget(per_day, per_week) == budget


# The property: whatever is attempted, the rules hold

ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Pacific/Chatham"]
STARTS = [utc(2026, 3, 20), utc(2026, 6, 10), utc(2026, 10, 18)]  # around both clock changes, and midsummer


@st.composite
def patterns(draw) -> WorkingPattern:
    start_minute = draw(st.integers(0, 23 * 60))
    end_minute = draw(st.integers(start_minute + 1, 24 * 60 - 1))
    return pattern(
        time_zone=draw(st.sampled_from(ZONES)),
        days=draw(st.frozensets(st.integers(0, 6))),
        start=time(start_minute // 60, start_minute % 60),
        end=time(end_minute // 60, end_minute % 60),
    )


@settings(max_examples=150, deadline=None)
# A working day that spans midnight UTC (Sydney), tried every half hour: counting UTC days would let two through
@example(
    working=pattern("Australia/Sydney", days=set(range(7))),
    budget=Budget(per_day=1, per_week=5),
    start=utc(2026, 6, 9, 23, 0),  # 09:00 in Sydney
    offsets=list(range(0, 3 * 24 * 60, 30)),
)
@given(
    working=patterns(),
    budget=st.builds(Budget, per_day=st.integers(0, 2), per_week=st.integers(0, 10)),
    start=st.sampled_from(STARTS),
    offsets=st.lists(st.integers(0, 21 * 24 * 60), max_size=250),
)
def test_emails_sent_only_when_may_email_now_keep_every_limit(working, budget, start, offsets):
    sent = []
    for offset in sorted(offsets):
        moment = start + timedelta(minutes=offset)
        if rules.may_email_now(sent, moment, working, budget):
            sent.append(moment)

    days = [rules.local_day(when, working) for when in sent]
    for day in set(days):
        assert days.count(day) <= budget.per_day
        assert sum(day - timedelta(days=6) <= other <= day for other in days) <= budget.per_week
    assert not any(rules.is_quiet(when, working) for when in sent)


@settings(max_examples=50, deadline=None)
@given(start=st.sampled_from(STARTS), zone=st.sampled_from(ZONES))
def test_a_steady_stream_of_attempts_reaches_the_budget_but_not_past_it(start, zone):
    # Every half hour for three weeks, working every day from 08:00 to 20:00: the limits are what stop it
    working = pattern(zone, days=set(range(7)), start=time(8), end=time(20))
    budget = Budget(per_day=2, per_week=5)
    sent = []
    for tick in range(21 * 48):
        moment = start + timedelta(minutes=30 * tick)
        if rules.may_email_now(sent, moment, working, budget):
            sent.append(moment)

    # The limits are reached, not merely respected: two on a day, five in a week, again and again
    days = [rules.local_day(when, working) for when in sent]
    assert len(sent) >= 15
    assert max(days.count(day) for day in days) == 2
    assert max(sum(day - timedelta(days=6) <= other <= day for other in days) for day in days) == 5
