"""Paired change for cohort reports, checked against published values and scipy. Pure, no database."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from attend.core.anonymity import MINIMUM_GROUP_SIZE
from attend.programme.statistics import (
    PairedChange,
    describe_change,
    effect_size_words,
    pair_up,
    paired_change,
    t_critical,
)

# Student's (1908) sleep data, as shipped with R (`sleep`): extra hours of sleep for the same 10 patients on two
# drugs. R's `t.test(extra ~ group, data = sleep, paired = TRUE)` reports t = -4.0621, df = 9, p = 0.002833,
# mean difference -1.58, 95% CI -2.4598858 to -0.7001142 (group 1 minus group 2). Here "after" is group 2.
SLEEP_BEFORE = (0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0)
SLEEP_AFTER = (1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4)


def test_the_sleep_data_give_the_published_paired_t_interval():
    change = paired_change(SLEEP_BEFORE, SLEEP_AFTER)

    assert change.n == 10
    assert change.mean_before == pytest.approx(0.75)
    assert change.mean_after == pytest.approx(2.33)
    assert change.mean_difference == pytest.approx(1.58)
    assert change.ci_low == pytest.approx(0.7001142, abs=1e-7)
    assert change.ci_high == pytest.approx(2.4598858, abs=1e-7)
    # t = d_z × √n, so R's t gives d_z too.
    assert change.effect_size_dz * math.sqrt(10) == pytest.approx(4.0621, abs=1e-4)


def test_the_sleep_data_give_d_av_from_the_two_standard_deviations():
    change = paired_change(SLEEP_BEFORE, SLEEP_AFTER)

    # R: sd(group 1) = 1.789010, sd(group 2) = 2.002249; d_av = 1.58 / mean of the two.
    assert change.effect_size == pytest.approx(1.58 / ((1.789010 + 2.002249) / 2), abs=1e-6)
    assert change.effect_size_name == "d_av"
    assert change.effect_size_words == "a large"


def test_the_interval_and_effect_size_agree_with_scipys_paired_t_test():
    before = (3.1, 2.4, 3.8, 2.9, 3.3, 2.2, 3.0)
    after = (3.6, 2.9, 3.7, 3.5, 3.9, 2.8, 3.2)

    change = paired_change(before, after)
    test = stats.ttest_rel(after, before)
    interval = test.confidence_interval(0.95)

    assert change.ci_low == pytest.approx(interval.low)
    assert change.ci_high == pytest.approx(interval.high)
    assert change.effect_size_dz * math.sqrt(len(before)) == pytest.approx(test.statistic)


@given(
    st.lists(
        st.tuples(st.integers(1, 5), st.integers(1, 5)).map(lambda pair: (float(pair[0]), float(pair[1]))),
        min_size=MINIMUM_GROUP_SIZE,
        max_size=40,
    )
)
def test_any_paired_scores_agree_with_scipy(pairs):
    before, after = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
    change = paired_change(before, after)
    differences = [b - a for a, b in pairs]

    assert change.mean_difference == pytest.approx(sum(differences) / len(differences))
    assert change.ci_low <= change.mean_difference <= change.ci_high
    if change.sd_difference > 0:
        interval = stats.ttest_rel(after, before).confidence_interval(0.95)
        assert change.ci_low == pytest.approx(interval.low)
        assert change.ci_high == pytest.approx(interval.high)


def test_the_results_are_plain_floats_ready_for_a_template_or_a_csv():
    change = paired_change(SLEEP_BEFORE, SLEEP_AFTER)

    assert all(
        type(value) is float
        for value in (change.mean_difference, change.sd_difference, change.ci_low, change.ci_high, change.effect_size)
    )


# Never below the minimum group size


def test_nothing_is_reported_for_fewer_than_five_people():
    assert MINIMUM_GROUP_SIZE == 5
    assert paired_change((3, 3, 4, 2), (4, 4, 4, 3)) is None


def test_five_people_are_enough():
    change = paired_change((3, 3, 4, 2, 3), (4, 4, 4, 3, 3))

    assert isinstance(change, PairedChange)
    assert change.n == 5


def test_a_higher_minimum_can_be_asked_for_but_never_fewer_than_two_pairs():
    assert paired_change((3, 3, 4, 2, 3), (4, 4, 4, 3, 3), minimum_pairs=6) is None
    assert paired_change((3,), (4,), minimum_pairs=1) is None
    assert paired_change((3, 4), (4, 4), minimum_pairs=1).n == 2


# Odd inputs


def test_before_and_after_must_be_pairs():
    with pytest.raises(ValueError, match="must be pairs"):
        paired_change((1, 2, 3, 4, 5), (1, 2, 3, 4))


@pytest.mark.parametrize("bad", [None, float("nan"), float("inf"), "3", True])
def test_a_score_that_is_not_a_finite_number_is_refused(bad):
    with pytest.raises(ValueError, match="is not a score"):
        paired_change((1, 2, 3, 4, bad), (1, 2, 3, 4, 5))


def test_when_everyone_changes_by_the_same_amount_there_is_no_interval_width_and_no_d_z():
    change = paired_change((1, 2, 3, 4, 5), (2, 3, 4, 5, 6))

    assert change.mean_difference == 1
    assert change.sd_difference == 0
    assert change.ci_low == change.ci_high == 1
    assert change.effect_size_dz is None
    assert change.effect_size == pytest.approx(1 / math.sqrt(2.5))


def test_when_nobody_differs_from_anybody_there_is_no_effect_size():
    change = paired_change((3,) * 5, (3,) * 5)

    assert change.effect_size is None
    assert change.effect_size_dz is None
    assert change.effect_size_words == ""
    assert change.description == "Scores stayed about the same on average (95% CI 0.0 to 0.0)."


# Words


def test_a_rise_is_described_in_plain_words():
    assert describe_change(0.6, 0.2, 1.0) == "Scores rose by 0.6 points on average (95% CI 0.2 to 1.0)."


def test_a_fall_is_described_in_plain_words_without_a_minus_zero():
    assert describe_change(-0.34, -0.61, -0.04) == "Scores fell by 0.3 points on average (95% CI -0.6 to 0.0)."


def test_an_interval_that_includes_no_change_says_it_could_be_chance():
    assert describe_change(0.3, -0.1, 0.7) == (
        "Scores rose by 0.3 points on average (95% CI -0.1 to 0.7). The interval includes no change, so this could "
        "be chance."
    )


def test_more_decimals_can_be_asked_for():
    assert describe_change(0.25, 0.1, 0.4, decimals=2) == "Scores rose by 0.25 points on average (95% CI 0.10 to 0.40)."


def test_the_sleep_data_are_described():
    assert paired_change(SLEEP_BEFORE, SLEEP_AFTER).description == (
        "Scores rose by 1.6 points on average (95% CI 0.7 to 2.5)."
    )


@pytest.mark.parametrize(
    ("effect_size", "words"),
    [
        (0.1, "a very small"),
        (0.2, "a small"),
        (-0.45, "a small"),
        (0.5, "a medium"),
        (0.79, "a medium"),
        (1.3, "a large"),
    ],
)
def test_effect_sizes_are_put_into_words_by_cohens_rough_guide(effect_size, words):
    assert effect_size_words(effect_size) == words


# Pairing people up


def test_only_people_with_both_scores_are_paired_in_a_stable_order():
    before = {"ana": 2.5, "ben": 3.0, "cat": None, "dev": 4.0}
    after = {"dev": 4.5, "ana": 3.5, "cat": 3.0, "eve": 2.0}

    assert pair_up(before, after) == ([2.5, 4.0], [3.5, 4.5])


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 7, 10, 15, 29, 30, 60, 120, 499])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_the_t_critical_value_is_scipys_without_scipy(df, confidence):
    assert t_critical(confidence, df) == pytest.approx(stats.t.ppf((1 + confidence) / 2, df), rel=1e-12)


@pytest.mark.slow
def test_a_cohort_report_does_not_load_scipy():
    """scipy takes seconds to import: the first report in each process must not wait for it (issue 21)."""
    import subprocess
    import sys

    code = (
        "import sys; from attend.programme.statistics import paired_change;"
        "paired_change([1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 2.5, 3.5, 5.0, 5.5]); print('scipy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
