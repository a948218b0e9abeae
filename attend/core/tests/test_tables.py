"""The Python-written NHS.UK table writes what the table macro writes, for every kind of table Attend draws, and
hands any other table to the macro (attend/core/tables.py)."""

import pytest
from django.template import engines
from markupsafe import Markup

from attend.core import tables

HEAD = [{"text": "When"}, {"text": "Who"}, {"text": "Count", "format": "numeric"}]
ROWS = [
    [{"text": "1 Jan 2026, 9am"}, {"text": 'Ann <Lee> & "co"', "classes": "app-break-words"}, {"text": "3"}],
    [{"html": Markup('<a href="/x">Bo</a>')}, {"text": "", "classes": "x"}, {"text": "12", "format": "numeric"}],
    [{"text": "Linked", "href": "/p?a=1&b=2"}, "plain text", Markup("<strong>kept</strong>")],
    [{"text": None}, {"html": Markup("<em>h</em>"), "href": "/h"}, {"text": "0", "format": None}],
]
SUPPORTED = [
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
# Each of these the Python table does not write: the macro must.
HANDED_ON = [
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


def by_macro(environment, params):
    template = environment.from_string('{% from "nhsuk/components/tables/macro.jinja" import table %}{{ table(p) }}')
    return template.render(p=params)


def by_python(environment, params):
    return environment.from_string("{{ nhsuk_table(p) }}").render(p=params)


@pytest.mark.parametrize("params", SUPPORTED)
def test_writes_what_the_macro_writes(environment, params):
    assert tables._table(params) is not None  # written here, not handed on
    assert by_python(environment, params) == by_macro(environment, params)


@pytest.mark.parametrize("params", HANDED_ON)
def test_hands_other_tables_to_the_macro(environment, params):
    with pytest.raises(tables._Unsupported):
        tables._table(params)
    assert by_python(environment, params) == by_macro(environment, params)


def test_escapes_text_and_keeps_trusted_html(environment):
    html = by_python(environment, {"rows": [[{"text": "<script>x</script>"}, {"html": Markup("<b>ok</b>")}]]})
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "<b>ok</b>" in html
