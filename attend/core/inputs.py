"""The NHS.UK text input's HTML, written in Python for a form of many inputs holding a person's own values (issue
21, ADR 0029).

The nhsuk-frontend-jinja input macro goes through the label, heading, hint, error message and attribute macros:
about 0.6 ms an input, so a page of shifts or timer stages spent 15 ms on its inputs. An empty input is the same
for everyone and is kept (`nhsuk_component(..., keep=True)`), but one holding a person's value may not be. This
writes the same markup, character for character, for the parameters `nhsuk_params.input_params` gives (id, name,
type, value, a label's text and classes, a hint's and an error's text, classes, autocomplete, inputmode and plain
attributes), and hands anything else to the macro. `attend/core/tests/test_inputs.py` holds the two to the same
output.

In a template: `{{ nhsuk_input(nhsuk_params.input_params(field)) }}`.
"""

from markupsafe import Markup, escape

_KEYS = frozenset(
    {"id", "name", "type", "value", "label", "hint", "errorMessage", "classes", "autocomplete", "inputmode"}
    | {"attributes"}
)


class _Unsupported(Exception):
    """A parameter this does not write: the macro renders the input."""


def _text(value) -> str:
    """Plain text on one line, escaped: the macros trim and indent anything else, so it is left to them."""
    if not isinstance(value, str) or hasattr(value, "__html__"):
        raise _Unsupported
    if "\n" in value or value != value.strip():
        raise _Unsupported
    return str(escape(value))


def _part(params: dict, name: str, keys: frozenset) -> dict:
    part = params.get(name)
    if part is None:
        return {}
    if not isinstance(part, dict) or not set(part) <= keys:
        raise _Unsupported
    return part


def _attribute(name: str, value) -> str:
    if value is True:
        return f' {escape(name)}="true"'  # the macro writes a plain attribute's boolean lower-cased
    if value is None or value is False:
        raise _Unsupported  # written as "none" or "false" by the macro: left to it
    if isinstance(value, bool) or not isinstance(value, (str, int)) or hasattr(value, "__html__"):
        raise _Unsupported
    return f' {escape(name)}="{escape(value)}"'


def _input(params: dict) -> str:
    if not set(params) <= _KEYS:
        raise _Unsupported
    label = _part(params, "label", frozenset({"text", "classes"}))
    hint = _part(params, "hint", frozenset({"text"}))
    error = _part(params, "errorMessage", frozenset({"text"}))
    if not label.get("text") or not params.get("name"):
        raise _Unsupported
    input_id = params.get("id") or params["name"]
    classes = "nhsuk-input"
    group = "nhsuk-form-group"
    if error.get("text"):
        classes += " nhsuk-input--error"
        group += " nhsuk-form-group--error"
    if params.get("classes"):
        classes += f" {params['classes']}"
    label_classes = "nhsuk-label" + (f" {label['classes']}" if label.get("classes") else "")
    parts = [
        f'<div class="{group}">\n',
        f'  <label class="{escape(label_classes)}" for="{escape(input_id)}">\n    {_text(label["text"])}\n  </label>\n',
    ]
    described_by = []
    if hint.get("text"):
        hint_id = f"{input_id}-hint"
        described_by.append(hint_id)
        parts.append(f'  <div class="nhsuk-hint" id="{escape(hint_id)}">\n    {_text(hint["text"])}\n  </div>\n')
    if error.get("text"):
        error_id = f"{input_id}-error"
        described_by.append(error_id)
        parts.append(
            f'  <span class="nhsuk-error-message" id="{escape(error_id)}">\n'
            f'    <span class="nhsuk-u-visually-hidden">Error: </span>{_text(error["text"])}\n  </span>\n'
        )
    element = (
        f'  <input class="{escape(classes)}" id="{escape(input_id)}" name="{escape(params["name"])}"'
        f' type="{escape(params.get("type") or "text")}"'
    )
    value = params.get("value")
    if value is not None:
        if not isinstance(value, str) or hasattr(value, "__html__"):
            raise _Unsupported
        element += f' value="{escape(value)}"'
    if described_by:
        element += f' aria-describedby="{escape(" ".join(described_by))}"'
    for name in ("autocomplete", "inputmode"):
        if params.get(name) is not None:
            if not isinstance(params[name], str):
                raise _Unsupported
            element += f' {name}="{escape(params[name])}"'
    attributes = params.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise _Unsupported
    element += "".join(_attribute(name, value) for name, value in attributes.items())
    parts.append(element + ">\n</div>")
    return "".join(parts)


class Inputs:
    """`nhsuk_input(params)` in a template: the input macro's HTML, written here when it can be."""

    def __init__(self, environment):
        self._environment = environment

    def macro(self, params: dict) -> Markup:
        return self._environment.get_template("nhsuk/components/input/macro.jinja").module.input(params)

    def __call__(self, params: dict) -> Markup:
        try:
            return Markup(_input(params))  # noqa: S704 (every value in it escaped)
        except _Unsupported:
            return self.macro(params)
