"""What a group's answers add up to, with every figure the anonymity rules hide already None. Pure, no database.

The app passes plain data: each response as `ResponseData` (its sealed batch id, or None while pending; its
answers; its optional comment), the items the population was asked, and the organisation's `Thresholds`.
A *population* is any set of responses a page shows figures for: one round, a team's rounds in a quarter, a team with
its sub-teams, the organisation, any subset of teams. Select populations by whole rounds (never by answer date), so a
population is always a union of whole batches; pass `batch_sizes` to have that checked.

Every figure is computed over the counted batches only (`anonymity.counted_batches`); a suppressed figure is None,
never 0, so a template shows `anonymity.NOT_ENOUGH_ANSWERS`. The same figures read from what each sealed batch kept
are `kept_figures`; how a figure reads, on a page or in a CSV, is `figures_text`.
"""

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from attend.listen import anonymity, question_bank, scoring
from attend.listen.anonymity import Thresholds
from attend.listen.question_bank import Item, Theme

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
