"""What a measure is, and how its definition is checked: the types the questionnaires are made of, and
`measure_from_dict`, which turns one parsed TOML file into a `Measure` or says everything wrong with it.

Pure: no files and no database. `measures` reads the built-in definitions shipped in `content/measures/` and
re-exports these names, so callers import them from there.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from attend.core.definitions import ProblemCollector, type_name

POINTS = ("start", "end", "follow_up")
POINT_TITLES = {"start": "Start of the programme", "end": "End of the programme", "follow_up": "Follow-up"}

SCORING_METHODS = ("mean",)  # the mean of the items, after reversing the reverse-scored ones
RETROSPECTIVE_SUFFIX = "-before"
MAX_KEY_LENGTH = 60  # leaves room for RETROSPECTIVE_SUFFIX inside an 80-character key column

_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")
_MEASURE_FIELDS = (
    "key",
    "title",
    "short_title",
    "instructions",
    "higher_means",
    "citation",
    "licence_note",
    "scoring",
    "report_subscales",
    "version",
    "points",
    "scale",
    "subscales",
    "items",
    "retrospective",
)
_SCALE_FIELDS = ("min", "max", "labels")
_SUBSCALE_FIELDS = ("key", "title")
_ITEM_FIELDS = ("key", "text", "reverse", "subscale")
_RETROSPECTIVE_FIELDS = ("points", "title", "instructions")


@dataclass(frozen=True)
class Scale:
    """Whole-number answers from `min` to `max`. `labels` names some or all of the points (always both ends)."""

    min: int
    max: int
    labels: Mapping[int, str] = field(hash=False)

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(range(self.min, self.max + 1))

    def label(self, value: int) -> str:
        """The words for one answer, or the number itself where the scale only labels its ends."""
        return self.labels.get(value, str(value))

    def reverse(self, value: int) -> int:
        """The answer mirrored on the scale: on 1 to 5, 1 becomes 5 and 2 becomes 4."""
        return self.min + self.max - value


@dataclass(frozen=True)
class Subscale:
    key: str
    title: str


@dataclass(frozen=True)
class Item:
    key: str  # stable: stored answers refer to it; never reuse a key for different wording
    text: str
    reverse: bool = False  # reverse-scored in the total (a higher answer means less of what the measure measures)
    subscale: str | None = None  # a Subscale.key of the same measure


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    short_title: str  # for tables and report headings
    instructions: str  # shown above the items; one paragraph per line
    higher_means: str  # how to read the total: "Higher scores mean more self-compassion."
    items: tuple[Item, ...]
    scale: Scale
    citation: str | None  # print it wherever the measure or its scores are shown
    licence_note: str  # why Attend may use it
    scoring: str = "mean"  # one of SCORING_METHODS
    subscales: tuple[Subscale, ...] = ()
    report_subscales: bool = True  # False: subscale scores are not reliable enough to report (SCS-SF)
    version: int = 1
    points: tuple[str, ...] = POINTS
    retrospective_points: tuple[str, ...] = ()  # points at which the "before" version is asked too
    retrospective_title: str = ""
    retrospective_instructions: str = ""
    retrospective_of: str | None = None  # on a "before" version: the key of the measure it looks back with

    @property
    def is_retrospective(self) -> bool:
        return self.retrospective_of is not None

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)

    def item(self, key: str) -> Item:
        return next(item for item in self.items if item.key == key)

    def item_number(self, key: str) -> int:
        """1-based position of an item, as printed on the questionnaire."""
        return self.item_keys.index(key) + 1

    def subscale_items(self, subscale_key: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.subscale == subscale_key)


class MeasureError(ValueError):
    """A measure definition that cannot be used. `problems` lists each thing wrong; the message joins them."""

    def __init__(self, message: str, *, problems: tuple[str, ...] = ()):
        super().__init__(message)
        self.problems = problems or (message,)


class MeasureNotFound(LookupError):
    """No measure has this key (neither a built-in one nor the "before" version of one)."""


# Checking a definition


def _type_name(value: Any) -> str:
    return type_name(value, null="nothing", mapping="a table")


class _Checker(ProblemCollector):
    def text(self, data: dict, name: str, where: str, *, required: bool = True) -> str:
        if name not in data:
            if required:
                self.add(where, f'"{name}" is missing')
            return ""
        value = data[name]
        if not isinstance(value, str):
            self.add(where, f'"{name}" must be text, not {_type_name(value)}')
            return ""
        value = self.text_rules(value, where, name)
        value = " ".join(value.split()) if "\n" not in value else value.strip()
        if not value and required:
            self.add(where, f'"{name}" is empty')
        return value

    def key(self, data: dict, where: str) -> str:
        value = data.get("key")
        if "key" not in data:
            self.add(where, '"key" is missing')
        elif not isinstance(value, str):
            self.add(where, f'"key" must be text, not {_type_name(value)}')
        elif not _KEY.fullmatch(value):
            self.add(where, f'"key" "{value}" may only use lower-case letters, digits, "-" and "_"')
        elif len(value) > MAX_KEY_LENGTH:
            self.add(where, f'"key" is longer than {MAX_KEY_LENGTH} characters')
        else:
            return value
        return ""

    def boolean(self, data: dict, name: str, where: str, default: bool) -> bool:
        value = data.get(name, default)
        if not isinstance(value, bool):
            self.add(where, f'"{name}" must be true or false, not {_type_name(value)}')
            return default
        return value

    def whole_number(self, data: dict, name: str, where: str) -> int | None:
        value = data.get(name)
        if name not in data:
            self.add(where, f'"{name}" is missing')
        elif isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f'"{name}" must be a whole number, not {_type_name(value)}')
        else:
            return value
        return None

    def points(self, data: dict, name: str, where: str, *, default: tuple[str, ...]) -> tuple[str, ...]:
        value = data.get(name, list(default))
        if not isinstance(value, list) or not all(isinstance(point, str) for point in value):
            self.add(where, f'"{name}" must be a list of points ({", ".join(POINTS)})')
            return ()
        for point in value:
            if point not in POINTS:
                self.add(where, f'unknown point "{point}" in "{name}"; use {", ".join(POINTS)}')
        if len(set(value)) != len(value):
            self.add(where, f'"{name}" lists a point twice')
        return tuple(point for point in POINTS if point in value)


def _scale_from_dict(data: Any, where: str, check: _Checker) -> Scale | None:
    where = f"{where}, scale"
    if not isinstance(data, dict):
        check.add(where, f"must be a table, not {_type_name(data)}")
        return None
    check.unknown_fields(data, _SCALE_FIELDS, where)
    low = check.whole_number(data, "min", where)
    high = check.whole_number(data, "max", where)
    if low is None or high is None:
        return None
    if low >= high:
        check.add(where, f'"min" ({low}) must be less than "max" ({high})')
        return None
    raw_labels = data.get("labels", {})
    if not isinstance(raw_labels, dict):
        check.add(where, f'"labels" must be a table, not {_type_name(raw_labels)}')
        return None
    labels: dict[int, str] = {}
    for raw_value, label in raw_labels.items():
        try:
            value = int(raw_value)
        except ValueError:
            check.add(where, f'label "{raw_value}" is not a whole number')
            continue
        if not low <= value <= high:
            check.add(where, f"label {value} is outside {low} to {high}")
        elif not isinstance(label, str) or not label.strip():
            check.add(where, f"label {value} is empty or not text")
        else:
            labels[value] = label.strip()
    for end in (low, high):
        if end not in labels:
            check.add(where, f"label {end} is missing; both ends of the scale need words")
    return Scale(min=low, max=high, labels=dict(sorted(labels.items())))


def _subscales_from_list(data: Any, where: str, check: _Checker) -> tuple[Subscale, ...]:
    if not isinstance(data, list):
        check.add(where, f'"subscales" must be a list, not {_type_name(data)}')
        return ()
    subscales: list[Subscale] = []
    for number, raw in enumerate(data, start=1):
        here = f"{where}, subscale {number}"
        if not isinstance(raw, dict):
            check.add(here, f"must be a table, not {_type_name(raw)}")
            continue
        check.unknown_fields(raw, _SUBSCALE_FIELDS, here)
        key = check.key(raw, here)
        title = check.text(raw, "title", here)
        if key and key in {subscale.key for subscale in subscales}:
            check.add(here, f'duplicate subscale key "{key}"')
        subscales.append(Subscale(key=key, title=title))
    return tuple(subscales)


def _items_from_list(data: Any, where: str, subscale_keys: set[str], check: _Checker) -> tuple[Item, ...]:
    if not isinstance(data, list):
        check.add(where, f'"items" must be a list, not {_type_name(data)}')
        return ()
    if not data:
        check.add(where, '"items" is empty; a measure needs at least one item')
    items: list[Item] = []
    first_use: dict[str, int] = {}
    for number, raw in enumerate(data, start=1):
        here = f"{where}, item {number}"
        if not isinstance(raw, dict):
            check.add(here, f"must be a table, not {_type_name(raw)}")
            continue
        if isinstance(raw.get("key"), str):
            here = f'{here} ("{raw["key"]}")'
        check.unknown_fields(raw, _ITEM_FIELDS, here)
        key = check.key(raw, here)
        text = check.text(raw, "text", here)
        reverse = check.boolean(raw, "reverse", here, False)
        subscale = raw.get("subscale")
        if subscale is not None and not isinstance(subscale, str):
            check.add(here, f'"subscale" must be text, not {_type_name(subscale)}')
            subscale = None
        elif subscale is not None and subscale not in subscale_keys:
            check.add(here, f'unknown subscale "{subscale}"')
        if key in first_use:
            check.add(here, f'duplicate item key "{key}" (item {first_use[key]} uses it too)')
        first_use.setdefault(key, number)
        items.append(Item(key=key, text=text, reverse=reverse, subscale=subscale))
    return tuple(items)


def _check_subscales_are_used_consistently(
    subscales: tuple[Subscale, ...], items: tuple[Item, ...], where: str, check: _Checker
) -> None:
    # A subscale score is the plain mean of its items, read as its title says ("Self-judgement": higher means
    # more self-judgement). That only holds if its items all point the same way.
    for subscale in subscales:
        members = [item for item in items if item.subscale == subscale.key]
        if not members:
            check.add(f'{where}, subscale "{subscale.key}"', "has no items")
        elif len({item.reverse for item in members}) > 1:
            check.add(
                f'{where}, subscale "{subscale.key}"',
                "mixes reverse-scored and ordinary items; split it or reverse them all",
            )


def measure_from_dict(data: Any) -> Measure:
    """A measure from its definition (a parsed TOML file), or MeasureError naming everything wrong with it."""
    if not isinstance(data, dict):
        raise MeasureError(f"A measure must be a table, not {_type_name(data)}")
    check = _Checker()
    where = f'Measure "{data["key"]}"' if isinstance(data.get("key"), str) and data["key"] else "Measure"
    check.unknown_fields(data, _MEASURE_FIELDS, where)
    key = check.key(data, where)
    title = check.text(data, "title", where)
    short_title = check.text(data, "short_title", where)
    instructions = check.text(data, "instructions", where)
    higher_means = check.text(data, "higher_means", where)
    citation = check.text(data, "citation", where, required=False) or None
    licence_note = check.text(data, "licence_note", where)
    scoring = data.get("scoring", "mean")
    if scoring not in SCORING_METHODS:
        check.add(where, f'unknown scoring "{scoring}"; use {", ".join(SCORING_METHODS)}')
    report_subscales = check.boolean(data, "report_subscales", where, True)
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        check.add(where, '"version" must be a whole number from 1')
        version = 1
    points = check.points(data, "points", where, default=POINTS)
    if not points and isinstance(data.get("points"), list):
        check.add(where, '"points" is empty; a measure is asked at one point at least')
    scale = _scale_from_dict(data.get("scale"), where, check)
    subscales = _subscales_from_list(data.get("subscales", []), where, check)
    items = _items_from_list(data.get("items"), where, {subscale.key for subscale in subscales}, check)
    _check_subscales_are_used_consistently(subscales, items, where, check)

    retrospective = data.get("retrospective")
    retrospective_points: tuple[str, ...] = ()
    retrospective_title = retrospective_instructions = ""
    if retrospective is not None:
        here = f"{where}, retrospective"
        if not isinstance(retrospective, dict):
            check.add(here, f"must be a table, not {_type_name(retrospective)}")
        else:
            check.unknown_fields(retrospective, _RETROSPECTIVE_FIELDS, here)
            retrospective_points = check.points(retrospective, "points", here, default=("end",))
            retrospective_title = check.text(retrospective, "title", here)
            retrospective_instructions = check.text(retrospective, "instructions", here)
            for point in retrospective_points:
                if point not in points:
                    check.add(here, f'is asked at "{point}" but the measure itself is not')

    if check.problems:
        raise MeasureError("; ".join(check.problems), problems=tuple(check.problems))
    return Measure(
        key=key,
        title=title,
        short_title=short_title,
        instructions=instructions,
        higher_means=higher_means,
        items=items,
        scale=scale,
        citation=citation,
        licence_note=licence_note,
        scoring=scoring,
        subscales=subscales,
        report_subscales=report_subscales,
        version=version,
        points=points,
        retrospective_points=retrospective_points,
        retrospective_title=retrospective_title,
        retrospective_instructions=retrospective_instructions,
    )
