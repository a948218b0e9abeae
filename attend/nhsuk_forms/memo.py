"""NHS.UK components whose every input is private to no one, rendered once and kept (issue 21, ADR 0029).

The nhsuk-frontend-jinja macros are pure: the same parameters give the same HTML. They are also costly: each
radio or checkbox item goes through the label, heading, hint and attribute macros, about 0.4 ms an item, so a
questionnaire of twelve five-point questions spends 80 ms of CPU rendering radios. A field whose choices are
private to no one (a rating scale, the feelings vocabulary, time zones, the days of the week, the organisation's
teams) renders the same few ways for everyone, so its HTML is kept in a small per-process table keyed by every
parameter.

Only what a caller vouches for is kept: a field declares `fixed_choices=True`, and a field showing an error is
always rendered afresh. Nothing private (journal tags, event titles, comments, people's names) is a fixed
choice. Where the choice a person makes is itself private (a feeling, a pulse answer, a questionnaire answer)
the field also declares `private_choice=True` and is kept only while nothing is chosen, so no one's answer is
held in memory beyond the request that shows it (`params.keep`).
"""

import threading
from collections import OrderedDict
from collections.abc import Mapping

from django.utils.functional import Promise
from jinja2 import Environment, Undefined
from markupsafe import Markup, escape

KEPT = 512  # a few hundred forms' worth of fields
LARGEST_KEPT = 64 * 1024  # the time zone select, the largest, is about 30 KB: at most 32 MB a process


# The components whose macro is not named after its folder.
MACRO_NAMES = {"tables": "table"}


class NotKeyable(TypeError):
    """A parameter that has no stable value (an object, a callable): such a call is rendered, not kept."""


_SCALARS = (bool, int, float, type(None))


def key_of(value):
    """A hashable stand-in for `value` that tells apart everything the macros tell apart: text from trusted HTML
    (anything with `__html__`), a missing value from an empty one, `True` from `1`."""
    # The plain types first, by exact type: a select's items are hundreds of small dicts of text and booleans, and
    # this is on every kept component's path (a subclass, such as Markup, takes the general path below).
    kind = type(value)
    if kind is str:
        return value
    if kind is dict:
        return ("dict", tuple(sorted((str(name), key_of(item)) for name, item in value.items())))
    if kind is list or kind is tuple:
        return ("list", tuple([key_of(item) for item in value]))
    if kind in _SCALARS:
        return (kind.__name__, value)
    return _key_of_other(value)


def _key_of_other(value):
    if isinstance(value, Undefined):  # before `__html__`: a chainable undefined has one too
        return ("undefined",)
    if hasattr(value, "__html__"):  # Markup, Django's SafeString: what Jinja will not escape
        return ("html", str(value.__html__()))
    if isinstance(value, str):
        return value
    if isinstance(value, Promise):
        return str(value)
    if value is None or isinstance(value, (bool, int, float)):
        return (type(value).__name__, value)
    if isinstance(value, Mapping):
        return ("dict", tuple(sorted((str(name), key_of(item)) for name, item in value.items())))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(key_of(item) for item in value))
    raise NotKeyable(type(value).__name__)


class Components:
    """`nhsuk_component("radios", params, keep=True)` in a template: the NHS.UK macro's HTML, kept when `keep`."""

    def __init__(self, environment: Environment, size: int = KEPT):
        self._environment = environment
        self._size = size
        self._kept: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def macro(self, component: str):
        template = self._environment.get_template(f"nhsuk/components/{component}/macro.jinja")
        if component in MACRO_NAMES:
            return getattr(template.module, MACRO_NAMES[component])
        first, *rest = component.split("-")  # "summary-list" holds the macro `summaryList`
        return getattr(template.module, first + "".join(word.capitalize() for word in rest))

    def __call__(self, component: str, params: dict, *, keep: bool = False) -> Markup:
        if not keep:
            return self.macro(component)(params)
        try:
            key = (component, key_of(params))
        except NotKeyable:
            return self.macro(component)(params)
        with self._lock:
            html = self._kept.get(key)
            if html is not None:
                self._kept.move_to_end(key)
                return html
        html = self.macro(component)(params)
        if len(html) <= LARGEST_KEPT:
            with self._lock:
                self._kept[key] = html
                while len(self._kept) > self._size:
                    self._kept.popitem(last=False)
        return html

    def shaped(self, component: str, params: dict) -> Markup:
        """`nhsuk_shaped("card", params)` in a template: the NHS.UK macro's HTML, its shape kept, never its texts.

        For a component whose texts may be someone's (a diary's figures in a table, a name on a Today card): each
        such text (`SHAPED`: a table's cells; a card's heading, description and link; a summary list's values and
        links; checkboxes' labels, hints and values) is swapped for a numbered placeholder, the macro's HTML for
        that shape (everything else: a table's caption and head, how many rows of how many cells) is kept as
        `keep=True` keeps a component, and the escaped texts are put back in. These
        macros write such a text escaped, at most trimmed and indented, so the result is the macro's own HTML
        whenever the text has no white space at either end and no line break; a call with any other text
        (trusted HTML, an empty cell, such a text) is rendered afresh. The kept HTML holds only placeholders: no
        one's words or figures outlive the request that shows them."""
        shaped, texts = SHAPED[component](params)
        if shaped is None:
            return self.macro(component)(params)
        skeleton = self(component, shaped, keep=True)
        first, *rest = skeleton.split(_OPEN)  # Markup's split and partition give Markup
        filled = [first]
        for part in rest:
            index, _, after = part.partition(_CLOSE)
            filled += [escape(texts[int(index)]), after]
        return Markup("").join(filled)

    def table(self, params: dict) -> Markup:
        """`nhsuk_table(params)`: the NHS.UK table, its shape kept, never its cells (`shaped`)."""
        return self.shaped("tables", params)

    def input(self, params: dict) -> Markup:
        """`nhsuk_input(params)`: the NHS.UK text input, its shape kept, never its value or words (`shaped`)."""
        return self.shaped("input", params)

    def __len__(self) -> int:
        return len(self._kept)


# Private-use characters: never in a cell (`_plain` refuses them), left alone by escaping, trimming and indenting.
_OPEN, _CLOSE = "\ue000", "\ue001"


def _plain(text) -> bool:
    return (
        isinstance(text, str)
        and not hasattr(text, "__html__")
        and text != ""
        and text == text.strip()
        and len(text.splitlines()) == 1
        and _OPEN not in text
        and _CLOSE not in text
    )


class _Placeholders:
    def __init__(self):
        self.texts: list[str] = []

    def __call__(self, text: str) -> str:
        self.texts.append(text)
        return f"{_OPEN}{len(self.texts) - 1}{_CLOSE}"


def _table_shape(params: dict) -> tuple[dict | None, list[str]]:
    """`params` with each cell's text a placeholder, and the texts in order; (None, []) when a cell is not plain
    text (see `Components.shaped`)."""
    placeholder = _Placeholders()
    rows = []
    for row in params.get("rows") or []:
        cells = []
        for cell in row:
            if isinstance(cell, Mapping) and _plain(cell.get("text")) and "html" not in cell:
                cells.append({**cell, "text": placeholder(cell["text"])})
            elif _plain(cell):
                cells.append(placeholder(cell))
            else:
                return None, []
        rows.append(cells)
    return {**params, "rows": rows}, placeholder.texts


def _texts_shape(*names: str):
    """For a component whose texts are top-level parameters given as plain strings (a card's heading)."""

    def shape(params: dict) -> tuple[dict | None, list[str]]:
        placeholder = _Placeholders()
        shaped = dict(params)
        for name in names:
            if name in params:
                if not _plain(params[name]):
                    return None, []
                shaped[name] = placeholder(params[name])
        return shaped, placeholder.texts

    return shape


def _summary_list_shape(params: dict) -> tuple[dict | None, list[str]]:
    """Each row's value, and its actions' links, as placeholders (the keys are the caller's fixed words)."""
    placeholder = _Placeholders()
    rows = []
    for row in params.get("rows") or []:
        value = row.get("value")
        text = value.get("text") if isinstance(value, Mapping) and "html" not in value else value
        if not _plain(text):
            return None, []
        shaped = {
            **row,
            "value": {**value, "text": placeholder(text)} if isinstance(value, Mapping) else placeholder(text),
        }
        if "actions" in row:
            items = []
            for item in row["actions"].get("items") or []:
                if not _plain(item.get("href")):
                    return None, []
                items.append({**item, "href": placeholder(item["href"])})
            shaped["actions"] = {**row["actions"], "items": items}
        rows.append(shaped)
    return {**params, "rows": rows}, placeholder.texts


def _checkboxes_shape(params: dict) -> tuple[dict | None, list[str]]:
    """Each item's label, hint and value as placeholders (the legend and hint are the caller's fixed words). Which
    items are ticked stays in the shape: a pattern of booleans, no words. A call showing an error is rendered
    afresh (Django's messages can quote what was sent)."""
    if isinstance(params.get("errorMessage"), Mapping):
        return None, []
    placeholder = _Placeholders()
    items = []
    for item in params.get("items") or []:
        hint = item.get("hint")
        hint_text = hint.get("text") if isinstance(hint, Mapping) and "html" not in hint else None
        if "html" in item or not _plain(item.get("text")) or not _plain(item.get("value")):
            return None, []
        if hint is not None and not _plain(hint_text):
            return None, []
        shaped = {**item, "text": placeholder(item["text"]), "value": placeholder(item["value"])}
        if hint is not None:
            shaped["hint"] = {**hint, "text": placeholder(hint_text)}
        items.append(shaped)
    return {**params, "items": items}, placeholder.texts


def _words_shaped(params: dict, placeholder: _Placeholders) -> dict | None:
    """`params` with its label's, hint's and error's words as placeholders (a label may name someone, an error can
    quote what was typed); None when one is not plain text."""
    shaped = dict(params)
    for part in ("label", "hint", "errorMessage"):
        given = params.get(part)
        if given is None:
            continue
        if not isinstance(given, Mapping) or "html" in given or not _plain(given.get("text")):
            return None
        shaped[part] = {**given, "text": placeholder(given["text"])}
    return shaped


def _input_shape(params: dict) -> tuple[dict | None, list[str]]:
    """The value and the words around it as placeholders. An empty value stays in the shape (it is no one's, and
    the macro leaves the attribute out)."""
    placeholder = _Placeholders()
    shaped = _words_shaped(params, placeholder)
    value = params.get("value")
    if shaped is None or (value not in (None, "") and not _plain(value)):
        return None, []
    if value not in (None, ""):
        shaped["value"] = placeholder(value)
    return shaped, placeholder.texts


def _textarea_shape(params: dict) -> tuple[dict | None, list[str]]:
    """The value and the words around it as placeholders. The macro writes a textarea's value as it is, escaped,
    between its tags (no trimming, no indenting), so any text stands for itself: several lines, spaces at the ends."""
    placeholder = _Placeholders()
    shaped = _words_shaped(params, placeholder)
    value = params.get("value")
    if value in (None, ""):
        return shaped, placeholder.texts
    if shaped is None or not isinstance(value, str) or hasattr(value, "__html__") or _OPEN in value or _CLOSE in value:
        return None, []
    shaped["value"] = placeholder(value)
    return shaped, placeholder.texts


def _select_shape(params: dict) -> tuple[dict | None, list[str]]:
    """Each option's value and text as placeholders (a person's own tags, the people they lead), and the words
    around them; which option is selected stays in the shape (a boolean). An empty value or text stays too."""
    placeholder = _Placeholders()
    shaped = _words_shaped(params, placeholder)
    if shaped is None or "value" in params:  # the macro compares a select's value with each option's
        return None, []
    items = []
    for item in params.get("items") or []:
        if not isinstance(item, Mapping) or not set(item) <= {"value", "text", "selected"}:
            return None, []
        option = dict(item)
        for name in ("value", "text"):
            if item.get(name) in (None, ""):
                continue
            if not _plain(item[name]):
                return None, []
            option[name] = placeholder(item[name])
        items.append(option)
    shaped["items"] = items
    return shaped, placeholder.texts


# The components `shaped` knows, and which of their parameters are texts it keeps apart.
SHAPED = {
    "tables": _table_shape,
    "card": _texts_shape("heading", "description", "href"),
    "summary-list": _summary_list_shape,
    "checkboxes": _checkboxes_shape,
    "input": _input_shape,
    "select": _select_shape,
    "textarea": _textarea_shape,
}
