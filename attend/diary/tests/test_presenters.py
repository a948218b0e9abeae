"""Display values: durations in words, chart geometry, the words of the progress indicator."""

import datetime

import pytest

from attend.diary import presenters
from attend.diary.models import DiaryImport


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(0, "0 minutes"), (1, "1 minute"), (45, "45 minutes"), (60, "1 hour"), (150, "2 hours 30 minutes")],
)
def test_durations_read_as_words(minutes, words):
    assert presenters.duration(minutes) == words


def test_hours_for_tables_have_one_decimal_place():
    assert presenters.hours(390) == "6.5"
    assert presenters.hours(420) == "7.0"


def test_progress_counts_events_with_thousands_separators():
    running = DiaryImport(state=DiaryImport.State.SAVING, events_total=40000, events_done=12000)

    assert presenters.import_progress(running) == "12,000 of 40,000 events saved."


def test_a_problem_names_its_line_when_known_and_ends_in_one_full_stop():
    assert presenters.import_problem(DiaryImport(message="A date is not a date", line=12)) == (
        "Line 12: A date is not a date."
    )
    assert presenters.import_problem(DiaryImport(message="Not a calendar.")) == "Not a calendar."


def test_week_names_and_shares():
    assert presenters.week_name(datetime.date(2026, 11, 23)) == "Week of 23 November 2026"
    assert presenters.share(0.624) == "62%"
