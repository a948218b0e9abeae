"""The demo leader's journal: a dozen varied, invented entries, loaded once."""

from io import StringIO

import pytest
from django.core.management import call_command

from attend.accounts.models import User
from attend.demo.reflect import DEMO_AUTHOR
from attend.reflect.content import built_in_template, family_of
from attend.reflect.models import JournalEntry
from attend.reflect.tests.support import raw_content

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_journal():
    output = load_demo()
    return output, list(User.objects.get(email=DEMO_AUTHOR).journal_entries.all())


def test_the_demo_leader_has_a_dozen_saved_entries(demo_journal):
    output, entries = demo_journal

    assert DEMO_AUTHOR == "leader@northfield.example"
    assert len(entries) == 12
    assert not any(entry.is_draft for entry in entries)
    assert f"Loaded 12 journal entries for {DEMO_AUTHOR}." in output


def test_one_of_them_is_a_hard_handover(demo_journal):
    _, entries = demo_journal

    [handover] = [entry for entry in entries if entry.title == "A hard handover"]
    assert handover.template_key == "gibbs"
    assert len({entry.title for entry in entries}) == 12


def test_the_entries_use_several_templates_with_feelings_and_tags(demo_journal):
    _, entries = demo_journal

    assert len({entry.template_key for entry in entries}) >= 4
    for entry in entries:
        assert entry.title
        assert entry.event_date is not None
        assert entry.content["tags"], entry.title
        assert {item["moment"] for item in entry.content["emotions"]} == {"then", "now"}, entry.title


def test_every_feeling_is_from_the_vocabulary(demo_journal):
    _, entries = demo_journal

    for entry in entries:
        for item in entry.content["emotions"]:
            family = family_of(item["word"])
            assert family is not None, f"{item['word']} in {entry.title}"
            assert item["family"] == family.name


def test_every_answer_belongs_to_a_prompt_of_its_template(demo_journal):
    """An answer under a key the template does not have would never be shown."""
    _, entries = demo_journal

    for entry in entries:
        template = built_in_template(entry.template_key)
        prompts = {prompt.key: prompt for prompt in template.prompts}
        assert entry.content["answers"], entry.title
        for key, answer in entry.content["answers"].items():
            assert key in prompts, f"{key} in {entry.title}"
            assert set(answer["choices"]) <= set(prompts[key].choices), entry.title


def test_the_demo_entries_are_encrypted_like_any_other(demo_journal):
    _, entries = demo_journal

    for entry in entries:
        assert entry.title.casefold() not in raw_content(entry).casefold()


def test_loading_twice_adds_nothing(demo_journal):
    second = load_demo()

    assert JournalEntry.objects.count() == 12
    assert "Demo journal entries are already loaded." in second
