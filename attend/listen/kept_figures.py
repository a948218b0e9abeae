"""Figures kept when a batch seals (ADR 0026), and the same figures pooled for the heatmap. Pure, no database.

A sealed batch's sums (`BatchFigures`) give exactly the figures `results.round_results` gives over its answers,
hidden by the same `anonymity` rules, so pages never rescore every answer. Pooled figures add up a round's, a
team's and a subtree's kept batches per theme and batch size; sums of `exact` whole numbers keep the very float
`math.fsum` gives, however they are grouped.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from attend.listen import anonymity, question_bank, scoring
from attend.listen.anonymity import Thresholds
from attend.listen.question_bank import Item, Theme
from attend.listen.results import ItemResult, RoundResults, ScoreResult

# Kept figures: what a sealed batch adds up to, kept when it seals (ADR 0026)


@dataclass(frozen=True)
class BatchFigures:
    """What one sealed batch adds up to, kept when it seals so pages never rescore every answer.

    `themes`: theme or sub-theme key → (how many of the batch's responses answered at least one of its items, the sum
    of those respondents' 0–10 scores). `items`: item key → how many chose 1, 2, 3, 4 and 5. A figure over kept
    batches goes through the same rules as one over answers (`anonymity.counted_batches`, `figure_visible`, whole
    batches only), so it is the same figure, suppressed the same way. Batch ids must be unique across the population,
    as for `ResponseData`. A batch's comments are never kept: only the round's own page reads them.
    """

    batch: Hashable
    size: int
    themes: Mapping[str, tuple[int, float]]
    items: Mapping[str, tuple[int, ...]]


def batch_figures(batch: Hashable, answers: Sequence[Mapping[str, int]], items: Sequence[Item]) -> BatchFigures:
    """The figures to keep for a batch that has just sealed: `answers` are its responses' answers, `items` the items
    its round asked."""
    themes = {}
    for theme in (*question_bank.themes_for(items), *question_bank.sub_themes_for(items)):
        keys = [i.key for i in items if theme.key in (i.theme, i.sub_theme)]
        scored = [s for s in (scoring.respondent_score(a, keys) for a in answers) if s is not None]
        themes[theme.key] = (len(scored), math.fsum(scored))
    counts = {
        item.key: tuple(scoring.distribution(a[item.key] for a in answers if item.key in a).values()) for item in items
    }
    return BatchFigures(batch=batch, size=len(answers), themes=themes, items=counts)


def _kept_theme_score(key: str, batches: Sequence[BatchFigures]) -> float | None:
    # A batch in which someone answered none of the theme's items leaves the figure whole
    # (`results.answering_batches`).
    whole = [b.themes[key] for b in batches if key in b.themes and b.themes[key][0] == b.size]
    answering = sum(n for n, _ in whole)
    return math.fsum(total for _, total in whole) / answering if answering else None


def _kept_item(item: Item, batches: Sequence[BatchFigures]) -> ItemResult:
    whole = [b.items[item.key] for b in batches if item.key in b.items and sum(b.items[item.key]) == b.size]
    counts = [sum(column) for column in zip(*whole, strict=True)] if whole else []
    chosen = sum(counts)
    if not chosen:
        return ItemResult(item=item, distribution=None, score=None)
    total = math.fsum(scoring.SCORE_FOR_ANSWER[answer] * n for answer, n in zip(scoring.ANSWERS, counts, strict=True))
    return ItemResult(item=item, distribution=dict(zip(scoring.ANSWERS, counts, strict=True)), score=total / chosen)


def kept_results(
    batches: Sequence[BatchFigures],
    *,
    responses: int,
    items: Sequence[Item],
    thresholds: Thresholds,
    invited: int | None = None,
    withheld: str | None = None,
) -> RoundResults:
    """`results.round_results` for a population read from its kept batches: the same figures, hidden by the same
    rules.

    `responses` counts every response received, pending included. No comments: `comments` is None and
    `comments_visible` False, since the pages that read kept figures (the trend, the team's page) never show them."""
    sizes = {b.batch: b.size for b in batches}
    counting = anonymity.counted_batches(sizes, thresholds)
    counted = [b for b in batches if b.batch in counting]
    visible = withheld is None and anonymity.figure_visible(list(sizes.values()), thresholds)
    shown = counted if visible else []
    return RoundResults(
        thresholds=thresholds,
        responses=responses,
        invited=invited,
        response_rate=responses / invited if invited else None,
        counted=sum(b.size for b in counted),
        pending=responses - sum(sizes.values()),
        hidden_by_threshold=anonymity.hidden_by_threshold(sizes.values(), thresholds),
        counted_batches=frozenset(b.batch for b in counted),
        visible=visible,
        themes=tuple(
            ScoreResult(theme=t, item_keys=_keys_of(t, items, "theme"), score=_kept_theme_score(t.key, shown))
            for t in question_bank.themes_for(items)
        ),
        sub_themes=tuple(
            ScoreResult(theme=t, item_keys=_keys_of(t, items, "sub_theme"), score=_kept_theme_score(t.key, shown))
            for t in question_bank.sub_themes_for(items)
        ),
        items=tuple(_kept_item(i, shown) for i in items),
        withheld=withheld,
    )


def _keys_of(theme: Theme, items: Sequence[Item], level: str) -> tuple[str, ...]:
    return tuple(i.key for i in items if getattr(i, level) == theme.key)


def kept_heatmap[K: Hashable](
    cells: Mapping[tuple[K, str], Sequence[BatchFigures]], *, thresholds: Thresholds
) -> dict[tuple[K, str], float | None]:
    """`results.heatmap` over kept batches: each cell (the kept batches of the rounds that asked the theme)
    suppressed on its own by the batch rule, scored over its counted whole batches."""
    scores: dict[tuple[K, str], float | None] = {}
    for (team, theme_key), batches in cells.items():
        sizes = {b.batch: b.size for b in batches}
        visible = anonymity.figure_visible(list(sizes.values()), thresholds)
        counting = anonymity.counted_batches(sizes, thresholds) if visible else set()
        scores[(team, theme_key)] = (
            _kept_theme_score(theme_key, [b for b in batches if b.batch in counting]) if visible else None
        )
    return scores


# Pooled figures: a round's kept batches added up per theme, for the heatmap (ADR 0026, "Pooled per round")


@dataclass(frozen=True)
class PooledFigures:
    """Some sealed batches of one size, added up for one theme or sub-theme: `batches` batches of `batch_size`
    responses (every one that asked the theme); `answering` and `total` add up only the batches in which every response
    answered one of its items (a batch where someone skipped leaves the figure whole, as in
    `results.answering_batches`).

    Exact because whether a batch counts depends only on its size (`anonymity.batch_counts`) and a round seals every
    batch at the round's batch size: a round's batches all count or all do not, whatever the threshold is later."""

    batch_size: int
    batches: int
    answering: int
    total: float


def pooled_round(batches: Sequence[BatchFigures], *, batch_size: int) -> dict[str, PooledFigures]:
    """One round's kept batches pooled per theme and sub-theme. ValueError if a batch is not of the round's size:
    pooling would then merge batches the threshold must be able to hide one by one."""
    pooled: dict[str, list] = {}
    for figures in batches:
        if figures.size != batch_size:
            raise ValueError(f"Batch {figures.batch} holds {figures.size} responses, not the round's {batch_size}")
        for key, (answering, total) in figures.themes.items():
            sums = pooled.setdefault(key, [0, 0, []])
            sums[0] += 1
            if answering == figures.size:
                sums[1] += answering
                sums[2].append(total)
    return {
        key: PooledFigures(batch_size=batch_size, batches=n, answering=answering, total=math.fsum(totals))
        for key, (n, answering, totals) in pooled.items()
    }


def quarter_of(day) -> str:
    """The quarter a day falls in, as the heatmap names it ("2026 Q4")."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


ALL_ROUNDS = ""  # the period of a team's figures over all its rounds


def pooled_team(kept: Iterable[tuple]) -> dict[tuple[str, str, int], PooledFigures]:
    """One team's kept batches pooled for the heatmap: (period, theme key, batch size) → `PooledFigures`, where the
    period is ALL_ROUNDS or the quarter a round opened in. `kept` holds (round id, the day it opened, its batch size,
    batch number, batch size, theme sums) per kept batch. ValueError if a batch is not of its round's size."""
    rounds: dict[Hashable, tuple] = {}
    for round_id, opens_on, round_size, batch, size, themes in kept:
        found = rounds.setdefault(round_id, (opens_on, round_size, []))
        found[2].append(BatchFigures(batch=(round_id, batch), size=size, themes=themes, items={}))
    sums: dict[tuple[str, str, int], list] = {}
    for opens_on, round_size, batches in rounds.values():
        for key, figures in pooled_round(batches, batch_size=round_size).items():
            for period in (ALL_ROUNDS, quarter_of(opens_on)):
                found = sums.setdefault((period, key, round_size), [0, 0, []])
                found[0] += figures.batches
                found[1] += figures.answering
                found[2].append(figures.total)
    return {
        cell: PooledFigures(batch_size=cell[2], batches=n, answering=answering, total=math.fsum(totals))
        for cell, (n, answering, totals) in sums.items()
    }


def pooled_heatmap[K: Hashable](
    cells: Mapping[tuple[K, str], Sequence[PooledFigures]], *, thresholds: Thresholds
) -> dict[tuple[K, str], float | None]:
    """`kept_heatmap` over pooled figures: each cell suppressed on its own by the batch rule
    (`anonymity.figure_visible_pooled`), scored over its counted batches only. The same scores as `kept_heatmap` over
    the same batches."""
    scores: dict[tuple[K, str], float | None] = {}
    for cell, pooled in cells.items():
        counted = [p for p in pooled if anonymity.batch_counts(p.batch_size, thresholds)]
        visible = anonymity.figure_visible_pooled(((p.batch_size, p.batches) for p in pooled), thresholds)
        answering = sum(p.answering for p in counted)
        scores[cell] = math.fsum(p.total for p in counted) / answering if visible and answering else None
    return scores


# Exact sums, for adding up a tree's pooled figures bottom up. Every finite float is a whole multiple of 2**-1074, so
# a total scaled by 2**1074 is a whole number, and whole numbers add exactly, in any order and grouping. Dividing back
# (Python's int / int) rounds correctly once, as `math.fsum` does: the same float as `math.fsum` over the same totals.
_EXACT_SCALE = 1074


def exact(value: float) -> int:
    """`value` × 2**1074, a whole number: sums of these are exact (`exact_float` turns one back)."""
    numerator, denominator = value.as_integer_ratio()
    return numerator << (_EXACT_SCALE + 1 - denominator.bit_length())


def exact_float(total: int) -> float:
    """The float nearest a sum of `exact` values: `math.fsum` of the floats they were."""
    return total / (1 << _EXACT_SCALE)


def add_up_subtrees(sums: Iterable[tuple[list, list, list]], parents: Sequence[int | None], needed: Sequence[bool]):
    """Each team's (batches, respondents, `exact` total) added into its parent's, in place, so that every position
    then holds its whole subtree's: the teams are positions 0..n-1 with every parent before its sub-teams
    (`parents[i]`, None for a top-level team), and only the positions `needed` marks (each with its parent) are
    handed up. Sums of whole numbers, so the grouping changes nothing (`exact`)."""
    # The tree in reverse: every sub-team before its parent, so a team's sums are whole when handed up.
    handed_up = [
        (i, parent) for i, parent in reversed(list(enumerate(parents))) if parent is not None and needed[parent]
    ]
    for batches, respondents, totals in sums:
        for i, parent in handed_up:
            batches[parent] += batches[i]
            respondents[parent] += respondents[i]
            totals[parent] += totals[i]


def pooled_scores(sizes: Sequence[tuple], positions: Iterable[int], *, thresholds: Thresholds) -> list[float | None]:
    """One theme's heatmap cells, for the teams at `positions`, from figures pooled by batch size: `sizes` holds, per
    batch size, (size, batches, respondents, the sum of their scores as `exact`), each of the last three a sequence
    by position. `pooled_heatmap`'s rule and float: a cell shows only when `anonymity.figure_visible_pooled`
    (`figures_visible_pooled`: the same rule for a whole column), and is scored over the batches of the sizes that
    count (`anonymity.batch_counts`) only."""
    positions = list(positions)
    visible = anonymity.figures_visible_pooled(
        [(size, batches) for size, batches, _, _ in sizes], positions, thresholds
    )
    counting = [
        (respondents, totals) for size, _, respondents, totals in sizes if anonymity.batch_counts(size, thresholds)
    ]
    scores: list[float | None] = []
    for i, shows in zip(positions, visible, strict=True):
        if not shows:
            scores.append(None)
            continue
        answering = total = 0
        for respondents, totals in counting:
            answering += respondents[i]
            total += totals[i]
        scores.append(exact_float(total) / answering if answering else None)
    return scores
