"""Times of day typed as people type them (issue 18: "8am", "noon" and "25:00" were all "This field is required.")."""

import datetime

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from attend.nhsuk_forms import fields as nf
from attend.nhsuk_forms.times import INVALID, parse_time


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("8am", (8, 0)),
        ("8 AM", (8, 0)),
        ("8a.m.", (8, 0)),
        ("8:00", (8, 0)),
        ("08:00", (8, 0)),
        ("0800", (8, 0)),
        ("8", (8, 0)),
        ("noon", (12, 0)),
        ("Midday", (12, 0)),
        ("midnight", (0, 0)),
        ("20:30", (20, 30)),
        ("8.30pm", (20, 30)),
        ("8:30 p.m.", (20, 30)),
        ("1730", (17, 30)),
        ("12am", (0, 0)),
        ("12pm", (12, 0)),
        ("12:15am", (0, 15)),
        ("9 o'clock", (9, 0)),
        ("23:59", (23, 59)),
        ("00:00", (0, 0)),
        ("０８：３０", (8, 30)),  # a phone's full-width keyboard
        ("  17:00  ", (17, 0)),
    ],
)
def test_times_are_read_as_people_type_them(typed, time):
    assert parse_time(typed) == datetime.time(*time)


@pytest.mark.parametrize(
    "typed",
    ["25:00", "24:00", "8:60", "13pm", "0am", "8:5", "eight", "8am!", "noonish", "", "-1:00", "12:00:00", "٨:٣٠"],
)
def test_anything_else_is_told_what_a_time_looks_like(typed):
    with pytest.raises(ValueError, match="^Enter a time between 00:00 and 23:59, like 08:30 or 8:30am$"):
        parse_time(typed)


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_time_on_a_24_hour_clock_reads_back_as_itself(hours, minutes):
    time = datetime.time(hours, minutes)

    assert parse_time(time.strftime("%H:%M")) == time
    assert parse_time(f"{hours}:{minutes:02d}") == time
    assert parse_time(f"{hours}.{minutes:02d}") == time


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["", " "]), st.booleans())
def test_every_time_on_a_12_hour_clock_reads_as_the_same_time(hours, minutes, gap, upper):
    half = "am" if hours < 12 else "pm"
    typed = f"{hours % 12 or 12}:{minutes:02d}{gap}{half.upper() if upper else half}"

    assert parse_time(typed) == datetime.time(hours, minutes)


@given(st.text(max_size=30))
def test_no_text_breaks_the_reader(text):
    try:
        time = parse_time(text)
    except ValueError as error:
        assert str(error) == INVALID
    else:
        assert isinstance(time, datetime.time)


class ShiftForm(forms.Form):
    starts = nf.TimeField(label="Shift starts at", error_messages={"required": "Enter when the shift starts"})


class TestTheField:
    def test_it_takes_8am(self):
        form = ShiftForm({"starts": "8am"})

        assert form.is_valid(), form.errors
        assert form.cleaned_data["starts"] == datetime.time(8, 0)

    @pytest.mark.parametrize("typed", ["25:00", "8am!"])
    def test_a_time_it_cannot_read_is_not_called_empty(self, typed):
        form = ShiftForm({"starts": typed})

        assert form.errors["starts"] == [INVALID]

    def test_an_empty_field_keeps_its_own_message(self):
        assert ShiftForm({"starts": ""}).errors["starts"] == ["Enter when the shift starts"]

    def test_what_was_typed_is_shown_back_as_typed_when_wrong(self):
        html = str(ShiftForm({"starts": "25:00"})["starts"].as_field_group())

        assert 'value="25:00"' in html
        assert 'type="text"' in html
