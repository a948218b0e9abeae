import csv
import datetime
import io

import pytest
from jinja2 import Environment

from attend.config.jinja2_env import environment
from attend.core import formatting

DAY = datetime.date(2026, 12, 1)
MOMENT = datetime.datetime(2026, 12, 1, 9, 5)


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        (formatting.long_date, "1 December 2026"),
        (formatting.day_and_month, "1 December"),
        (formatting.month_and_year, "December 2026"),
        (formatting.short_date, "1 Dec 2026"),
        (formatting.weekday_date, "Tuesday 1 December"),
    ],
)
def test_dates_have_no_leading_zero_on_the_day(function, expected):
    assert function(DAY) == expected


def test_a_date_can_carry_its_year_and_its_time():
    assert formatting.weekday_date(DAY, year=True) == "Tuesday 1 December 2026"
    assert formatting.weekday_date_time(MOMENT) == "Tuesday 1 December, 09:05"
    assert formatting.weekday_date_time(MOMENT, year=True) == "Tuesday 1 December 2026, 09:05"
    assert formatting.date_time(MOMENT) == "1 December, 09:05"
    assert formatting.short_date_time(MOMENT) == "1 Dec 2026, 09:05"
    assert formatting.clock(datetime.time(17, 30)) == "17:30"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime.time(9, 0), "9am"),
        (datetime.time(11, 30), "11:30am"),
        (datetime.time(12, 0), "midday"),
        (datetime.time(12, 15), "12:15pm"),
        (datetime.time(0, 0), "12am"),
        (datetime.time(14, 0), "2pm"),
    ],
)
def test_times_in_sentences_follow_nhs_style(moment, expected):
    assert formatting.time_in_words(moment) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "0 minutes"),
        (1, "1 minute"),
        (45, "45 minutes"),
        (60, "1 hour"),
        (150, "2 hours 30 minutes"),
        (-5, "0 minutes"),
    ],
)
def test_durations_read_as_words(minutes, expected):
    assert formatting.duration(minutes) == expected


def test_counted_nouns_take_their_plural():
    assert formatting.counted(1, "team") == "1 team"
    assert formatting.counted(0, "team") == "0 teams"
    assert formatting.counted(1, "person", "people") == "1 person"
    assert formatting.counted(3, "person", "people") == "3 people"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_is_guarded(start):
    assert formatting.csv_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


def test_numbers_and_plain_text_are_written_as_they_are():
    assert formatting.csv_cell(-1.5) == "-1.5"
    assert formatting.csv_cell(3) == "3"
    assert formatting.csv_cell(None) == ""
    assert formatting.csv_cell("Ward 7") == "Ward 7"
    assert formatting.csv_cell("-1") == "'-1", "typed text that looks like a number is still text"


def test_csv_text_writes_a_header_and_guarded_rows():
    text = formatting.csv_text([["=1+1", -2, None]], header=["a", "b", "c"])
    assert list(csv.reader(io.StringIO(text))) == [["a", "b", "c"], ["'=1+1", "-2", ""]]


def test_every_formatter_is_a_jinja_filter():
    env = environment(loader=None)
    assert isinstance(env, Environment)
    for name in formatting.JINJA_FILTERS:
        assert name in env.filters
    assert env.from_string("{{ day | long_date }}").render(day=DAY) == "1 December 2026"
    assert env.from_string("{{ day | weekday_date(year=True) }}").render(day=DAY) == "Tuesday 1 December 2026"
