"""Diary's figures and protected time for a shift worker: a rota of long days and nights, rest after nights,
meals inside shifts, and a clock change under a night (accounts/working_pattern.py gives the shifts)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.accounts import working_pattern as wp
from attend.diary import intervals
from attend.diary.analysis import analyse
from attend.diary.calendar_read import Event
from attend.diary.figures import WorkPattern
from attend.diary.proposals import propose

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 30)
# Mon long day, Tue rest, Wed and Thu nights, Fri rest (after the night), Sat long day, Sun rest.
WEEK = ("LD", None, "N", "N", None, "LD", None)


def pattern_for(first: date, days: int, week=WEEK, rota_starts_on=MONDAY) -> WorkPattern:
    rota = wp.Pattern(kind=wp.ROTA, shifts=wp.NHS_SHIFTS, rota_starts_on=rota_starts_on, rota=(week,))
    schedule = wp.schedule(rota, start=first - timedelta(days=1), end=first + timedelta(days=days + 1), zone=LONDON)
    return WorkPattern(zone=LONDON, schedule=schedule)


def at(day: date, clock: str) -> datetime:
    hours, minutes = map(int, clock.split(":"))
    return datetime.combine(day, time(hours, minutes), LONDON).astimezone(UTC)


def meeting(day: date, begin: str, finish: str, title="Meeting", end_day: date | None = None) -> Event:
    return Event(uid=f"{title}-{day}-{begin}", title=title, start=at(day, begin), end=at(end_day or day, finish))


def week_of(events, first=MONDAY, days=7, **options):
    return analyse(events, pattern=pattern_for(first, days, **options), start=first, end=first + timedelta(days=days))


def test_a_long_day_is_twelve_and_a_half_hours_of_working_time_and_a_rest_day_is_none():
    days = week_of([]).days
    assert [d.working_minutes for d in days] == [750, 0, 750, 750, 0, 750, 0]
    assert [d.working_day for d in days] == [True, False, True, True, False, True, False]


def test_a_meeting_at_two_in_the_morning_of_a_night_counts_on_the_nights_day_as_working_time():
    wednesday, thursday = MONDAY + timedelta(days=2), MONDAY + timedelta(days=3)
    days = week_of([meeting(thursday, "02:00", "03:00", "Bed meeting")]).days
    assert days[2].meeting_minutes == 60 and days[2].meeting_count == 1
    assert days[3].meeting_count == 0  # not counted twice
    assert (days[2].early_minutes, days[2].late_minutes) == (0, 0)
    assert wednesday == days[2].day


def test_a_meeting_in_the_rest_after_a_night_is_time_on_a_day_off():
    friday = MONDAY + timedelta(days=4)
    days = week_of([meeting(friday, "14:00", "15:00", "Governance")]).days
    assert days[4].weekend_minutes == 60
    assert days[3].late_minutes == 0  # the night's day ends at the night's end, 08:00


def test_a_meeting_after_a_long_day_is_after_hours():
    days = week_of([meeting(MONDAY, "20:00", "21:00", "Late call")]).days
    assert days[0].late_minutes == 60 and days[0].meeting_minutes == 0


def test_a_long_day_without_a_free_half_hour_at_lunch_has_no_lunch_and_a_night_gets_its_meal_window():
    busy_lunch = meeting(MONDAY, "11:30", "14:00", "Audit")
    busy_night_meal = meeting(MONDAY + timedelta(days=3), "00:00", "03:30", "Escalation", end_day=None)
    days = week_of([busy_lunch, busy_night_meal]).days
    assert days[0].no_lunch
    assert days[2].no_lunch  # Wednesday's night: its meal window is around 01:45
    assert not days[3].no_lunch


def test_a_night_across_the_autumn_clock_change_is_thirteen_and_a_half_hours():
    saturday = date(2026, 10, 24)
    days = week_of([], first=saturday, days=2, week=("N",) * 7, rota_starts_on=saturday).days
    assert days[0].working_minutes == 13 * 60 + 30


def test_proposals_are_never_in_rest_or_off_shift_lunch_sits_inside_the_long_day_and_a_night_ends_with_a_pause():
    pattern = pattern_for(MONDAY, 7)
    plan = propose([], pattern=pattern, start=MONDAY, end=MONDAY + timedelta(days=7))
    schedule = pattern.schedule
    for proposal in plan.proposals:
        assert schedule.is_working(proposal.start.astimezone(UTC)), proposal
        assert schedule.is_working(proposal.end.astimezone(UTC) - timedelta(minutes=1)), proposal
    lunches = {p.start.astimezone(LONDON).date(): p for p in plan.proposals if p.kind == "lunch"}
    assert lunches[MONDAY].start.astimezone(LONDON).time() == time(12, 30)
    night_meal = lunches[MONDAY + timedelta(days=3)]  # Wednesday night's meal, just after midnight
    assert time(0, 0) <= night_meal.start.astimezone(LONDON).time() <= time(3, 0)
    handovers = [p for p in plan.proposals if p.kind == "handover"]
    assert [p.start.astimezone(LONDON) for p in handovers] == [
        at(MONDAY + timedelta(days=3), "07:50").astimezone(LONDON),
        at(MONDAY + timedelta(days=4), "07:50").astimezone(LONDON),
    ]


@settings(max_examples=60, deadline=None)
@given(
    week=st.tuples(*[st.sampled_from([None, "LD", "N", "E", "L"])] * 7),
    offset=st.integers(0, 60),
    meetings=st.lists(st.tuples(st.integers(0, 7 * 24 * 4), st.integers(1, 16)), max_size=12),
)
def test_no_proposal_ever_lands_in_rest_or_outside_a_shift_and_working_minutes_match_the_shifts(week, offset, meetings):
    first = date(2026, 10, 1) + timedelta(days=offset)  # across the October clock change too
    pattern = pattern_for(first, 7, week=week)
    events = [
        Event(
            uid=str(n),
            title="M",
            start=at(first, "00:00") + timedelta(minutes=15 * q),
            end=at(first, "00:00") + timedelta(minutes=15 * (q + length)),
        )
        for n, (q, length) in enumerate(meetings)
    ]
    plan = propose(events, pattern=pattern, start=first, end=first + timedelta(days=7))
    for proposal in plan.proposals:
        assert pattern.schedule.is_working(proposal.start.astimezone(UTC))
        assert not pattern.schedule.is_rest(proposal.start.astimezone(UTC))
        if proposal.kind != "pause":  # a pause is the last minutes of a meeting that could end early
            assert not any(e.start < proposal.end and proposal.start < e.end for e in events)
    analysis = analyse(events, pattern=pattern, start=first, end=first + timedelta(days=7))

    # Time counted once: a rota that puts a long day straight after a night overlaps them by half an hour, and
    # the part of the first day's shift that the night before already covered is that night's.
    def minutes(days):
        shifts = [(s.start, s.end) for s in pattern.schedule.shifts if s.day in days]
        return sum(round((b - a).total_seconds() / 60) for a, b in intervals.merge(shifts))

    before = first - timedelta(days=1)
    expected = minutes({before + timedelta(days=n) for n in range(8)}) - minutes({before})
    assert sum(d.working_minutes for d in analysis.days) == expected
