"""Shaped components (nhsuk_forms/memo.py `Components.shaped`): a text input or a table keeps only its shape, and
gives exactly the HTML its NHS.UK macro gives, for the inputs and tables Attend draws and for odd ones."""

import pytest
from django import forms
from django.template import engines
from markupsafe import Markup

from attend.nhsuk_forms import fields as nf
from attend.nhsuk_forms import params as nhsuk_params
from attend.nhsuk_forms.memo import Components

LABEL = {"text": "Short code", "classes": "nhsuk-label--s"}
INPUTS = [
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
INPUTS_RENDERED_AFRESH = [
    {"id": "a", "name": "a", "label": {"text": "A"}, "prefix": "£"},
    {"id": "a", "name": "a", "label": {"text": "A", "isPageHeading": True}},
    {"id": "a", "name": "a", "label": {"html": Markup("<b>A</b>")}},
    {"id": "a", "name": "a", "label": {"text": "A"}, "hint": {"text": "two\nlines"}},
    {"id": "a", "name": "a", "label": {"text": "A"}, "attributes": {"disabled": False}},
    {"id": "a", "name": "a", "label": {"text": "A"}, "attributes": {"data-x": None}},
    {"id": "a", "name": "a", "label": {"text": "A"}, "value": 3},
    {"id": "a", "name": "a", "label": {"text": "A"}, "errorMessage": {"html": Markup("<b>no</b>")}},
]

HEAD = [{"text": "When"}, {"text": "Who"}, {"text": "Count", "format": "numeric"}]
ROWS = [
    [{"text": "1 Jan 2026, 9am"}, {"text": 'Ann <Lee> & "co"', "classes": "app-break-words"}, {"text": "3"}],
    [{"html": Markup('<a href="/x">Bo</a>')}, {"text": "", "classes": "x"}, {"text": "12", "format": "numeric"}],
    [{"text": "Linked", "href": "/p?a=1&b=2"}, "plain text", Markup("<strong>kept</strong>")],
    [{"text": None}, {"html": Markup("<em>h</em>"), "href": "/h"}, {"text": "0", "format": None}],
]
TABLES = [
    {"head": HEAD, "rows": ROWS},
    {"head": HEAD, "rows": ROWS, "responsive": True},
    {"head": HEAD, "rows": ROWS, "firstCellIsHeader": True},
    {"head": HEAD, "rows": ROWS, "responsive": True, "firstCellIsHeader": True},
    {"caption": "Audit <events>", "captionSize": "s", "head": HEAD, "rows": ROWS, "responsive": True},
    {"caption": "Plain", "head": HEAD, "rows": ROWS},
    {"caption": "Size m", "captionSize": "m", "rows": ROWS},
    {"head": HEAD, "rows": []},
    {"rows": [["a", "b"]]},
]
MORE_TABLES = [
    {"head": HEAD, "rows": ROWS, "compact": True},
    {"head": [{"text": "A", "sort": True}], "rows": [["x"]]},
    {"head": [{"text": "A"}], "rows": [[{"text": "x", "colspan": 2}]]},
    {"head": [{"text": "A"}], "rows": [[{"text": "two\nlines"}]]},
    {"head": [{"text": "A"}], "rows": [[3]]},
    {"head": [{"text": ""}], "rows": [["x"]], "responsive": True},
    {"head": [{"text": "A"}], "rows": [["x", "beyond the head"]], "responsive": True},
    {"head": [{"html": Markup("<b>A</b>")}], "rows": [["x"]], "responsive": True},
    {"head": [{"text": "A"}], "rows": [[{"text": "x", "format": "string"}]]},
]


@pytest.fixture
def environment():
    return engines["jinja2"].env


@pytest.fixture
def kept(environment):
    return Components(environment)


def by_macro(environment, component, macro, params):
    source = '{% from "nhsuk/components/' + component + '/macro.jinja" import ' + macro + " %}{{ " + macro + "(p) }}"
    return environment.from_string(source).render(p=params)


def kept_text(kept) -> str:
    return "".join(str(html) for html in kept._kept.values())


@pytest.mark.parametrize("params", INPUTS)
def test_an_input_keeps_its_shape_but_not_its_value_or_words(kept, params):
    kept.input(params)

    assert len(kept) == 1
    words = [params.get("value")] + [params.get(part, {}).get("text") for part in ("label", "hint", "errorMessage")]
    for word in filter(None, words):
        assert str(Markup.escape(word)) not in kept_text(kept)


def test_a_tables_cells_are_never_kept(kept):
    rows = [[{"text": "Ann Lee"}, {"text": "signed in"}], [{"text": "Bo Chen"}, "changed a role"]]
    kept.table({"head": [{"text": "Who"}, {"text": "What"}], "rows": rows, "responsive": True})

    assert len(kept) == 1
    assert "Who" in kept_text(kept)
    for word in ("Ann Lee", "signed in", "Bo Chen", "changed a role"):
        assert word not in kept_text(kept)


class Shift(forms.Form):
    code = nf.CharField(label="Short code", hint="For example, LD", required=False, classes="nhsuk-input--width-5")
    starts = nf.TimeField(label="Starts at")


@pytest.mark.parametrize("data", [{"code": "LD", "starts": "8am"}, {"code": "N<", "starts": "not a time"}, {}])
def test_form_fields_render_as_the_macro_renders_them(environment, kept, data):
    form = Shift(data)
    form.is_valid()
    for name in ("code", "starts"):
        params = nhsuk_params.input_params(form[name])
        assert kept.input(params) == by_macro(environment, "input", "input", params)
        assert kept.input(params) == by_macro(environment, "input", "input", params)


SELECTS = [
    {
        "id": "id_tag",
        "name": "tag",
        "label": {"text": "Tag"},
        "items": [{"value": "", "text": "Any tag", "selected": True}],
    },
    {
        "id": "id_tag",
        "name": "tag",
        "label": {"text": "Tag", "classes": "nhsuk-label--s"},
        "hint": {"text": "Your own tags"},
        "items": [
            {"value": "", "text": "Any tag", "selected": False},
            {"value": 'night "shift" <3>', "text": 'night "shift" <3>', "selected": True},
            {"value": "café & co", "text": "café & co", "selected": False},
        ],
        "errorMessage": {"text": "Choose a tag you have used"},
    },
    {"id": "p", "name": "p", "label": {"text": "Person"}, "items": [{"value": "7", "text": " Ann "}]},
    {"id": "p", "name": "p", "label": {"text": "Person"}, "value": "7", "items": [{"value": "7", "text": "Ann"}]},
    {"id": "p", "name": "p", "label": {"html": Markup("<b>P</b>")}, "items": [{"value": "7", "text": "Ann"}]},
]


def test_a_selects_options_are_never_kept(kept):
    kept.shaped("select", SELECTS[1])

    assert len(kept) == 1
    for word in ("night", "café", "Your own tags", "Choose a tag"):
        assert word not in kept_text(kept)


TEXTAREAS = [
    {"id": "id_notes", "name": "notes", "label": {"text": "What helps you"}, "value": ""},
    {"id": "id_notes", "name": "notes", "label": {"text": "What helps you"}, "hint": {"text": "Only you"}},
    {
        "id": "id_notes",
        "name": "notes",
        "label": {"text": "What helps you", "classes": "nhsuk-label--s"},
        "value": '  Walking at lunch.\n\nTalking to <Sam> & "Jo"  \n',
        "errorMessage": {"text": "Keep it under 2,000 characters"},
        "rows": 8,
        "attributes": {"maxlength": 2000},
    },
    {"id": "n", "name": "n", "label": {"text": "Notes"}, "value": Markup("<b>trusted</b>")},
]


def test_a_textareas_value_is_never_kept(kept):
    kept.shaped("textarea", TEXTAREAS[2])

    assert len(kept) == 1
    for word in ("Walking", "Sam", "2,000", "What helps"):
        assert word not in kept_text(kept)


CASES = [
    *[("input", "input", params) for params in INPUTS + INPUTS_RENDERED_AFRESH],
    *[("tables", "table", params) for params in TABLES + MORE_TABLES],
    *[("select", "select", params) for params in SELECTS],
    *[("textarea", "textarea", params) for params in TEXTAREAS],
]


@pytest.mark.parametrize(("component", "macro", "params"), CASES)
def test_a_component_is_its_macros_html_first_and_from_its_kept_shape(environment, kept, component, macro, params):
    expected = by_macro(environment, component, macro, params)

    assert kept.shaped(component, params) == expected
    assert kept.shaped(component, params) == expected
