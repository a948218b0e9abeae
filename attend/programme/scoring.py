"""Scoring a questionnaire: one person's answers to one measure in, a total and subscale scores out.

Pure and small on purpose: what a score means must be checkable by reading this file and its tests.

- Reverse-scored items are mirrored on the scale first (on 1 to 5: 1 becomes 5, 2 becomes 4).
- The total is the mean of all the items, after reversing. It needs every item answered: a mean of the items
  someone happened to answer is not the measure's score, so an incomplete answer set has no total.
- A subscale score is the mean of its items as answered, NOT reversed, so it reads as the subscale's title says
  ("Self-judgement" 4.5 means a lot of self-judgement). The measure checks make sure a subscale's items all point
  the same way. A subscale is scored only when all its items are answered.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import fmean

from attend.programme.measures import Measure


class ScoringError(ValueError):
    """An answer set that cannot be scored. `item_key` names the item at fault (None when no one item is)."""

    def __init__(self, message: str, *, item_key: str | None = None):
        super().__init__(message)
        self.item_key = item_key


@dataclass(frozen=True)
class MeasureScore:
    measure_key: str
    total: float | None  # None only when scored with complete=False and an item is unanswered
    subscales: dict[str, float] = field(default_factory=dict, hash=False)  # Subscale.key -> mean; complete ones
    missing: tuple[str, ...] = ()  # keys of unanswered items, in questionnaire order

    @property
    def is_complete(self) -> bool:
        return not self.missing


def _describe(measure: Measure, key: str) -> str:
    return f'item {measure.item_number(key)} ("{key}")'


def check_answer(measure: Measure, item_key: str, value: object) -> int:
    """One answer as a whole number on the measure's scale, or ScoringError naming the item."""
    if item_key not in measure.item_keys:
        raise ScoringError(f'"{item_key}" is not an item of {measure.short_title}', item_key=item_key)
    # bool is an int in Python; True is not an answer.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoringError(
            f"The answer to {_describe(measure, item_key)} must be a whole number, not {value!r}", item_key=item_key
        )
    scale = measure.scale
    if not scale.min <= value <= scale.max:
        raise ScoringError(
            f"The answer to {_describe(measure, item_key)} is {value}; it must be from {scale.min} to {scale.max}",
            item_key=item_key,
        )
    return value


def score(measure: Measure, answers: Mapping[str, int | None], *, complete: bool = True) -> MeasureScore:
    """Score one person's answers (item key -> answer) to one measure.

    complete=True (the default): every item must be answered; ScoringError names the first one that is not.
    complete=False: unanswered items (missing or None) are allowed; the total is then None and only subscales
    whose items are all answered are scored. Any answer given must still be valid, and an unknown item key is an
    error either way (it means the answers belong to another measure or version).
    """
    for item_key in answers:
        if item_key not in measure.item_keys:
            raise ScoringError(f'"{item_key}" is not an item of {measure.short_title}', item_key=item_key)
    given = {key: check_answer(measure, key, value) for key, value in answers.items() if value is not None}
    missing = tuple(key for key in measure.item_keys if key not in given)
    if missing and complete:
        raise ScoringError(f"There is no answer to {_describe(measure, missing[0])}", item_key=missing[0])

    total = None
    if not missing:
        scored = [measure.scale.reverse(given[item.key]) if item.reverse else given[item.key] for item in measure.items]
        total = fmean(scored)

    subscales = {}
    for subscale in measure.subscales:
        keys = [item.key for item in measure.subscale_items(subscale.key)]
        if all(key in given for key in keys):
            subscales[subscale.key] = fmean(given[key] for key in keys)

    return MeasureScore(measure_key=measure.key, total=total, subscales=subscales, missing=missing)
