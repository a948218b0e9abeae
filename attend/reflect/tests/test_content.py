"""The journal's words: built-in templates, the template checks and the feelings vocabulary. Pure, no database."""

import copy
import json
import re
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attend.reflect.content import (
    BUILT_IN_KEYS,
    CHOICES,
    INTENSITIES,
    TEXT,
    FeelingFamily,
    Prompt,
    ReflectionTemplate,
    TemplateError,
    built_in_template,
    built_in_templates,
    family_of,
    feeling_families,
    feeling_word,
    template_from_dict,
)

TEMPLATES_FOLDER = resources.files("attend.reflect").joinpath("content", "templates")


def templates_by_key() -> dict[str, ReflectionTemplate]:
    return {template.key: template for template in built_in_templates()}


# The built-in templates


def test_the_built_in_templates_come_in_a_fixed_order():
    assert [template.key for template in built_in_templates()] == [
        "free",
        "what-so-what-now-what",
        "gibbs",
        "nmc-reflective-account",
        "learning-from-a-mistake",
    ]
    assert tuple(template.key for template in built_in_templates()) == BUILT_IN_KEYS


def test_every_data_file_is_a_built_in_template_and_none_is_left_out():
    files = {entry.name for entry in TEMPLATES_FOLDER.iterdir() if entry.name.endswith(".json")}

    assert files == {f"{key}.json" for key in BUILT_IN_KEYS}


@pytest.mark.parametrize("key", BUILT_IN_KEYS)
def test_each_data_file_passes_the_same_checks_as_an_organisation_template(key):
    data = json.loads(TEMPLATES_FOLDER.joinpath(f"{key}.json").read_text(encoding="utf-8"))

    assert template_from_dict(data) == built_in_template(key)


def test_the_templates_are_read_once():
    assert built_in_templates() is built_in_templates()


def test_template_keys_are_unique():
    keys = [template.key for template in built_in_templates()]

    assert len(keys) == len(set(keys))


def test_an_unknown_key_is_not_a_built_in_template():
    assert built_in_template("no-such-template") is None


def test_free_writing_has_one_text_prompt():
    free = templates_by_key()["free"]

    assert free.name == "Free writing"
    assert [prompt.kind for prompt in free.prompts] == [TEXT]


def test_what_so_what_now_what_asks_the_three_questions_in_order():
    template = templates_by_key()["what-so-what-now-what"]

    assert [prompt.label for prompt in template.prompts] == ["What?", "So what?", "Now what?"]


def test_gibbs_has_exactly_the_six_stages_in_order_and_cites_its_source():
    gibbs = templates_by_key()["gibbs"]

    assert [(prompt.key, prompt.label) for prompt in gibbs.prompts] == [
        ("description", "Description"),
        ("feelings", "Feelings"),
        ("evaluation", "Evaluation"),
        ("analysis", "Analysis"),
        ("conclusion", "Conclusion"),
        ("action-plan", "Action plan"),
    ]
    assert all(prompt.kind == TEXT and prompt.hint for prompt in gibbs.prompts)
    assert "Gibbs G (1988) Learning by Doing" in gibbs.description


def test_the_nmc_account_follows_the_nmc_form_headings():
    nmc = templates_by_key()["nmc-reflective-account"]

    assert [prompt.label for prompt in nmc.prompts] == [
        "The nature of the activity, feedback or event",
        "What did you learn from it?",
        "How did you change or improve your practice as a result?",
        "How is this relevant to the Code?",
    ]
    assert [prompt.kind for prompt in nmc.prompts[:3]] == [TEXT, TEXT, TEXT]


def test_the_nmc_code_prompt_offers_exactly_the_four_themes_and_room_to_write():
    code = templates_by_key()["nmc-reflective-account"].prompts[-1]

    assert code.kind == CHOICES
    assert code.choices == (
        "Prioritise people",
        "Practise effectively",
        "Preserve safety",
        "Promote professionalism and trust",
    )
    assert code.also_text is True


def test_only_the_nmc_code_prompt_mixes_choices_and_text():
    mixed = [(template.key, prompt.key) for template in built_in_templates() for prompt in template.prompts]
    mixed = [pair for pair in mixed if templates_prompt(*pair).also_text]

    assert mixed == [("nmc-reflective-account", "code")]


def templates_prompt(template_key: str, prompt_key: str) -> Prompt:
    return next(prompt for prompt in templates_by_key()[template_key].prompts if prompt.key == prompt_key)


def test_learning_from_a_mistake_walks_through_self_compassion_in_order():
    mistake = templates_by_key()["learning-from-a-mistake"]

    assert [prompt.key for prompt in mistake.prompts] == [
        "what-happened",
        "how-it-felt",
        "common-humanity",
        "to-a-friend",
        "next",
    ]
    assert "anyone in your place" in templates_prompt("learning-from-a-mistake", "common-humanity").label
    assert "not alone" in templates_prompt("learning-from-a-mistake", "common-humanity").hint
    assert "say to a friend" in templates_prompt("learning-from-a-mistake", "to-a-friend").label
    assert "yourself" in templates_prompt("learning-from-a-mistake", "to-a-friend").hint


# The words themselves: checks that keep the tone kind, plain and free of blame


def all_copy() -> list[tuple[str, str]]:
    """Every piece of text a person reads in a built-in template, with where it comes from."""
    texts = []
    for template in built_in_templates():
        texts += [(f"{template.key} name", template.name), (f"{template.key} summary", template.summary)]
        texts.append((f"{template.key} description", template.description))
        for prompt in template.prompts:
            texts += [
                (f"{template.key}/{prompt.key} label", prompt.label),
                (f"{template.key}/{prompt.key} hint", prompt.hint),
            ]
            texts += [(f"{template.key}/{prompt.key} choice", choice) for choice in prompt.choices]
    return texts


JUDGEMENTAL = [
    r"\bfail",
    r"\bfault",
    r"\bblam",
    r"\bguilt",
    r"\bshould(n't| not)? have\b",
    r"\bshould've\b",
    r"\bmust\b",
    r"\bought\b",
    r"\bwhy did you\b",
    r"\b(went|got|did) wrong\b",
    r"\bbad(ly)?\b",
    r"\bpoor(ly)?\b",
    r"\bcareless",
    r"\bnegligen",
    r"\bincompeten",
    r"\bstupid\b",
    r"\bjust\b",
    r"\bsimply\b",
    r"\bobviously\b",
]


@pytest.mark.parametrize("pattern", JUDGEMENTAL)
def test_no_template_text_judges_blames_or_belittles(pattern):
    found = [(where, text) for where, text in all_copy() if re.search(pattern, text, re.IGNORECASE)]

    assert found == []


def test_every_prompt_has_a_hint_of_at_most_200_characters():
    for template in built_in_templates():
        for prompt in template.prompts:
            assert prompt.hint, f"{template.key}/{prompt.key} has no hint"
            assert len(prompt.hint) <= 200, f"{template.key}/{prompt.key} hint is {len(prompt.hint)} characters"


def test_no_label_asks_why():
    # "Why did..." invites defending oneself; "what" and "how" invite learning.
    assert [
        prompt.label
        for template in built_in_templates()
        for prompt in template.prompts
        if prompt.label.lower().startswith("why")
    ] == []


def test_every_summary_is_one_sentence_saying_when_to_use_the_template():
    for template in built_in_templates():
        assert template.summary.startswith("Use this "), template.key
        assert template.summary.endswith(".") and template.summary.count(". ") == 0, template.key


def test_sentences_stay_short():
    # NHS content style: short sentences. Source lines (citations) are exempt.
    for where, text in all_copy():
        for line in text.splitlines():
            if line.startswith("Source:"):
                continue
            for sentence in re.split(r"(?<=[.?!:])\s+", line):
                assert len(sentence.split()) <= 25, f"{where}: {sentence!r}"


@pytest.mark.parametrize("key", ["what-so-what-now-what", "gibbs", "nmc-reflective-account", "learning-from-a-mistake"])
def test_templates_about_an_event_remind_the_writer_not_to_identify_anyone(key):
    first = templates_by_key()[key].prompts[0]

    assert "identify" in first.hint


# template_from_dict: the checks that also guard organisation templates


def good_definition() -> dict:
    return {
        "key": "weekly-review",
        "name": "Weekly review",
        "summary": "Use this at the end of the week.",
        "prompts": [
            {"key": "highlight", "label": "What went well?", "hint": "Anything counts.", "kind": "text"},
            {"key": "theme", "label": "Which theme?", "kind": "choices", "choices": ["Safety", "People"]},
        ],
    }


def test_a_good_definition_becomes_a_template_with_sensible_defaults():
    template = template_from_dict(good_definition())

    assert template == ReflectionTemplate(
        key="weekly-review",
        name="Weekly review",
        summary="Use this at the end of the week.",
        description="",
        prompts=(
            Prompt(key="highlight", label="What went well?", hint="Anything counts.", kind="text"),
            Prompt(key="theme", label="Which theme?", hint="", kind="choices", choices=("Safety", "People")),
        ),
    )


def test_surrounding_spaces_are_trimmed():
    definition = good_definition()
    definition["name"] = "  Weekly review "
    definition["prompts"][1]["choices"] = [" Safety", "People  "]

    template = template_from_dict(definition)

    assert template.name == "Weekly review"
    assert template.prompts[1].choices == ("Safety", "People")


def without(field):
    def change(definition):
        del definition[field]

    return change


def prompt_without(field):
    def change(definition):
        del definition["prompts"][0][field]

    return change


def set_field(field, value):
    def change(definition):
        definition[field] = value

    return change


def set_prompt(field, value, index=0):
    def change(definition):
        definition["prompts"][index][field] = value

    return change


def duplicate_prompt_key(definition):
    definition["prompts"][1]["key"] = "highlight"


def too_many_prompts(definition):
    definition["prompts"] = [
        {"key": f"p{number}", "label": f"Question {number}", "kind": "text"} for number in range(21)
    ]


BAD_DEFINITIONS = {
    "missing key": (without("key"), 'Template: "key" is missing'),
    "missing name": (without("name"), 'Template "weekly-review": "name" is missing'),
    "missing summary": (without("summary"), '"summary" is missing'),
    "missing prompts": (without("prompts"), '"prompts" is missing'),
    "empty name": (set_field("name", "   "), '"name" is empty'),
    "name not text": (set_field("name", 7), '"name" must be text, not a number'),
    "name too long": (set_field("name", "x" * 101), '"name" is longer than 100 characters'),
    "key with capitals": (set_field("key", "Weekly Review"), 'may only use lower-case letters, digits, "-" and "_"'),
    "key too long": (set_field("key", "k" * 81), '"key" is longer than 80 characters'),
    "unknown template field": (set_field("nmae", "Weekly"), 'unknown field "nmae"'),
    "prompts not a list": (set_field("prompts", {"key": "a"}), '"prompts" must be a list, not an object'),
    "no prompts": (set_field("prompts", []), '"prompts" is empty'),
    "too many prompts": (too_many_prompts, "has more than 20 prompts"),
    "prompt not an object": (set_field("prompts", ["What went well?"]), "prompt 1: must be an object, not text"),
    "prompt missing key": (prompt_without("key"), 'prompt 1: "key" is missing'),
    "prompt missing label": (prompt_without("label"), 'prompt 1: "label" is missing'),
    "prompt missing kind": (prompt_without("kind"), 'prompt 1: "kind" is missing'),
    "empty label": (set_prompt("label", ""), 'prompt 1: "label" is empty'),
    "blank label": (set_prompt("label", " \n "), 'prompt 1: "label" is empty'),
    "hint not text": (set_prompt("hint", ["a"]), '"hint" must be text, not a list'),
    "duplicate prompt key": (duplicate_prompt_key, 'prompt 2: duplicate prompt key "highlight" (prompt 1 uses it too)'),
    "unknown kind": (set_prompt("kind", "scale"), 'prompt 1: unknown kind "scale"; use "text" or "choices"'),
    "choices missing": (set_prompt("kind", "choices"), 'prompt 1: kind "choices" needs a "choices" list'),
    "choices empty": (set_prompt("choices", [], index=1), 'prompt 2: "choices" is empty'),
    "choices not a list": (set_prompt("choices", "Safety, People", index=1), '"choices" must be a list, not text'),
    "blank choice": (set_prompt("choices", ["Safety", " "], index=1), "prompt 2: choice 2 is empty or not text"),
    "choice twice": (set_prompt("choices", ["Safety", "safety"], index=1), 'prompt 2: choice "safety" appears twice'),
    "choices on a text prompt": (set_prompt("choices", ["A"]), 'prompt 1: "choices" is only for kind "choices"'),
    "also_text on a text prompt": (set_prompt("also_text", True), 'prompt 1: "also_text" is only for kind "choices"'),
    "also_text not true or false": (set_prompt("also_text", "yes", index=1), '"also_text" must be true or false'),
    "unknown prompt field": (set_prompt("hnit", "Anything counts."), 'prompt 1: unknown field "hnit"'),
}


@pytest.mark.parametrize(("change", "message"), BAD_DEFINITIONS.values(), ids=BAD_DEFINITIONS.keys())
def test_a_bad_definition_is_refused_with_a_message_naming_the_problem(change, message):
    definition = copy.deepcopy(good_definition())
    change(definition)

    with pytest.raises(TemplateError) as refused:
        template_from_dict(definition)

    assert message in str(refused.value)
    assert len(refused.value.problems) == 1, refused.value.problems


@pytest.mark.parametrize("data", [None, "free", ["free"], 3])
def test_something_other_than_an_object_is_refused(data):
    with pytest.raises(TemplateError, match="A template must be an object"):
        template_from_dict(data)


def test_every_problem_is_named_at_once():
    definition = good_definition()
    definition["name"] = ""
    definition["prompts"][0]["kind"] = "slider"

    with pytest.raises(TemplateError) as refused:
        template_from_dict(definition)

    assert refused.value.problems == (
        'Template "weekly-review": "name" is empty',
        'Template "weekly-review", prompt 1: unknown kind "slider"; use "text" or "choices"',
    )
    assert str(refused.value) == "; ".join(refused.value.problems)


def test_a_template_error_is_a_value_error():
    assert issubclass(TemplateError, ValueError)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
field_values = st.one_of(json_values, st.just("text"), st.just("choices"), st.text(min_size=1, max_size=20))
prompts = st.lists(
    st.dictionaries(st.sampled_from(["key", "label", "hint", "kind", "choices", "also_text", "x"]), field_values),
    max_size=4,
)
definitions = st.fixed_dictionaries(
    {},
    optional={
        "key": field_values,
        "name": field_values,
        "summary": field_values,
        "description": field_values,
        "prompts": prompts | json_values,
    },
)


@given(definitions | json_values)
def test_any_json_either_becomes_a_template_or_is_refused_with_a_template_error(data):
    try:
        template = template_from_dict(data)
    except TemplateError as refused:
        assert refused.problems and all(refused.problems)
    else:
        assert template.name and template.prompts


# Feelings


def test_there_are_8_to_12_families_of_5_to_10_words():
    families = feeling_families()

    assert 8 <= len(families) <= 12
    for family in families:
        assert 5 <= len(family.words) <= 10, family.key
        assert family.name and family.key


def test_family_keys_are_unique():
    keys = [family.key for family in feeling_families()]

    assert len(keys) == len(set(keys))


def test_every_word_belongs_to_exactly_one_family():
    words = [word.casefold() for family in feeling_families() for word in family.words]

    assert len(words) == len(set(words))


def test_words_are_plain_lower_case_words():
    for family in feeling_families():
        for word in family.words:
            assert re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", word), word


def test_each_family_holds_the_word_it_is_named_after():
    for family in feeling_families():
        assert family.name.split()[0].lower() in family.words, family.key


def test_every_word_leads_back_to_its_family():
    for family in feeling_families():
        for word in family.words:
            assert family_of(word) is family


@pytest.mark.parametrize(
    ("word", "family"), [("calm", "calm"), ("CALM", "calm"), ("Worn Out", "tired"), ("  fed   up ", "angry")]
)
def test_family_of_ignores_case_and_extra_spaces(word, family):
    assert family_of(word).key == family


@pytest.mark.parametrize("word", ["", "   ", "hungry", "calmer", None])
def test_family_of_an_unknown_word_is_none(word):
    assert family_of(word) is None


def test_the_feelings_suit_both_the_journal_and_the_check_in_after_a_practice():
    keys = {family.key for family in feeling_families()}

    assert {"calm", "tired", "anxious", "overwhelmed", "grateful", "connected"} <= keys
    assert isinstance(feeling_families()[0], FeelingFamily)


def test_intensities_are_a_few_plain_steps_from_least_to_most():
    values = [value for value, _ in INTENSITIES]

    assert 3 <= len(INTENSITIES) <= 5
    assert values == list(range(1, len(INTENSITIES) + 1))
    assert all(label and label[0].isupper() and len(label) <= 20 for _, label in INTENSITIES)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("calm", "calm"), ("  CALM ", "calm"), ("worn  out", "worn out"), ("", ""), ("nonsense", "")],
)
def test_feeling_word_gives_the_lists_own_spelling(given, expected):
    assert feeling_word(given) == expected
