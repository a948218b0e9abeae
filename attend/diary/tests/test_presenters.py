"""Display values: durations in words, chart geometry, the words of the progress indicator."""

import datetime
import uuid

import pytest

from attend.diary import presenters
from attend.diary.figures import WeekFigures
from attend.diary.models import DiaryCalendar, DiaryImport


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


def calm_week(monday: datetime.date):
    """A week with no meetings at all: what the engine makes of a week before the calendar begins."""
    fields = dict.fromkeys(WeekFigures.__dataclass_fields__, 0)
    return WeekFigures(**{**fields, "week_start": monday, "meeting_share": 0.0, "focus_minutes": 2400})


TREND_MONDAY = datetime.date(2026, 11, 2)


class TestTrendBeforeTheFirstEvent:
    """Issue 18: weeks before the person's calendars begin are not calm weeks of 40 hours' focus."""

    MONDAY = TREND_MONDAY
    WEEKS = [calm_week(TREND_MONDAY + datetime.timedelta(weeks=n)) for n in range(3)]

    def test_weeks_that_end_before_the_first_event_say_there_is_no_data(self):
        first_event = self.MONDAY + datetime.timedelta(weeks=1, days=3)  # the Thursday of the second week

        rows = presenters.trend_rows(self.WEEKS, data_from=first_event)

        no_data = ["No data for this week", "No data", "No data", "No data", "No data"]
        assert rows[0] == [presenters.week_name(self.MONDAY), *no_data]
        assert rows[1][1:] == ["0%", "0.0", "0", "40.0", "0.0"]  # the week the calendar begins has data
        assert rows[2][1:] == ["0%", "0.0", "0", "40.0", "0.0"]

    def test_the_chart_draws_no_column_for_a_week_without_data(self):
        bars = presenters.trend_bars(self.WEEKS, data_from=self.MONDAY + datetime.timedelta(weeks=2))

        assert [bar.no_data for bar in bars] == [True, True, False]

    def test_every_week_has_data_when_the_calendar_began_before_them(self):
        rows = presenters.trend_rows(self.WEEKS, data_from=self.MONDAY - datetime.timedelta(days=1))

        assert all("No data" not in row[1] for row in rows)

    def test_no_first_event_means_no_week_has_data(self):
        rows = presenters.trend_rows(self.WEEKS, data_from=None)

        assert all(row[1] == "No data for this week" for row in rows)


@pytest.mark.parametrize(
    ("source", "status", "read_before", "words"),
    [
        ("upload", "failed", False, "Could not be read, so nothing from it is in your diary"),
        ("upload", "failed", True, "The last file could not be read"),
        ("subscription", "failed", True, "Last refresh failed"),
        ("subscription", "failed", False, "Could not be read, so nothing from it is in your diary"),
        ("upload", "ready", True, "Up to date"),
    ],
)
def test_a_calendars_status_never_speaks_of_a_refresh_that_was_not_one(source, status, read_before, words):
    calendar = DiaryCalendar(source=source, status=status, current_import_id=uuid.uuid4() if read_before else None)

    assert presenters.calendar_status(calendar) == words


def test_meeting_rows_name_each_meeting_once_in_time_order():
    from zoneinfo import ZoneInfo

    from attend.diary.figures import MeetingRef

    zone = ZoneInfo("Europe/London")
    first = MeetingRef(
        title="Board",
        start=datetime.datetime(2026, 3, 3, 9, tzinfo=zone),
        end=datetime.datetime(2026, 3, 3, 11, tzinfo=zone),
        minutes=120,
    )
    second = MeetingRef(
        title="Huddle",
        start=datetime.datetime(2026, 3, 2, 8, 30, tzinfo=zone),
        end=datetime.datetime(2026, 3, 2, 8, 45, tzinfo=zone),
        minutes=15,
    )

    rows = presenters.meeting_rows([first, second, first], zone)  # a meeting in two double bookings: once

    assert [row[0] for row in rows] == ["Huddle", "Board"]
    assert rows[1][3] == "2 hours"


def test_only_a_figure_with_meetings_behind_it_links_to_them():
    monday = datetime.date(2026, 3, 2)
    rows = presenters.summary_rows([("Long meetings", "2", "long"), ("Double bookings", "0")], monday=monday)

    assert rows[0]["actions"]["items"][0]["href"] == "/diary/week/meetings/long/?week=2026-03-02"
    assert "actions" not in rows[1]
