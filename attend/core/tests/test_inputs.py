"""The Python-written NHS.UK input writes what the input macro writes, for the inputs Attend's fields give, and
hands any other input to the macro (attend/core/inputs.py)."""

import pytest
from django import forms
from django.template import engines
from markupsafe import Markup

from attend.core import inputs
from attend.nhsuk_forms import fields as nf
from attend.nhsuk_forms import params as nhsuk_params

LABEL = {"text": "Short code", "classes": "nhsuk-label--s"}
SUPPORTED = [
    {"id": "id_code", "name": "code", "label": LABEL, "type": "text", "value": "LD"},
    {"id": "id_code", "name": "code", "label": LABEL, "type": "text", "value": "", "hint": {"text": "For example, N"}},
    {"id": "id_a", "name": "a", "label": {"text": 'A <b> & "c"'}, "value": 'x" onmouseover="alert(1)'},
    {"name": "a", "label": {"text": "A"}, "type": "email", "value": "<script>", "classes": "nhsuk-input--width-5"},
    {
        "id": "id_starts",
        "name": "starts",
        "label": LABEL,
        "type": "text",
        "value": "8am",
        "hint": {"text": "Like 08:00"},
        "errorMessage": {"text": "Enter a time, like <08:00>"},
        "autocomplete": "off",
        "inputmode": "numeric",
        "classes": None,
        "attributes": {"required": True, "maxlength": 5, "data-x": 'a"b'},
    },
    {"id": "", "name": "b", "label": {"text": "B", "classes": ""}, "type": "", "value": None, "attributes": {}},
    {"id": "c", "name": "c", "label": {"text": "C"}, "autocomplete": "", "errorMessage": {"text": "Wrong"}},
]
# Each of these the Python input does not write: the macro must.
HANDED_ON = [
    {"id": "a", "name": "a", "label": {"text": "A"}, "prefix": "£"},
    {"id": "a", "name": "a", "label": {"text": "A", "isPageHeading": True}},
    {"id": "a", "name": "a", "label": {"html": Markup("<b>A</b>")}},
    {"id": "a", "name": "a", "label": {"text": "A"}, "hint": {"text": "two\nlines"}},
    {"id": "a", "name": "a", "label": {"text": "A"}, "attributes": {"disabled": False}},
    {"id": "a", "name": "a", "label": {"text": "A"}, "attributes": {"data-x": None}},
    {"id": "a", "name": "a", "label": {"text": "A"}, "value": 3},
    {"id": "a", "name": "a", "label": {"text": "A"}, "errorMessage": {"html": Markup("<b>no</b>")}},
]


@pytest.fixture
def environment():
    return engines["jinja2"].env


def by_macro(environment, params):
    template = environment.from_string('{% from "nhsuk/components/input/macro.jinja" import input %}{{ input(p) }}')
    return template.render(p=params)


def by_python(environment, params):
    return environment.from_string("{{ nhsuk_input(p) }}").render(p=params)


@pytest.mark.parametrize("params", SUPPORTED)
def test_writes_what_the_macro_writes(environment, params):
    assert inputs._input(params)  # written here, not handed on
    assert by_python(environment, params) == by_macro(environment, params)


@pytest.mark.parametrize("params", HANDED_ON)
def test_hands_other_inputs_to_the_macro(environment, params):
    with pytest.raises(inputs._Unsupported):
        inputs._input(params)
    assert by_python(environment, params) == by_macro(environment, params)


class Shift(forms.Form):
    code = nf.CharField(label="Short code", hint="For example, LD", required=False, classes="nhsuk-input--width-5")
    starts = nf.TimeField(label="Starts at")


@pytest.mark.parametrize("data", [{"code": "LD", "starts": "8am"}, {"code": "N<", "starts": "not a time"}, {}])
def test_fields_inputs_are_written_as_the_macro_writes_them(environment, data):
    form = Shift(data)
    form.is_valid()
    for name in ("code", "starts"):
        params = nhsuk_params.input_params(form[name])
        assert inputs._input(params)
        assert by_python(environment, params) == by_macro(environment, params)
