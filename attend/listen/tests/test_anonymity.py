"""Every anonymity rule, one by one, and then as an attacker would test them all together (ADR 0012).

The attacker test builds nested teams, rounds whose responses arrive over time (sealed in batches exactly as the app
seals them), thresholds that an organisation changes between rounds, and every filter the pages offer. At every
moment it takes every figure Listen would show, and checks from its own bookkeeping (not from what `results` claims)
that each figure rests on whole counted batches only. Then it combines everything ever shown: the finest partition
of responses that all visible populations generate must have no part smaller than the threshold.
"""

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as label_example
from hypothesis import strategies as st

from attend.listen import question_bank, results
from attend.listen.anonymity import (
    DEFAULT_COMMENT_THRESHOLD,
    DEFAULT_FIGURE_THRESHOLD,
    MINIMUM_THRESHOLD,
    NOT_ENOUGH_ANSWERS,
    Thresholds,
    answered_on,
    batch_to_seal,
    comments_appear_at,
    comments_in_shown_order,
    comments_visible,
    counted_batches,
    counted_responses,
    figure_visible,
    hidden_by_threshold,
    new_response_id,
    sealing_order,
    suppressed,
)
from attend.listen.results import ResponseData

# Thresholds


def test_the_defaults_are_five_answers_for_figures_and_ten_for_comments():
    assert Thresholds() == Thresholds(figures=5, comments=10)
    assert (DEFAULT_FIGURE_THRESHOLD, DEFAULT_COMMENT_THRESHOLD, MINIMUM_THRESHOLD) == (5, 10, 3)
    assert Thresholds().batch_size == 5


def test_an_organisation_may_raise_the_thresholds_or_lower_them_to_three():
    assert Thresholds(figures=3, comments=3).figures == 3
    assert Thresholds(figures=8, comments=20).batch_size == 8


@pytest.mark.parametrize(
    ("figures", "comments", "message"),
    [
        (2, 10, "at least 3 answers"),
        (0, 10, "at least 3 answers"),
        (5, 4, r"comments \(4\) must be at least the threshold for figures \(5\)"),
        (5.5, 10, "whole number"),
        (True, 10, "whole number"),
        (5, "10", "whole number"),
    ],
)
def test_thresholds_that_break_the_rules_are_refused_saying_why(figures, comments, message):
    with pytest.raises(ValueError, match=message):
        Thresholds(figures=figures, comments=comments)


# Sealing


def test_a_batch_seals_when_pending_responses_reach_the_batch_size():
    assert [batch_to_seal(pending, 5) for pending in range(7)] == [False] * 5 + [True, True]
    assert batch_to_seal(3, 3)


@pytest.mark.parametrize(("pending", "batch_size"), [(5, 2), (-1, 5)])
def test_sealing_refuses_impossible_numbers(pending, batch_size):
    with pytest.raises(ValueError):
        batch_to_seal(pending, batch_size)


def test_sealing_order_is_a_fresh_shuffle_of_the_same_rows():
    rows = list(range(12))
    orders = [sealing_order(rows) for _ in range(5)]
    assert all(sorted(order) == rows for order in orders)
    assert any(order != rows for order in orders)  # 5 identity shuffles of 12 rows: about 1 in 10^43
    assert rows == list(range(12))  # the caller's list is left alone


def test_a_response_keeps_only_the_day_and_a_random_id():
    assert answered_on(datetime(2026, 3, 18, 14, 37, 12, tzinfo=UTC)) == date(2026, 3, 18)
    assert answered_on(date(2026, 3, 18)) == date(2026, 3, 18)
    ids = [new_response_id() for _ in range(50)]
    assert all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)
    assert len(set(ids)) == 50


# Which batches count


def test_only_batches_at_least_the_current_threshold_count():
    sizes = {"a": 5, "b": 5, "c": 3}
    assert counted_batches(sizes, Thresholds()) == {"a", "b"}
    assert counted_batches(sizes, Thresholds(figures=3, comments=10)) == {"a", "b", "c"}
    # The organisation raised its threshold to 6: batches sealed at 5 no longer count anywhere.
    assert counted_batches(sizes, Thresholds(figures=6, comments=10)) == set()
    assert counted_responses(sizes.values(), Thresholds()) == 10
    assert hidden_by_threshold(sizes.values(), Thresholds()) == 3


def test_a_figure_shows_only_over_a_counted_batch():
    assert not figure_visible([], Thresholds())
    assert figure_visible([5], Thresholds())
    assert not figure_visible([4], Thresholds())
    # Two small batches sealed under a lower threshold do not add up to a figure.
    assert not figure_visible([4, 4], Thresholds())
    assert figure_visible([4, 5], Thresholds())


def test_comments_need_their_own_higher_threshold():
    assert not comments_visible(9, Thresholds())
    assert comments_visible(10, Thresholds())
    assert comments_visible(6, Thresholds(figures=3, comments=6))


def test_a_suppressed_value_is_none_never_zero():
    assert suppressed(0.0, True) == 0.0
    assert suppressed(7.5, False) is None
    assert NOT_ENOUGH_ANSWERS == "Not enough answers yet"


# Comments' order

COMMENTS = [f"Comment number {n}" for n in range(20)]


@pytest.mark.parametrize(
    ("figures", "comments", "appear_at"), [(5, 10, 10), (6, 10, 12), (5, 5, 5), (3, 10, 12), (7, 7, 7), (4, 9, 12)]
)
def test_comments_appear_at_the_first_whole_batch_that_reaches_their_threshold(figures, comments, appear_at):
    thresholds = Thresholds(figures=figures, comments=comments)

    shown_at = comments_appear_at(thresholds)

    assert shown_at == appear_at
    # The same as sealing batch after batch until comments_visible says yes
    sealed = next(n for n in range(figures, 100, figures) if comments_visible(n, thresholds))
    assert shown_at == sealed


def test_comments_are_shown_in_a_shuffled_order_not_the_order_they_arrived():
    shown = comments_in_shown_order(COMMENTS, seed="round-1")
    assert sorted(shown) == sorted(COMMENTS)
    assert shown != COMMENTS


def test_the_order_is_stable_for_a_population_whatever_order_the_database_returns():
    shown = comments_in_shown_order(COMMENTS, seed="round-1")
    assert comments_in_shown_order(list(reversed(COMMENTS)), seed="round-1") == shown
    assert comments_in_shown_order(sealing_order(COMMENTS), seed="round-1") == shown
    assert comments_in_shown_order(COMMENTS, seed="round-2") != shown


def test_repeated_comments_are_all_kept():
    assert sorted(comments_in_shown_order(["Thanks", "Thanks", "More staff"], seed="x")) == [
        "More staff",
        "Thanks",
        "Thanks",
    ]


# The attacker


@dataclass
class World:
    """Teams, rounds and responses as the app would hold them, and what the test knows about every batch."""

    parents: list[int | None]
    thresholds: Thresholds
    rounds: list[dict] = field(default_factory=list)  # team, quarter, items, batch_size, pending, sealed batches
    responses: dict[int, dict] = field(default_factory=dict)  # response id → round, batch, answers, comment
    batch_sizes: dict[tuple, int] = field(default_factory=dict)

    def descendants(self, team: int) -> set[int]:
        found = {team}
        for child, parent in enumerate(self.parents):
            if parent is not None and parent in found and child not in found:
                found |= self.descendants(child)
        return found

    def open_round(self, team: int, quarter: int, items: tuple) -> None:
        # A round's batch size is the organisation's figure threshold when it opens.
        self.rounds.append({"team": team, "quarter": quarter, "items": items, "batch_size": self.thresholds.batch_size})

    def answer(self, round_index: int, answers: dict, comment: str | None) -> None:
        response_id = len(self.responses)
        self.responses[response_id] = {"round": round_index, "batch": None, "answers": answers, "comment": comment}
        pending = [r for r, data in self.responses.items() if data["round"] == round_index and data["batch"] is None]
        batch_size = self.rounds[round_index]["batch_size"]
        while batch_to_seal(len(pending), batch_size):
            batch = (round_index, sum(1 for b in self.batch_sizes if b[0] == round_index))
            for sealed in sealing_order(pending[:batch_size]):
                self.responses[sealed]["batch"] = batch
            self.batch_sizes[batch] = batch_size
            pending = pending[batch_size:]

    def population(self, round_indexes: set[int]) -> tuple[list[int], list[ResponseData]]:
        ids = [r for r, data in self.responses.items() if data["round"] in round_indexes]
        return ids, [self.response_data(r) for r in ids]

    def response_data(self, response_id: int, flipped: bool = False) -> ResponseData:
        data = self.responses[response_id]
        answers = {k: 6 - v for k, v in data["answers"].items()} if flipped else data["answers"]
        comment = f"changed {response_id}" if flipped else data["comment"]
        return ResponseData(batch=data["batch"], answers=answers, comment=comment)

    def really_counted(self, ids: list[int]) -> set[int]:
        """From the test's own bookkeeping: responses in sealed batches at least the current threshold."""
        return {
            r
            for r in ids
            if self.responses[r]["batch"] is not None
            and self.batch_sizes[self.responses[r]["batch"]] >= self.thresholds.figures
        }


ITEMS = question_bank.items_for(["attending-1", "attending-2", "wellbeing-1"])
LEADERSHIP_ONLY = ITEMS[:2]


@st.composite
def worlds(draw):
    teams = draw(st.integers(2, 6))
    parents = [None] + [draw(st.integers(0, team - 1)) for team in range(1, teams)]
    figures = draw(st.integers(3, 6))
    world = World(parents=parents, thresholds=Thresholds(figures, draw(st.integers(figures, 12))))
    for _ in range(draw(st.integers(1, 4))):
        world.open_round(
            draw(st.integers(0, teams - 1)), draw(st.integers(0, 3)), draw(st.sampled_from([ITEMS, LEADERSHIP_ONLY]))
        )
    answers = st.lists(st.integers(1, 5), min_size=3, max_size=3)
    # Answers arrive in bursts (a few people answering the same round on the same day), so batches seal often.
    burst = st.tuples(
        st.just("answer"), st.integers(0, 99), st.lists(st.tuples(answers, st.booleans()), min_size=1, max_size=8)
    )
    opening = st.tuples(st.just("open"), st.integers(0, teams - 1), st.integers(0, 3), st.booleans())
    change = st.tuples(st.just("thresholds"), st.integers(3, 8), st.integers(0, 6))
    events = draw(st.lists(st.one_of(burst, burst, burst, burst, opening, change), min_size=2, max_size=25))
    team_subsets = draw(st.lists(st.sets(st.integers(0, teams - 1), min_size=1), max_size=3))
    return world, events, team_subsets


def filters(world: World, team_subsets: list[set[int]]) -> dict[str, set[int]]:
    """Every population a page offers, as the set of rounds it covers: rounds are chosen whole, never by day."""
    teams = range(len(world.parents))
    selections = {f"team {t}": {t} for t in teams}
    selections |= {f"team {t} with sub-teams": world.descendants(t) for t in teams}
    selections |= {f"teams {sorted(s)}": s for s in team_subsets}
    selections["organisation"] = set(teams)
    populations = {}
    for name, chosen in selections.items():
        populations[name] = {i for i, r in enumerate(world.rounds) if r["team"] in chosen}
        for quarter in range(4):
            populations[f"{name}, quarter {quarter}"] = {
                i for i, r in enumerate(world.rounds) if r["team"] in chosen and r["quarter"] == quarter
            }
    populations |= {f"round {i}": {i} for i in range(len(world.rounds))}
    return populations


def visible_figures(world: World, team_subsets: list[set[int]]) -> list[set[int]]:
    """Every figure shown at this moment, checked; returns the responses each visible figure rests on."""
    shown = []
    for name, rounds in filters(world, team_subsets).items():
        for theme_items in (ITEMS, LEADERSHIP_ONLY):
            # A theme's figures cover only the rounds that asked its items.
            asking = {i for i in rounds if set(theme_items) <= set(world.rounds[i]["items"])}
            ids, population = world.population(asking)
            figure = results.population_results(population, items=theme_items, thresholds=world.thresholds)
            counted = world.really_counted(ids)
            check_figure(world, name, ids, figure, counted, theme_items)
            if figure.visible:
                shown.append(counted)
    shown += heatmap_figures(world)
    return shown


def check_figure(world, name, ids, figure, counted, theme_items):
    thresholds = world.thresholds
    assert figure.counted == len(counted), name
    assert figure.visible == (len(counted) >= thresholds.figures), name
    if not figure.visible:
        assert all(t.score is None for t in (*figure.themes, *figure.sub_themes)), name
        assert all(i.distribution is None and i.score is None for i in figure.items), name
        assert figure.comments is None, name
        return
    assert len(counted) >= thresholds.figures, name
    assert all(world.batch_sizes[world.responses[r]["batch"]] >= thresholds.figures for r in counted), name
    # The figures derive from the counted responses only: change every other answer and comment, nothing moves.
    perturbed = [world.response_data(r, flipped=r not in counted) for r in ids]
    again = results.population_results(perturbed, items=theme_items, thresholds=thresholds)
    assert (again.themes, again.sub_themes, again.items, again.comments) == (
        figure.themes,
        figure.sub_themes,
        figure.items,
        figure.comments,
    ), name
    if figure.comments is not None:
        assert len(counted) >= thresholds.comments, name
        written = [world.responses[r]["comment"] for r in counted if world.responses[r]["comment"]]
        assert sorted(figure.comments) == sorted(written), name
    else:
        assert len(counted) < thresholds.comments, name


def heatmap_figures(world: World) -> list[set[int]]:
    """The organisation's heatmap: a team with its sub-teams, by theme; each cell suppressed on its own."""
    cells, cell_ids = {}, {}
    for team in range(len(world.parents)):
        for theme, theme_items in (("compassionate-leadership", LEADERSHIP_ONLY), ("wellbeing", ITEMS)):
            rounds = {
                i
                for i, r in enumerate(world.rounds)
                if r["team"] in world.descendants(team) and set(theme_items) <= set(r["items"])
            }
            cell_ids[(team, theme)], cells[(team, theme)] = world.population(rounds)
    scores = results.heatmap(cells, thresholds=world.thresholds, items=ITEMS)
    # Each cell derives from its counted responses only: change every other answer, no cell moves.
    perturbed = {
        cell: [world.response_data(r, flipped=r not in world.really_counted(ids)) for r in ids]
        for cell, ids in cell_ids.items()
    }
    assert results.heatmap(perturbed, thresholds=world.thresholds, items=ITEMS) == scores
    shown = []
    for cell, score in scores.items():
        counted = world.really_counted(cell_ids[cell])
        assert (score is not None) == (len(counted) >= world.thresholds.figures), cell
        if score is not None:
            shown.append(counted)
    return shown


def finest_partition(populations: list[set[int]]) -> list[set[int]]:
    """The atoms an attacker can tell apart by adding and subtracting every population: responses grouped by
    exactly which populations contain them."""
    signatures = defaultdict(set)
    for response in set().union(*populations) if populations else ():
        signatures[frozenset(i for i, p in enumerate(populations) if response in p)].add(response)
    return list(signatures.values())


@pytest.mark.slow
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_nobody_can_be_isolated_across_nested_teams_filters_time_or_a_changed_threshold(generated):
    world, events, team_subsets = generated
    everything_shown: list[set[int]] = []
    thresholds_in_force = []

    def look() -> None:
        """Take every figure shown right now; every part an attacker can carve out of them holds the threshold."""
        shown_now = visible_figures(world, team_subsets)
        assert all(len(part) >= world.thresholds.figures for part in finest_partition(shown_now))
        everything_shown.extend(shown_now)
        thresholds_in_force.extend([world.thresholds.figures] if shown_now else [])

    for event in events:
        if event[0] == "answer":
            _, which, arrivals = event
            round_index = which % len(world.rounds)
            keys = [i.key for i in world.rounds[round_index]["items"]]
            for answers, with_comment in arrivals:
                world.answer(round_index, dict(zip(keys, answers, strict=False)), "A comment" if with_comment else None)
                look()
        elif event[0] == "open":
            _, team, quarter, everything = event
            world.open_round(team, quarter, ITEMS if everything else LEADERSHIP_ONLY)
            look()
        else:
            _, figures, extra = event
            world.thresholds = Thresholds(figures, max(figures + extra, world.thresholds.comments))
            look()
    label_example("figures shown" if thresholds_in_force else "none shown")
    label_example(f"populations shown: {len(everything_shown) // 50 * 50}+")
    label_example(f"thresholds changed: {any(e[0] == 'thresholds' for e in events)}")
    # Across every moment: comparing anything ever shown with anything else never narrows below a whole batch.
    parts = finest_partition(everything_shown)
    assert all(len(part) >= min(thresholds_in_force) for part in parts)
    # Each part is made of whole batches.
    for part in parts:
        batches = Counter(world.responses[r]["batch"] for r in part)
        assert all(world.batch_sizes[b] == n for b, n in batches.items())


def test_the_attacker_would_catch_a_figure_over_a_part_of_a_batch():
    """The check above can fail: a population that splits a batch leaves a part smaller than the threshold."""
    round_one, round_one_and_a_bit = set(range(5)), set(range(7))
    assert sorted(len(p) for p in finest_partition([round_one, round_one_and_a_bit])) == [2, 5]


def test_a_threshold_raised_between_rounds_hides_the_older_smaller_batches_everywhere():
    world = World(parents=[None, 0], thresholds=Thresholds())
    world.open_round(1, 0, ITEMS)
    for _ in range(10):
        world.answer(0, {"attending-1": 4, "attending-2": 4, "wellbeing-1": 4}, None)
    before = visible_figures(world, [])
    assert before and all(len(shown) in (10,) for shown in before)

    world.thresholds = Thresholds(figures=7, comments=10)
    assert visible_figures(world, []) == []  # two batches of 5 no longer count anywhere
    world.open_round(1, 1, ITEMS)
    for _ in range(7):
        world.answer(1, {"attending-1": 2, "attending-2": 2, "wellbeing-1": 2}, None)
    after = visible_figures(world, [])
    assert after and all(shown == set(range(10, 17)) for shown in after)
    assert sorted(len(part) for part in finest_partition(before + after)) == [7, 10]
