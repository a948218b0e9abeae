"""Pooled figures (ADR 0026, "Pooled per team"): the heatmap reads each team's kept batches added up per theme and
batch size, which gives exactly the cells the batches (and so the answers) give, hidden by the same rules. That rests
on one invariant, tested here too: every batch a round seals holds the round's batch size."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from attend.listen import anonymity, heatmap, kept_figures, results, selectors, services
from attend.listen.anonymity import Thresholds
from attend.listen.models import PooledTeamFigure, SealedBatch
from attend.listen.tests.support import open_round, staff, tokens_of
from attend.listen.tests.test_kept_figures import ITEMS, kept_of, same_score
from attend.organisations.tests.factories import TeamFactory


@st.composite
def rounds_of_batches(draw):
    """Rounds each with its own batch size (as rounds opened before and after an organisation raised its threshold)
    and random answers in random batches; a skipped theme sometimes, to leave a batch out of that figure."""
    thresholds = draw(st.sampled_from([Thresholds(), Thresholds(figures=3, comments=3), Thresholds(figures=6)]))
    rounds = []
    for number in range(draw(st.integers(1, 4))):
        size = draw(st.integers(3, 7))
        items = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=6, unique=True))
        responses = []
        for batch in range(draw(st.integers(0, 3))):
            for _ in range(size):
                answered = draw(st.lists(st.sampled_from(items), min_size=1, unique=True))
                answers = {item.key: draw(st.integers(1, 5)) for item in answered}
                responses.append(results.ResponseData(batch=(f"r{number}", batch + 1), answers=answers))
        rounds.append((size, kept_of(items, responses)))
    return thresholds, rounds


@settings(max_examples=200, deadline=None)
@given(rounds_of_batches())
def test_a_cell_pooled_per_round_and_size_is_the_cell_from_every_batch(population):
    """Every union of rounds (a team with its sub-teams, the whole organisation) and every theme."""
    thresholds, rounds = population
    keys = {key for _, batches in rounds for figures in batches for key in figures.themes}
    pooled_cells, kept_cells = {}, {}
    for mask in range(1, 2 ** len(rounds)):
        chosen = [r for n, r in enumerate(rounds) if mask >> n & 1]
        for key in keys:
            kept_cells[(mask, key)] = [f for _, batches in chosen for f in batches if key in f.themes]
            pooled_cells[(mask, key)] = [
                pooled[key]
                for size, batches in chosen
                if key in (pooled := kept_figures.pooled_round(batches, batch_size=size))
            ]
    kept = kept_figures.kept_heatmap(kept_cells, thresholds=thresholds)
    pooled = kept_figures.pooled_heatmap(pooled_cells, thresholds=thresholds)
    assert kept.keys() == pooled.keys()
    for cell in kept:
        assert same_score(pooled[cell], kept[cell]), cell


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(3, 9), st.integers(0, 5))), st.integers(3, 9))
def test_visibility_pooled_by_size_is_visibility_batch_by_batch(sizes, threshold):
    thresholds = Thresholds(figures=threshold, comments=threshold)
    one_by_one = [size for size, batches in sizes for _ in range(batches)]
    assert anonymity.figure_visible_pooled(sizes, thresholds) == anonymity.figure_visible(one_by_one, thresholds)


def test_a_round_whose_batches_differ_in_size_is_refused_not_pooled():
    """Pooling merges a round's batches: only exact if the threshold hides all of them or none."""
    batches = [
        kept_figures.BatchFigures(batch=1, size=5, themes={}, items={}),
        kept_figures.BatchFigures(batch=2, size=6, themes={}, items={}),
    ]
    with pytest.raises(ValueError, match="not the round's 5"):
        kept_figures.pooled_round(batches, batch_size=5)


# Through the services


def answer(pulse_round, count: int, *, start: int = 0) -> None:
    for n, token in enumerate(tokens_of(pulse_round)[start : start + count]):
        answers = {key: (n + i) % 5 + 1 for i, key in enumerate(pulse_round.item_keys)}
        services.pulse_response_submit(token=token, answers=answers, today=timezone.localdate())


def pooled_rows() -> dict:
    return {
        (row.team_id, row.period, row.theme, row.batch_size): (row.batches, row.answering, round(row.total, 9))
        for row in PooledTeamFigure.objects.all()
    }


def kept_heatmap_cells(organisation, thresholds, quarter=None) -> dict:
    """The heatmap read the way it was before pooling: every kept batch of the rounds, per team and theme."""
    rounds = heatmap._rounds_in(organisation, quarter)
    cells: dict = {}
    rows = SealedBatch.objects.filter(round__in=rounds).values_list(
        "round_id", "round__team_id", "batch", "size", "themes"
    )
    for round_id, team_id, batch, size, themes in rows:
        for key in themes:
            figures = kept_figures.BatchFigures(batch=(round_id, batch), size=size, themes=themes, items={})
            cells.setdefault((team_id, key), []).append(figures)
            cells.setdefault((heatmap.ORGANISATION, key), []).append(figures)
    return kept_figures.kept_heatmap(cells, thresholds=thresholds)


@pytest.mark.django_db
def test_every_batch_a_round_seals_holds_the_rounds_size_even_after_the_threshold_is_raised(team, leader):
    staff(team, 16)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round
    answer(pulse_round, 6)
    services.listen_settings_update(
        organisation=team.organisation, by=leader.user, figure_threshold=7, comment_threshold=10
    )
    answer(pulse_round, 9, start=6)
    later = open_round(team, leader.user, opens_on=timezone.localdate()).round
    answer(later, 14)

    sizes = set(SealedBatch.objects.filter(round=pulse_round).values_list("size", flat=True))
    assert sizes == {pulse_round.batch_size} == {5}
    assert set(SealedBatch.objects.filter(round=later).values_list("size", flat=True)) == {later.batch_size} == {7}
    assert set(PooledTeamFigure.objects.values_list("batch_size", flat=True)) == {5, 7}


@pytest.mark.django_db
def test_the_heatmap_from_pooled_figures_is_the_heatmap_from_every_kept_batch(organisation, team, leader):
    """Rounds of two batch sizes (the threshold raised between them) and a sub-team: every cell of the organisation's
    row and the sub-team's row, at the threshold and after raising it above every batch."""
    sub = TeamFactory(organisation=organisation, parent=team, name="Bay 1")
    staff(team, 16)
    staff(sub, 12, start=200)
    for pulse_round in (
        open_round(team, leader.user, opens_on=timezone.localdate()).round,
        open_round(sub, leader.user, opens_on=timezone.localdate()).round,
    ):
        answer(pulse_round, 11)
    services.listen_settings_update(organisation=organisation, by=leader.user, figure_threshold=6, comment_threshold=10)
    answer(open_round(team, leader.user, opens_on=timezone.localdate()).round, 13)

    for threshold in (6, 7):
        services.listen_settings_update(
            organisation=organisation, by=leader.user, figure_threshold=threshold, comment_threshold=10
        )
        thresholds = selectors.thresholds_of(organisation)
        kept = kept_heatmap_cells(organisation, thresholds)
        themes, rows = heatmap.heatmap(organisation, thresholds=thresholds, quarter=None)
        for row in rows:
            key = heatmap.ORGANISATION if row.team is None else row.team.pk
            for theme, score in zip(themes, row.scores, strict=True):
                if row.team is None or row.team == sub:  # a row with nothing below it: its own rounds only
                    assert same_score(score, kept.get((key, theme.key))), (row.title, theme.key, threshold)
        assert any(score is not None for score in rows[0].scores) == (threshold == 6)


@pytest.mark.django_db
def test_the_back_fill_keeps_every_teams_pooled_figures_in_chunks_and_changes_nothing_run_twice(
    organisation, team, leader, monkeypatch
):
    sub = TeamFactory(organisation=organisation, parent=team, name="Bay 1")
    staff(team, 12)
    staff(sub, 12, start=200)
    for owner in (team, team, sub):
        answer(open_round(owner, leader.user, opens_on=timezone.localdate()).round, 11)
    written = pooled_rows()
    assert {team_id for team_id, *_ in written} == {team.pk, sub.pk}
    PooledTeamFigure.objects.filter(team=team).delete()
    PooledTeamFigure.objects.filter(team=sub, period="").update(batches=99)

    migration = importlib.import_module("attend.listen.migrations.0008_keep_pooled_figures_of_teams")
    monkeypatch.setattr(migration, "TEAMS_PER_CHUNK", 1)  # a chunk a team
    migration.keep_pooled_figures_of_teams(apps, None)
    assert pooled_rows() == written
    migration.keep_pooled_figures_of_teams(apps, None)
    assert pooled_rows() == written


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(3, 9), st.lists(st.integers(0, 5), min_size=4, max_size=4)), max_size=3),
    st.integers(3, 9),
)
def test_a_column_of_populations_is_visible_as_each_one_alone(sizes, threshold):
    """The heatmap asks about a whole column at once: the same answer as asking population by population."""
    thresholds = Thresholds(figures=threshold, comments=threshold)
    column = anonymity.figures_visible_pooled(sizes, range(4), thresholds)
    assert column == [
        anonymity.figure_visible_pooled([(size, batches[i]) for size, batches in sizes], thresholds) for i in range(4)
    ]
