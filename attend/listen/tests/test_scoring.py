"""Scores on the 0–10 scale, checked against values worked out by hand. Pure, no database."""

import pytest

from attend.listen.scoring import (
    SCORE_FOR_ANSWER,
    answer_score,
    distribution,
    item_score,
    respondent_score,
    self_gap,
    theme_score,
)

THEME = ("attending-1", "attending-2")


def test_the_five_answers_score_0_to_10_in_steps_of_two_and_a_half():
    assert SCORE_FOR_ANSWER == {1: 0.0, 2: 2.5, 3: 5.0, 4: 7.5, 5: 10.0}
    assert [answer_score(a) for a in (1, 2, 3, 4, 5)] == [0.0, 2.5, 5.0, 7.5, 10.0]


@pytest.mark.parametrize("answer", [0, 6, -1, True, 2.5, "3", None])
def test_anything_off_the_scale_is_refused(answer):
    with pytest.raises(ValueError, match="1 to 5"):
        answer_score(answer)


def test_a_theme_score_averages_each_respondent_then_the_respondents():
    responses = [
        {"attending-1": 4, "attending-2": 4},  # 7.5
        {"attending-1": 2, "attending-2": 3},  # 3.75
        {"attending-1": 5, "attending-2": 5},  # 10
    ]
    assert theme_score(responses, THEME) == pytest.approx((7.5 + 3.75 + 10) / 3)  # 7.0833…


def test_every_respondent_weighs_the_same_however_many_items_they_answered():
    responses = [
        {"attending-1": 5, "attending-2": 1},  # (10 + 0) / 2 = 5
        {"attending-1": 4},  # 7.5
    ]
    # Respondents first: (5 + 7.5) / 2 = 6.25. Pooling all answers would give (10 + 0 + 7.5) / 3 = 5.83.
    assert theme_score(responses, THEME) == pytest.approx(6.25)


def test_answers_to_other_themes_do_not_move_a_theme_score():
    responses = [{"attending-1": 5, "attending-2": 5, "helping-1": 1}]
    assert theme_score(responses, THEME) == 10.0


def test_a_theme_nobody_answered_has_no_score_not_zero():
    assert theme_score([], THEME) is None
    assert theme_score([{"helping-1": 3}], THEME) is None
    assert respondent_score({"helping-1": 3}, THEME) is None


def test_an_item_score_is_the_mean_of_its_scored_answers():
    assert item_score([1, 3, 5, 5]) == pytest.approx((0 + 5 + 10 + 10) / 4)
    assert item_score([]) is None


def test_a_distribution_counts_every_point_of_the_scale():
    assert distribution([5, 4, 4, 1]) == {1: 1, 2: 0, 3: 0, 4: 2, 5: 1}
    assert distribution([]) == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    with pytest.raises(ValueError):
        distribution([4, 7])


def test_the_self_gap_is_the_leaders_view_minus_the_teams():
    # The leader agrees strongly with both (10); the team scores 6.25: the leader sees themselves 3.75 points higher.
    assert self_gap({"attending-1": 5, "attending-2": 5}, 6.25) == pytest.approx(3.75)
    assert self_gap([2, 3], 7.5) == pytest.approx(3.75 - 7.5)


def test_a_self_gap_needs_the_leaders_answers():
    with pytest.raises(ValueError, match="not answered"):
        self_gap({}, 5.0)
