"""The programme's questionnaires ("measures"), as data: which items, which answer scale, how they are scored.

Pure: reads the TOML files shipped in `content/measures/` and returns frozen dataclasses. No database, so the
checks, the scoring and the reports can be tested alone. Every problem in a file is reported with the measure and
the item it belongs to, so an author can fix them all in one go.

Points in a programme: "start", "end" and "follow_up". Each measure says at which points it is asked; a measure
with a `[retrospective]` table also has a "before" version (the then-test: at the end, "Thinking back to before the
programme, ...") asked at the points that table lists. The before version has its own key (`<key>-before`), the
same items and item keys, and scores the same way, so a "before" answer set can be paired with an "after" one.

This module holds the built-in set and how to find a measure in it; what a measure is, and how a definition is
checked, is in `measure_definition` (its names are re-exported here, so callers import them from this module).
"""

import tomllib
from functools import cache
from importlib import resources

from attend.programme.measure_definition import (
    MAX_KEY_LENGTH,
    POINT_TITLES,
    POINTS,
    RETROSPECTIVE_SUFFIX,
    SCORING_METHODS,
    Item,
    Measure,
    MeasureError,
    MeasureNotFound,
    Scale,
    Subscale,
    measure_from_dict,
)

__all__ = [
    "MAX_KEY_LENGTH",
    "MEASURE_KEYS",
    "POINT_TITLES",
    "POINTS",
    "RETROSPECTIVE_SUFFIX",
    "SCORING_METHODS",
    "Item",
    "Measure",
    "MeasureError",
    "MeasureNotFound",
    "Scale",
    "Subscale",
    "measure",
    "measure_from_dict",
    "measures",
    "measures_for_point",
    "retrospective_version",
]

# The measures Attend ships with, in the order a participant answers them.
MEASURE_KEYS = ("scs-sf", "compassionate-leadership", "attention-and-presence", "wellbeing-at-work")


# The built-in measures


def _data_file(name: str):
    return resources.files(__package__).joinpath("content", "measures", name)


@cache
def measures() -> tuple[Measure, ...]:
    """The measures Attend ships with, in MEASURE_KEYS order (not their "before" versions). Read once per process."""
    loaded = []
    for key in MEASURE_KEYS:
        data = tomllib.loads(_data_file(f"{key}.toml").read_text(encoding="utf-8"))
        built = measure_from_dict(data)
        if built.key != key:
            raise MeasureError(f'{key}.toml holds the measure "{built.key}"; its key must match the file name')
        loaded.append(built)
    return tuple(loaded)


def retrospective_version(measure: Measure) -> Measure | None:
    """The "before" version of a measure (same items, looking back), or None if it has none or is one already."""
    if measure.is_retrospective or not measure.retrospective_points:
        return None
    return Measure(
        key=f"{measure.key}{RETROSPECTIVE_SUFFIX}",
        title=measure.retrospective_title,
        short_title=f"{measure.short_title} (before)",
        instructions=measure.retrospective_instructions,
        higher_means=measure.higher_means,
        items=measure.items,
        scale=measure.scale,
        citation=measure.citation,
        licence_note=measure.licence_note,
        scoring=measure.scoring,
        subscales=measure.subscales,
        report_subscales=measure.report_subscales,
        version=measure.version,
        points=measure.retrospective_points,
        retrospective_of=measure.key,
    )


@cache
def _all_by_key() -> dict[str, Measure]:
    by_key: dict[str, Measure] = {}
    for built in measures():
        by_key[built.key] = built
        before = retrospective_version(built)
        if before is not None:
            by_key[before.key] = before
    return by_key


def measure(key: str) -> Measure:
    """A built-in measure or a "before" version by its key; MeasureNotFound for any other key."""
    try:
        return _all_by_key()[key]
    except KeyError:
        raise MeasureNotFound(f'No measure has the key "{key}"') from None


def measures_for_point(point: str) -> tuple[Measure, ...]:
    """What a participant answers at one point, in order; each "before" version straight after its measure.

    ValueError for a point not in POINTS.
    """
    if point not in POINTS:
        raise ValueError(f'Unknown point "{point}"; use {", ".join(POINTS)}')
    chosen: list[Measure] = []
    for built in measures():
        if point in built.points:
            chosen.append(built)
        before = retrospective_version(built)
        if before is not None and point in before.points:
            chosen.append(before)
    return tuple(chosen)
