"""Protected-time proposals from the gaps of a week."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.diary.calendar_read import Event
from attend.diary.figures import WorkPattern
from attend.diary.proposals import propose

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 3, 2)
PATTERN = WorkPattern(zone=LONDON, days=frozenset(range(5)), starts=time(8, 30), ends=time(17, 0))


def meeting(day: date, begin: str, finish: str, title: str = "Meeting", **fields) -> Event:
    def at(clock: str) -> datetime:
        hours, minutes = map(int, clock.split(":"))
        return datetime.combine(day, time(hours, minutes), LONDON).astimezone(UTC)

    return Event(uid=f"{title}-{day}-{begin}", title=title, start=at(begin), end=at(finish), **fields)


def plan_for(events, **options):
    return propose(events, pattern=PATTERN, start=MONDAY, end=MONDAY + timedelta(days=7), **options)


def overlaps_busy(proposal, events) -> bool:
    return any(e.busy and e.start < proposal.end and proposal.start < e.end for e in events)


def back_to_back_tuesday() -> list[Event]:
    tuesday = MONDAY + timedelta(days=1)
    return [
        meeting(tuesday, "09:00", "10:00", "Ops"),
        meeting(tuesday, "10:00", "11:00", "Finance"),
        meeting(tuesday, "11:00", "12:00", "Quality"),
        meeting(tuesday, "12:00", "13:00", "Workforce"),
    ]


def test_a_long_back_to_back_run_gets_a_pause_and_a_meeting_that_could_end_early():
    plan = plan_for(back_to_back_tuesday())

    pauses = [p for p in plan.proposals if p.kind == "pause"]
    assert [(p.key, p.minutes) for p in pauses] == [("pause-2026-03-03T10:50", 10)]
    assert "Finance" in pauses[0].reason
    early = [s for s in plan.suggestions if s.kind == "end-early"]
    assert [(s.title, s.minutes) for s in early] == [("Finance", 10)]


def test_lunch_is_proposed_in_the_lunch_window_when_there_is_room():
    plan = plan_for(back_to_back_tuesday())

    lunches = {p.start.date(): p for p in plan.proposals if p.kind == "lunch"}
    assert lunches[MONDAY].start.time() == time(12, 30)
    assert lunches[MONDAY + timedelta(days=1)].start.time() == time(13, 0)  # after the run ends
    assert all(p.minutes == 30 for p in lunches.values())


def test_no_lunch_is_proposed_when_the_window_is_full():
    tuesday = MONDAY + timedelta(days=1)
    plan = plan_for([meeting(tuesday, "11:30", "14:00", "Board")])

    assert tuesday not in {p.start.date() for p in plan.proposals if p.kind == "lunch"}


def test_every_kind_is_offered_in_a_normal_week_with_links_where_they_belong():
    plan = plan_for(back_to_back_tuesday())

    kinds = {p.kind for p in plan.proposals}
    assert kinds == {"pause", "lunch", "practice", "connect", "reflect"}
    links = {p.kind: p.link for p in plan.proposals}
    assert links["practice"] == "/practice/"
    assert links["connect"] == "/connect/"
    assert links["lunch"] is None


def test_blocks_sit_inside_working_hours_and_never_on_busy_time_or_each_other():
    events = back_to_back_tuesday() + [meeting(MONDAY + timedelta(days=n), "13:00", "16:30") for n in range(5)]
    plan = plan_for(events)

    others = [p for p in plan.proposals if p.kind != "pause"]  # a pause sits on the end of a meeting, by design
    for proposal in others:
        local = proposal.start.astimezone(LONDON)
        assert local.weekday() < 5
        assert time(8, 30) <= local.time() and proposal.end.astimezone(LONDON).time() <= time(17, 0)
        assert not overlaps_busy(proposal, events), proposal
    spans = sorted((p.start, p.end) for p in others)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))


def test_nothing_is_proposed_before_now():
    now = datetime(2026, 3, 4, 12, 0, tzinfo=LONDON)
    plan = plan_for(back_to_back_tuesday(), now=now)

    assert plan.proposals
    assert all(p.start >= now for p in plan.proposals)
    assert not [s for s in plan.suggestions if s.kind == "end-early"]


def test_keys_are_stable_and_unique():
    first = plan_for(back_to_back_tuesday())
    again = plan_for(back_to_back_tuesday())

    keys = [p.key for p in first.proposals]
    assert keys == [p.key for p in again.proposals]
    assert len(keys) == len(set(keys))


def test_a_heavy_recurring_series_is_worth_reviewing():
    events = [
        meeting(MONDAY + timedelta(days=n), "14:00", "16:00", "Steering group", recurring=True, series_uid="steer")
        for n in range(3)
    ] + [meeting(MONDAY, "09:00", "09:15", "Huddle", recurring=True, series_uid="huddle")]
    plan = plan_for(events)

    reviews = [s for s in plan.suggestions if s.kind == "review-series"]
    assert [(s.title, s.minutes) for s in reviews] == [("Steering group", 360)]
    assert "6 hours a week" in reviews[0].reason


def test_an_empty_week_still_offers_time_and_is_json_ready():
    plan = plan_for([])

    assert plan.proposals
    assert plan.to_dict()["proposals"][0]["start"].startswith("2026-03-02")


# Invariants -----------------------------------------------------------------------------------------------


@st.composite
def weeks_of_meetings(draw):
    """Up to 30 busy meetings anywhere in the week of the spring clock change, to the second."""
    monday = datetime.combine(date(2026, 3, 23), time(), LONDON)
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, 7 * 24 * 3600), st.integers(60, 4 * 3600)),
            max_size=30,
        )
    )
    return [
        Event(
            uid=str(n),
            title=f"M{n}",
            start=(monday + timedelta(seconds=begin)).astimezone(UTC),
            end=(monday + timedelta(seconds=begin + length)).astimezone(UTC),
        )
        for n, (begin, length) in enumerate(spans)
    ]


@settings(max_examples=150, deadline=None)
@given(weeks_of_meetings())
def test_blocks_are_in_working_hours_on_five_minute_marks_and_clear_of_meetings_and_each_other(events):
    monday = date(2026, 3, 23)
    plan = propose(events, pattern=PATTERN, start=monday, end=monday + timedelta(days=7))

    others = [p for p in plan.proposals if p.kind != "pause"]
    for proposal in others:
        local_start, local_end = proposal.start.astimezone(LONDON), proposal.end.astimezone(LONDON)
        assert local_start.weekday() < 5 and local_start.date() == local_end.date()
        assert time(8, 30) <= local_start.time() and local_end.time() <= time(17, 0)
        assert local_start.minute % 5 == 0 and local_start.second == 0
        assert not overlaps_busy(proposal, events), proposal
    spans = sorted((p.start, p.end) for p in others)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
    assert len({p.key for p in plan.proposals}) == len(plan.proposals)


def test_a_meeting_ending_a_few_seconds_past_the_minute_is_not_overlapped():
    tuesday = MONDAY + timedelta(days=1)
    start = datetime.combine(tuesday, time(11, 30), LONDON).astimezone(UTC)
    late_end = datetime.combine(tuesday, time(12, 40, 30), LONDON).astimezone(UTC)
    events = [Event(uid="s", title="Seconds", start=start, end=late_end)]

    lunch = next(p for p in plan_for(events).proposals if p.kind == "lunch" and p.start.date() == tuesday)

    assert lunch.start.astimezone(LONDON).time() == time(12, 45)
