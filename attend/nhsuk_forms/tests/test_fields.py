"""Each NHS.UK field renders the design system's markup: labels tied to inputs, hints and errors announced."""

import datetime

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from attend.core.tests.pages import parse_html
from attend.nhsuk_forms import fields as nf
from attend.nhsuk_forms.params import error_summary_params
from attend.organisations.models import Organisation
from attend.organisations.tests.factories import OrganisationFactory

SHIFTS = [("early", "Early"), ("late", "Late"), ("night", "Night")]
SITES = [("", "Choose a site"), ("north", "North Road"), ("south", "South Street")]
DAYS = [("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday")]


class ExampleForm(forms.Form):
    name = nf.CharField(label="Full name", hint="As it appears on your badge", max_length=20)
    notes = nf.CharField(label="Notes", widget=forms.Textarea, hint="Anything we should know")
    password = nf.PasswordField(label="Password", hint="At least 15 characters", min_length=15)
    email = nf.EmailField(label="Email address", hint="Your work address")
    start = nf.TimeField(label="Start time", hint="For example, 08:30")
    shift = nf.ChoiceField(label="Which shift?", choices=SHIFTS, hint="Choose one")
    site = nf.ChoiceField(label="Site", choices=SITES, widget=forms.Select, hint="Where you usually work")
    days = nf.MultipleChoiceField(label="Which days?", choices=DAYS, hint="Choose all that apply")
    agree = nf.BooleanField(label="I have read the guidance", hint="You need to agree", required=True)
    upload = nf.FileField(label="Upload a file", hint="A CSV file")

    def clean(self):
        if self.cleaned_data.get("name") == "Clash":
            raise forms.ValidationError("This person is already on the rota")
        return self.cleaned_data


GOOD_DATA = {
    "name": "Sam Okoro",
    "notes": "Prefers early shifts",
    "password": "quiet-harbour-lantern-71",
    "email": "sam@example.test",
    "start": "08:30",
    "shift": "late",
    "site": "south",
    "days": ["mon", "wed"],
    "agree": "on",
}
BAD_DATA = {
    "name": "A name that is far too long",
    "notes": "",
    "password": "hunter2-secret",
    "email": "not-an-email",
    "start": "25:99",
}

SINGLE_INPUTS = ["name", "notes", "password", "email", "start", "site", "upload"]
GROUPS = ["shift", "days"]
ALL_FIELDS = SINGLE_INPUTS + GROUPS + ["agree"]


def good_form(**changes) -> ExampleForm:
    data = {**GOOD_DATA, **changes}
    form = ExampleForm(data, {"upload": SimpleUploadedFile("rota.csv", b"name\nSam\n")})
    form.is_valid()
    return form


def bad_form(**data) -> ExampleForm:
    """A failed submit: every field is wrong or missing."""
    form = ExampleForm({**BAD_DATA, **data}, {})
    assert not form.is_valid()
    return form


def render(form, name):
    """The field's form group, as a tree."""
    html = parse_html(str(form[name].as_field_group()))
    return html.one(cls="nhsuk-form-group")


def the_control(group, form, name):
    """The one element a person types into or picks from."""
    tag = {"notes": "textarea", "site": "select"}.get(name, "input")
    return group.one(tag, id=form[name].auto_id)


class TestLabels:
    @pytest.mark.parametrize("name", SINGLE_INPUTS)
    def test_the_label_belongs_to_the_input(self, name):
        form = ExampleForm()
        group = render(form, name)

        label = group.one("label")
        element = the_control(group, form, name)
        assert label.get("for") == element.get("id") == form[name].auto_id
        assert label.text == form[name].label
        assert element.get("name") == name

    @pytest.mark.parametrize(("name", "choices"), [("shift", SHIFTS), ("days", DAYS)])
    def test_each_choice_has_its_own_label(self, name, choices):
        form = ExampleForm()
        group = render(form, name)

        inputs = group.select("input", name=name)
        assert [element.get("value") for element in inputs] == [value for value, _ in choices]
        assert inputs[0].get("id") == form[name].auto_id
        assert len({element.get("id") for element in inputs}) == len(choices)
        for element, (_, text) in zip(inputs, choices, strict=True):
            assert group.one("label", for_=element.get("id")).text == text

    def test_a_yes_no_checkbox_is_labelled_by_its_question(self):
        form = ExampleForm()
        group = render(form, "agree")

        checkbox = group.one("input", name="agree")
        assert checkbox.get("type") == "checkbox"
        assert checkbox.get("id") == form["agree"].auto_id
        assert group.one("label", for_=checkbox.get("id")).text == "I have read the guidance"


class TestInputTypes:
    @pytest.mark.parametrize(
        ("name", "input_type"),
        [("name", "text"), ("password", "password"), ("email", "email"), ("start", "text"), ("upload", "file")],
    )
    def test_each_field_uses_the_right_input(self, name, input_type):
        form = ExampleForm()

        assert the_control(render(form, name), form, name).get("type") == input_type

    def test_a_textarea_is_a_textarea(self):
        form = ExampleForm()

        assert "nhsuk-textarea" in the_control(render(form, "notes"), form, "notes").classes

    def test_email_and_password_help_password_managers(self):
        form = ExampleForm()

        assert the_control(render(form, "email"), form, "email").get("autocomplete") == "email"
        assert the_control(render(form, "password"), form, "password").get("autocomplete") == "current-password"

    def test_a_select_keeps_its_empty_choice_and_radios_do_not_offer_one(self):
        form = ExampleForm()

        options = render(form, "site").select("option")
        assert [(option.get("value"), option.text) for option in options] == SITES
        assert options[0].has("selected")

        class AsRadios(forms.Form):
            site = nf.ChoiceField(label="Site", choices=SITES, required=False)

        radios = render(AsRadios(), "site").select("input", name="site")
        assert [radio.get("value") for radio in radios] == ["north", "south"]

    def test_the_browser_is_not_told_the_length_limits(self):
        # A browser-enforced maxlength or minlength would stop the person before our clear error message.
        form = ExampleForm()

        assert not the_control(render(form, "name"), form, "name").has("maxlength")
        assert not the_control(render(form, "password"), form, "password").has("minlength")

    def test_a_password_input_is_the_nhsuk_show_and_hide_component(self):
        group = render(ExampleForm(), "password")

        assert group.get("data-module") == "nhsuk-password-input"


class TestHints:
    @pytest.mark.parametrize("name", SINGLE_INPUTS)
    def test_the_hint_is_read_out_with_the_input(self, name):
        form = ExampleForm()
        group = render(form, name)

        hint = group.one(cls="nhsuk-hint")
        assert hint.text == form.fields[name].hint
        assert hint.get("id") == f"{form[name].auto_id}-hint"
        described_by = the_control(group, form, name).get("aria-describedby").split()
        assert hint.get("id") in described_by

    @pytest.mark.parametrize("name", GROUPS)
    def test_a_group_hint_is_read_out_with_the_fieldset(self, name):
        form = ExampleForm()
        group = render(form, name)

        hint = group.one(cls="nhsuk-hint")
        assert hint.text == form.fields[name].hint
        assert hint.get("id") in group.one("fieldset").get("aria-describedby").split()

    def test_a_yes_no_hint_is_read_out_with_the_checkbox(self):
        form = ExampleForm()
        group = render(form, "agree")

        hint = group.one(cls="nhsuk-hint")
        assert hint.text == "You need to agree"
        assert hint.get("id") in group.one("input", name="agree").get("aria-describedby").split()

    def test_a_field_without_a_hint_has_no_hint(self):
        class Plain(forms.Form):
            name = nf.CharField(label="Name")

        group = render(Plain(), "name")

        assert not group.select(cls="nhsuk-hint")
        assert not group.one("input").has("aria-describedby")


class TestErrors:
    @pytest.mark.parametrize("name", ALL_FIELDS)
    def test_an_invalid_field_shows_its_error(self, name):
        form = bad_form()
        group = render(form, name)

        assert "nhsuk-form-group--error" in group.classes
        error = group.one(cls="nhsuk-error-message")
        assert error.get("id") == f"{form[name].auto_id}-error"
        assert error.text == "Error: " + " ".join(form[name].errors)

    @pytest.mark.parametrize("name", SINGLE_INPUTS + ["agree"])
    def test_the_error_is_read_out_with_the_input(self, name):
        form = bad_form()
        group = render(form, name)

        element = group.one("input", name="agree") if name == "agree" else the_control(group, form, name)
        assert f"{form[name].auto_id}-error" in element.get("aria-describedby").split()

    @pytest.mark.parametrize("name", GROUPS)
    def test_a_group_error_is_read_out_with_the_fieldset(self, name):
        form = bad_form()
        group = render(form, name)

        assert f"{form[name].auto_id}-error" in group.one("fieldset").get("aria-describedby").split()

    @pytest.mark.parametrize("name", ALL_FIELDS)
    def test_a_valid_field_shows_no_error(self, name):
        form = good_form()
        assert form.is_valid(), form.errors
        group = render(form, name)

        assert "nhsuk-form-group--error" not in group.classes
        assert not group.select(cls="nhsuk-error-message")

    def test_an_unbound_form_shows_no_errors(self):
        form = ExampleForm()

        for name in ALL_FIELDS:
            assert not render(form, name).select(cls="nhsuk-error-message")

    def test_error_text_is_escaped(self):
        class Strict(forms.Form):
            name = nf.CharField(label="Name")

            def clean_name(self):
                raise forms.ValidationError("Names like <b>this</b> are not allowed")

        form = Strict({"name": "x"})
        form.is_valid()

        rendered = str(form["name"].as_field_group())
        assert "<b>this</b>" not in rendered
        assert "&lt;b&gt;this&lt;/b&gt;" in rendered


class TestFieldsets:
    @pytest.mark.parametrize(("name", "legend"), [("shift", "Which shift?"), ("days", "Which days?")])
    def test_choices_are_grouped_under_a_legend(self, name, legend):
        group = render(ExampleForm(), name)

        fieldset = group.one("fieldset")
        assert fieldset.one("legend").text == legend
        assert len(fieldset.select("input", name=name)) > 1
        assert not group.select("label", cls="nhsuk-label--s")

    def test_radios_and_checkboxes_use_the_nhsuk_components(self):
        form = ExampleForm()

        assert render(form, "shift").select(cls="nhsuk-radios")
        assert all(box.get("type") == "radio" for box in render(form, "shift").select("input"))
        assert render(form, "days").select(cls="nhsuk-checkboxes")
        assert all(box.get("type") == "checkbox" for box in render(form, "days").select("input"))


def checked(group, name) -> set[str]:
    return {element.get("value") for element in group.select("input", name=name) if element.has("checked")}


class TestAfterAFailedSubmit:
    def test_the_chosen_radio_stays_chosen(self):
        form = bad_form(shift="night")

        assert checked(render(form, "shift"), "shift") == {"night"}

    def test_the_ticked_boxes_stay_ticked(self):
        form = bad_form(days=["mon", "wed"])

        assert checked(render(form, "days"), "days") == {"mon", "wed"}

    def test_the_selected_option_stays_selected(self):
        form = bad_form(site="north")

        options = render(form, "site").select("option")
        assert [option.get("value") for option in options if option.has("selected")] == ["north"]

    def test_a_ticked_yes_no_box_stays_ticked(self):
        assert checked(render(bad_form(agree="on"), "agree"), "agree") == {"on"}
        assert checked(render(bad_form(), "agree"), "agree") == set()

    @pytest.mark.parametrize(
        ("name", "typed"), [("name", "A name that is far too long"), ("email", "not-an-email"), ("start", "25:99")]
    )
    def test_what_was_typed_is_kept_to_correct(self, name, typed):
        form = bad_form()

        assert the_control(render(form, name), form, name).get("value") == typed

    def test_typed_text_is_kept_in_a_textarea(self):
        form = ExampleForm({**BAD_DATA, "notes": "Needs <step-free> access"})
        form.is_valid()

        rendered = str(form["notes"].as_field_group())
        assert "Needs &lt;step-free&gt; access" in rendered
        assert the_control(parse_html(rendered), form, "notes").text == "Needs <step-free> access"

    def test_the_password_is_never_sent_back(self):
        form = bad_form(password="hunter2-secret")

        rendered = str(form["password"].as_field_group())
        assert "hunter2-secret" not in rendered
        assert the_control(parse_html(rendered), form, "password").get("value") == ""

    def test_the_password_is_not_sent_back_when_the_password_itself_is_wrong(self):
        class Confirm(forms.Form):
            password = nf.PasswordField(label="Password")

            def clean_password(self):
                raise forms.ValidationError("That password is not right")

        form = Confirm({"password": "hunter2-secret"})
        form.is_valid()

        rendered = str(form["password"].as_field_group())
        assert "hunter2-secret" not in rendered
        assert "That password is not right" in rendered

    def test_a_password_typed_into_a_plain_password_widget_is_not_sent_back_either(self):
        class Legacy(forms.Form):
            secret = nf.CharField(label="Secret", widget=forms.PasswordInput(render_value=True))

        form = Legacy({"secret": "hunter2-secret"})

        assert "hunter2-secret" not in str(form["secret"].as_field_group())


class TestInitialValues:
    def test_a_time_is_shown_as_hours_and_minutes(self):
        form = ExampleForm(initial={"start": datetime.time(9, 0)})

        assert the_control(render(form, "start"), form, "start").get("value") == "09:00"

    def test_initial_choices_are_shown_chosen(self):
        form = ExampleForm(initial={"shift": "early", "days": ["tue"], "site": "north", "agree": True})

        assert checked(render(form, "shift"), "shift") == {"early"}
        assert checked(render(form, "days"), "days") == {"tue"}
        assert checked(render(form, "agree"), "agree") == {"on"}
        assert render(form, "site").one("option", value="north").has("selected")

    def test_typed_choices_match_their_initial_values(self):
        class Week(forms.Form):
            days = nf.TypedMultipleChoiceField(label="Days", choices=[(0, "Monday"), (1, "Tuesday")], coerce=int)

        form = Week(initial={"days": [1]})

        assert checked(render(form, "days"), "days") == {"1"}
        bound = Week({"days": ["0", "1"]})
        assert bound.is_valid()
        assert bound.cleaned_data["days"] == [0, 1]

    @pytest.mark.django_db
    def test_a_model_choice_is_chosen_by_its_key(self):
        chosen, other = OrganisationFactory(name="Alder Trust"), OrganisationFactory(name="Birch Trust")

        class Pick(forms.Form):
            organisation = nf.ModelChoiceField(
                label="Organisation", queryset=Organisation.objects.all(), widget=forms.RadioSelect
            )

        group = render(Pick(initial={"organisation": chosen}), "organisation")

        assert checked(group, "organisation") == {str(chosen.pk)}
        assert group.one("label", for_=group.one("input", value=str(other.pk)).get("id")).text == "Birch Trust"


class TestErrorSummary:
    def test_each_field_error_links_to_its_field(self):
        form = bad_form()

        params = error_summary_params([form])

        assert params["heading"] == "There is a problem"
        links = {item["href"] for item in params["errorList"] if "href" in item}
        expected = {f"#{form[name].auto_id}" for name in form.errors if name != "__all__"}
        assert links == expected
        assert "#id_name" in links and "#id_shift" in links and "#id_agree" in links

    def test_the_links_follow_the_order_of_the_fields(self):
        params = error_summary_params([bad_form()])

        hrefs = [item["href"] for item in params["errorList"]]
        assert hrefs == [f"#id_{name}" for name in ExampleForm.base_fields if name in bad_form().errors]

    def test_each_link_reaches_an_element_on_the_page(self):
        form = bad_form()
        rendered = parse_html("".join(str(form[name].as_field_group()) for name in form.fields))

        for item in error_summary_params([form])["errorList"]:
            assert len(rendered.select(id=item["href"][1:])) == 1

    def test_non_field_errors_come_first_without_a_link(self):
        form = good_form(name="Clash")

        params = error_summary_params([form])

        assert params["errorList"] == [{"text": "This person is already on the rota"}]

    def test_non_field_errors_are_listed_alongside_field_errors(self):
        form = ExampleForm({**BAD_DATA, "name": "Clash"}, {})
        form.is_valid()

        items = error_summary_params([form])["errorList"]

        assert items[0] == {"text": "This person is already on the rota"}
        assert all("href" in item for item in items[1:])
        assert len(items) > 1

    def test_a_field_with_two_errors_lists_both(self):
        class Twice(forms.Form):
            name = nf.CharField(label="Name")

            def clean(self):
                self.add_error("name", "First problem")
                self.add_error("name", "Second problem")

        form = Twice({"name": "x"})
        form.is_valid()

        assert error_summary_params([form])["errorList"] == [
            {"text": "First problem", "href": "#id_name"},
            {"text": "Second problem", "href": "#id_name"},
        ]

    def test_errors_from_several_forms_are_summarised_together_with_their_prefixes(self):
        first = ExampleForm({}, prefix="first")
        second = ExampleForm({"second-name": "x" * 30}, prefix="second")

        items = error_summary_params([first, second])["errorList"]

        hrefs = [item["href"] for item in items]
        assert "#id_first-name" in hrefs
        assert "#id_second-name" in hrefs
        assert hrefs.index("#id_first-name") < hrefs.index("#id_second-name")

    def test_there_is_no_summary_without_errors(self):
        assert error_summary_params([good_form()]) is None
        assert error_summary_params([ExampleForm()]) is None
        assert error_summary_params([]) is None


class TestWholeForm:
    def test_a_form_renders_every_field_as_a_group_and_hidden_fields_as_hidden(self):
        class WithHidden(forms.Form):
            next = forms.CharField(widget=forms.HiddenInput, required=False, initial="/account/")
            name = nf.CharField(label="Name")
            shift = nf.ChoiceField(label="Shift", choices=SHIFTS)

        html = parse_html(str(WithHidden()))

        assert html.one("input", name="next").get("type") == "hidden"
        assert html.one("input", name="next").get("value") == "/account/"
        assert len(html.select(cls="nhsuk-form-group")) == 2
        assert html.one("label", for_="id_name").text == "Name"
        assert html.one("fieldset").one("legend").text == "Shift"
