"""The words of Connect: the two conversation guides, the sections of a wellbeing plan, the cadences."""

import re

import pytest

from attend.connect import guides
from attend.connect.models import Pairing


def words_of(guide) -> str:
    return " ".join(prompt for step in guide for prompt in step.prompts).lower()


@pytest.mark.parametrize("kind", [guides.WELLBEING, guides.ONE_TO_ONE])
def test_every_step_of_a_guide_has_a_heading_and_prompts(kind):
    guide = guides.GUIDES[kind]

    assert len(guide) >= 4
    for step in guide:
        assert step.heading.strip()
        assert step.prompts, step.heading
        assert all(prompt.strip() for prompt in step.prompts), step.heading


def test_there_is_a_guide_for_each_kind_of_conversation():
    assert set(guides.GUIDES) == set(guides.KIND_NAMES) == {guides.WELLBEING, guides.ONE_TO_ONE}


# Each part of the whole person, and the words that show a prompt asks about it.
WHOLE_PERSON = {
    "physical health": r"physical",
    "mental and emotional wellbeing": r"mental|emotional",
    "relationships": r"relationships?|social",
    "money": r"money|financ\w*",
    "lifestyle": r"lifestyle",
    "safety": r"safe|safety",
    "flexible working": r"flexible working",
}


@pytest.mark.parametrize("part", sorted(WHOLE_PERSON))
def test_the_wellbeing_guide_covers_the_whole_person(part):
    assert re.search(rf"\b({WHOLE_PERSON[part]})\b", words_of(guides.WELLBEING_GUIDE)), part


def test_the_one_to_one_guide_follows_the_four_compassionate_leadership_behaviours_in_order():
    headings = [step.heading for step in guides.ONE_TO_ONE_GUIDE]

    assert headings == ["Attending", "Understanding", "Empathising", "Helping"]


def test_plan_sections_have_unique_keys_and_words_to_show():
    keys = [section.key for section in guides.PLAN_SECTIONS]

    assert len(keys) == len(set(keys))
    assert tuple(keys) == guides.PLAN_KEYS
    for section in guides.PLAN_SECTIONS:
        assert section.label.strip() and section.hint.strip(), section.key


def test_cadences_go_from_most_to_least_often():
    days = [days for days, _ in guides.CADENCES]

    assert days == sorted(set(days))
    assert all(name.strip() for _, name in guides.CADENCES)


def test_a_new_pairing_meets_at_one_of_the_cadences():
    default = Pairing._meta.get_field("cadence_days").default

    assert default in guides.CADENCE_NAMES
