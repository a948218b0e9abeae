"""Authored definitions (reflection templates, measures, Listen's question items) are held to the same text
rules as everything else, by the one checker for authored definitions: each problem says where it is."""

import copy
import json
import tomllib
from importlib import resources

import pytest

from attend.listen import question_bank
from attend.programme.measures import MeasureError, measure_from_dict
from attend.reflect.content import TemplateError, template_from_dict

MEASURE = tomllib.loads(
    resources.files("attend.programme")
    .joinpath("content", "measures", "compassionate-leadership.toml")
    .read_text(encoding="utf-8")
)
TEMPLATE = json.loads(
    resources.files("attend.reflect").joinpath("content", "templates", "free.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("bad", ["Write\x00 here", "Write\x1b[31m here", "Write \ud83d here", "Write\x85here"])
def test_a_reflection_template_with_a_control_character_is_refused_saying_where(bad):
    data = copy.deepcopy(TEMPLATE)
    data["prompts"][0]["label"] = bad

    with pytest.raises(TemplateError) as refused:
        template_from_dict(data)

    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith('Template "free", prompt 1: "label" contains')


def test_a_reflection_template_is_read_normalised():
    data = copy.deepcopy(TEMPLATE)
    data["prompts"][0]["label"] = "Cafe\u0301 debrief"

    assert template_from_dict(data).prompts[0].label == "Caf\u00e9 debrief"


def test_a_measure_with_a_control_character_is_refused_saying_where():
    data = copy.deepcopy(MEASURE)
    data["items"][0]["text"] = "I feel\x00 heard"

    with pytest.raises(MeasureError) as refused:
        measure_from_dict(data)

    assert any('"text" contains a null character' in problem for problem in refused.value.problems)


def test_an_organisation_question_with_a_control_character_is_refused():
    with pytest.raises(question_bank.BankError, match="the text contains a hidden control character"):
        question_bank.organisation_item(key="org-abc123", text="My leader\x1b listens")
