"""The one set of rules for text that people write into Attend, used by services, forms and imports alike.

A page can show any text that passes: Unicode normalised to NFC, no control characters (multi-line text keeps
newline and tab, and its line endings become "\\n"), no lone surrogates (they cannot be encoded as UTF-8, so a
page or a CSV holding one fails), and no longer than its column. PostgreSQL refuses a NUL byte outright, SQLite
stores it: refusing it here makes both databases, and every page, agree.

Services call `clean_text` (or `clean_model_text`, which reads the limit from the model's field) for each piece
of text they write, so a bad value is refused with the field named, whoever called the service. The
`nhsuk_forms` text fields run the same `TextValidator`, so a form and its service never disagree.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# C0 and C1 control characters, DEL, and the surrogate range (which in a Python str can only be lone halves).
_SINGLE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_MULTI_LINE_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_ENDINGS = re.compile("\r\n?")


def normalise(value: str, *, multiline: bool = False) -> str:
    """NFC, and one kind of line ending in multi-line text. Lone surrogates are left for `text_problem` to name
    (normalising does not fail on them)."""
    if multiline:
        value = _LINE_ENDINGS.sub("\n", value)
    return unicodedata.normalize("NFC", value)


def _describe(character: str) -> str:
    code = ord(character)
    if code == 0:
        return "a null character"
    if 0xD800 <= code <= 0xDFFF:
        return "a broken character (half of an emoji or symbol)"
    if character in "\n\r":
        return "a line break"
    if character == "\t":
        return "a tab"
    return "a hidden control character"


def text_problem(value: str, *, max_length: int | None = None, multiline: bool = False) -> str | None:
    """What is wrong with normalised text, as the end of a sentence that starts with the field's name; or None.

    For example "contains a null character (character 5). Remove it and try again".
    """
    forbidden = _MULTI_LINE_FORBIDDEN if multiline else _SINGLE_LINE_FORBIDDEN
    found = forbidden.search(value)
    if found:
        return f"contains {_describe(found[0])} (character {found.start() + 1}). Remove it and try again"
    if max_length is not None and len(value) > max_length:
        return f"must be {max_length:,} characters or fewer (it has {len(value):,})"
    return None


def scrub_text(value: str, *, multiline: bool = False) -> str:
    """For text Attend reads from someone else's file (a calendar's event titles), where refusing the whole file
    for one stray character would help no one: normalised, each forbidden character replaced by U+FFFD."""
    forbidden = _MULTI_LINE_FORBIDDEN if multiline else _SINGLE_LINE_FORBIDDEN
    return forbidden.sub("\ufffd", normalise(value, multiline=multiline))


def clean_text(
    value: str,
    *,
    field: str,
    label: str | None = None,
    max_length: int | None = None,
    multiline: bool = False,
) -> str:
    """The text normalised, or a ValidationError keyed by `field` saying what is wrong ("The title contains...")."""
    if not isinstance(value, str):
        raise ValidationError({field: f"{_label(field, label)} must be text"})
    value = normalise(value, multiline=multiline)
    problem = text_problem(value, max_length=max_length, multiline=multiline)
    if problem:
        raise ValidationError({field: f"{_label(field, label)} {problem}"})
    return value


def clean_model_text(model, field: str, value: str, *, label: str | None = None) -> str:
    """`clean_text` with the limit the model's column sets; a TextField may hold several lines, a CharField one."""
    from django.db import models

    model_field = model._meta.get_field(field)
    return clean_text(
        value,
        field=field,
        label=label,
        max_length=model_field.max_length,
        multiline=isinstance(model_field, models.TextField),
    )


def clean_texts(values, *, field: str, label: str | None = None, max_length: int | None = None) -> list[str]:
    """Each of a list of one-line texts (tags, list items), refused with the field named."""
    return [clean_text(value, field=field, label=label, max_length=max_length) for value in values]


def _label(field: str, label: str | None) -> str:
    text = label or f"The {field.replace('_', ' ')}"
    return text[:1].upper() + text[1:]


@deconstructible
class TextValidator:
    """The same rules for a form field: refuses control characters (newline and tab allowed when multi-line)
    and lone surrogates. Lengths stay with the field's own `max_length`."""

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value):
        if not isinstance(value, str):
            return
        problem = text_problem(value, multiline=self.multiline)
        if problem:
            raise ValidationError(f"This text {problem}", code="text")

    def __eq__(self, other):
        return isinstance(other, TextValidator) and other.multiline == self.multiline


class TextChecks:
    """Collects every problem of a service's arguments, so one ValidationError names each bad field at once.

    checks = TextChecks()
    title = checks.model_text(Practice, "title", title)
    script = checks.text(script, field="script", multiline=True, max_length=20_000)
    checks.raise_any()
    """

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, *messages: str) -> None:
        self.errors.setdefault(field, []).extend(messages)

    def text(self, value, **rules) -> str:
        try:
            return clean_text(value, **rules)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add(field, *messages)
            return value

    def model_text(self, model, field: str, value, *, label: str | None = None) -> str:
        try:
            return clean_model_text(model, field, value, label=label)
        except ValidationError as error:
            self.add(field, *error.message_dict[field])
            return value

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
