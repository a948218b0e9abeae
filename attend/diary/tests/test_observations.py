"""Plain-language observations for a week."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from attend.core.formatting import duration, time_in_words
from attend.diary.analysis import analyse
from attend.diary.calendar_read import Event
from attend.diary.figures import WorkPattern
from attend.diary.observations import observations_for_week

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 3, 2)
JUDGEMENTS = ("should", "too many", "must", "bad", "failed", "only managed")


def meeting(day: date, begin: str, finish: str, title: str = "Meeting", **fields) -> Event:
    def at(clock_text: str) -> datetime:
        hours, minutes = map(int, clock_text.split(":"))
        return datetime.combine(day, time(hours, minutes), LONDON).astimezone(UTC)

    return Event(uid=f"{title}-{day}-{begin}", title=title, start=at(begin), end=at(finish), **fields)


def sentences(events) -> list[str]:
    analysis = analyse(events, pattern=WorkPattern(zone=LONDON), start=MONDAY, end=MONDAY + timedelta(days=7))
    week = analysis.weeks[0]
    return observations_for_week(week, analysis.days_of(week))


def test_six_hours_back_to_back_with_no_break_on_tuesday():
    tuesday = MONDAY + timedelta(days=1)
    run = [meeting(tuesday, f"{h:02d}:30", f"{h + 1:02d}:30", f"M{h}") for h in range(8, 14)]
    run += [meeting(tuesday, "14:30", "17:00", "Afternoon")]

    said = sentences(run)
    assert said[0] == "Tuesday: 8 hours 30 minutes back to back, no break."
    assert "No 30 minutes free for lunch between 11:30am and 2pm on Tuesday." in said


def test_a_day_with_no_break_but_no_long_run():
    wednesday = MONDAY + timedelta(days=2)
    day = [meeting(wednesday, f"{h:02d}:30", f"{h + 1:02d}:20", f"M{h}") for h in range(8, 16)]
    day += [meeting(wednesday, "16:30", "17:00", "Last")]

    assert "Wednesday: no break of 15 minutes or more in your working hours." in sentences(day)


def test_share_focus_outside_hours_and_counts():
    said = sentences(
        [
            meeting(MONDAY, "09:00", "11:00", "Board", attendees=12),
            meeting(MONDAY, "10:30", "11:30", "Clash"),
            meeting(MONDAY, "18:00", "19:00", "Evening", recurring=True, series_uid="e"),
        ]
    )

    assert (
        "Meetings took 2 hours 30 minutes of your 42 hours 30 minutes working time (6%), leaving 40 hours free." in said
    )
    assert "You had 39 hours 30 minutes in free blocks of 1 hour or more." in said  # not 8:30 to 9am
    assert "You had 1 hour of meetings outside your working hours." in said
    assert "There was 1 double booking (two meetings at the same time)." in said
    assert "1 meeting was longer than 1 hour." in said
    assert "1 meeting had 8 or more people." in said
    assert "Repeating meetings took 1 hour, one-off meetings 3 hours." in said


def test_an_empty_week_says_nothing():
    assert sentences([]) == []


def test_the_words_are_never_judgemental():
    tuesday = MONDAY + timedelta(days=1)
    busy = [meeting(tuesday, f"{h:02d}:00", f"{h + 1:02d}:00", f"M{h}", attendees=10) for h in range(7, 20)]

    for sentence in sentences(busy):
        assert not any(word in sentence.lower() for word in JUDGEMENTS), sentence


def test_durations_and_clock_times_read_as_people_say_them():
    assert [duration(m) for m in (0, 1, 45, 60, 90, 360)] == [
        "0 minutes",
        "1 minute",
        "45 minutes",
        "1 hour",
        "1 hour 30 minutes",
        "6 hours",
    ]
    assert [time_in_words(t) for t in (time(9), time(11, 30), time(12), time(14))] == [
        "9am",
        "11:30am",
        "midday",
        "2pm",
    ]


def test_meetings_on_a_day_off_are_mentioned_without_blame():
    saturday = MONDAY + timedelta(days=5)

    assert "You had 1 hour 30 minutes of meetings on days you do not usually work." in sentences(
        [meeting(saturday, "10:00", "11:30", "Catching up")]
    )
