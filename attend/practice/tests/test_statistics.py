"""Gentle figures from a practice log: the week and month, the calendar, and days in a row. Pure, no database."""

from datetime import date, timedelta

from attend.practice.statistics import SessionFact, minutes_by_day, month_calendar, streak, summary, week_start

# Wednesday 18 March 2026
WEDNESDAY = date(2026, 3, 18)


def fact(day: date, minutes: int = 3, title: str = "Three-step breathing space") -> SessionFact:
    return SessionFact(day=day, seconds=minutes * 60, title=title)


# The week and the month


def test_weeks_start_on_monday():
    assert week_start(WEDNESDAY) == date(2026, 3, 16)
    assert week_start(date(2026, 3, 16)) == date(2026, 3, 16)
    assert week_start(date(2026, 3, 22)) == date(2026, 3, 16)  # Sunday


def test_minutes_this_week_count_from_monday_to_today():
    facts = [
        fact(date(2026, 3, 15), 30),  # Sunday: last week
        fact(date(2026, 3, 16), 10),  # Monday
        fact(WEDNESDAY, 5),
        fact(date(2026, 3, 19), 20),  # tomorrow has not happened
    ]

    assert summary(facts, today=WEDNESDAY).minutes_this_week == 15


def test_a_week_can_span_two_months():
    facts = [fact(date(2026, 3, 30), 10), fact(date(2026, 4, 1), 5), fact(date(2026, 3, 29), 7)]

    result = summary(facts, today=date(2026, 4, 1))

    assert result.minutes_this_week == 15  # Monday 30 March and Wednesday 1 April
    assert result.minutes_this_month == 5
    assert result.sessions_this_month == 1


def test_the_month_is_the_calendar_month():
    facts = [
        fact(date(2026, 2, 28), 60),
        fact(date(2026, 3, 1), 10),
        fact(date(2026, 3, 10), 15),
        fact(WEDNESDAY, 5),
        fact(date(2025, 3, 18), 45),  # same month, a year ago
    ]

    result = summary(facts, today=WEDNESDAY)

    assert result.minutes_this_month == 30
    assert result.sessions_this_month == 3


def test_minutes_are_summed_in_seconds_before_rounding():
    facts = [SessionFact(WEDNESDAY, 40, "STOP"), SessionFact(WEDNESDAY, 40, "STOP")]

    assert summary(facts, today=WEDNESDAY).minutes_this_week == 1


def test_practices_this_month_are_sorted_by_count_then_title():
    facts = [
        fact(date(2026, 3, 2), title="STOP"),
        fact(date(2026, 3, 3), title="Body scan (15 minutes)"),
        fact(date(2026, 3, 4), title="Three-step breathing space"),
        fact(date(2026, 3, 5), title="STOP"),
        fact(date(2026, 3, 6), title="Loving-kindness"),
        fact(date(2026, 3, 9), title="Three-step breathing space"),
        fact(date(2026, 3, 10), title="Three-step breathing space"),
        fact(date(2026, 2, 27), title="Pause before"),  # last month
    ]

    assert summary(facts, today=WEDNESDAY).practices_this_month == [
        ("Three-step breathing space", 3),
        ("STOP", 2),
        ("Body scan (15 minutes)", 1),
        ("Loving-kindness", 1),
    ]


def test_nothing_practised_is_all_zeros():
    result = summary([], today=WEDNESDAY)

    assert (result.minutes_this_week, result.minutes_this_month, result.sessions_this_month) == (0, 0, 0)
    assert result.practices_this_month == []


# The calendar


def test_the_calendar_is_whole_weeks_from_monday_padded_either_side():
    weeks = month_calendar(2026, 3, [])

    assert all(len(week) == 7 for week in weeks)
    assert all(week[0].day.weekday() == 0 for week in weeks)
    days = [cell.day for week in weeks for cell in week]
    assert days == [days[0] + timedelta(days=offset) for offset in range(len(days))]
    # March 2026 starts on a Sunday and ends on a Tuesday.
    assert days[0] == date(2026, 2, 23)
    assert days[-1] == date(2026, 4, 5)
    assert len(weeks) == 6


def test_padding_days_are_marked_outside_the_month():
    weeks = month_calendar(2026, 3, [])
    cells = [cell for week in weeks for cell in week]

    assert [cell.day for cell in cells if cell.in_month] == [date(2026, 3, 1) + timedelta(days=n) for n in range(31)]
    assert all(not cell.in_month for cell in cells if cell.day.month != 3)
    assert sum(not cell.in_month for cell in cells) == 42 - 31


def test_each_day_shows_its_minutes():
    facts = [fact(WEDNESDAY, 3), fact(WEDNESDAY, 10), fact(date(2026, 3, 2), 15), fact(date(2026, 3, 31), 1)]

    minutes = {cell.day: cell.minutes for week in month_calendar(2026, 3, facts) for cell in week}

    assert minutes[WEDNESDAY] == 13
    assert minutes[date(2026, 3, 2)] == 15
    assert minutes[date(2026, 3, 31)] == 1
    assert minutes[date(2026, 3, 3)] == 0
    assert sum(minutes.values()) == 29


def test_a_month_that_starts_on_monday_has_no_leading_padding():
    weeks = month_calendar(2026, 6, [])  # 1 June 2026 is a Monday

    assert weeks[0][0].day == date(2026, 6, 1)
    assert weeks[0][0].in_month


def test_minutes_by_day_adds_up_sessions_on_the_same_day():
    facts = [SessionFact(WEDNESDAY, 100, "A"), SessionFact(WEDNESDAY, 140, "B"), SessionFact(date(2026, 3, 1), 60, "A")]

    assert minutes_by_day(facts) == {WEDNESDAY: 4, date(2026, 3, 1): 1}


# Days in a row


def days_back(*offsets: int) -> set[date]:
    return {WEDNESDAY - timedelta(days=offset) for offset in offsets}


def test_a_streak_counts_back_from_today():
    assert streak(days_back(0, 1, 2), today=WEDNESDAY) == 3


def test_a_streak_still_counts_through_yesterday_when_today_is_empty():
    assert streak(days_back(1, 2, 3, 4), today=WEDNESDAY) == 4


def test_a_gap_breaks_the_streak():
    assert streak(days_back(0, 1, 3, 4, 5), today=WEDNESDAY) == 2
    assert streak(days_back(2, 3, 4), today=WEDNESDAY) == 0


def test_no_practice_is_no_streak():
    assert streak(set(), today=WEDNESDAY) == 0


def test_a_streak_can_cross_a_month_end():
    days = {date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)}

    assert streak(days, today=date(2026, 3, 2)) == 4
