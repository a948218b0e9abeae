"""Busy spans merged, and the free time between them."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.diary.intervals import gaps, merge


def test_overlapping_and_touching_spans_join_and_come_out_sorted():
    assert merge([(30, 40), (0, 10), (5, 20), (20, 25), (50, 60)]) == [(0, 25), (30, 40), (50, 60)]


def test_a_span_inside_another_is_swallowed():
    assert merge([(0, 100), (10, 20)]) == [(0, 100)]


def test_nothing_busy_is_nothing_merged():
    assert merge([]) == []


def test_the_free_time_around_busy_spans():
    assert gaps([(10, 20), (30, 40)], 0, 50) == [(0, 10), (20, 30), (40, 50)]


def test_free_time_is_only_inside_the_window():
    assert gaps([(0, 15), (45, 100)], 10, 50) == [(15, 45)]
    assert gaps([(0, 5), (60, 70)], 10, 50) == [(10, 50)]


def test_a_window_that_is_all_busy_has_no_free_time():
    assert gaps([(0, 100)], 10, 50) == []


def test_datetimes_work_as_well_as_seconds():
    nine = datetime(2026, 3, 2, 9, tzinfo=UTC)

    def at(minutes: int) -> datetime:
        return nine + timedelta(minutes=minutes)

    busy = merge([(at(60), at(90)), (at(0), at(30)), (at(20), at(45))])

    assert busy == [(at(0), at(45)), (at(60), at(90))]
    assert gaps(busy, at(0), at(120)) == [(at(45), at(60)), (at(90), at(120))]


spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 60)).map(lambda pair: (pair[0], pair[0] + pair[1])), max_size=20
)


# Meetings that last no time are left out before the engine gets here.


def covered(pairs) -> set[int]:
    return {moment for start, end in pairs for moment in range(start, end)}


@settings(max_examples=300, deadline=None)
@given(spans)
def test_merged_spans_cover_the_same_time_apart_and_in_order(busy):
    merged = merge(busy)

    assert covered(merged) == covered(busy)
    assert all(earlier_end < later_start for (_, earlier_end), (later_start, _) in pairwise(merged))


@settings(max_examples=300, deadline=None)
@given(spans, st.integers(0, 150), st.integers(0, 150))
def test_free_time_is_the_window_less_the_busy_time(busy, lo, length):
    hi = lo + length
    free = gaps(merge(busy), lo, hi)

    assert covered(free) == set(range(lo, hi)) - covered(busy)
    assert all(start < end for start, end in free)
    assert all(earlier_end < later_start for (_, earlier_end), (later_start, _) in pairwise(free))
