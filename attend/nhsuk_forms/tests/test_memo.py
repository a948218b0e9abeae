"""Kept NHS.UK components: the same HTML as rendering afresh, never kept for what is not Attend's own words."""

import pytest
from django import forms
from django.template import engines
from django.utils.safestring import mark_safe
from jinja2 import ChainableUndefined
from markupsafe import Markup

from attend.nhsuk_forms import fields as nf
from attend.nhsuk_forms.memo import Components, NotKeyable, key_of

SCALE = [("1", "Never"), ("2", "Sometimes"), ("3", "Often")]


class ScaleForm(forms.Form):
    fixed = nf.ChoiceField(fixed_choices=True, label="How often?", choices=SCALE, widget=forms.RadioSelect)
    days = nf.MultipleChoiceField(fixed_choices=True, label="Which days?", choices=[("mon", "Monday")])
    zone = nf.ChoiceField(fixed_choices=True, label="Zone", choices=SCALE, widget=forms.Select)
    tag = nf.ChoiceField(label="Tag", required=False, choices=[("grief", "grief")], widget=forms.Select)
    feeling = nf.ChoiceField(
        fixed_choices=True, private_choice=True, label="Feeling", required=False, choices=[("calm", "Calm")]
    )


@pytest.fixture
def components(monkeypatch):
    """The table fields render through, empty for this test (the process's own is shared by every test)."""
    environment = engines["jinja2"].env
    table = Components(environment)
    monkeypatch.setitem(environment.globals, "nhsuk_component", table)
    return table


@pytest.fixture
def fresh():
    """A table of its own, so a test sees only what it kept."""
    return Components(engines["jinja2"].env, size=3)


def radios(name: str, checked: str = "") -> dict:
    items = [{"value": value, "text": text, "checked": value == checked} for value, text in SCALE]
    return {"idPrefix": name, "name": name, "fieldset": {"legend": {"text": "How often?"}}, "items": items}


class TestKeys:
    def test_trusted_html_is_not_plain_text(self):
        assert key_of(Markup("<b>Often</b>")) != key_of("<b>Often</b>")
        assert key_of(mark_safe("<b>Often</b>")) == key_of(Markup("<b>Often</b>"))

    def test_missing_is_not_empty_and_true_is_not_one(self):
        assert key_of(ChainableUndefined()) != key_of("")
        assert key_of(True) != key_of(1)
        assert key_of(None) != key_of("None")

    def test_order_of_a_dict_does_not_matter_but_order_of_a_list_does(self):
        assert key_of({"a": 1, "b": 2}) == key_of({"b": 2, "a": 1})
        assert key_of([1, 2]) != key_of([2, 1])

    def test_an_object_has_no_key(self):
        with pytest.raises(NotKeyable):
            key_of({"value": object()})


class TestKeeping:
    def test_kept_html_is_the_macros_html(self, fresh):
        afresh = fresh("radios", radios("often", checked="2"))
        assert fresh("radios", radios("often", checked="2"), keep=True) == afresh
        assert fresh("radios", radios("often", checked="2"), keep=True) == afresh
        assert len(fresh) == 1

    def test_a_table_is_kept_as_its_macro_renders_it(self, fresh):
        params = {"caption": "Scores", "head": [{"text": "Theme"}], "rows": [[{"text": "Wellbeing 7.5"}]]}
        afresh = fresh("tables", params)
        assert "Wellbeing 7.5" in afresh
        assert fresh("tables", params, keep=True) == afresh == fresh("tables", params, keep=True)
        assert len(fresh) == 1

    def test_a_component_of_two_words_is_its_macros_html(self, fresh):
        rows = {"rows": [{"key": {"text": "Teams"}, "value": {"text": "600 teams"}}]}
        template = engines["jinja2"].env.from_string(
            '{% from "nhsuk/components/summary-list/macro.jinja" import summaryList %}{{ summaryList(p) }}'
        )
        assert fresh("summary-list", rows, keep=True) == template.render(p=rows)
        assert fresh("summary-list", rows, keep=True) == template.render(p=rows)

    def test_each_choice_made_is_kept_apart(self, fresh):
        first = fresh("radios", radios("often", checked="1"), keep=True)
        second = fresh("radios", radios("often", checked="3"), keep=True)
        assert 'value="1" checked' in first
        assert 'value="3" checked' in second
        assert len(fresh) == 2

    def test_the_table_is_bounded(self, fresh):
        for name in "abcde":
            fresh("radios", radios(name), keep=True)
        assert len(fresh) == 3
        assert 'name="e"' in fresh("radios", radios("e"), keep=True)

    def test_nothing_is_kept_unless_asked(self, fresh):
        fresh("radios", radios("often"))
        assert len(fresh) == 0

    def test_a_call_with_an_object_is_rendered_not_kept(self, fresh):
        params = radios("often")
        params["attributes"] = {"data-x": object()}
        assert 'name="often"' in fresh("radios", params, keep=True)
        assert len(fresh) == 0


class TestFields:
    def test_a_fixed_choice_field_renders_as_it_did(self, components):
        form = ScaleForm(initial={"fixed": "2", "days": ["mon"], "zone": "3"})
        for name in ("fixed", "days", "zone"):
            kept = str(form[name].as_field_group())
            form[name].field.fixed_choices = False
            assert str(form[name].as_field_group()) == kept
            form[name].field.fixed_choices = True

    def test_a_field_showing_an_error_is_rendered_afresh(self, components):
        before = len(components)
        form = ScaleForm(data={"fixed": "<script>9</script>", "days": ["mon"], "zone": "1"})
        assert not form.is_valid()
        html = str(form["fixed"].as_field_group())
        assert "&lt;script&gt;9&lt;/script&gt;" in html
        assert len(components) == before

    def test_choices_that_are_someones_data_are_never_kept(self, components):
        form = ScaleForm(initial={"tag": "grief"})
        before = len(components)
        assert "grief" in str(form["tag"].as_field_group())
        assert len(components) == before
        assert not any("grief" in str(key) for key in components._kept)

    def test_a_private_choice_is_kept_only_while_nothing_is_chosen(self, components):
        unchosen = str(ScaleForm()["feeling"].as_field_group())
        kept = len(components)
        chosen = str(ScaleForm(initial={"feeling": "calm"})["feeling"].as_field_group())
        assert 'value="calm" checked' in chosen and "checked" not in unchosen
        assert len(components) == kept == 1


def figures_table(rows, **more) -> dict:
    return {"caption": "Each week", "responsive": True, "head": ["Week", "Hours"], "rows": rows, **more}


TRICKY = [
    ["Week of 2 March", "12.5"],
    ["<script>alert(1)</script>", 'O\'Neill & "Sons"'],
    ["Café à 9", {"text": "7 > 3", "format": "numeric"}],
]


class TestTables:
    """A table's shape is kept, its cells never (diary figures are private to their owner)."""

    def test_a_kept_shape_gives_the_macros_html(self, fresh):
        for rows in (TRICKY, TRICKY[:1], [["a", "b"]] * 12):
            for more in ({}, {"firstCellIsHeader": True}, {"responsive": False}):
                afresh = fresh.macro("tables")(figures_table(rows, **more))
                assert fresh.table(figures_table(rows, **more)) == afresh
                assert fresh.table(figures_table(rows, **more)) == afresh

    def test_the_cells_are_never_kept(self, fresh):
        html = fresh.table(figures_table([["Week of 9 March", "secret 41.5"]]))
        assert "secret 41.5" in html
        assert len(fresh) == 1
        kept = str(list(fresh._kept.items()))
        assert "secret" not in kept and "9 March" not in kept

    def test_the_same_shape_is_kept_once_whatever_the_figures(self, fresh):
        first = fresh.table(figures_table([["one", "1"], ["two", "2"]]))
        second = fresh.table(figures_table([["three", "3"], ["four", "4"]]))
        assert "two" in first and "four" in second and "two" not in second
        assert len(fresh) == 1

    @pytest.mark.parametrize(
        "cell", ["", " padded", "two\nlines", Markup("<b>trusted</b>"), {"html": "<b>x</b>"}, "\ue000" + "0\ue001"]
    )
    def test_a_cell_the_placeholder_cannot_stand_for_is_rendered_afresh_and_not_kept(self, fresh, cell):
        params = figures_table([["Week", cell]])
        assert fresh.table(params) == fresh.macro("tables")(params)
        assert len(fresh) == 0


def today_card(heading, description, href="/connect/") -> dict:
    return {"href": href, "clickable": True, "heading": heading, "headingLevel": 2, "description": description}


class TestCards:
    def test_a_kept_shape_gives_the_macros_html(self, fresh):
        for heading, description, href in (
            ("Connect", "Next: with Mo O'Neill & <Co>, Monday at 9:00.", "/connect/?a=1&b=2"),
            ("Your team: Ward 7", "62 people, including you.", "/teams/1/"),
            ("Café", '"Quoted" words', "/x/"),
        ):
            afresh = fresh.macro("card")(today_card(heading, description, href))
            assert fresh.shaped("card", today_card(heading, description, href)) == afresh
        assert len(fresh) == 1

    def test_the_words_are_never_kept(self, fresh):
        html = fresh.shaped("card", today_card("Connect", "It has been a while since you talked with Ali Secret."))
        assert "Ali Secret" in html
        assert "Ali Secret" not in str(list(fresh._kept.items()))

    @pytest.mark.parametrize("description", ["", " padded", "two\nlines", Markup("<b>trusted</b>")])
    def test_words_the_placeholder_cannot_stand_for_are_rendered_afresh_and_not_kept(self, fresh, description):
        params = today_card("Connect", description)
        assert fresh.shaped("card", params) == fresh.macro("card")(params)
        assert len(fresh) == 0


def figures_list(value, href="/diary/week/meetings/long/?week=2026-03-02") -> dict:
    return {
        "rows": [
            {"key": {"text": "Meetings"}, "value": {"text": "12 hours"}},
            {
                "key": {"text": "Long meetings"},
                "value": {"text": value},
                "actions": {"items": [{"href": href, "text": "See which", "visuallyHiddenText": "long meetings"}]},
            },
        ]
    }


class TestSummaryLists:
    def test_a_kept_shape_gives_the_macros_html(self, fresh):
        for value, href in (("3 (Budget & <Board>)", "/a/?x=1&y=2"), ("None", "/b/"), ("Café 'quoted'", "/c/")):
            assert fresh.shaped("summary-list", figures_list(value, href)) == fresh.macro("summary-list")(
                figures_list(value, href)
            )
        assert len(fresh) == 1

    def test_the_values_are_never_kept(self, fresh):
        assert "41 secret hours" in fresh.shaped("summary-list", figures_list("41 secret hours"))
        assert "secret" not in str(list(fresh._kept.items()))

    @pytest.mark.parametrize("value", ["", "two\nlines", Markup("<b>trusted</b>")])
    def test_a_value_the_placeholder_cannot_stand_for_is_rendered_afresh_and_not_kept(self, fresh, value):
        assert fresh.shaped("summary-list", figures_list(value)) == fresh.macro("summary-list")(figures_list(value))
        assert len(fresh) == 0


def blocks(items, **more) -> dict:
    return {
        "idPrefix": "chosen",
        "name": "chosen",
        "fieldset": {"legend": {"text": "Which blocks would you like to keep?"}},
        "hint": {"text": "Select all that you want."},
        "items": items,
        **more,
    }


def block(title, key, when="Monday 9:00 to 10:00. Before the Board & <Budget>", checked=False) -> dict:
    return {"value": key, "text": title, "hint": {"text": when}, "checked": checked}


class TestCheckboxes:
    def test_a_kept_shape_gives_the_macros_html(self, fresh):
        for items in (
            [block("Focus time", "focus-1"), block("Team huddle 'Ward 7'", "team-2", checked=True)],
            [block("Time for 1:1s", "a&b", when="Tuesday"), block("Quiet", "q-9")],
        ):
            assert fresh.shaped("checkboxes", blocks(items)) == fresh.macro("checkboxes")(blocks(items))
        assert len(fresh) == 2  # which items are ticked is part of the shape

    def test_the_words_are_never_kept(self, fresh):
        html = fresh.shaped("checkboxes", blocks([block("Before Secret Review", "secret-key", when="At the Secret")]))
        assert "Secret Review" in html
        assert "Secret" not in str(list(fresh._kept.items())) and "secret" not in str(list(fresh._kept.items()))

    @pytest.mark.parametrize(
        "params",
        [
            blocks([block("", "k")]),
            blocks([block("Title", "k", when=" padded")]),
            blocks([{"value": "k", "html": "<b>x</b>"}]),
            blocks([block("Title", "k")], errorMessage={"text": "Select a valid choice. nasty is not one of them"}),
        ],
    )
    def test_what_the_placeholder_cannot_stand_for_is_rendered_afresh_and_not_kept(self, fresh, params):
        assert fresh.shaped("checkboxes", params) == fresh.macro("checkboxes")(params)
        assert len(fresh) == 0
