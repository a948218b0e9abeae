"""The heatmap adds up each team's pooled figures with its sub-teams' bottom up, in one pass over the tree, with exact
sums (issue 21): every cell must be the very float, hidden by the very rule, that `kept_figures.pooled_heatmap` gives
over the list of every pooled figure of the team and the teams below it (as the heatmap read before). Pure, no
database."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from attend.listen import kept_figures
from attend.listen.anonymity import Thresholds

totals = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(totals, max_size=40), st.randoms(use_true_random=False))
def test_exact_sums_in_any_grouping_are_fsum_of_the_totals(values, random):
    """`math.fsum` is correctly rounded, and so is the division back from an exact whole number: grouping the totals
    by subtree (any order, any split) gives the same float as one `fsum` over all of them."""
    shuffled = list(values)
    random.shuffle(shuffled)
    cut = random.randint(0, len(shuffled))
    grouped = sum(kept_figures.exact(v) for v in shuffled[:cut]) + sum(kept_figures.exact(v) for v in shuffled[cut:])
    assert kept_figures.exact_float(grouped) == math.fsum(values)


@st.composite
def trees(draw):
    """Teams 0..n-1, each parent before its sub-teams; per team, theme and batch size maybe a pooled figure; the
    positions a reader may read (None for an admin); the thresholds."""
    n = draw(st.integers(1, 12))
    parents = [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, n)]
    figures = {}
    for team in range(n):
        for theme in ("a", "b"):
            for size in draw(st.lists(st.integers(3, 7), max_size=2, unique=True)):
                batches = draw(st.integers(0, 4))
                answering = draw(st.integers(0, batches * size))
                total = draw(st.floats(0, 10)) * answering
                figures[(team, theme, size)] = kept_figures.PooledFigures(size, batches, answering, total)
    readable = draw(st.one_of(st.none(), st.sets(st.integers(0, n - 1))))
    thresholds = draw(st.sampled_from([Thresholds(), Thresholds(figures=3, comments=3), Thresholds(figures=6)]))
    return parents, figures, readable, thresholds


def below(team, parents) -> list:
    """The team and every team under it, found by walking up from each."""

    def under(t) -> bool:
        while t is not None:
            if t == team:
                return True
            t = parents[t]
        return False

    return [t for t in range(len(parents)) if under(t)]


@settings(max_examples=300, deadline=None)
@given(trees())
def test_subtrees_added_up_bottom_up_score_as_every_figure_below_pooled_at_once(tree):
    parents, figures, readable, thresholds = tree
    n = len(parents)
    readable_teams = set(range(n)) if readable is None else readable
    sums = {}
    for (team, theme, size), f in figures.items():
        if team in readable_teams:  # as the heatmap reads only the rows of teams the reader may read
            lists = sums.setdefault((theme, size), ([0] * n, [0] * n, [0] * n))
            lists[0][team], lists[1][team], lists[2][team] = f.batches, f.answering, kept_figures.exact(f.total)
    kept_figures.add_up_subtrees(sums.values(), parents, [True] * n)

    for theme in ("a", "b"):
        sizes = [(size, *lists) for (key, size), lists in sums.items() if key == theme]
        scores = kept_figures.pooled_scores(sizes, range(n), thresholds=thresholds)
        cells = {
            (team, theme): [
                f
                for (owner, key, _), f in figures.items()
                if key == theme and owner in readable_teams and owner in below(team, parents)
            ]
            for team in range(n)
        }
        expected = kept_figures.pooled_heatmap(cells, thresholds=thresholds)
        for team in range(n):
            assert scores[team] == expected[(team, theme)], (team, theme)


def test_only_the_teams_needed_are_added_up():
    """A team outside every row asked for is never handed up into: its parent's sums stay its own."""
    parents = [None, 0, 1]
    sums = ([1, 2, 3], [5, 10, 15], [kept_figures.exact(1.0), kept_figures.exact(2.0), kept_figures.exact(3.0)])
    kept_figures.add_up_subtrees([sums], parents, [False, True, True])
    assert sums[0] == [1, 5, 3]
    assert kept_figures.exact_float(sums[2][1]) == 5.0
