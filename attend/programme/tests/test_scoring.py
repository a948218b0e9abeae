"""Scoring one person's answers to one measure. Pure, no database."""

from statistics import fmean

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attend.programme.measures import measure, measure_from_dict, measures
from attend.programme.scoring import MeasureScore, ScoringError, check_answer, score

SCS = measure("scs-sf")

# One person's answers to the SCS-SF, in the questionnaire's order (items 1 to 12).
EXAMPLE = (4, 3, 4, 2, 3, 2, 4, 5, 4, 3, 5, 4)


def scs_answers(values=EXAMPLE) -> dict[str, int]:
    return {f"scs{number:02d}": value for number, value in enumerate(values, start=1)}


def neffs_scoring_sheet(values) -> float:
    """The total as Neff's scoring sheet computes it, written out independently of the module.

    Reverse the negative subscale items (self-judgement 11, 12; isolation 4, 8; over-identification 1, 9) with
    6 minus the answer, take the mean of each of the six subscales, then the mean of those six means.
    """
    answer = dict(enumerate(values, start=1))
    reversed_answer = {
        number: (6 - value if number in (1, 4, 8, 9, 11, 12) else value) for number, value in answer.items()
    }
    subscales = ((2, 6), (11, 12), (5, 10), (4, 8), (3, 7), (1, 9))
    return fmean(fmean(reversed_answer[number] for number in pair) for pair in subscales)


# Totals


def test_the_scs_sf_total_is_the_mean_after_reversing_the_negative_items():
    result = score(SCS, scs_answers())

    # Items 1, 4, 8, 9, 11, 12 answered 4, 2, 5, 4, 5, 4 count as 2, 4, 1, 2, 1, 2.
    # (2 + 3 + 4 + 4 + 3 + 2 + 4 + 1 + 2 + 3 + 1 + 2) / 12 = 31 / 12
    assert result.total == pytest.approx(31 / 12)
    assert result.total == pytest.approx(neffs_scoring_sheet(EXAMPLE))
    assert result.is_complete


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=12, max_size=12))
def test_the_scs_sf_total_agrees_with_neffs_scoring_sheet_for_any_answers(values):
    assert score(SCS, scs_answers(values)).total == pytest.approx(neffs_scoring_sheet(values))


def test_answering_always_yes_to_everything_gives_the_middle_of_the_scale():
    # Six kind items at 5 and six harsh items at 5 (which count as 1) balance out.
    assert score(SCS, scs_answers((5,) * 12)).total == 3


def test_the_most_self_compassionate_answers_give_the_top_of_the_scale():
    most = tuple(1 if number in (1, 4, 8, 9, 11, 12) else 5 for number in range(1, 13))

    assert score(SCS, scs_answers(most)).total == 5


@pytest.mark.parametrize("built", measures(), ids=lambda built: built.key)
@given(data=st.data())
def test_a_total_always_lies_on_the_measures_scale(built, data):
    answers = {key: data.draw(st.integers(built.scale.min, built.scale.max)) for key in built.item_keys}

    total = score(built, answers).total

    assert built.scale.min <= total <= built.scale.max


@pytest.mark.parametrize("built", measures(), ids=lambda built: built.key)
@given(data=st.data())
def test_mirroring_every_answer_mirrors_the_total(built, data):
    answers = {key: data.draw(st.integers(built.scale.min, built.scale.max)) for key in built.item_keys}
    mirrored = {key: built.scale.reverse(value) for key, value in answers.items()}

    assert score(built, mirrored).total == pytest.approx(
        built.scale.min + built.scale.max - score(built, answers).total
    )


def test_wellbeing_is_scored_on_0_to_10():
    wellbeing = measure("wellbeing-at-work")

    result = score(wellbeing, {"ww_energy": 0, "ww_switch_off": 4, "ww_valued": 10, "ww_myself": 7})

    assert result.total == pytest.approx(21 / 4)
    assert result.subscales == {"energy_and_rest": 2, "belonging": 8.5}


def test_a_before_version_scores_like_its_measure():
    now = measure("attention-and-presence")
    before = measure("attention-and-presence-before")
    answers = dict(zip(now.item_keys, (1, 2, 3, 4, 5, 3), strict=True))

    assert score(before, answers).total == score(now, answers).total == 3
    assert score(before, answers).measure_key == "attention-and-presence-before"


# Subscales


def test_subscales_are_the_mean_of_their_items_as_answered():
    result = score(SCS, scs_answers())

    # Read as their titles say: self-judgement items 11 and 12 answered 5 and 4 mean a lot of self-judgement.
    assert result.subscales == {
        "self_kindness": 2.5,
        "self_judgement": 4.5,
        "common_humanity": 3,
        "isolation": 3.5,
        "mindfulness": 4,
        "over_identification": 4,
    }


# Missing and wrong answers


def test_a_total_needs_every_item_answered_and_the_error_names_the_first_missing_one():
    answers = scs_answers()
    del answers["scs07"]
    del answers["scs03"]

    with pytest.raises(ScoringError, match=r'item 3 \("scs03"\)') as raised:
        score(SCS, answers)

    assert raised.value.item_key == "scs03"


def test_an_answer_of_none_counts_as_missing():
    answers = scs_answers() | {"scs12": None}

    with pytest.raises(ScoringError) as raised:
        score(SCS, answers)

    assert raised.value.item_key == "scs12"


def test_an_incomplete_set_can_be_scored_without_a_total_when_asked():
    answers = scs_answers()
    del answers["scs06"]

    result = score(SCS, answers, complete=False)

    assert result == MeasureScore(
        measure_key="scs-sf",
        total=None,
        subscales={
            "self_judgement": 4.5,
            "common_humanity": 3,
            "isolation": 3.5,
            "mindfulness": 4,
            "over_identification": 4,
        },
        missing=("scs06",),
    )
    assert not result.is_complete


@pytest.mark.parametrize("value", [0, 6, -1, 100])
def test_an_answer_off_the_scale_is_refused_and_named(value):
    with pytest.raises(ScoringError, match=rf'item 5 \("scs05"\) is {value}; it must be from 1 to 5') as raised:
        score(SCS, scs_answers() | {"scs05": value})

    assert raised.value.item_key == "scs05"


@pytest.mark.parametrize("value", [True, 2.5, "3", 3.0])
def test_an_answer_that_is_not_a_whole_number_is_refused(value):
    with pytest.raises(ScoringError, match="must be a whole number") as raised:
        score(SCS, scs_answers() | {"scs09": value})

    assert raised.value.item_key == "scs09"


def test_an_off_scale_answer_is_refused_even_when_incomplete_sets_are_allowed():
    with pytest.raises(ScoringError):
        score(SCS, {"scs01": 9}, complete=False)


def test_answers_to_another_measure_are_refused():
    with pytest.raises(ScoringError, match='"ww_energy" is not an item of Self-compassion') as raised:
        score(SCS, scs_answers() | {"ww_energy": 3})

    assert raised.value.item_key == "ww_energy"


def test_check_answer_returns_a_valid_answer():
    assert check_answer(SCS, "scs01", 5) == 5


def test_a_measure_without_subscales_has_only_a_total():
    plain = measure_from_dict(
        {
            "key": "plain",
            "title": "Plain",
            "short_title": "Plain",
            "instructions": "Answer.",
            "higher_means": "Higher is more.",
            "licence_note": "Ours.",
            "scale": {"min": 0, "max": 4, "labels": {"0": "No", "4": "Yes"}},
            "items": [{"key": "x", "text": "X."}, {"key": "y", "text": "Y.", "reverse": True}],
        }
    )

    assert score(plain, {"x": 4, "y": 1}) == MeasureScore(measure_key="plain", total=3.5)
