"""The words of the Reflect journal: reflection templates and the feelings vocabulary.

Pure: reads JSON files shipped inside this package (`content/templates/*.json`, `content/feelings.json`)
and returns frozen dataclasses. Standard library only, no database, so the same checks serve the built-in
templates and the ones an organisation writes for itself, and the Practice check-in can reuse the feelings.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from attend.core.definitions import ProblemCollector, type_name

TEXT = "text"
CHOICES = "choices"
KINDS = (TEXT, CHOICES)

# The order people see them in: the lightest first, the most structured after, the most tender last.
BUILT_IN_KEYS = ("free", "what-so-what-now-what", "gibbs", "nmc-reflective-account", "learning-from-a-mistake")

# Plain, three steps: "I feel a little tired", "quite tired", "very tired".
INTENSITIES = ((1, "A little"), (2, "Quite"), (3, "Very"))

# Limits keep an organisation's own templates usable on a phone; keys fit the 80-character key columns.
MAX_KEY_LENGTH = 80
MAX_PROMPTS = 20
MAX_CHOICES = 20
MAX_LENGTHS = {"name": 100, "summary": 300, "description": 2000, "label": 200, "hint": 500, "choice": 100}

_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")
_TEMPLATE_FIELDS = ("key", "name", "summary", "description", "prompts")
_PROMPT_FIELDS = ("key", "label", "hint", "kind", "choices", "also_text")


@dataclass(frozen=True)
class Prompt:
    key: str
    label: str
    hint: str
    kind: str  # TEXT or CHOICES
    choices: tuple[str, ...] = ()
    also_text: bool = False  # a CHOICES prompt that also takes written text


@dataclass(frozen=True)
class ReflectionTemplate:
    key: str
    name: str
    summary: str
    description: str
    prompts: tuple[Prompt, ...]


class TemplateError(ValueError):
    """A template definition that cannot be used. `problems` lists each thing wrong; the message joins them."""

    def __init__(self, message: str, *, problems: tuple[str, ...] = ()):
        super().__init__(message)
        self.problems = problems or (message,)


class _Checker(ProblemCollector):
    def text(self, data: dict, name: str, where: str, *, required: bool, may_be_empty: bool = False) -> str:
        if name not in data:
            if required:
                self.add(where, f'"{name}" is missing')
            return ""
        value = data[name]
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.add(where, f'"{name}" must be text, not {type_name(value)}')
            return ""
        value = self.text_rules(value.strip(), where, name)
        if not value and not may_be_empty:
            self.add(where, f'"{name}" is empty')
        elif len(value) > MAX_LENGTHS.get(name, MAX_KEY_LENGTH):
            self.add(where, f'"{name}" is longer than {MAX_LENGTHS.get(name, MAX_KEY_LENGTH)} characters')
        return value

    def key(self, data: dict, where: str) -> str:
        if "key" not in data:
            self.add(where, '"key" is missing')
            return ""
        value = data["key"]
        if not isinstance(value, str):
            self.add(where, f'"key" must be text, not {type_name(value)}')
            return ""
        if not value:
            self.add(where, '"key" is empty')
        elif len(value) > MAX_KEY_LENGTH:
            self.add(where, f'"key" is longer than {MAX_KEY_LENGTH} characters')
        elif not _KEY.fullmatch(value):
            self.add(where, f'"key" "{value}" may only use lower-case letters, digits, "-" and "_"')
        return value


def _prompt_from_dict(data: Any, where: str, check: _Checker) -> Prompt | None:
    if not isinstance(data, dict):
        check.add(where, f"must be an object, not {type_name(data)}")
        return None
    check.unknown_fields(data, _PROMPT_FIELDS, where)
    key = check.key(data, where)
    label = check.text(data, "label", where, required=True)
    hint = check.text(data, "hint", where, required=False, may_be_empty=True)

    kind = data.get("kind")
    if "kind" not in data:
        check.add(where, '"kind" is missing')
    elif kind not in KINDS:
        check.add(where, f'unknown kind {json.dumps(kind)}; use "text" or "choices"')

    choices: list[str] = []
    if kind == CHOICES:
        raw = data.get("choices")
        if raw is None:
            check.add(where, 'kind "choices" needs a "choices" list')
        elif not isinstance(raw, list):
            check.add(where, f'"choices" must be a list, not {type_name(raw)}')
        elif not raw:
            check.add(where, '"choices" is empty')
        elif len(raw) > MAX_CHOICES:
            check.add(where, f"has more than {MAX_CHOICES} choices")
        else:
            for number, choice in enumerate(raw, start=1):
                if isinstance(choice, str):
                    choice = check.text_rules(choice, where, f"choice {number}")
                if not isinstance(choice, str) or not choice.strip():
                    check.add(where, f"choice {number} is empty or not text")
                elif len(choice.strip()) > MAX_LENGTHS["choice"]:
                    check.add(where, f"choice {number} is longer than {MAX_LENGTHS['choice']} characters")
                elif choice.strip().casefold() in {seen.casefold() for seen in choices}:
                    check.add(where, f'choice "{choice.strip()}" appears twice')
                else:
                    choices.append(choice.strip())
    elif kind == TEXT:
        for name in ("choices", "also_text"):
            if name in data:
                check.add(where, f'"{name}" is only for kind "choices"')

    also_text = data.get("also_text", False)
    if not isinstance(also_text, bool):
        check.add(where, f'"also_text" must be true or false, not {type_name(also_text)}')
        also_text = False

    return Prompt(key=key, label=label, hint=hint, kind=kind, choices=tuple(choices), also_text=also_text)


def template_from_dict(data: Any) -> ReflectionTemplate:
    """A template from its JSON definition, or TemplateError naming everything that is wrong with it."""
    if not isinstance(data, dict):
        raise TemplateError(f"A template must be an object, not {type_name(data)}")
    check = _Checker()
    where = f'Template "{data["key"]}"' if isinstance(data.get("key"), str) and data["key"] else "Template"
    check.unknown_fields(data, _TEMPLATE_FIELDS, where)
    key = check.key(data, where)
    name = check.text(data, "name", where, required=True)
    summary = check.text(data, "summary", where, required=True, may_be_empty=True)
    description = check.text(data, "description", where, required=False, may_be_empty=True)

    prompts: list[Prompt] = []
    raw_prompts = data.get("prompts")
    if "prompts" not in data:
        check.add(where, '"prompts" is missing')
    elif not isinstance(raw_prompts, list):
        check.add(where, f'"prompts" must be a list, not {type_name(raw_prompts)}')
    elif not raw_prompts:
        check.add(where, '"prompts" is empty; a template needs at least one prompt')
    elif len(raw_prompts) > MAX_PROMPTS:
        check.add(where, f"has more than {MAX_PROMPTS} prompts")
    else:
        first_use: dict[str, int] = {}
        for number, raw in enumerate(raw_prompts, start=1):
            prompt = _prompt_from_dict(raw, f"{where}, prompt {number}", check)
            if prompt is None:
                continue
            if prompt.key and prompt.key in first_use:
                check.add(
                    f"{where}, prompt {number}",
                    f'duplicate prompt key "{prompt.key}" (prompt {first_use[prompt.key]} uses it too)',
                )
            first_use.setdefault(prompt.key, number)
            prompts.append(prompt)

    if check.problems:
        raise TemplateError("; ".join(check.problems), problems=tuple(check.problems))
    return ReflectionTemplate(key=key, name=name, summary=summary, description=description, prompts=tuple(prompts))


def _data_file(*parts: str):
    return resources.files(__package__).joinpath("content", *parts)


@cache
def built_in_templates() -> tuple[ReflectionTemplate, ...]:
    """The templates Attend ships with, in BUILT_IN_KEYS order. Read once per process."""
    templates = []
    for key in BUILT_IN_KEYS:
        template = template_from_dict(json.loads(_data_file("templates", f"{key}.json").read_text(encoding="utf-8")))
        if template.key != key:
            raise TemplateError(f'{key}.json holds the template "{template.key}"; its key must match the file name')
        templates.append(template)
    return tuple(templates)


def built_in_template(key: str) -> ReflectionTemplate | None:
    return next((template for template in built_in_templates() if template.key == key), None)


# Feelings


@dataclass(frozen=True)
class FeelingFamily:
    key: str
    name: str
    words: tuple[str, ...]


def _normalise(word: str) -> str:
    return " ".join(word.split()).casefold()


@cache
def feeling_families() -> tuple[FeelingFamily, ...]:
    """The feelings vocabulary, grouped into families, for journal entries and the check-in after a practice."""
    data = json.loads(_data_file("feelings.json").read_text(encoding="utf-8"))
    return tuple(
        FeelingFamily(key=family["key"], name=family["name"], words=tuple(family["words"]))
        for family in data["families"]
    )


@cache
def _family_by_word() -> dict[str, FeelingFamily]:
    by_word: dict[str, FeelingFamily] = {}
    for family in feeling_families():
        for word in family.words:
            if _normalise(word) in by_word:
                other = by_word[_normalise(word)]
                raise ValueError(f'The feeling "{word}" is in both "{other.key}" and "{family.key}"')
            by_word[_normalise(word)] = family
    return by_word


def family_of(word: str) -> FeelingFamily | None:
    """The family a feeling word belongs to, ignoring case and extra spaces; None for a word not in the list."""
    if not isinstance(word, str):
        return None
    return _family_by_word().get(_normalise(word))


def feeling_word(word: str) -> str:
    """The list's own spelling of a feeling word ("Calm " gives "calm"), or "" for a word not in the list."""
    family = family_of(word)
    return next((known for known in family.words if _normalise(known) == _normalise(word)), "") if family else ""
