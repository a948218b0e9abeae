"""The question bank ships as data, loads and checks itself, and names the item behind every problem."""

import re

import pytest

from attend.listen import question_bank
from attend.listen.question_bank import (
    AGREE_SCALE,
    BEHAVIOURS,
    BankError,
    Item,
    organisation_item,
    parse_bank,
)

# The shipped bank


def test_the_agree_scale_has_five_points_from_strongly_disagree_to_strongly_agree():
    assert AGREE_SCALE == {
        1: "Strongly disagree",
        2: "Disagree",
        3: "Neither agree nor disagree",
        4: "Agree",
        5: "Strongly agree",
    }


def test_the_shipped_bank_covers_every_theme_and_sub_theme():
    assert [t.key for t in question_bank.themes()] == [
        "compassionate-leadership",
        "engagement",
        "core-needs",
        "wellbeing",
        "organisation",
    ]
    by_sub_theme = {
        s.key: [i for i in question_bank.items() if i.sub_theme == s.key] for s in question_bank.sub_themes()
    }
    assert set(by_sub_theme) == {
        *BEHAVIOURS,
        "motivation",
        "involvement",
        "advocacy",
        "autonomy",
        "belonging",
        "contribution",
    }
    assert all(len(found) >= 2 for found in by_sub_theme.values())
    assert 2 <= len([i for i in question_bank.items() if i.theme == "wellbeing"]) <= 3


def test_every_behaviour_item_has_a_team_wording_and_the_leaders_own_wording():
    behaviour = question_bank.behaviour_items()
    assert {i.sub_theme for i in behaviour} == set(BEHAVIOURS)
    for found in behaviour:
        assert re.search(r"\bI\b", found.self_text), found.key
        assert "my manager" in found.text.lower() or "the person who leads our team" in found.text.lower(), found.key
    assert all(i.self_text is None for i in question_bank.items() if not i.is_behaviour)
    assert question_bank.item("attending-1").self_text == "I give people my full attention when they talk to me."


def test_keys_are_unique_and_look_up_their_item():
    keys = [i.key for i in question_bank.items()]
    assert len(keys) == len(set(keys))
    assert question_bank.item("helping-2").sub_theme == "helping"
    with pytest.raises(KeyError, match="nonsense-1"):
        question_bank.item("nonsense-1")


def test_the_wording_is_attends_own_not_the_staff_surveys():
    survey_phrases = [
        "encourages me at work",
        "come to an understanding of problems",
        "interested in listening to me",
        "cares about my concerns",
        "takes effective action to help me",
    ]
    texts = " ".join(f"{i.text} {i.self_text or ''}" for i in question_bank.items()).lower()
    assert not [phrase for phrase in survey_phrases if phrase in texts]


def test_the_monthly_pulse_asks_the_eight_behaviour_items_and_a_few_more_in_about_two_minutes():
    pulse = question_bank.template("monthly-pulse")
    asked = question_bank.items_for(pulse.item_keys)
    behaviour = [i for i in asked if i.is_behaviour]
    assert len(behaviour) == 8
    assert {i.sub_theme for i in behaviour} == set(BEHAVIOURS)
    assert 8 < len(asked) <= 12
    assert pulse.minutes == 2


def test_the_quarterly_check_in_asks_every_item():
    check_in = question_bank.template("quarterly-check-in")
    assert check_in.item_keys == tuple(i.key for i in question_bank.items())
    assert [t.key for t in question_bank.templates()] == ["monthly-pulse", "quarterly-check-in"]
    with pytest.raises(KeyError):
        question_bank.template("weekly")


def test_the_comment_prompt_is_optional_and_says_so():
    assert question_bank.comment_prompt().endswith("?")
    assert "Optional" in question_bank.comment_hint()


def test_items_group_under_their_themes_in_page_order():
    asked = question_bank.items_for(["wellbeing-1", "attending-1", "motivation-1", "attending-2"])
    grouped = question_bank.grouped_by_theme(asked)
    assert [(t.key, [i.key for i in found]) for t, found in grouped] == [
        ("compassionate-leadership", ["attending-1", "attending-2"]),
        ("engagement", ["motivation-1"]),
        ("wellbeing", ["wellbeing-1"]),
    ]
    assert [t.key for t in question_bank.sub_themes_for(asked)] == ["attending", "motivation"]


# Organisation items


def test_an_organisation_item_has_the_same_shape_under_its_own_theme():
    extra = organisation_item(key="org-1a2b", text="  I know how to raise a concern   about safety. ")
    assert extra == Item(
        key="org-1a2b",
        theme="organisation",
        sub_theme=None,
        text="I know how to raise a concern about safety.",
        self_text=None,
    )
    asked = question_bank.items_for(["attending-1", "org-1a2b"], extra=[extra])
    assert [t.title for t in question_bank.themes_for(asked)] == [
        "Compassionate leadership",
        "Your organisation's questions",
    ]


@pytest.mark.parametrize(
    ("key", "text", "problem"),
    [
        ("org-1", "", "org-1: add the question's text"),
        ("org-1", "x" * 201, "org-1: keep the text under 200"),
        ("attending-1", "Clash", "attending-1: an organisation's key starts with “org-”"),
        ("Org 1", "Bad key", "Org 1: the key must be lower-case"),
    ],
)
def test_a_bad_organisation_item_is_refused_naming_the_item(key, text, problem):
    with pytest.raises(BankError) as raised:
        organisation_item(key=key, text=text)
    assert any(problem in p for p in raised.value.problems), raised.value.problems


def test_an_unknown_key_names_itself():
    with pytest.raises(KeyError, match="org-9"):
        question_bank.items_for(["attending-1", "org-9"])


# Checking a bank

GOOD = """
[comment]
prompt = "Anything else?"

[[themes]]
key = "compassionate-leadership"
title = "Compassionate leadership"
[[themes.sub_themes]]
key = "attending"
title = "Attending"

[[themes]]
key = "wellbeing"
title = "Wellbeing"

[[items]]
key = "attending-1"
theme = "compassionate-leadership"
sub_theme = "attending"
text = "My manager listens."
self_text = "I listen."

[[items]]
key = "attending-2"
theme = "compassionate-leadership"
sub_theme = "attending"
text = "My manager makes time."
self_text = "I make time."

[[items]]
key = "wellbeing-1"
theme = "wellbeing"
text = "I can take my breaks."

[[templates]]
key = "short"
title = "Short"
minutes = 1
items = ["attending-1", "wellbeing-1"]
"""


def test_a_good_bank_parses():
    parsed = parse_bank(GOOD)
    assert [i.key for i in parsed.items] == ["attending-1", "attending-2", "wellbeing-1"]
    assert parsed.templates[0].item_keys == ("attending-1", "wellbeing-1")
    assert parsed.comment_prompt == "Anything else?"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            ('self_text = "I listen."\n', ""),
            "Question attending-1: a behaviour question needs the leader's own wording",
        ),
        (
            ('text = "I can take my breaks."', 'text = "I can take my breaks."\nself_text = "Me"'),
            "Question wellbeing-1: only behaviour",
        ),
        (('theme = "wellbeing"\ntext', 'theme = "welbeing"\ntext'), "Question wellbeing-1: “welbeing” is not a theme"),
        (('key = "attending-2"', 'key = "attending-1"'), "Question attending-1: the key is used more than once"),
        (
            ('items = ["attending-1", "wellbeing-1"]', 'items = ["attending-1", "wellbeing-9"]'),
            "Template short: there is no question “wellbeing-9”",
        ),
        (("minutes = 1", "minutes = 0"), "Template short: minutes must be a whole number"),
        (('text = "My manager makes time."', 'text = ""'), "Question attending-2: add the question's text"),
        (
            ('text = "My manager makes time."', 'txt = "My manager makes time."'),
            "Question attending-2: unknown field txt",
        ),
        (('prompt = "Anything else?"', 'prompt = ""'), "Comment: write a prompt"),
    ],
)
def test_every_problem_names_where_it_is(change, problem):
    old, new = change
    assert old in GOOD
    with pytest.raises(BankError) as raised:
        parse_bank(GOOD.replace(old, new, 1))
    assert any(p.startswith(problem) for p in raised.value.problems), raised.value.problems


def test_a_behaviour_needs_two_items():
    start = GOOD.index('[[items]]\nkey = "attending-2"')
    end = GOOD.index('[[items]]\nkey = "wellbeing-1"')
    with pytest.raises(BankError) as raised:
        parse_bank(GOOD[:start] + GOOD[end:])
    assert raised.value.problems == ["Sub-theme attending: needs at least 2 questions"]


def test_several_problems_are_all_reported_at_once():
    broken = GOOD.replace('self_text = "I listen."\n', "").replace("minutes = 1", "minutes = 0")
    with pytest.raises(BankError) as raised:
        parse_bank(broken)
    assert len(raised.value.problems) >= 2


def test_text_that_is_not_toml_says_so():
    with pytest.raises(BankError, match="not valid TOML"):
        parse_bank("[[items]\nkey=")
