"""The working-pattern engine: fixed hours, rotas, calendar-read shifts, one-off changes, nights, rest and
clock changes (Europe/London changes on the last Sundays of March and October)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.accounts import working_pattern as wp

LONDON = ZoneInfo("Europe/London")
LD, N, E, L = wp.NHS_SHIFTS
MONDAY = date(2026, 11, 30)
ROTA = (
    ("LD", "LD", None, None, "N", "N", None),
    (None, None, "LD", "LD", "LD", None, None),
    ("N", "N", "N", None, None, None, None),
    ("E", "E", "L", "L", None, None, None),
)


def rota(**changes) -> wp.Pattern:
    return wp.Pattern(kind=wp.ROTA, shifts=wp.NHS_SHIFTS, rota_starts_on=MONDAY, rota=ROTA, **changes)


def local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC)


def hours(spans) -> float:
    return sum((b - a).total_seconds() for a, b in spans) / 3600


def test_fixed_hours_are_the_weekdays_and_hours_as_set():
    pattern = wp.Pattern(days=frozenset({0, 2}), starts=time(9), ends=time(17))
    found = wp.schedule(pattern, start=MONDAY, end=MONDAY + timedelta(days=7), zone=LONDON)
    assert found.working == (
        (local(MONDAY, time(9)), local(MONDAY, time(17))),
        (local(date(2026, 12, 2), time(9)), local(date(2026, 12, 2), time(17))),
    )
    assert found.rest == ()
    assert found.is_working(local(MONDAY, time(12)))
    assert not found.is_working(local(date(2026, 12, 1), time(12)))


def test_a_rota_repeats_from_its_start_forwards_and_backwards():
    pattern = rota()
    assert wp.rota_code(pattern, MONDAY) == "LD"
    assert wp.rota_code(pattern, MONDAY + timedelta(days=4)) == "N"
    assert wp.rota_code(pattern, MONDAY + timedelta(weeks=4)) == "LD"
    assert wp.rota_code(pattern, MONDAY - timedelta(weeks=4) + timedelta(days=14)) == "N"  # week 3's Monday
    assert wp.rota_code(pattern, MONDAY - timedelta(days=1)) is None  # week 4's Sunday: rest


def test_a_night_crosses_midnight_and_the_next_day_is_rest():
    friday = MONDAY + timedelta(days=4)
    found = wp.schedule(rota(), start=friday, end=friday + timedelta(days=3), zone=LONDON)
    night = found.shifts_on(friday)[0]
    assert (night.start, night.end, night.night) == (
        local(friday, time(19, 30)),
        local(friday + timedelta(1), time(8)),
        True,
    )
    sunday = friday + timedelta(days=2)
    # Saturday night ends Sunday 08:00: rest until 19:00, and nothing is offered in it.
    assert found.rest[-1] == (local(sunday, time(8)), local(sunday, time(19)))
    assert found.is_rest(local(sunday, time(11)))
    assert not found.is_working(local(sunday, time(11)))
    # Friday night's eleven hours of rest end before Saturday night's shift.
    assert found.rest[0] == (local(friday + timedelta(1), time(8)), local(friday + timedelta(1), time(19)))


def test_the_night_before_the_range_reaches_into_its_first_morning():
    saturday = MONDAY + timedelta(days=5)
    sunday = saturday + timedelta(days=1)
    found = wp.schedule(rota(), start=sunday, end=sunday + timedelta(days=1), zone=LONDON)
    assert found.working == ((local(sunday, time(0)), local(sunday, time(8))),)
    assert found.shifts_on(saturday)[0].name == "Night"


def test_a_night_across_the_spring_change_is_an_hour_shorter_and_across_autumn_an_hour_longer():
    spring = wp.Pattern(kind=wp.ROTA, shifts=(N,), rota_starts_on=date(2027, 3, 27), rota=((("N",) * 7),))
    night = wp.schedule(spring, start=date(2027, 3, 27), end=date(2027, 3, 28), zone=LONDON).shifts_on(
        date(2027, 3, 27)
    )[0]
    assert night.end - night.start == timedelta(hours=11, minutes=30)
    autumn = wp.Pattern(kind=wp.ROTA, shifts=(N,), rota_starts_on=date(2026, 10, 24), rota=((("N",) * 7),))
    night = wp.schedule(autumn, start=date(2026, 10, 24), end=date(2026, 10, 25), zone=LONDON).shifts_on(
        date(2026, 10, 24)
    )[0]
    assert night.end - night.start == timedelta(hours=13, minutes=30)


def test_a_shift_starting_in_the_hour_the_spring_change_skips_starts_an_hour_later():
    odd = wp.Shift("X", "Odd", time(1, 30), time(9))
    pattern = wp.Pattern(kind=wp.ROTA, shifts=(odd,), rota_starts_on=date(2027, 3, 28), rota=((("X",) * 7),))
    shift = wp.schedule(pattern, start=date(2027, 3, 28), end=date(2027, 3, 29), zone=LONDON).shifts[0]
    assert shift.start == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # 02:30 BST
    assert shift.end == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)  # 09:00 BST


def test_one_off_changes_swap_add_and_take_away_shifts():
    tuesday, wednesday, thursday = (MONDAY + timedelta(days=n) for n in (1, 2, 3))
    pattern = rota(
        changes=(
            wp.Change(tuesday, wp.SWAP, "E"),
            wp.Change(wednesday, wp.EXTRA, "L"),
            wp.Change(MONDAY, wp.LEAVE),
            wp.Change(thursday, wp.SWAP, None),
        )
    )
    found = wp.schedule(pattern, start=MONDAY, end=MONDAY + timedelta(days=4), zone=LONDON)
    assert found.shifts_on(MONDAY) == ()
    assert [s.name for s in found.shifts_on(tuesday)] == ["Early"]
    assert [s.name for s in found.shifts_on(wednesday)] == ["Late"]
    assert found.shifts_on(thursday) == ()


def test_calendar_shifts_follow_the_persons_title_rules():
    pattern = wp.Pattern(kind=wp.CALENDAR, rules=("LD", "Night"))
    day = MONDAY
    events = [
        wp.CalendarShift("LD - ward 4", local(day, time(7, 30)), local(day, time(20))),
        wp.CalendarShift("LDN planning", local(day, time(9)), local(day, time(10))),
        wp.CalendarShift("night", local(day + timedelta(1), time(19, 30)), local(day + timedelta(2), time(8))),
    ]
    found = wp.schedule(pattern, start=day, end=day + timedelta(days=3), zone=LONDON, calendar=events)
    assert [(s.name, s.night) for s in found.shifts] == [("LD - ward 4", False), ("night", True)]
    assert found.is_rest(local(day + timedelta(2), time(12)))


def test_title_rules_match_whole_words_at_the_start():
    assert wp.matches_rule("Long day (ward 3)", ["Long day"]) == "Long day"
    assert wp.matches_rule("ld", ["LD"]) == "LD"
    assert wp.matches_rule("LDN meeting", ["LD"]) is None
    assert wp.matches_rule("Meeting about N", ["N"]) is None


def test_stored_patterns_round_trip_and_unreadable_ones_are_the_fixed_hours():
    pattern = rota(changes=(wp.Change(MONDAY, wp.SWAP, "E"),))
    again = wp.from_stored(wp.to_stored(pattern), days=pattern.days, starts=pattern.starts, ends=pattern.ends)
    assert again == pattern
    broken = wp.from_stored({"kind": "rota", "rota_starts_on": "yesterday"}, days=[0], starts=time(8), ends=time(16))
    assert broken == wp.Pattern(days=frozenset({0}), starts=time(8), ends=time(16))
    assert wp.from_stored({}, days=[1], starts=time(8), ends=time(16)).kind == wp.FIXED


def test_a_range_too_long_is_refused():
    try:
        wp.schedule(rota(), start=MONDAY, end=MONDAY + timedelta(days=wp.MOST_RANGE_DAYS + 1), zone=LONDON)
    except ValueError as error:
        assert "at most" in str(error)
    else:
        raise AssertionError("a long range was worked out")


codes = st.sampled_from([None, "LD", "N", "E", "L"])
rotas = st.lists(st.tuples(*[codes] * 7), min_size=1, max_size=wp.MOST_ROTA_WEEKS).map(tuple)
# Around both clock changes and a plain month.
starts = st.sampled_from([date(2027, 3, 20), date(2026, 10, 17), date(2026, 11, 30)]).flatmap(
    lambda d: st.integers(0, 14).map(lambda n: d + timedelta(days=n))
)
zones = st.sampled_from([LONDON, ZoneInfo("UTC"), ZoneInfo("America/New_York")])


@settings(max_examples=150, deadline=None)
@given(weeks=rotas, first=starts, length=st.integers(1, 40), zone=zones, rota_start=starts)
def test_working_and_quiet_time_cover_the_range_exactly_once_and_rest_is_never_working(
    weeks, first, length, zone, rota_start
):
    pattern = wp.Pattern(kind=wp.ROTA, shifts=wp.NHS_SHIFTS, rota_starts_on=rota_start, rota=weeks)
    found = wp.schedule(pattern, start=first, end=first + timedelta(days=length), zone=zone)
    pieces = sorted(found.working + found.quiet)
    assert pieces[0][0] == found.start and pieces[-1][1] == found.end
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))  # no gap, no overlap
    assert all(lo < hi for lo, hi in pieces)
    for lo, hi in found.rest:
        assert not found.is_working(lo) and found.start <= lo < hi <= found.end
    for shift in found.shifts:
        assert timedelta(hours=6) < shift.end - shift.start < timedelta(hours=14)


@settings(max_examples=100, deadline=None)
@given(weeks=rotas, first=starts, length=st.integers(1, 20))
def test_a_rota_moved_on_by_its_own_length_gives_the_same_shifts(weeks, first, length):
    pattern = wp.Pattern(kind=wp.ROTA, shifts=wp.NHS_SHIFTS, rota_starts_on=MONDAY, rota=weeks)
    later = first + timedelta(weeks=len(weeks))
    one = wp.schedule(pattern, start=first, end=first + timedelta(days=length), zone=LONDON)
    two = wp.schedule(pattern, start=later, end=later + timedelta(days=length), zone=LONDON)
    assert [(s.day + timedelta(weeks=len(weeks)), s.name) for s in one.shifts] == [(s.day, s.name) for s in two.shifts]


def test_calendar_shifts_can_be_marked_by_category_as_e_rostering_exports_do():
    """An e-rostering export may title every shift "Shift" and say which in its category."""
    pattern = wp.Pattern(kind=wp.CALENDAR, rules=("Long day",))
    day = MONDAY
    events = [
        wp.CalendarShift("Shift", local(day, time(7, 30)), local(day, time(20)), categories=("Long day",)),
        wp.CalendarShift("Budget", local(day, time(9)), local(day, time(10)), categories=("Finance",)),
    ]
    found = wp.schedule(pattern, start=day, end=day + timedelta(days=1), zone=LONDON, calendar=events)
    assert [s.name for s in found.shifts] == ["Shift"]
    assert wp.shift_rule_of("Shift", ("Long day",), pattern.rules) == "Long day"
    assert wp.shift_rule_of("Budget", ("Finance",), pattern.rules) is None
