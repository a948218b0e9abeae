"""The questionnaires as data: the built-in measures, the checks on a definition, the points. Pure, no database."""

import copy
import tomllib
from importlib import resources

import pytest

from attend.programme.measures import (
    MEASURE_KEYS,
    POINTS,
    Measure,
    MeasureError,
    MeasureNotFound,
    Scale,
    measure,
    measure_from_dict,
    measures,
    measures_for_point,
    retrospective_version,
)

MEASURES_FOLDER = resources.files("attend.programme").joinpath("content", "measures")
OWN_MEASURES = ("compassionate-leadership", "attention-and-presence", "wellbeing-at-work")
SCS_SF_CITATION = (
    "Raes, F., Pommier, E., Neff, K. D., & Van Gucht, D. (2011). Construction and factorial validation of a short "
    "form of the Self-Compassion Scale. Clinical Psychology & Psychotherapy, 18, 250–255."
)


def definition(key: str) -> dict:
    return tomllib.loads(MEASURES_FOLDER.joinpath(f"{key}.toml").read_text(encoding="utf-8"))


def problems_of(data: dict) -> tuple[str, ...]:
    with pytest.raises(MeasureError) as raised:
        measure_from_dict(data)
    return raised.value.problems


def small_definition() -> dict:
    return {
        "key": "tiny",
        "title": "A tiny measure",
        "short_title": "Tiny",
        "instructions": "Answer both.",
        "higher_means": "Higher is more.",
        "licence_note": "Ours.",
        "scale": {"min": 1, "max": 3, "labels": {"1": "Low", "3": "High"}},
        "subscales": [{"key": "one", "title": "One"}],
        "items": [
            {"key": "a", "text": "First.", "subscale": "one"},
            {"key": "b", "text": "Second.", "reverse": True},
        ],
    }


# The built-in measures


def test_the_built_in_measures_come_in_a_fixed_order():
    assert [built.key for built in measures()] == [
        "scs-sf",
        "compassionate-leadership",
        "attention-and-presence",
        "wellbeing-at-work",
    ]
    assert tuple(built.key for built in measures()) == MEASURE_KEYS


def test_every_data_file_is_a_built_in_measure_and_none_is_left_out():
    files = {entry.name for entry in MEASURES_FOLDER.iterdir() if entry.name.endswith(".toml")}

    assert files == {f"{key}.toml" for key in MEASURE_KEYS}


@pytest.mark.parametrize("key", MEASURE_KEYS)
def test_each_data_file_passes_the_checks(key):
    assert measure_from_dict(definition(key)) == measure(key)


@pytest.mark.parametrize("key", MEASURE_KEYS)
def test_every_item_of_every_measure_has_a_subscale_and_words(key):
    built = measure(key)

    assert all(item.text and item.subscale for item in built.items)
    assert len(set(built.item_keys)) == len(built.items)


def test_item_keys_are_unique_across_measures_so_stored_answers_cannot_be_confused():
    keys = [item.key for built in measures() for item in built.items]

    assert len(keys) == len(set(keys))


def test_measures_are_hashable_and_equal_by_value():
    assert hash(measure("scs-sf")) == hash(measure_from_dict(definition("scs-sf")))


# The Self-Compassion Scale, short form (Raes et al. 2011)


def test_the_scs_sf_has_twelve_items_answered_from_almost_never_to_almost_always():
    scs = measure("scs-sf")

    assert len(scs.items) == 12
    assert scs.scale == Scale(min=1, max=5, labels={1: "Almost never", 5: "Almost always"})
    assert scs.scale.label(3) == "3"
    assert scs.scoring == "mean"


def test_the_scs_sf_reverse_scores_items_1_4_8_9_11_and_12():
    scs = measure("scs-sf")

    reversed_numbers = [number for number, item in enumerate(scs.items, start=1) if item.reverse]

    assert reversed_numbers == [1, 4, 8, 9, 11, 12]


def test_the_scs_sf_has_the_six_published_subscales_of_two_items_each():
    scs = measure("scs-sf")

    by_subscale = {
        subscale.key: [scs.item_number(item.key) for item in scs.subscale_items(subscale.key)]
        for subscale in scs.subscales
    }

    assert by_subscale == {
        "self_kindness": [2, 6],
        "self_judgement": [11, 12],
        "common_humanity": [5, 10],
        "isolation": [4, 8],
        "mindfulness": [3, 7],
        "over_identification": [1, 9],
    }


def test_the_scs_sf_keeps_the_published_wording():
    scs = measure("scs-sf")

    assert scs.items[0].text == (
        "When I fail at something important to me I become consumed by feelings of inadequacy."
    )
    assert scs.items[4].text == "I try to see my failings as part of the human condition."
    assert scs.items[11].text == "I'm intolerant and impatient towards those aspects of my personality I don't like."


def test_the_scs_sf_carries_its_citation_exactly_as_its_authors_ask():
    scs = measure("scs-sf")

    assert scs.citation == SCS_SF_CITATION
    assert "citation" in scs.licence_note


def test_the_scs_sf_subscales_are_not_for_reports_and_it_has_no_retrospective_version():
    scs = measure("scs-sf")

    assert scs.report_subscales is False
    assert retrospective_version(scs) is None


# Attend's own items


@pytest.mark.parametrize("key", OWN_MEASURES)
def test_attends_own_measures_need_no_citation_and_have_a_before_version_at_the_end(key):
    own = measure(key)

    assert own.citation is None
    assert own.retrospective_points == ("end",)


def test_compassionate_leadership_covers_attending_understanding_empathising_and_helping():
    assert [subscale.key for subscale in measure("compassionate-leadership").subscales] == [
        "attending",
        "understanding",
        "empathising",
        "helping",
    ]


def test_wellbeing_is_answered_from_0_to_10():
    scale = measure("wellbeing-at-work").scale

    assert scale.values == tuple(range(11))
    assert scale.label(0) == "Not at all"
    assert scale.label(10) == "Completely"
    assert scale.reverse(0) == 10
    assert scale.reverse(3) == 7


# The "before" versions (the then-test)


def test_a_before_version_looks_back_with_the_same_items():
    now = measure("compassionate-leadership")

    before = retrospective_version(now)

    assert before.key == "compassionate-leadership-before"
    assert before.retrospective_of == "compassionate-leadership"
    assert before.is_retrospective and not now.is_retrospective
    assert before.items == now.items
    assert before.scale == now.scale
    assert before.instructions.startswith("Thinking back to before the programme,")
    assert before.points == ("end",)
    assert retrospective_version(before) is None


def test_a_before_version_can_be_found_by_its_key():
    assert measure("wellbeing-at-work-before") == retrospective_version(measure("wellbeing-at-work"))


def test_an_unknown_key_is_not_found():
    with pytest.raises(MeasureNotFound):
        measure("scs-sf-before")
    with pytest.raises(MeasureNotFound):
        measure("swemwbs")


# Points


def test_start_asks_the_scs_sf_and_the_programme_items():
    assert [built.key for built in measures_for_point("start")] == list(MEASURE_KEYS)


def test_end_asks_the_same_and_each_before_version_straight_after_its_measure():
    assert [built.key for built in measures_for_point("end")] == [
        "scs-sf",
        "compassionate-leadership",
        "compassionate-leadership-before",
        "attention-and-presence",
        "attention-and-presence-before",
        "wellbeing-at-work",
        "wellbeing-at-work-before",
    ]


def test_follow_up_asks_the_same_as_start():
    assert measures_for_point("follow_up") == measures_for_point("start")
    assert POINTS == ("start", "end", "follow_up")


def test_an_unknown_point_is_refused():
    with pytest.raises(ValueError, match="middle"):
        measures_for_point("middle")


# The checks on a definition


def test_a_small_definition_builds():
    built = measure_from_dict(small_definition())

    assert isinstance(built, Measure)
    assert built.item_keys == ("a", "b")
    assert built.points == POINTS
    assert built.scale.labels == {1: "Low", 3: "High"}


def test_a_problem_with_an_item_names_the_measure_and_the_item():
    data = small_definition()
    data["items"][1]["subscale"] = "nowhere"

    assert problems_of(data) == ('Measure "tiny", item 2 ("b"): unknown subscale "nowhere"',)


def test_every_problem_is_reported_at_once():
    data = small_definition()
    data["items"].append({"key": "a", "text": "", "reverse": "yes"})
    data["scale"] = {"min": 1, "max": 3, "labels": {"1": "Low", "4": "Too high"}}

    problems = problems_of(data)

    assert 'Measure "tiny", item 3 ("a"): "text" is empty' in problems
    assert 'Measure "tiny", item 3 ("a"): "reverse" must be true or false, not text' in problems
    assert 'Measure "tiny", item 3 ("a"): duplicate item key "a" (item 1 uses it too)' in problems
    assert 'Measure "tiny", scale: label 4 is outside 1 to 3' in problems
    assert 'Measure "tiny", scale: label 3 is missing; both ends of the scale need words' in problems


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda data: data["scale"].update(min=3), '"min" (3) must be less than "max" (3)'),
        (lambda data: data["scale"].update(max=2.5), '"max" must be a whole number, not a number'),
        (lambda data: data.update(scoring="sum"), 'unknown scoring "sum"; use mean'),
        (lambda data: data.update(points=["start", "later"]), 'unknown point "later" in "points"'),
        (lambda data: data.update(items=[]), '"items" is empty'),
        (lambda data: data.update(colour="blue"), 'unknown field "colour"'),
        (lambda data: data.update(key="Tiny Measure"), 'may only use lower-case letters, digits, "-" and "_"'),
        (lambda data: data.pop("licence_note"), '"licence_note" is missing'),
        (lambda data: data["subscales"].append({"key": "two", "title": "Two"}), 'subscale "two": has no items'),
        (lambda data: data["items"][0].update(shade="red"), 'item 1 ("a"): unknown field "shade"'),
    ],
)
def test_each_kind_of_problem_is_named(change, problem):
    data = copy.deepcopy(small_definition())
    change(data)

    assert any(problem in reported for reported in problems_of(data))


def test_a_subscale_may_not_mix_reverse_scored_and_ordinary_items():
    data = small_definition()
    data["items"][1]["subscale"] = "one"

    assert problems_of(data) == (
        'Measure "tiny", subscale "one": mixes reverse-scored and ordinary items; split it or reverse them all',
    )


def test_a_before_version_can_only_be_asked_where_the_measure_is():
    data = small_definition()
    data["points"] = ["start"]
    data["retrospective"] = {"points": ["end"], "title": "Before", "instructions": "Thinking back..."}

    assert problems_of(data) == ('Measure "tiny", retrospective: is asked at "end" but the measure itself is not',)


def test_a_definition_that_is_not_a_table_is_refused():
    with pytest.raises(MeasureError, match="must be a table, not a list"):
        measure_from_dict([])
