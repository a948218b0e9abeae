"""Kept figures (ADR 0026): what each sealed batch adds up to, written by the sealing itself, gives exactly the figures
scoring every answer gives, hidden by the same rules; the back-fill migration keeps the batches sealed before."""

import importlib
import math

import pytest
from django.apps import apps
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from attend.listen import kept_figures, question_bank, results, selectors, services
from attend.listen.anonymity import Thresholds
from attend.listen.figures_text import figure_text
from attend.listen.models import SealedBatch
from attend.listen.tests.support import open_round, staff, tokens_of

ITEMS = question_bank.items_for(question_bank.template("monthly-pulse").item_keys)
EXTRA = question_bank.Item(key="org-kept", theme=question_bank.ORGANISATION_THEME, sub_theme=None, text="A question")


def same_score(kept: float | None, scored: float | None) -> bool:
    if kept is None or scored is None:
        return kept is scored
    return math.isclose(kept, scored, rel_tol=1e-12) and figure_text(kept) == figure_text(scored)


def assert_same_results(kept: results.RoundResults, scored: results.RoundResults) -> None:
    for field in ("responses", "counted", "pending", "hidden_by_threshold", "counted_batches", "visible", "withheld"):
        assert getattr(kept, field) == getattr(scored, field), field
    assert [r.theme.key for r in kept.themes] == [r.theme.key for r in scored.themes]
    for mine, theirs in zip((*kept.themes, *kept.sub_themes), (*scored.themes, *scored.sub_themes), strict=True):
        assert same_score(mine.score, theirs.score), mine.theme.key
    for mine, theirs in zip(kept.items, scored.items, strict=True):
        assert mine.distribution == theirs.distribution, mine.item.key
        assert same_score(mine.score, theirs.score), mine.item.key


@st.composite
def populations(draw):
    """Responses over several rounds of random items (an organisation question sometimes), sealed in batches of
    random sizes (some below the threshold, as after an organisation raised it), with pending ones left over."""
    thresholds = draw(st.sampled_from([Thresholds(), Thresholds(figures=3, comments=3), Thresholds(figures=6)]))
    rounds = []
    for number in range(draw(st.integers(1, 3))):
        items = draw(st.lists(st.sampled_from([*ITEMS, EXTRA]), min_size=1, max_size=8, unique=True))
        batches = draw(st.lists(st.integers(3, 8), max_size=4))
        pending = draw(st.integers(0, 4))
        responses = []
        for index, size in enumerate([*batches, pending]):
            batch = (f"r{number}", index + 1) if index < len(batches) else None
            for _ in range(size):
                answers = {item.key: draw(st.integers(1, 5)) for item in items}
                responses.append(results.ResponseData(batch=batch, answers=answers))
        rounds.append((items, responses))
    return thresholds, rounds


def kept_of(items, responses) -> list[kept_figures.BatchFigures]:
    by_batch: dict = {}
    for response in responses:
        if response.batch is not None:
            by_batch.setdefault(response.batch, []).append(response.answers)
    return [kept_figures.batch_figures(batch, answers, items) for batch, answers in by_batch.items()]


@settings(max_examples=150, deadline=None)
@given(populations())
def test_kept_figures_are_the_figures_scored_from_every_answer(population):
    thresholds, rounds = population
    for items, responses in rounds:
        kept = kept_figures.kept_results(
            kept_of(items, responses), responses=len(responses), items=items, thresholds=thresholds
        )
        assert_same_results(kept, results.round_results(responses, items=items, thresholds=thresholds))


@settings(max_examples=150, deadline=None)
@given(populations())
def test_a_heatmap_cell_from_kept_figures_is_the_cell_scored_from_every_answer(population):
    """Every union of rounds (as a team with its sub-teams pools them) and every theme or sub-theme."""
    thresholds, rounds = population
    all_items = [*question_bank.items(), EXTRA]
    keys = {
        t.key for items, _ in rounds for t in (*question_bank.themes_for(items), *question_bank.sub_themes_for(items))
    }
    scored_cells, kept_cells = {}, {}
    for mask in range(1, 2 ** len(rounds)):
        chosen = [r for n, r in enumerate(rounds) if mask >> n & 1]
        for key in keys:
            asked = [(items, responses) for items, responses in chosen if key in _theme_keys(items)]
            scored_cells[(mask, key)] = [response for _, responses in asked for response in responses]
            kept_cells[(mask, key)] = [figures for items, responses in asked for figures in kept_of(items, responses)]
    scored = results.heatmap(scored_cells, thresholds=thresholds, items=all_items)
    kept = kept_figures.kept_heatmap(kept_cells, thresholds=thresholds)
    assert scored.keys() == kept.keys()
    for cell in scored:
        assert same_score(kept[cell], scored[cell]), cell


def _theme_keys(items) -> set:
    return {t.key for t in (*question_bank.themes_for(items), *question_bank.sub_themes_for(items))}


# Through the services: the sealing keeps the figures, and pages read them


def answer(pulse_round, tokens, values) -> None:
    for token, value in zip(tokens, values, strict=False):
        answers = {key: (value + n) % 5 + 1 for n, key in enumerate(pulse_round.item_keys)}
        services.pulse_response_submit(token=token, answers=answers, today=timezone.localdate())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "raise_to"),
    [
        ([], None),
        ([0, 1, 2, 3], None),  # pending only: nothing sealed, nothing kept
        ([0, 1, 2, 3, 4], None),  # seals at the threshold
        ([4, 4, 3, 0, 1, 2, 2, 2, 1], None),  # one batch and four pending
        ([0, 1, 2, 3, 4, 4, 3, 2, 1, 0], None),  # two batches: comments would show on the round's page
        ([3, 1, 4, 1, 0, 2, 4, 3, 3, 0, 1, 2, 4], 6),  # then the organisation raises its threshold above the batches
    ],
)
def test_the_sealing_keeps_each_batch_and_pages_read_the_same_figures(team, leader, values, raise_to):
    """Answers arriving one by one seal batches at the threshold; the kept figures then give the round's page
    figures exactly, before and after the organisation raises its threshold above the batches' size."""
    staff(team, 13)
    pulse_round = open_round(team, leader.user, opens_on=timezone.localdate()).round
    answer(pulse_round, tokens_of(pulse_round), values)
    assert SealedBatch.objects.filter(round=pulse_round).count() == len(values) // 5
    if raise_to:
        services.listen_settings_update(
            organisation=team.organisation, by=leader.user, figure_threshold=raise_to, comment_threshold=10
        )
    thresholds = selectors.thresholds_of(team.organisation)
    [kept] = selectors.kept_round_views(selectors.with_answered(team.pulse_rounds.all()), thresholds)
    assert_same_results(kept.results, selectors.round_view(pulse_round, thresholds).results)
    assert kept.results.visible == (len(values) >= 5 and not raise_to)


@pytest.mark.django_db
def test_the_back_fill_keeps_every_batch_sealed_before_in_chunks_and_changes_nothing_run_twice(
    organisation, leader, monkeypatch
):
    teams = [leader.teams_led().first()]
    for n, team in enumerate(teams):
        staff(team, 12, start=100 * n)
    rounds = []
    for _ in range(3):
        pulse_round = open_round(teams[0], leader.user, opens_on=timezone.localdate()).round
        answer(pulse_round, tokens_of(pulse_round), [0, 1, 2, 3, 4, 4, 3, 2, 1, 0, 2])
        rounds.append(pulse_round)
    written = {(b.round_id, b.batch): (b.size, b.themes, b.items) for b in SealedBatch.objects.all()}
    assert len(written) == 6
    SealedBatch.objects.filter(round=rounds[0]).delete()
    SealedBatch.objects.filter(round=rounds[1], batch=2).delete()

    migration = importlib.import_module("attend.listen.migrations.0006_keep_figures_of_sealed_batches")
    monkeypatch.setattr(migration, "ROUNDS_PER_CHUNK", 1)  # three chunks of one round
    migration.keep_figures_of_sealed_batches(apps, None)
    migration.keep_figures_of_sealed_batches(apps, None)

    again = {(b.round_id, b.batch): (b.size, b.themes, b.items) for b in SealedBatch.objects.all()}
    assert again == written
