"""Guided practice scripts: the built-in library, and the checks that name each bad line. Pure, no database."""

import pytest

from attend.practice.content import (
    LAST_CUE_GAP_SECONDS,
    MAX_CUE_LENGTH,
    MAX_CUES,
    Cue,
    ScriptError,
    built_in_practice,
    built_in_practices,
    parse_cues,
    parse_practice_file,
)
from attend.practice.timing import parse_clock

BUILT_IN = [
    ("breathing-space", "3:00"),
    ("stop", "1:00"),
    ("pause-before", "2:00"),
    ("self-compassion-break", "5:00"),
    ("loving-kindness", "10:00"),
    ("body-scan-15", "15:00"),
    ("body-scan-30", "30:00"),
]

HEADER = """title: Arriving
length: 2:00
purpose: A short pause to arrive.
when: Before a meeting.
order: 5"""


def problems_of(text: str, *, length_seconds: int = 120) -> list[str]:
    with pytest.raises(ScriptError) as raised:
        parse_cues(text, length_seconds=length_seconds)
    return raised.value.problems


def file_problems(text: str, key: str = "arriving") -> list[str]:
    with pytest.raises(ScriptError) as raised:
        parse_practice_file(text, key=key)
    return raised.value.problems


# The built-in library


def test_the_library_has_seven_practices_in_a_fixed_order():
    assert [practice.key for practice in built_in_practices()] == [key for key, _ in BUILT_IN]


@pytest.mark.parametrize(("key", "length"), BUILT_IN)
def test_each_built_in_practice_has_its_length_and_words(key, length):
    practice = built_in_practice(key)

    assert practice.key == key
    assert practice.length_seconds == parse_clock(length)
    assert practice.title
    assert practice.purpose.endswith(".")
    assert practice.when.endswith(".")


@pytest.mark.parametrize(("key", "length"), BUILT_IN)
def test_every_built_in_cue_fits_the_rules(key, length):
    practice = built_in_practice(key)
    times = [cue.at for cue in practice.cues]

    assert times[0] == 0
    assert times == sorted(set(times)), "cue times go up, never repeat"
    assert times[-1] <= practice.length_seconds - LAST_CUE_GAP_SECONDS
    assert len(practice.cues) <= MAX_CUES
    for cue in practice.cues:
        assert 0 < len(cue.text) <= MAX_CUE_LENGTH, cue.text
        assert cue.text == cue.text.strip()


def test_breathing_space_is_three_minutes_of_cues_from_settling_to_the_bell():
    practice = built_in_practice("breathing-space")

    assert practice.title == "Three-step breathing space"
    assert practice.cues[0].text.startswith("Find a way of sitting")
    assert practice.cues[-1].at == parse_clock("2:40")
    assert "bell" in practice.cues[-1].text


def test_an_unknown_key_is_not_a_practice():
    assert built_in_practice("body-scan-45") is None
    assert built_in_practice("") is None


# Cues


def test_cues_are_read_with_their_times_in_seconds():
    cues = parse_cues("0:00 Settle.\n0:30 Breathe.\n1:05:00 Much later.", length_seconds=4000)

    assert cues == (Cue(0, "Settle."), Cue(30, "Breathe."), Cue(3900, "Much later."))


def test_a_line_without_a_time_carries_on_the_cue_above():
    cues = parse_cues("0:00 Sit upright\n     and at ease.\n0:40 Notice the breath.", length_seconds=120)

    assert cues == (Cue(0, "Sit upright and at ease."), Cue(40, "Notice the breath."))


def test_blank_lines_and_comments_are_skipped():
    script = "# Written for ward 7\n\n0:00 Settle.\n   \n# a note to myself: slow down here\n0:30 Breathe."

    assert parse_cues(script, length_seconds=120) == (Cue(0, "Settle."), Cue(30, "Breathe."))


def test_a_script_that_does_not_start_with_a_time_names_the_line():
    problems = problems_of("\nSettle into your seat.\n0:00 Breathe.")

    assert problems == ["Line 2: start with a time, like “0:00 Settle into your seat”"]


def test_a_bad_time_names_its_line():
    problems = problems_of("0:00 Settle.\n0:30 Breathe.\n0:75 Notice.")

    assert problems == ["Line 3: “0:75” is not a time like 2:30"]


def test_the_first_cue_must_start_at_zero():
    assert problems_of("\n0:05 Settle.") == ["Line 2: the first cue starts at 0:00"]


def test_cues_must_go_forward_in_time():
    problems = problems_of("0:00 Settle.\n0:30 Breathe.\n0:30 Again.\n0:20 Back.")

    assert problems == [
        "Line 3: each cue must start after the one before",
        "Line 4: each cue must start after the one before",
    ]


def test_a_cue_too_long_for_the_screen_names_its_line():
    words = "word " * 60

    problems = problems_of(f"0:00 Settle.\n0:30 {words}")

    assert problems == [f"Line 2: keep a cue to {MAX_CUE_LENGTH} characters or fewer so it fits the screen"]


def test_a_cue_of_exactly_the_limit_fits():
    cues = parse_cues("0:00 " + "x" * MAX_CUE_LENGTH, length_seconds=60)

    assert len(cues[0].text) == MAX_CUE_LENGTH


def test_a_continuation_that_makes_a_cue_too_long_is_reported_on_the_cue_line():
    script = "0:00 Settle.\n0:30 " + "a" * 200 + "\n" + "b" * 100

    assert problems_of(script) == [f"Line 2: keep a cue to {MAX_CUE_LENGTH} characters or fewer so it fits the screen"]


def test_a_cue_too_close_to_the_end_is_reported():
    script = "0:00 Settle.\n1:50 Last words."

    assert parse_cues(script, length_seconds=120)[-1].at == 110  # exactly ten seconds before the end is fine
    problems = problems_of("0:00 Settle.\n1:51 Last words.", length_seconds=120)
    assert len(problems) == 1
    assert problems[0].startswith(f"Line 2: cues must start at least {LAST_CUE_GAP_SECONDS} seconds before the end")


def test_an_empty_script_asks_for_a_cue():
    assert problems_of("") == ["Add at least one cue, starting at 0:00"]
    assert problems_of("# only a comment\n\n") == ["Add at least one cue, starting at 0:00"]


def test_too_many_cues_are_reported():
    script = "\n".join(f"{second // 60}:{second % 60:02d} Cue {second}." for second in range(MAX_CUES + 1))

    assert problems_of(script, length_seconds=3600) == [f"Use {MAX_CUES} cues or fewer"]


def test_every_problem_is_reported_at_once():
    script = "Settle.\n0:05 First.\n0:61 Bad time.\n0:03 Backwards.\n1:55 Too late.\n2:00 " + "x" * 300

    problems = problems_of(script, length_seconds=120)

    assert [problem.split(":")[0] for problem in problems] == [
        "Line 1",  # no time before the first cue
        "Line 3",  # bad time
        "Line 2",  # first cue not at 0:00
        "Line 4",  # goes backwards
        "Line 5",  # too late
        "Line 6",  # too long
        "Line 6",  # too late
    ]
    assert "the first cue starts at 0:00" in problems[2]
    assert "“0:61” is not a time" in problems[1]


def test_line_numbers_can_start_further_down_a_file():
    with pytest.raises(ScriptError) as raised:
        parse_cues("0:00 Settle.\n0:99 Breathe.", length_seconds=60, first_line=8)

    assert raised.value.problems == ["Line 9: “0:99” is not a time like 2:30"]


def test_a_time_with_no_words_is_reported():
    assert problems_of("0:00 Settle.\n1:00\n1:30 Breathe.") == ["Line 2: add the words to show after the time"]


# Whole files


def test_a_whole_file_reads_its_header_and_cues():
    practice = parse_practice_file(HEADER + "\n\n0:00 Settle.\n  and arrive.\n1:00 Breathe.\n", key="arriving")

    assert practice.key == "arriving"
    assert practice.title == "Arriving"
    assert practice.length_seconds == 120
    assert practice.purpose == "A short pause to arrive."
    assert practice.when == "Before a meeting."
    assert practice.order == 5
    assert practice.cues == (Cue(0, "Settle. and arrive."), Cue(60, "Breathe."))


def test_line_numbers_in_a_file_count_the_header_and_the_blank_line():
    # Header lines 1-5, blank line 6, cues from line 7; the comment on line 8 still counts as a line.
    text = HEADER + "\n\n0:00 Settle.\n# a comment\n0:9 Breathe.\n1:55 Too late."

    assert file_problems(text) == [
        "arriving: Line 9: “0:9” is not a time like 2:30",
        "arriving: Line 10: cues must start at least 10 seconds before the end, so the closing bell has room",
    ]


def test_a_bad_time_in_a_file_names_the_file_line():
    text = HEADER + "\n\n0:00 Settle.\n0:30 Breathe.\n0:77 Notice."

    assert file_problems(text) == ["arriving: Line 9: “0:77” is not a time like 2:30"]


def test_a_shorter_header_moves_the_line_numbers_up():
    text = "title: A\nlength: 1:00\npurpose: P.\nwhen: W.\norder: 1\n\n0:05 Late start."

    assert file_problems(text, key="a") == ["a: Line 7: the first cue starts at 0:00"]


def test_missing_header_keys_are_each_reported():
    text = "title: Arriving\nlength: 2:00\n\n0:00 Settle."

    problems = file_problems(text)

    assert problems == [
        "arriving: Header: add “purpose:”",
        "arriving: Header: add “when:”",
        "arriving: Header: add “order:”",
    ]


def test_an_unknown_header_line_names_its_line():
    text = HEADER + "\nauthor: Someone\n\n0:00 Settle."

    problems = file_problems(text)

    assert problems == ["arriving: Line 6: expected one of title, length, purpose, when, order followed by a colon"]


def test_a_bad_length_is_reported_and_the_cues_are_not_checked_against_it():
    text = HEADER.replace("length: 2:00", "length: two minutes") + "\n\n0:00 Settle."

    assert file_problems(text) == ["arriving: Header: “two minutes” is not a time like 2:30"]


def test_a_length_of_zero_or_over_four_hours_is_refused():
    for length in ("0:00", "4:00:01"):
        text = HEADER.replace("length: 2:00", f"length: {length}") + "\n\n0:00 Settle."

        assert "arriving: Header: the length must be between 0:01 and 4:00:00" in file_problems(text)


def test_a_cue_after_the_end_of_a_file_is_reported():
    text = HEADER + "\n\n0:00 Settle.\n2:30 After the bell."

    problems = file_problems(text)

    assert len(problems) == 1
    assert problems[0].startswith("arriving: Line 8: cues must start at least 10 seconds before the end")


def test_header_and_cue_problems_come_together():
    text = HEADER.replace("order: 5", "order: first") + "\n\nSettle.\n0:00 Breathe."

    problems = file_problems(text)

    assert problems == [
        "arriving: Header: “order” is a whole number",
        "arriving: Line 7: start with a time, like “0:00 Settle into your seat”",
    ]


def test_header_values_over_their_limits_are_reported():
    text = HEADER.replace("title: Arriving", "title: " + "T" * 101) + "\n\n0:00 Settle."

    assert file_problems(text) == ["arriving: Header: keep “title” to 100 characters or fewer"]
