"""Time for people (issue 18 item 3): which events count, by the person's rule, and how the engine adds them up."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.diary.analysis import analyse
from attend.diary.calendar_read import Event
from attend.diary.figures import WorkPattern
from attend.diary.observations import observations_for_week, people_time_fell
from attend.diary.people_time import DEFAULT_RULE, PeopleRule, normalise, why_people_time

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2026, 3, 3)
PATTERN = WorkPattern(zone=LONDON, days=frozenset(range(5)), starts=time(8, 30), ends=time(17, 0))
TEAM = PeopleRule(team_emails=frozenset({"sam@ward.nhs.uk", "alex@ward.nhs.uk"}))


def _at(clock: str, day: date = TUESDAY) -> datetime:
    hours, minutes = map(int, clock.split(":"))
    return datetime.combine(day, time(hours, minutes), LONDON).astimezone(UTC)


def _e(begin: str, end: str, title: str = "Meeting", day: date = TUESDAY, **fields) -> Event:
    return Event(uid=f"{title}{day}{begin}", title=title, start=_at(begin, day), end=_at(end, day), **fields)


def test_one_to_one_titles_are_found_whatever_their_capitals_and_hyphens():
    for title in ("1:1 Sam", "Sam / Jo 1-1", "One-to-one with Priya", "Catch-up with Alex", "CATCH UP WITH JO"):
        assert why_people_time(_e("10:00", "10:30", title), DEFAULT_RULE) == "title", title
    assert why_people_time(_e("10:00", "10:30", "Budget review"), DEFAULT_RULE) is None


def test_a_small_meeting_with_someone_from_the_team_counts_and_a_large_one_does_not():
    small = _e("10:00", "11:00", "Rota", attendees=3, attendee_emails=("me@x", "sam@ward.nhs.uk", "z@y"))
    large = _e("10:00", "11:00", "Rota", attendees=9, attendee_emails=("sam@ward.nhs.uk",))
    strangers = _e("10:00", "11:00", "Rota", attendees=2, attendee_emails=("me@x", "finance@x"))

    assert why_people_time(small, TEAM) == "team"
    assert why_people_time(large, TEAM) is None
    assert why_people_time(strangers, TEAM) is None
    assert why_people_time(small, PeopleRule(team_emails=TEAM.team_emails, small_meeting=0)) is None


def test_connect_conversations_count_only_when_the_rule_says_so():
    talk = _e("15:00", "15:45", "Connect conversation", origin="connect")

    assert why_people_time(talk, DEFAULT_RULE) == "connect"
    assert why_people_time(talk, PeopleRule(connect=False)) is None


def test_tentative_declined_free_and_away_never_count():
    for reason in ("tentative", "declined", "free", "away", "cancelled"):
        assert why_people_time(_e("10:00", "10:30", "1:1 Sam", busy=False, free_reason=reason), DEFAULT_RULE) is None


def test_the_day_counts_overlaps_once_and_connect_is_not_a_meeting():
    one_to_one = _e("10:00", "10:30", "1:1 Sam")
    talk = _e("10:00", "10:45", "Connect conversation", origin="connect")
    analysis = analyse(
        [one_to_one, _e("11:00", "12:00", "Budget")],
        pattern=PATTERN,
        start=TUESDAY,
        end=TUESDAY + timedelta(days=1),
        people=DEFAULT_RULE,
        people_events=[talk],
    )
    day = analysis.days[0]

    assert day.people_minutes == 45
    assert day.meeting_minutes == 90 and day.meeting_count == 2  # the conversation is not a meeting
    assert {ref.title for ref in day.people} == {"1:1 Sam", "Connect conversation"}
    assert analysis.weeks[0].people_minutes == 45


def test_without_a_rule_nothing_counts():
    day = analyse([_e("10:00", "10:30", "1:1 Sam")], pattern=PATTERN, start=TUESDAY, end=TUESDAY + timedelta(1)).days[0]

    assert day.people_minutes == 0


def _week(people_minutes: int):
    analysis = analyse([], pattern=PATTERN, start=TUESDAY, end=TUESDAY + timedelta(days=1))
    return analysis.weeks[0].__class__(**{**analysis.weeks[0].__dict__, "people_minutes": people_minutes})


def test_a_gentle_word_only_when_time_with_people_halves_from_an_hour_or_more():
    assert people_time_fell(_week(60), _week(180))
    assert not people_time_fell(_week(100), _week(180))
    assert not people_time_fell(_week(0), _week(50))  # too little the week before to speak of
    assert not people_time_fell(_week(0), None)

    [sentence] = observations_for_week(_week(60), [], previous=_week(180))
    assert sentence.startswith("You had 1 hour in one-to-ones and with your team this week, after 3 hours")
    assert "should" not in sentence.lower() and "!" not in sentence


titles = st.sampled_from(["1:1 Sam", "Budget", "Catch-up with Jo", "Rota", "Handover", "one to one"])
spans = st.lists(st.tuples(st.integers(0, 24 * 60 - 1), st.integers(1, 180), titles, st.integers(0, 12)), max_size=15)


def _events(drawn) -> list[Event]:
    base = datetime.combine(TUESDAY, time(), LONDON)
    return [
        Event(
            uid=str(n),
            title=title,
            start=(base + timedelta(minutes=start)).astimezone(UTC),
            end=(base + timedelta(minutes=start + length)).astimezone(UTC),
            attendees=attendees,
            attendee_emails=("sam@ward.nhs.uk",) if attendees % 2 else (),
        )
        for n, (start, length, title, attendees) in enumerate(drawn)
    ]


def _people(events, rule) -> int:
    days = analyse(events, pattern=PATTERN, start=TUESDAY, end=TUESDAY + timedelta(days=1), people=rule).days
    return days[0].people_minutes


@settings(max_examples=100, deadline=None)
@given(spans, spans)
def test_time_with_people_is_bounded_monotone_and_ignores_order(drawn, more):
    events = _events(drawn)
    nothing = _people(events, PeopleRule(title_words=("",), small_meeting=0, connect=False))  # "" matches nothing
    everything = analyse(events, pattern=PATTERN, start=TUESDAY, end=TUESDAY + timedelta(1)).days[0]
    minutes = _people(events, TEAM)

    assert nothing == 0
    assert 0 <= minutes <= 24 * 60
    assert minutes <= everything.early_minutes + everything.meeting_minutes + everything.late_minutes + 1
    assert _people(list(reversed(events)), TEAM) == minutes
    # A wider rule (more words, bigger small meetings) never finds less time with people.
    wider = PeopleRule(title_words=(*TEAM.title_words, "rota"), small_meeting=12, team_emails=TEAM.team_emails)
    assert _people(events, wider) >= minutes
    # Adding events never takes time with people away.
    extra = [Event(**{**e.__dict__, "uid": f"more-{e.uid}"}) for e in _events(more)]
    assert _people(events + extra, TEAM) >= minutes


def test_normalise_joins_hyphens_and_spaces():
    assert normalise("  Catch-up   WITH ") == "catch up with"
