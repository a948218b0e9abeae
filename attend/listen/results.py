"""What a group's answers add up to, with every figure the anonymity rules hide already None. Pure, no database.

The app passes plain data: each response as `ResponseData` (its sealed batch id, or None while pending; its
answers; its optional comment), the items the population was asked, and the organisation's `Thresholds`.
A *population* is any set of responses a page shows figures for: one round, a team's rounds in a quarter, a team with
its sub-teams, the organisation, any subset of teams. Select populations by whole rounds (never by answer date), so a
population is always a union of whole batches; pass `batch_sizes` to have that checked.

Every figure is computed over the counted batches only (`anonymity.counted_batches`); a suppressed figure is None,
never 0, so a template shows `anonymity.NOT_ENOUGH_ANSWERS`.
"""

import math
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from attend.listen import anonymity, question_bank, scoring
from attend.listen.anonymity import Thresholds
from attend.listen.question_bank import AGREE_SCALE, Item, Theme

# Why a population's figures are withheld however many answered (ADR 0018): its answers may come from people the
# leader can speak for, so no count of them is a count of people the leader cannot.
WITHHELD_TEAM_LINK = "team_link"  # one shared link: anyone holding it, the leader too, can answer many times
WITHHELD_OVER_ROSTER = "over_roster"  # more answers than the team has people


@dataclass(frozen=True)
class ResponseData:
    """One anonymous response: `batch` is its sealed batch's id (None while pending), answers item key → 1..5.

    Batch ids must be unique across the whole population: when a population spans several rounds and batches are
    numbered within a round, pass `(round_id, batch_number)` (or None while pending), never the bare number, or two
    rounds' batches would be counted as one.
    """

    batch: Hashable | None
    answers: Mapping[str, int]
    comment: str | None = None


@dataclass(frozen=True)
class ScoreResult:
    """A theme's or sub-theme's 0–10 score over the items asked (None when suppressed or nothing was asked)."""

    theme: Theme
    item_keys: tuple[str, ...]
    score: float | None


@dataclass(frozen=True)
class ItemResult:
    """An item's answers, 1..5 → how many, and its 0–10 score; both None when suppressed."""

    item: Item
    distribution: dict[int, int] | None
    score: float | None


@dataclass(frozen=True)
class RoundResults:
    """Everything a results page shows for one population."""

    thresholds: Thresholds
    responses: int  # every response received, pending included: the response rate counts them all
    invited: int | None
    response_rate: float | None  # 0 to 1; None without an invited count (a team link)
    counted: int  # responses in counted batches: every figure rests on exactly these
    pending: int  # not yet sealed into a batch: in no figure (and never, if the round closes first)
    hidden_by_threshold: int  # sealed in batches smaller than the organisation's current threshold
    counted_batches: frozenset = field(default_factory=frozenset)
    visible: bool = False  # whether any figure shows
    themes: tuple[ScoreResult, ...] = ()
    sub_themes: tuple[ScoreResult, ...] = ()
    items: tuple[ItemResult, ...] = ()
    comments: tuple[str, ...] | None = None  # in shown order; None when under the comment threshold
    comments_visible: bool = False
    withheld: str | None = None  # why no figure shows whatever the count (WITHHELD_*), or None

    @property
    def comments_appear_at(self) -> int:
        return anonymity.comments_appear_at(self.thresholds)

    def theme(self, key: str) -> ScoreResult:
        """The theme or sub-theme result with this key; KeyError when it was not asked."""
        for result in (*self.themes, *self.sub_themes):
            if result.theme.key == key:
                return result
        raise KeyError(f"No results for the theme “{key}”")

    def score(self, key: str) -> float | None:
        """A theme's or sub-theme's score, None when suppressed or not asked."""
        try:
            return self.theme(key).score
        except KeyError:
            return None

    def item(self, key: str) -> ItemResult:
        for result in self.items:
            if result.item.key == key:
                return result
        raise KeyError(f"No results for the question “{key}”")


@dataclass(frozen=True)
class BehaviourGap:
    """Per behaviour: the leader's self-view, the team's view, and the gap (self minus team), 0–10 points."""

    behaviour: Theme
    self_score: float | None
    team_score: float | None
    gap: float | None


@dataclass(frozen=True)
class ThemeTrend:
    theme: Theme
    points: tuple[tuple, ...]  # (label, score or None), in the order the rounds were given


# One population


def counted_part(
    responses: Iterable[ResponseData], thresholds: Thresholds, batch_sizes: Mapping[Hashable, int] | None = None
) -> list[ResponseData]:
    """The responses every figure may rest on: those in sealed batches that count under the current thresholds.

    With `batch_sizes` (batch id → how many it sealed), raises ValueError if the population holds part of a batch.
    """
    sealed = [r for r in responses if r.batch is not None]
    sizes = Counter(r.batch for r in sealed)
    if batch_sizes is not None:
        for batch, size in sizes.items():
            if batch_sizes.get(batch) != size:
                raise ValueError(f"The population holds {size} of batch {batch}'s responses, not all of them")
    counting = anonymity.counted_batches(sizes, thresholds)
    return [r for r in sealed if r.batch in counting]


def round_results(
    responses: Sequence[ResponseData],
    *,
    items: Sequence[Item],
    thresholds: Thresholds,
    invited: int | None = None,
    comment_seed: str = "",
    batch_sizes: Mapping[Hashable, int] | None = None,
    withheld: str | None = None,
) -> RoundResults:
    """A population's results: counts, response rate, theme/sub-theme/item figures and comments, each suppressed.

    `items` are the items asked (the template's, plus any organisation items), in page order. `comment_seed` names
    the population (e.g. the round id) so its comments keep one shuffled order. Works for any population, not only
    a round (see `population_results`). `withheld` (a WITHHELD_* reason) hides every figure and comment whatever
    the count: the answers may not come from people the leader cannot speak for.
    """
    sizes = Counter(r.batch for r in responses if r.batch is not None)
    counted = counted_part(responses, thresholds, batch_sizes)
    visible = withheld is None and anonymity.figure_visible(list(sizes.values()), thresholds)
    show_comments = visible and anonymity.comments_visible(len(counted), thresholds)
    shown = counted if visible else []
    return RoundResults(
        thresholds=thresholds,
        responses=len(responses),
        invited=invited,
        response_rate=len(responses) / invited if invited else None,
        counted=len(counted),
        pending=sum(1 for r in responses if r.batch is None),
        hidden_by_threshold=anonymity.hidden_by_threshold(sizes.values(), thresholds),
        counted_batches=frozenset(r.batch for r in counted),
        visible=visible,
        themes=tuple(_score(t, items, "theme", shown) for t in question_bank.themes_for(items)),
        sub_themes=tuple(_score(t, items, "sub_theme", shown) for t in question_bank.sub_themes_for(items)),
        items=tuple(_item_result(i, shown) for i in items),
        comments=_comments(counted, comment_seed) if show_comments else None,
        comments_visible=show_comments,
        withheld=withheld,
    )


population_results = round_results


def answering_batches(counted: Sequence[ResponseData], item_keys: Collection[str]) -> list[Mapping[str, int]]:
    """The answers of the counted batches in which every response answered at least one of these items.

    Items are required, so this is normally every counted batch that was asked them. Should a response ever skip,
    its whole batch leaves that figure rather than letting a figure rest on part of a batch.
    """
    complete: dict[Hashable, bool] = {}
    for response in counted:
        answered = any(key in response.answers for key in item_keys)
        complete[response.batch] = complete.get(response.batch, True) and answered
    return [r.answers for r in counted if complete[r.batch]]


def _score(theme: Theme, items: Sequence[Item], level: str, counted: Sequence[ResponseData]) -> ScoreResult:
    keys = tuple(i.key for i in items if getattr(i, level) == theme.key)
    return ScoreResult(theme=theme, item_keys=keys, score=scoring.theme_score(answering_batches(counted, keys), keys))


def _item_result(item: Item, counted: Sequence[ResponseData]) -> ItemResult:
    chosen = [a[item.key] for a in answering_batches(counted, [item.key])]
    if not chosen:
        return ItemResult(item=item, distribution=None, score=None)
    return ItemResult(item=item, distribution=scoring.distribution(chosen), score=scoring.item_score(chosen))


def _comments(counted: list[ResponseData], seed: str) -> tuple[str, ...]:
    written = [r.comment.strip() for r in counted if r.comment and r.comment.strip()]
    return tuple(anonymity.comments_in_shown_order(written, seed=seed))


# Across rounds and teams


def trend[L](rounds: Sequence[tuple[L, RoundResults]], *, sub_themes: bool = False) -> tuple[ThemeTrend, ...]:
    """Each theme's (or sub-theme's) score round by round: (label, score or None) in the order given.

    A theme a round did not ask, or whose figures were suppressed, has None for that round.
    """
    asked: dict[str, Theme] = {}
    for _, results in rounds:
        for result in results.sub_themes if sub_themes else results.themes:
            asked.setdefault(result.theme.key, result.theme)
    order = [t.key for t in (question_bank.sub_themes() if sub_themes else question_bank.themes())]
    keys = sorted(asked, key=lambda k: order.index(k) if k in order else len(order))
    return tuple(
        ThemeTrend(theme=asked[key], points=tuple((label, results.score(key)) for label, results in rounds))
        for key in keys
    )


def self_view_gaps(self_answers: Mapping[str, int], results: RoundResults) -> tuple[BehaviourGap, ...]:
    """Per behaviour asked in the round, the leader's self-view against the team's view (team None if suppressed).

    `self_answers` are the leader's own answers (item key → 1..5) to the round's behaviour items.
    """
    gaps = []
    for result in results.sub_themes:
        if result.theme.parent != question_bank.COMPASSIONATE_LEADERSHIP:
            continue
        own = [self_answers[key] for key in result.item_keys if key in self_answers]
        self_score = scoring.item_score(own)
        team = result.score
        gap = scoring.self_gap(own, team) if self_score is not None and team is not None else None
        gaps.append(BehaviourGap(behaviour=result.theme, self_score=self_score, team_score=team, gap=gap))
    return tuple(gaps)


def heatmap[K: Hashable](
    cells: Mapping[tuple[K, str], Sequence[ResponseData]],
    *,
    thresholds: Thresholds,
    items: Sequence[Item] | None = None,
) -> dict[tuple[K, str], float | None]:
    """Scores for (team key, theme or sub-theme key) cells; each cell suppressed on its own by the batch rule.

    A cell's responses are the team's (or the team and its sub-teams') responses from the rounds that asked that
    theme; each cell is a union of whole batches. `items` are all items that may appear (default: the bank's; add the
    organisation's items to score their theme).
    """
    known = tuple(items) if items is not None else question_bank.items()
    scores: dict[tuple[K, str], float | None] = {}
    for (team, theme_key), responses in cells.items():
        keys = [i.key for i in known if theme_key in (i.theme, i.sub_theme)]
        counted = counted_part(responses, thresholds)
        visible = anonymity.figure_visible(
            list(Counter(r.batch for r in responses if r.batch is not None).values()), thresholds
        )
        score = scoring.theme_score(answering_batches(counted, keys), keys) if visible else None
        scores[(team, theme_key)] = score
    return scores


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
    # A batch in which someone answered none of the theme's items leaves the figure whole (`answering_batches`).
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
    """`round_results` for a population read from its kept batches: the same figures, hidden by the same rules.

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
    """`heatmap` over kept batches: each cell (the kept batches of the rounds that asked the theme) suppressed on its
    own by the batch rule, scored over its counted whole batches."""
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
    answered one of its items (a batch where someone skipped leaves the figure whole, as in `answering_batches`).

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


# CSV: only what the pages show


CSV_HEADER = ["Theme or question", "Kind", "Score (0 to 10)", *AGREE_SCALE.values()]


# Rounding: one rule for every figure Listen shows, on a page or in a CSV. Scores are means of multiples of 2.5, so
# a float can land a hair under a true half (21 / 4 is exact, but a mean of many answers may come out as
# 5.249999999999999): the value is first settled to nine places, then rounded half up to one decimal.
_SETTLE = Decimal("1e-9")
_ONE_DECIMAL = Decimal("0.1")


def one_decimal(value: float) -> Decimal:
    """A figure to one decimal place, halves rounded up (away from zero): 5.25 → 5.3, -0.25 → -0.3."""
    return Decimal(repr(value)).quantize(_SETTLE).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def figure_text(value: float | None) -> str:
    """A 0–10 score as every page and CSV shows it ("5.3"), or "Not enough answers yet" for None."""
    if value is None:
        return anonymity.NOT_ENOUGH_ANSWERS
    if value >= 0:
        # Away from a half, the float rounds as `one_decimal` does (settling moves a figure by under 1e-8 tenths), at a
        # fifth of the cost: a heatmap's CSV has thousands of figures. Near a half, `one_decimal` decides.
        tenths = value * 10 + 0.5
        whole = math.floor(tenths)
        if 1e-6 < tenths - whole < 1 - 1e-6:
            return f"{whole // 10}.{whole % 10}"
    return str(one_decimal(value))


def signed_text(value: float | None) -> str:
    """A difference with its sign ("+0.3", "-1.0"), "0.0" when it rounds to nothing."""
    if value is None:
        return anonymity.NOT_ENOUGH_ANSWERS
    rounded = one_decimal(value)
    return f"{rounded:+}" if rounded else "0.0"


def percent_text(share: float) -> str:
    """A share (0 to 1) as a whole percentage, halves rounded up like every other figure."""
    return str(Decimal(repr(share * 100)).quantize(_SETTLE).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


score_text = figure_text
_figure = figure_text


def csv_rows(results: RoundResults) -> list[list[str]]:
    """Rows for a CSV of one population's figures, suppressed exactly as on the page (no comments, ever)."""
    rows = [CSV_HEADER]
    rows.append(["Responses", "count", str(results.responses), *[""] * len(AGREE_SCALE)])
    rows.append(["Responses in these results", "count", str(results.counted), *[""] * len(AGREE_SCALE)])
    if results.response_rate is not None:
        rows.append(["Response rate", "percent", percent_text(results.response_rate), *[""] * len(AGREE_SCALE)])
    for result in results.themes:
        rows.append([result.theme.title, "theme", _figure(result.score), *[""] * len(AGREE_SCALE)])
    for result in results.sub_themes:
        rows.append([result.theme.title, "sub-theme", _figure(result.score), *[""] * len(AGREE_SCALE)])
    for result in results.items:
        counts = (
            [str(result.distribution[v]) for v in AGREE_SCALE]
            if result.distribution is not None
            else [anonymity.NOT_ENOUGH_ANSWERS] * len(AGREE_SCALE)
        )
        rows.append([result.item.text, "question", _figure(result.score), *counts])
    return rows


def heatmap_csv_rows(rows: Iterable[tuple[str, Sequence[float | None]]], *, theme_keys: Sequence[str]) -> list[list]:
    """Rows for a CSV of the heatmap: one row per team (its title, then its score for each theme in order)."""
    header = ["Team", *[question_bank.theme(key).title for key in theme_keys]]
    return [header, *([title, *map(_figure, scores)] for title, scores in rows)]
