"""The feelings picker is kept between requests (nhsuk_forms.memo) without keeping anyone's chosen feeling."""

from attend.reflect.forms import EntryForm, feeling_families


def test_a_chosen_feeling_is_shown_but_its_family_is_never_kept(kept_components):
    families = feeling_families()
    chosen = families[1].words[0]

    html = str(EntryForm(prompts=[], initial={"feeling_then": chosen})["feeling_then"].as_field_group())

    assert f'value="{chosen}" checked' in html
    assert not any(chosen in str(key) and "True" in str(key) for key in kept_components._kept)
    # Every other family, and "no feeling chosen", are the same for everyone who chose elsewhere: kept.
    assert len(kept_components) == len(families)


def test_kept_families_render_as_fresh_ones(kept_components):
    fresh = str(EntryForm(prompts=[])["feeling_now"].as_field_group())
    again = str(EntryForm(prompts=[])["feeling_now"].as_field_group())
    assert again == fresh
    assert len(kept_components) == len(feeling_families()) + 1
