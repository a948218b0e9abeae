"""The one set of text rules: pure, so these need no database (the service sweep is in test_service_text.py)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from attend.accounts.models import User
from attend.core.definitions import ProblemCollector
from attend.core.validators import (
    TextValidator,
    clean_model_text,
    clean_text,
    normalise,
    scrub_text,
    text_problem,
)
from attend.nhsuk_forms import fields as nf

# Hostile but allowed: what a person may really write, and each page must show as it is.
ALLOWED = [
    "Zoë O’Brien-Ng",
    "مرحبا بالعالم",  # right to left
    "\u202eevil\u202c",  # an RTL override: shown, not refused (it is not a control character)
    "👩🏽‍⚕️ nurse in charge",
    "Z̷̢͓a̶̗͝l̵g̸o̴",  # combining marks
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "x" * 150,
]
FORBIDDEN = [
    ("\x00", "a null character"),
    ("\x07", "a hidden control character"),
    ("\x1b", "a hidden control character"),
    ("\x7f", "a hidden control character"),
    ("\x85", "a hidden control character"),
    ("\x9f", "a hidden control character"),
    ("\ud800", "a broken character (half of an emoji or symbol)"),
    ("\udfff", "a broken character (half of an emoji or symbol)"),
]


@pytest.mark.parametrize("text", ALLOWED)
def test_hostile_but_honest_text_passes_unchanged(text):
    assert clean_text(text, field="name", max_length=150) == normalise(text)


@pytest.mark.parametrize(("character", "words"), FORBIDDEN)
def test_each_forbidden_character_is_refused_naming_the_field_and_where(character, words):
    with pytest.raises(ValidationError) as refused:
        clean_text(f"Ben{character}Fletcher", field="name")

    assert refused.value.message_dict == {"name": [f"The name contains {words} (character 4). Remove it and try again"]}


def test_one_line_text_refuses_newline_and_tab_multi_line_text_keeps_them():
    assert text_problem("a\nb") == "contains a line break (character 2). Remove it and try again"
    assert text_problem("a\tb") == "contains a tab (character 2). Remove it and try again"
    assert clean_text("a\r\nb\rc\td", field="text", multiline=True) == "a\nb\nc\td"


def test_text_is_normalised_to_nfc_before_its_length_is_counted():
    assert clean_text("e\u0301" * 3, field="title", max_length=3) == "\u00e9" * 3


def test_too_long_says_the_limit_and_the_length():
    with pytest.raises(ValidationError) as refused:
        clean_text("x" * 101, field="title", max_length=100)

    assert refused.value.messages == ["The title must be 100 characters or fewer (it has 101)"]


def test_a_model_field_gives_the_limit_and_whether_lines_are_allowed():
    assert clean_model_text(User, "name", "x" * 150) == "x" * 150
    with pytest.raises(ValidationError):
        clean_model_text(User, "name", "x" * 151)
    with pytest.raises(ValidationError):
        clean_model_text(User, "name", "two\nlines")


def test_something_that_is_not_text_is_refused():
    with pytest.raises(ValidationError) as refused:
        clean_text(None, field="title")

    assert refused.value.messages == ["The title must be text"]


def test_scrubbing_replaces_what_would_be_refused():
    assert scrub_text("Team\x00 meeting \ud83d\n") == "Team\ufffd meeting \ufffd\ufffd"


@given(st.text())
def test_whatever_passes_can_be_written_as_utf8_and_is_nfc(text):
    try:
        cleaned = clean_text(text, field="text", multiline=True)
    except ValidationError:
        return
    cleaned.encode("utf-8")  # no lone surrogates
    assert "\x00" not in cleaned
    assert normalise(cleaned) == cleaned
    assert all(character in "\n\t" or ord(character) >= 0x20 for character in cleaned)


@given(st.text())
def test_scrubbed_text_always_passes(text):
    assert text_problem(scrub_text(text, multiline=True), multiline=True) is None


# Forms agree with services


@pytest.mark.parametrize("character", [character for character, _ in FORBIDDEN])
def test_a_form_text_field_refuses_what_the_service_refuses(character):
    field = nf.CharField(max_length=50)

    with pytest.raises(ValidationError) as refused:
        field.clean(f"Ben{character}Fletcher")

    assert any(
        "Remove it and try again" in message or "Null characters" in message for message in refused.value.messages
    )


def test_a_textarea_field_keeps_lines_and_normalises_them():
    from django import forms

    field = nf.CharField(widget=forms.Textarea)

    assert field.clean("one\r\ntwo\tthree e\u0301") == "one\ntwo\tthree \u00e9"
    with pytest.raises(ValidationError):
        nf.CharField().clean("one\ntwo")


def test_a_password_is_left_exactly_as_typed():
    assert nf.PasswordField().clean(" e\u0301\t ") == " e\u0301\t "


def test_the_form_validator_names_the_problem():
    with pytest.raises(ValidationError) as refused:
        TextValidator()("a\x1bb")

    assert refused.value.messages == [
        "This text contains a hidden control character (character 2). Remove it and try again"
    ]


# Authored definitions use the same rules


def test_the_definition_checker_names_where_and_which_field():
    collector = ProblemCollector()

    assert collector.text_rules("Cafe\u0301\nline two", "Template", "summary") == "Caf\u00e9\nline two"
    collector.text_rules("Bad\x00", 'Template "x", prompt 2', "label")

    assert collector.problems == [
        'Template "x", prompt 2: "label" contains a null character (character 4). Remove it and try again'
    ]
