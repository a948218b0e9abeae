"""Clock times, lengths, a stage's bells and the plans the player follows. Pure, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attend.practice.content import Cue
from attend.practice.timing import (
    MAX_SESSION_SECONDS,
    DurationError,
    Stage,
    TimerSettings,
    describe_length,
    format_clock,
    format_duration,
    guided_plan,
    parse_clock,
    parse_duration,
    stage_problems,
    timer_plan,
)

MINUTE = 60

# Reading and writing times


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("0:00", 0), ("2:30", 150), ("10:05", 605), (" 3:00 ", 180), ("1:02:03", 3723), ("120:00", 7200)],
)
def test_parse_clock_reads_minutes_and_seconds_or_hours_too(text, seconds):
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("text", ["", "3", "2:3", "2:60", "1:2:3", "a:bc", "-1:00", "2:30pm", "1234:00"])
def test_parse_clock_refuses_anything_else(text):
    with pytest.raises(DurationError, match="is not a time like 2:30"):
        parse_clock(text)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("20", 1200), ("0", 0), (" 5 ", 300), ("2:30", 150), ("0:45", 45), ("1:02:03", 3723), ("240", 14400)],
)
def test_parse_duration_reads_whole_minutes_or_a_clock_time(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "twenty", "2.5", "-5", "2:75", "1000", "20m"])
def test_parse_duration_names_the_bad_value(text):
    with pytest.raises(DurationError) as raised:
        parse_duration(text)

    assert str(raised.value) == (
        f"“{text.strip()}” is not a length: use minutes, like 20, or minutes and seconds, like 2:30"
    )


@pytest.mark.parametrize(("seconds", "text"), [(1200, "20"), (0, "0"), (150, "2:30"), (65, "1:05"), (3723, "62:03")])
def test_format_duration_writes_what_a_person_would_type(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [(180, "3:00"), (5, "0:05"), (3723, "1:02:03"), (3600, "1:00:00")])
def test_format_clock_writes_script_times(seconds, text):
    assert format_clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, "Open-ended"),
        (0, "0 seconds"),
        (1, "1 second"),
        (180, "3 minutes"),
        (60, "1 minute"),
        (90, "1 minute 30 seconds"),
        (3600, "1 hour"),
        (3661, "1 hour 1 minute 1 second"),
        (7320, "2 hours 2 minutes"),
    ],
)
def test_describe_length_in_words(seconds, words):
    assert describe_length(seconds) == words


@given(st.integers(min_value=0, max_value=MAX_SESSION_SECONDS))
def test_format_duration_reads_back_as_the_same_length(seconds):
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.integers(min_value=0, max_value=MAX_SESSION_SECONDS))
def test_format_clock_reads_back_as_the_same_time(seconds):
    assert parse_clock(format_clock(seconds)) == seconds


# A stage's bells


def test_a_bell_every_five_minutes_in_twenty():
    stage = Stage("Sit", 20 * MINUTE, interval_seconds=5 * MINUTE)

    assert stage.bells() == [0, 300, 600, 900, 1200]


def test_an_interval_that_does_not_divide_the_stage_still_ends_on_the_end_bell():
    stage = Stage("Sit", 10 * MINUTE, interval_seconds=4 * MINUTE)

    assert stage.bells() == [0, 240, 480, 600]


def test_bells_at_chosen_points():
    stage = Stage("Sit", 55 * MINUTE, points=(0, 25 * MINUTE, 30 * MINUTE, 55 * MINUTE))

    assert stage.bells() == [0, 1500, 1800, 3300]


def test_a_stage_with_no_extra_bells_rings_at_start_and_end():
    assert Stage("Walk", 600).bells() == [0, 600]


def test_an_open_ended_stage_has_only_its_start_bell_in_the_list():
    assert Stage("Sit", None, interval_seconds=300).bells() == [0]


@st.composite
def timed_stages(draw):
    seconds = draw(st.integers(min_value=1, max_value=MAX_SESSION_SECONDS))
    interval = draw(st.none() | st.integers(min_value=1, max_value=max(1, seconds - 1)))
    points = draw(st.lists(st.integers(min_value=0, max_value=seconds), max_size=8))
    return Stage("Sit", seconds, interval_seconds=interval if interval and interval < seconds else None, points=points)


@given(timed_stages())
def test_bells_are_sorted_unique_and_span_the_stage(stage):
    bells = stage.bells()

    assert bells == sorted(set(bells))
    assert bells[0] == 0
    assert bells[-1] == stage.seconds
    assert all(0 <= bell <= stage.seconds for bell in bells)
    assert set(stage.points) <= set(bells)
    if stage.interval_seconds:
        assert set(range(0, stage.seconds, stage.interval_seconds)) <= set(bells)
    assert stage_problems(stage, is_last=True) == []


# What can be wrong with a stage


def test_only_the_last_stage_can_be_open_ended():
    assert stage_problems(Stage("Sit", None), is_last=False) == ["Only the last stage can be open-ended"]
    assert stage_problems(Stage("Sit", None), is_last=True) == []
    assert stage_problems(Stage("Sit", None, interval_seconds=300), is_last=True) == []


def test_an_open_ended_stage_cannot_have_chosen_points():
    problems = stage_problems(Stage("Sit", None, points=(0, 600)), is_last=True)

    assert problems == ["An open-ended stage can only have bells at an interval, not at chosen points"]


def test_the_interval_must_be_shorter_than_the_stage():
    assert stage_problems(Stage("Sit", 600, interval_seconds=600), is_last=True) == [
        "The interval must be shorter than the stage"
    ]
    assert stage_problems(Stage("Sit", 600, interval_seconds=900), is_last=True) == [
        "The interval must be shorter than the stage"
    ]
    assert stage_problems(Stage("Sit", 600, interval_seconds=599), is_last=True) == []


def test_a_point_after_the_end_is_named():
    problems = stage_problems(Stage("Sit", 20 * MINUTE, points=(0, 15 * MINUTE, 25 * MINUTE)), is_last=True)

    assert problems == ["A bell at 25 would come after the stage ends"]
    assert stage_problems(Stage("Sit", 20 * MINUTE, points=(20 * MINUTE,)), is_last=True) == []


def test_a_stage_must_last_between_a_second_and_four_hours():
    assert stage_problems(Stage("Sit", 0), is_last=True) == ["Enter a length of at least 1 second"]
    assert stage_problems(Stage("Sit", MAX_SESSION_SECONDS + 1), is_last=True) == ["Enter a length of 4 hours or less"]
    assert stage_problems(Stage("Sit", MAX_SESSION_SECONDS), is_last=True) == []


# Plans for the player


def test_the_plan_for_sit_walk_sit():
    settings = TimerSettings(
        stages=(Stage("Sit", 1200, interval_seconds=600), Stage("Walk", 600), Stage("Sit", 1200)),
        preparation_seconds=30,
        bell="wood",
        vibrate=True,
    )

    plan = timer_plan(settings, key="timer", title="Sit, walk, sit")

    assert plan["kind"] == "timer"
    assert plan["key"] == "timer"
    assert plan["title"] == "Sit, walk, sit"
    assert plan["plannedSeconds"] == 3000
    assert plan["preparationSeconds"] == 30
    assert plan["bell"] == "wood"
    assert plan["vibrate"] is True
    assert [stage["name"] for stage in plan["stages"]] == ["Sit", "Walk", "Sit"]
    assert [stage["seconds"] for stage in plan["stages"]] == [1200, 600, 1200]
    assert [stage["bells"] for stage in plan["stages"]] == [[0, 600, 1200], [0, 600], [0, 1200]]
    assert [stage["repeatEvery"] for stage in plan["stages"]] == [None, None, None]
    assert all(stage["cues"] == [] for stage in plan["stages"])


def test_the_plan_for_an_open_ended_sit_repeats_its_bell():
    settings = TimerSettings(stages=(Stage("Walk", 600), Stage("Sit", None, interval_seconds=300)))

    plan = timer_plan(settings, key="timer", title="Timer")

    assert settings.planned_seconds is None
    assert plan["plannedSeconds"] is None
    assert plan["stages"][0]["repeatEvery"] is None
    assert plan["stages"][1] == {"name": "Sit", "seconds": None, "bells": [0], "repeatEvery": 300, "cues": []}
    assert plan["preparationSeconds"] == 10
    assert plan["bell"] == "bowl"


def test_the_plan_for_a_guided_practice_rings_at_start_and_end_around_its_cues():
    cues = (Cue(0, "Settle."), Cue(30, "Breathe."), Cue(170, "The bell is coming."))

    plan = guided_plan(key="breathing-space", title="Breathing space", length_seconds=180, cues=cues)

    assert plan["kind"] == "guided"
    assert plan["plannedSeconds"] == 180
    assert plan["preparationSeconds"] == 0
    [stage] = plan["stages"]
    assert stage["seconds"] == 180
    assert stage["bells"] == [0, 180]
    assert stage["repeatEvery"] is None
    assert stage["cues"] == [
        {"at": 0, "text": "Settle."},
        {"at": 30, "text": "Breathe."},
        {"at": 170, "text": "The bell is coming."},
    ]
