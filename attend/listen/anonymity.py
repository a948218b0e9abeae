"""Every rule for what Listen may show about a group of answers: the one place the app asks (ADR 0012).

The design in one paragraph: a response arrives *pending* (no batch). When a round's pending responses reach its
batch size they are sealed together into a new *batch* (and rewritten in a fresh random order with fresh random ids,
see `sealing_order`). Every figure is computed over a union of whole sealed batches, and a batch counts only when its
size is at least the organisation's *current* figure threshold. So every figure, and every sum or difference of
figures, rests on whole batches of at least the threshold: nobody can be isolated by comparing a parent team with its
sub-teams, one filter with another, or one month with the next. Pending responses never count in any figure.

Pure: standard library only. The app stores what these functions take; it decides nothing about anonymity itself.
"""

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from attend.core.anonymity import MINIMUM_GROUP_SIZE

# An organisation may raise its threshold but never set it below this.
MINIMUM_THRESHOLD = 3
DEFAULT_FIGURE_THRESHOLD = MINIMUM_GROUP_SIZE
DEFAULT_COMMENT_THRESHOLD = 10

# What a template shows in place of a suppressed figure.
NOT_ENOUGH_ANSWERS = "Not enough answers yet"


@dataclass(frozen=True)
class Thresholds:
    """How many answers a group needs before Listen shows a figure (`figures`) or its comments (`comments`).

    `figures` is also the batch size: a round seals its pending responses in batches of exactly this many.
    """

    figures: int = DEFAULT_FIGURE_THRESHOLD
    comments: int = DEFAULT_COMMENT_THRESHOLD

    def __post_init__(self):
        for name in ("figures", "comments"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"The {name} threshold must be a whole number, not {value!r}.")
        if self.figures < MINIMUM_THRESHOLD:
            raise ValueError(
                f"The threshold for figures must be at least {MINIMUM_THRESHOLD} answers, so nobody can be "
                f"picked out (it was {self.figures})."
            )
        if self.comments < self.figures:
            raise ValueError(
                f"The threshold for comments ({self.comments}) must be at least the threshold for figures "
                f"({self.figures}): comments say more about who wrote them than a score does."
            )

    @property
    def batch_size(self) -> int:
        """How many pending responses a round seals together into one batch."""
        return self.figures


# Sealing


def batch_to_seal(pending: int, batch_size: int) -> bool:
    """Whether a round now holds enough pending responses to seal one batch.

    Call it under a row lock on the round after saving each response; when True, seal exactly `batch_size` of the
    pending responses into a new batch (and loop while it stays True). `batch_size` is the round's batch size: the
    organisation's figure threshold (`Thresholds.batch_size`).
    """
    if batch_size < MINIMUM_THRESHOLD:
        raise ValueError(f"A batch must hold at least {MINIMUM_THRESHOLD} responses (it was {batch_size}).")
    if pending < 0:
        raise ValueError(f"A round cannot have {pending} pending responses.")
    return pending >= batch_size


def sealing_order[T](rows: Iterable[T]) -> list[T]:
    """The rows of a batch in a fresh random order (a cryptographic shuffle), for rewriting them when it seals.

    Rewriting in this order, each with a fresh `new_response_id()`, means neither ids nor the physical order of
    rows reveal who answered when.
    """
    shuffled = list(rows)
    secrets.SystemRandom().shuffle(shuffled)
    return shuffled


def new_response_id() -> uuid.UUID:
    """A fresh random id for a response row: it says nothing about when the response arrived."""
    return uuid.uuid4()


def answered_on(moment: datetime | date) -> date:
    """The only time a response keeps: the day. Never store anything finer."""
    return moment.date() if isinstance(moment, datetime) else moment


# Which answers count


def batch_counts(batch_size: int, thresholds: Thresholds) -> bool:
    """Whether a sealed batch of `batch_size` responses counts under the organisation's current thresholds.

    A batch sealed before the organisation raised its threshold may be smaller than it: it then counts nowhere.
    """
    return batch_size >= thresholds.figures


def counted_batches[BatchId: Hashable](batch_sizes: Mapping[BatchId, int], thresholds: Thresholds) -> set[BatchId]:
    """The batches (id → number of responses sealed in it) that count under the current thresholds."""
    return {batch for batch, size in batch_sizes.items() if batch_counts(size, thresholds)}


def counted_responses(population_batches: Iterable[int], thresholds: Thresholds) -> int:
    """How many responses a population's figures rest on, given the sizes of its sealed batches."""
    return sum(size for size in population_batches if batch_counts(size, thresholds))


def hidden_by_threshold(population_batches: Iterable[int], thresholds: Thresholds) -> int:
    """Sealed responses left out because their batch is smaller than the current threshold (the page says so)."""
    return sum(size for size in population_batches if not batch_counts(size, thresholds))


def figure_visible(population_batches: Collection[int], thresholds: Thresholds) -> bool:
    """Whether any figure (a score, a distribution) may be shown for a population.

    `population_batches` are the sizes of the sealed batches in the population (pending responses are never in
    it). The figure is then computed over the counted batches only: pass their responses, nothing else.
    """
    return counted_responses(population_batches, thresholds) >= thresholds.figures


def figure_visible_pooled(batches_of_size: Iterable[tuple[int, int]], thresholds: Thresholds) -> bool:
    """`figure_visible` for a population given as (batch size, how many sealed batches of that size) pairs: the same
    rule, for figures pooled by batch size rather than listed batch by batch (a round seals every batch at its own
    size, so its batches pool exactly)."""
    counted = sum(size * batches for size, batches in batches_of_size if batch_counts(size, thresholds))
    return counted >= thresholds.figures


def figures_visible_pooled(
    sizes: Sequence[tuple[int, Sequence[int]]], positions: Iterable[int], thresholds: Thresholds
) -> list[bool]:
    """`figure_visible_pooled` for many populations at once (a column of the heatmap): `sizes` holds, per batch size,
    (size, how many sealed batches of that size each population has, by position). The same rule, population by
    population, with whether each size counts asked once rather than once a population."""
    counting = [(size, batches) for size, batches in sizes if batch_counts(size, thresholds)]
    return [sum(size * batches[i] for size, batches in counting) >= thresholds.figures for i in positions]


def comments_visible(sealed_responses: int, thresholds: Thresholds) -> bool:
    """Whether a population's comments may be shown.

    `sealed_responses` is the number of responses in the population's *counted* batches (`counted_responses`),
    never including pending responses; the comments shown are those of the counted batches only.
    """
    return sealed_responses >= thresholds.comments


def comments_appear_at(thresholds: Thresholds) -> int:
    """How many answers a round needs before its comments show: answers count in whole batches, so the first
    multiple of the batch size that reaches the comment threshold (10 with the defaults; 12 with batches of 6)."""
    batches = -(-thresholds.comments // thresholds.batch_size)
    return batches * thresholds.batch_size


def comments_in_shown_order[T](comments: Sequence[T], *, seed: str, key: Callable[[T], str] = str) -> list[T]:
    """The comments in the order to show them: shuffled, never in arrival order, and stable for a population.

    The order depends only on the comments themselves and `seed` (use something that names the population, such
    as the round id, or the filter and its batch ids), not on the order they are passed in, so the same population
    always shows the same order and reloading the page teaches nothing.
    """
    secret = seed.encode()

    def position(indexed: tuple[int, T]) -> tuple[bytes, int]:
        index, comment = indexed
        return hmac.new(secret, key(comment).encode(), hashlib.sha256).digest(), index

    ordered = sorted(enumerate(sorted(comments, key=key)), key=position)
    return [comment for _, comment in ordered]


def suppressed[V](value: V, visible: bool) -> V | None:
    """The value when it may be shown, otherwise None (never 0: a template shows "Not enough answers yet")."""
    return value if visible else None
