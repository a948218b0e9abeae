"""The feelings picker is kept between requests (nhsuk_forms.memo) without keeping anyone's chosen feeling."""

import pytest
from django.template import engines

from attend.nhsuk_forms.memo import Components
from attend.reflect.forms import EntryForm, feeling_families


@pytest.fixture
def kept(monkeypatch):
    """An empty table for this test: the process's own is shared by every test."""
    environment = engines["jinja2"].env
    table = Components(environment)
    monkeypatch.setitem(environment.globals, "nhsuk_component", table)
    return table


def test_a_chosen_feeling_is_shown_but_its_family_is_never_kept(kept):
    families = feeling_families()
    chosen = families[1].words[0]

    html = str(EntryForm(prompts=[], initial={"feeling_then": chosen})["feeling_then"].as_field_group())

    assert f'value="{chosen}" checked' in html
    assert not any(chosen in str(key) and "True" in str(key) for key in kept._kept)
    # Every other family, and "no feeling chosen", are the same for everyone who chose elsewhere: kept.
    assert len(kept) == len(families)


def test_kept_families_render_as_fresh_ones(kept):
    fresh = str(EntryForm(prompts=[])["feeling_now"].as_field_group())
    again = str(EntryForm(prompts=[])["feeling_now"].as_field_group())
    assert again == fresh
    assert len(kept) == len(feeling_families()) + 1
