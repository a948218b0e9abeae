"""A population's results, with every figure the anonymity rules hide already None. Pure, no database."""

import pytest

from attend.listen import question_bank
from attend.listen.anonymity import Thresholds, batch_to_seal
from attend.listen.question_bank import organisation_item
from attend.listen.results import (
    ResponseData,
    heatmap,
    round_results,
    self_view_gaps,
    trend,
)

ITEMS = question_bank.items_for(["attending-1", "attending-2", "helping-1", "wellbeing-1"])
DEFAULT = Thresholds()


def answers(attending: int, helping: int = 3, wellbeing: int = 3) -> dict[str, int]:
    return {"attending-1": attending, "attending-2": attending, "helping-1": helping, "wellbeing-1": wellbeing}


def batch(name, *attending: int, comment: str | None = None) -> list[ResponseData]:
    return [ResponseData(batch=name, answers=answers(a), comment=comment) for a in attending]


class Round:
    """Responses arriving one by one, sealed in batches exactly as the app seals them."""

    def __init__(self, batch_size: int = 5):
        self.batch_size = batch_size
        self.responses: list[ResponseData] = []

    def answer(self, attending: int, comment: str | None = None) -> None:
        self.responses.append(ResponseData(batch=None, answers=answers(attending), comment=comment))
        pending = [r for r in self.responses if r.batch is None]
        if batch_to_seal(len(pending), self.batch_size):
            sealed = len({r.batch for r in self.responses if r.batch is not None})
            self.responses = [r for r in self.responses if r.batch is not None] + [
                ResponseData(batch=sealed, answers=r.answers, comment=r.comment) for r in pending
            ]

    def results(self, thresholds: Thresholds = DEFAULT, invited: int | None = 12):
        return round_results(self.responses, items=ITEMS, thresholds=thresholds, invited=invited, comment_seed="r1")


# When results appear


def test_results_appear_at_the_fifth_answer_hold_until_the_tenth_then_update():
    pulse = Round()
    seen = []
    for number, attending in enumerate([5, 5, 5, 5, 5, 1, 1, 1, 1, 1], start=1):
        pulse.answer(attending, comment=f"Comment {number}")
        seen.append(pulse.results())
    for early in seen[:4]:
        assert not early.visible
        assert early.score("compassionate-leadership") is None
        assert early.item("attending-1").distribution is None
        assert early.comments is None
    assert [r.responses for r in seen] == list(range(1, 11))
    assert seen[4].visible and seen[4].score("attending") == 10.0
    # The sixth to ninth answers wait, unseen, for their batch.
    assert all(r.score("attending") == 10.0 and r.counted == 5 and r.comments is None for r in seen[5:9])
    assert [r.pending for r in seen[4:10]] == [0, 1, 2, 3, 4, 0]
    assert seen[9].score("attending") == 5.0
    assert seen[9].item("attending-1").distribution == {1: 5, 2: 0, 3: 0, 4: 0, 5: 5}
    assert sorted(seen[9].comments) == sorted(f"Comment {n}" for n in range(1, 11))


def test_a_remainder_left_when_the_round_closes_never_counts_but_the_response_rate_does():
    pulse = Round()
    for attending in [4, 4, 4, 4, 4, 1, 1, 1]:
        pulse.answer(attending)
    closed = pulse.results(invited=10)
    assert (closed.responses, closed.counted, closed.pending) == (8, 5, 3)
    assert closed.response_rate == pytest.approx(0.8)
    assert closed.score("attending") == 7.5


def test_a_team_link_has_no_response_rate():
    assert Round().results(invited=None).response_rate is None


def test_a_raised_threshold_hides_batches_sealed_smaller():
    pulse = Round(batch_size=3)
    for attending in [5, 5, 5, 2, 2, 2]:
        pulse.answer(attending)
    assert pulse.results(Thresholds(figures=3, comments=10)).score("attending") == pytest.approx(6.25)
    raised = pulse.results(Thresholds(figures=4, comments=10))
    assert not raised.visible and raised.score("attending") is None
    assert (raised.counted, raised.hidden_by_threshold) == (0, 6)


def test_comments_show_only_at_the_comment_threshold_in_a_stable_shuffled_order():
    responses = batch("a", 4, 4, 4, 4, 4, comment="A") + batch("b", 3, 3, 3, 3, 3, comment="B")
    responses[0] = ResponseData(batch="a", answers=answers(4), comment="Please can we have a rota earlier?")
    responses[1] = ResponseData(batch="a", answers=answers(4), comment="   ")
    shown = round_results(responses, items=ITEMS, thresholds=DEFAULT, comment_seed="round-7").comments
    assert len(shown) == 9 and "Please can we have a rota earlier?" in shown and "" not in shown
    again = round_results(list(reversed(responses)), items=ITEMS, thresholds=DEFAULT, comment_seed="round-7")
    assert again.comments == shown
    nine = round_results(responses[:5], items=ITEMS, thresholds=Thresholds(figures=5, comments=6))
    assert nine.visible and nine.comments is None and not nine.comments_visible


# Figures


def test_theme_sub_theme_and_item_figures_over_a_batch():
    responses = [
        ResponseData("a", {"attending-1": 5, "attending-2": 4, "helping-1": 2, "wellbeing-1": 1}),
        ResponseData("a", {"attending-1": 4, "attending-2": 4, "helping-1": 2, "wellbeing-1": 2}),
        ResponseData("a", {"attending-1": 3, "attending-2": 2, "helping-1": 4, "wellbeing-1": 3}),
        ResponseData("a", {"attending-1": 2, "attending-2": 1, "helping-1": 4, "wellbeing-1": 4}),
        ResponseData("a", {"attending-1": 1, "attending-2": 1, "helping-1": 5, "wellbeing-1": 5}),
    ]
    found = round_results(responses, items=ITEMS, thresholds=DEFAULT)
    # Attending per respondent: 8.75, 7.5, 3.75, 1.25, 0 → 4.25.
    assert found.score("attending") == pytest.approx(4.25)
    # Helping: 2.5, 2.5, 7.5, 7.5, 10 → 6.0.
    assert found.score("helping") == pytest.approx(6.0)
    # Leadership per respondent: (10+7.5+2.5)/3, (7.5+7.5+2.5)/3, (5+2.5+7.5)/3, (2.5+0+7.5)/3, (0+0+10)/3.
    assert found.score("compassionate-leadership") == pytest.approx((20 + 17.5 + 15 + 10 + 10) / 3 / 5)
    assert found.score("wellbeing") == pytest.approx(5.0)
    assert found.item("attending-1").distribution == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    assert found.item("attending-1").score == pytest.approx(5.0)
    assert [t.theme.key for t in found.themes] == ["compassionate-leadership", "wellbeing"]
    assert [t.theme.key for t in found.sub_themes] == ["attending", "helping"]
    assert found.score("engagement") is None  # not asked


def test_organisation_items_are_scored_like_the_banks():
    extra = organisation_item(key="org-safety", text="I know how to raise a concern about safety.")
    items = (*ITEMS, extra)
    responses = [ResponseData("a", {**answers(3), "org-safety": a}) for a in (5, 5, 4, 4, 2)]
    found = round_results(responses, items=items, thresholds=DEFAULT)
    assert found.theme("organisation").theme.title == "Your organisation's questions"
    assert found.score("organisation") == pytest.approx((10 + 10 + 7.5 + 7.5 + 2.5) / 5)
    assert found.item("org-safety").distribution == {1: 0, 2: 1, 3: 0, 4: 2, 5: 2}


def test_should_a_response_skip_an_item_its_whole_batch_leaves_that_figure():
    skipped = {"attending-1": 1, "attending-2": 1, "helping-1": 1}  # no wellbeing answer
    responses = batch("a", 5, 5, 5, 5) + [ResponseData("a", skipped)] + batch("b", 2, 2, 2, 2, 2)
    found = round_results(responses, items=ITEMS, thresholds=DEFAULT)
    assert found.item("wellbeing-1").distribution == {1: 0, 2: 0, 3: 5, 4: 0, 5: 0}  # batch b only
    assert found.score("wellbeing") == 5.0
    assert found.item("attending-1").distribution == {1: 1, 2: 5, 3: 0, 4: 0, 5: 4}  # both batches


def test_a_population_holding_part_of_a_batch_is_refused_when_batch_sizes_are_given():
    responses = batch("a", 4, 4, 4, 4, 4)
    assert round_results(responses, items=ITEMS, thresholds=DEFAULT, batch_sizes={"a": 5}).visible
    with pytest.raises(ValueError, match="4 of batch a"):
        round_results(responses[:4], items=ITEMS, thresholds=DEFAULT, batch_sizes={"a": 5})


# Across rounds


def test_the_trend_follows_each_theme_round_by_round_with_gaps_where_hidden():
    january = round_results(batch("j", 2, 2, 2, 2, 2), items=ITEMS, thresholds=DEFAULT)
    february = round_results(batch("f", 3, 3, 3), items=ITEMS, thresholds=DEFAULT)  # pending: hidden
    march_items = question_bank.items_for(["wellbeing-1"])
    march = round_results([ResponseData("m", {"wellbeing-1": 5})] * 5, items=march_items, thresholds=DEFAULT)
    found = trend([("January", january), ("February", february), ("March", march)])
    by_theme = {t.theme.key: t.points for t in found}
    assert list(by_theme) == ["compassionate-leadership", "wellbeing"]
    assert by_theme["wellbeing"] == (("January", 5.0), ("February", None), ("March", 10.0))
    assert by_theme["compassionate-leadership"][2] == ("March", None)
    attending = {t.theme.key: t.points for t in trend([("January", january)], sub_themes=True)}["attending"]
    assert attending == (("January", 2.5),)


def test_the_self_view_gap_per_behaviour():
    found = round_results(batch("a", 3, 3, 3, 3, 3), items=ITEMS, thresholds=DEFAULT)
    gaps = {g.behaviour.key: g for g in self_view_gaps({"attending-1": 5, "attending-2": 4, "helping-1": 1}, found)}
    assert set(gaps) == {"attending", "helping"}
    assert (gaps["attending"].self_score, gaps["attending"].team_score) == (8.75, 5.0)
    assert gaps["attending"].gap == pytest.approx(3.75)
    assert gaps["helping"].gap == pytest.approx(-5.0)
    hidden = round_results(batch(None, 3, 3), items=ITEMS, thresholds=DEFAULT)
    assert all(
        g.gap is None and g.team_score is None and g.self_score is not None
        for g in self_view_gaps({"attending-1": 5, "attending-2": 4, "helping-1": 1}, hidden)
    )


def test_each_heatmap_cell_is_suppressed_on_its_own():
    cells = {
        ("ward-7", "compassionate-leadership"): batch("w1", 5, 5, 5, 5, 5),
        ("ward-7", "wellbeing"): batch("w1", 5, 5, 5, 5, 5),
        ("ward-8", "compassionate-leadership"): batch("e1", 1, 1, 1, 1) + batch(None, 1),
        ("ward-9", "compassionate-leadership"): [],
    }
    scores = heatmap(cells, thresholds=DEFAULT)
    assert scores[("ward-7", "compassionate-leadership")] == pytest.approx((10 + 10 + 5) / 3)
    assert scores[("ward-7", "wellbeing")] == 5.0
    assert scores[("ward-8", "compassionate-leadership")] is None
    assert scores[("ward-9", "compassionate-leadership")] is None
