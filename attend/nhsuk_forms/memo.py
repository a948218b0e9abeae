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
from markupsafe import Markup

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

    def __len__(self) -> int:
        return len(self._kept)
