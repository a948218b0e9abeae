"""The timer, preset, session log and organisation practice forms. No database."""

import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from attend.practice.forms import OrganisationPracticeForm, PresetForm, SessionLogForm, TimerForm
from attend.practice.timing import Stage, TimerSettings

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)


def timer_data(**fields) -> dict:
    """A bound timer form's data: stage 1 is 20 minutes unless the test says otherwise."""
    return {"preparation": "10", "bell": "bowl", "stage1_name": "Sit", "stage1_length": "20", **fields}


def valid_timer(form_class=TimerForm, **fields) -> TimerSettings:
    form = form_class(timer_data(**fields))
    assert form.is_valid(), form.errors
    return form.timer_settings()


def errors_of(form_class=TimerForm, **fields) -> dict[str, list[str]]:
    form = form_class(timer_data(**fields))
    assert not form.is_valid()
    return form.errors


def as_data(initial: dict) -> dict:
    """What a browser would send back for a form shown with `initial`."""
    form = TimerForm(initial=initial)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False, ""):
            data[name] = str(value)
    return data


# TimerForm: stages


def test_three_stages_with_an_empty_fourth_are_three_stages():
    settings = valid_timer(
        stage2_name="Walk",
        stage2_length="10",
        stage3_name="Sit",
        stage3_length="20",
        stage4_name="",
        stage4_length="",
        stage4_interval="",
        stage4_points="",
    )

    assert settings.stages == (Stage("Sit", 1200), Stage("Walk", 600), Stage("Sit", 1200))
    assert settings.planned_seconds == 3000
    assert settings.preparation_seconds == 10
    assert settings.bell == "bowl"
    assert settings.vibrate is False


def test_a_later_stage_with_only_a_name_counts_and_is_open_ended():
    settings = valid_timer(stage2_name="Open sit")

    assert settings.stages == (Stage("Sit", 1200), Stage("Open sit", None))
    assert settings.planned_seconds is None


def test_a_single_unnamed_stage_is_called_sit_and_later_ones_are_numbered():
    assert valid_timer(stage1_name="").stages == (Stage("Sit", 1200),)
    assert valid_timer(stage1_name="", stage3_length="5").stages == (Stage("Stage 1", 1200), Stage("Stage 2", 300))


def test_an_open_ended_first_stage_with_a_stage_after_it_names_stage_1():
    errors = errors_of(stage1_length="", stage2_name="Walk", stage2_length="10")

    assert errors == {"stage1_length": ["Stage 1: Only the last stage can be open-ended"]}


def test_an_open_ended_single_stage_is_fine():
    settings = valid_timer(stage1_length="", stage1_interval="5")

    assert settings.stages == (Stage("Sit", None, interval_seconds=300),)
    assert settings.planned_seconds is None


def test_stage_problems_are_numbered_by_position_among_the_stages_in_use():
    errors = errors_of(stage3_length="10", stage3_interval="10")

    assert errors == {"stage3_length": ["Stage 2: The interval must be shorter than the stage"]}


def test_interval_and_points_are_read_in_minutes_or_minutes_and_seconds():
    settings = valid_timer(
        stage1_length="55", stage1_points="55, 0; 25 30 0:30", stage2_length="2:30", stage2_interval="0:45"
    )

    first, second = settings.stages
    assert first.points == (0, 30, 1500, 1800, 3300)
    assert first.bells() == [0, 30, 1500, 1800, 3300]
    assert second == Stage("Stage 2", 150, interval_seconds=45)


def test_a_bad_length_names_the_value():
    errors = errors_of(stage1_length="twenty")

    assert errors["stage1_length"] == [
        "“twenty” is not a length: use minutes, like 20, or minutes and seconds, like 2:30"
    ]


def test_a_bad_interval_names_the_value():
    errors = errors_of(stage1_interval="5 min")

    assert errors == {
        "stage1_interval": ["“5 min” is not a length: use minutes, like 20, or minutes and seconds, like 2:30"]
    }


def test_a_bad_point_names_the_value():
    errors = errors_of(stage1_points="0, 10, 1o, 15")

    assert errors == {
        "stage1_points": ["“1o” is not a length: use minutes, like 20, or minutes and seconds, like 2:30"]
    }


def test_a_point_after_the_stage_ends_is_reported_on_the_stage():
    errors = errors_of(stage1_points="0, 25")

    assert errors == {"stage1_length": ["Stage 1: A bell at 25 would come after the stage ends"]}


def test_points_in_an_open_ended_stage_are_refused():
    errors = errors_of(stage1_length="", stage1_points="5")

    assert errors == {
        "stage1_length": ["Stage 1: An open-ended stage can only have bells at an interval, not at chosen points"]
    }


def test_a_stage_over_four_hours_is_refused():
    assert errors_of(stage1_length="241") == {"stage1_length": ["Stage 1: Enter a length of 4 hours or less"]}


def test_preparation_bell_and_vibrate_are_kept():
    settings = valid_timer(preparation="60", bell="silent", vibrate="on")

    assert (settings.preparation_seconds, settings.bell, settings.vibrate) == (60, "silent", True)


def test_an_unknown_bell_or_preparation_is_refused():
    errors = errors_of(bell="klaxon", preparation="600")

    assert set(errors) == {"bell", "preparation"}


def test_a_timer_needs_no_name_but_a_preset_does():
    assert TimerForm(timer_data()).is_valid()

    form = PresetForm(timer_data())

    assert not form.is_valid()
    assert form.errors == {"name": ["Enter a name for this timer"]}
    assert PresetForm(timer_data(name="Morning sit")).is_valid()


# Showing saved settings again


@pytest.mark.parametrize(
    "settings",
    [
        TimerSettings(stages=(Stage("Sit", 1200),)),
        TimerSettings(
            stages=(
                Stage("Sit", 1200, interval_seconds=300),
                Stage("Walk", 600),
                Stage("Sit", 3300, points=(0, 1500, 1800, 3300)),
                Stage("Rest", None, interval_seconds=90),
            ),
            preparation_seconds=30,
            bell="wood",
            vibrate=True,
        ),
        TimerSettings(stages=(Stage("Sit", 150, points=(30, 90)), Stage("Open", None)), preparation_seconds=0),
    ],
)
def test_initial_from_reads_back_as_the_same_settings(settings):
    initial = TimerForm.initial_from(settings, name="Saved")

    form = PresetForm(as_data(initial))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Saved"
    assert form.timer_settings() == settings


def test_initial_from_fills_unused_stages_with_nothing():
    initial = TimerForm.initial_from(TimerSettings(stages=(Stage("Sit", 1200),)))

    assert initial["stage1_length"] == 1200
    assert all(
        initial[f"stage{number}_{part}"] in ("", None, []) for number in (2, 3, 4) for part in ("name", "length")
    )


# SessionLogForm


@time_machine.travel(NOW, tick=False)
def test_any_timer_the_form_accepts_can_be_logged():
    timer = TimerForm(timer_data(stage1_length="240", stage2_length="30"))
    if not timer.is_valid():
        return  # refusing the timer up front is as good as logging it
    planned = timer.timer_settings().planned_seconds

    log = SessionLogForm(session_payload(kind="timer", planned_seconds=planned, actual_seconds=planned))

    assert log.is_valid(), log.errors


def session_payload(**fields) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "kind": "guided",
        "practice_key": "breathing-space",
        "title": "Three-step breathing space",
        "started_at": "2026-03-18T11:50:00.000Z",
        "planned_seconds": 180,
        "actual_seconds": 180,
        "ended": True,
        "completed": True,
        **fields,
    }


@time_machine.travel(NOW, tick=False)
def test_a_session_log_with_a_z_timestamp_is_valid():
    form = SessionLogForm(session_payload())

    assert form.is_valid(), form.errors
    assert form.cleaned_data["started_at"] == datetime(2026, 3, 18, 11, 50, tzinfo=UTC)
    assert form.cleaned_data["ended"] is True
    assert form.cleaned_data["actual_seconds"] == 180


@time_machine.travel(NOW, tick=False)
def test_a_session_that_starts_more_than_a_day_ahead_is_refused():
    form = SessionLogForm(session_payload(started_at="2026-03-19T12:30:00Z"))

    assert not form.is_valid()
    assert form.errors == {"started_at": ["A session cannot start in the future"]}


@time_machine.travel(NOW, tick=False)
def test_a_clock_running_fast_is_forgiven_and_the_session_logged_as_now():
    form = SessionLogForm(session_payload(started_at="2026-03-18T14:00:00Z"))

    assert form.is_valid()
    assert form.cleaned_data["started_at"] == timezone.now()


@time_machine.travel(NOW, tick=False)
def test_a_session_more_than_a_year_old_is_refused():
    form = SessionLogForm(session_payload(started_at="0001-01-01T00:00:00Z"))

    assert not form.is_valid()
    assert form.errors == {"started_at": ["A session more than a year old cannot be logged"]}


@time_machine.travel(NOW, tick=False)
def test_an_open_ended_sit_longer_than_a_day_is_logged_as_a_day():
    form = SessionLogForm(session_payload(ended=True, actual_seconds=100_000, planned_seconds=None))

    assert form.is_valid()
    assert form.cleaned_data["actual_seconds"] == 24 * 60 * 60


@time_machine.travel(NOW, tick=False)
def test_an_ended_session_needs_its_length():
    form = SessionLogForm(session_payload(actual_seconds=None))

    assert not form.is_valid()
    assert form.errors == {"actual_seconds": ["An ended session needs its length"]}


@time_machine.travel(NOW, tick=False)
def test_a_session_still_going_needs_no_length():
    form = SessionLogForm(session_payload(actual_seconds=None, ended=False, completed=False))

    assert form.is_valid(), form.errors


@time_machine.travel(NOW, tick=False)
def test_session_log_fields_are_checked():
    form = SessionLogForm(
        session_payload(client_id="not-a-uuid", kind="podcast", planned_seconds=0, actual_seconds=-1, title="")
    )

    assert not form.is_valid()
    assert set(form.errors) == {"client_id", "kind", "planned_seconds", "actual_seconds", "title"}


# OrganisationPracticeForm


def practice_data(**fields) -> dict:
    return {
        "title": "Before handover",
        "purpose": "A minute to arrive.",
        "when": "Before handover.",
        "length": "1:00",
        "script": "0:00 Stop where you are.\n0:20 Feel your feet.\n0:45 Go in.",
        **fields,
    }


def test_an_organisation_practice_reads_its_length():
    form = OrganisationPracticeForm(practice_data())

    assert form.is_valid(), form.errors
    assert form.cleaned_data["length"] == 60


def test_script_problems_appear_on_the_script_with_their_lines():
    form = OrganisationPracticeForm(practice_data(script="Stop where you are.\r\n0:00 Feel your feet.\r\n0:55 Go in."))

    assert not form.is_valid()
    assert form.errors == {
        "script": [
            "Line 1: start with a time, like “0:00 Settle into your seat”",
            "Line 3: cues must start at least 10 seconds before the end, so the closing bell has room",
        ]
    }


@pytest.mark.parametrize("length", ["0:10", "60:01", "1:00:00:00"])
def test_a_length_out_of_range_is_refused(length):
    form = OrganisationPracticeForm(practice_data(length=length, script="0:00 Go."))

    assert not form.is_valid()
    assert "length" in form.errors
    assert "script" not in form.errors


def test_lengths_at_the_edges_of_the_range_are_fine():
    for length, seconds in (("0:11", 11), ("60:00", 3600)):
        form = OrganisationPracticeForm(practice_data(length=length, script="0:00 Go."))

        assert form.is_valid(), form.errors
        assert form.cleaned_data["length"] == seconds


def test_a_length_that_is_not_a_time_names_it():
    form = OrganisationPracticeForm(practice_data(length="five"))

    assert form.errors == {"length": ["“five” is not a time like 2:30"]}


def test_the_range_message_names_the_limits():
    form = OrganisationPracticeForm(practice_data(length="0:05", script="0:00 Go."))

    assert form.errors == {"length": ["Enter a length between 0:11 and 60:00"]}
