"""Django form fields that render as NHS.UK components: `{{ form.name.as_field_group() }}`.

Each field knows its NHS.UK template, its hint and any extra classes. Validation stays Django's.
"""

import datetime

from django import forms

from attend.core.validators import TextValidator, normalise
from attend.nhsuk_forms import times


class NhsukFieldMixin:
    default_template = "forms/input.jinja"

    def __init__(
        self,
        *args,
        hint=None,
        classes=None,
        label_classes="nhsuk-label--s",
        autocomplete=None,
        inputmode=None,
        fixed_choices=False,
        private_choice=False,
        **kwargs,
    ):
        self.hint = hint
        # Choices private to no one (scales, vocabularies, teams): the field's HTML may be kept (`nhsuk_forms.memo`).
        self.fixed_choices = fixed_choices
        # What the person chooses is theirs (a feeling, an answer): kept only while nothing is chosen.
        self.private_choice = private_choice
        self.classes = classes
        self.label_classes = label_classes
        self.autocomplete = autocomplete
        self.inputmode = inputmode
        kwargs.setdefault("template_name", self.template_for(kwargs.get("widget")))
        super().__init__(*args, **kwargs)

    def template_for(self, widget) -> str:
        return self.default_template

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A browser-enforced maxlength hides our clear error message, so leave it to validation.
        attrs.pop("maxlength", None)
        attrs.pop("minlength", None)
        return attrs


def _is(widget, widget_class) -> bool:
    return widget is widget_class or isinstance(widget, widget_class)


class CharField(NhsukFieldMixin, forms.CharField):
    """Text under Attend's one set of rules (`attend.core.validators`), so the form refuses what the service
    would: normalised, no control characters (a textarea keeps newlines and tabs), no lone surrogates."""

    text_rules = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.text_rules:
            self.validators.append(TextValidator(multiline=self.multiline))

    @property
    def multiline(self) -> bool:
        return _is(self.widget, forms.Textarea)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise(value, multiline=self.multiline) if self.text_rules and value else value

    def template_for(self, widget):
        if _is(widget, forms.Textarea):
            return "forms/textarea.jinja"
        if _is(widget, forms.PasswordInput):
            return "forms/password-input.jinja"
        return "forms/input.jinja"


class EmailField(NhsukFieldMixin, forms.EmailField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("autocomplete", "email")
        kwargs.setdefault("classes", "nhsuk-u-width-two-thirds")
        super().__init__(*args, **kwargs)


class PasswordField(CharField):
    # A password is compared byte for byte with what was set: it is never normalised or refused here.
    text_rules = False

    def __init__(self, *args, autocomplete="current-password", **kwargs):
        kwargs.setdefault("widget", forms.PasswordInput)
        kwargs.setdefault("strip", False)
        super().__init__(*args, autocomplete=autocomplete, **kwargs)


class TimeField(NhsukFieldMixin, forms.TimeField):
    """A time of day typed as people type it ("8am", "08:00", "noon", "8.30pm"; see `times.parse_time`), in a
    plain text box: a browser's time input sends nothing for what it cannot read, so the person was told the
    field was empty. Anything else gets one message saying what a time looks like."""

    default_error_messages = {"invalid": times.INVALID}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TimeInput(format="%H:%M"))
        kwargs.setdefault("classes", "nhsuk-input--width-5")
        kwargs.setdefault("autocomplete", "off")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        try:
            return times.parse_time(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class ChoiceField(NhsukFieldMixin, forms.ChoiceField):
    def template_for(self, widget):
        return "forms/select.jinja" if _is(widget, forms.Select) else "forms/radios.jinja"


class ModelChoiceField(NhsukFieldMixin, forms.ModelChoiceField):
    def template_for(self, widget):
        return "forms/radios.jinja" if _is(widget, forms.RadioSelect) else "forms/select.jinja"


class MultipleChoiceField(NhsukFieldMixin, forms.MultipleChoiceField):
    default_template = "forms/checkboxes.jinja"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)


class TypedMultipleChoiceField(NhsukFieldMixin, forms.TypedMultipleChoiceField):
    default_template = "forms/checkboxes.jinja"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)


class BooleanField(NhsukFieldMixin, forms.BooleanField):
    default_template = "forms/checkbox.jinja"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)


class FileField(NhsukFieldMixin, forms.FileField):
    default_template = "forms/file-upload.jinja"


class DateField(NhsukFieldMixin, forms.DateField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault("classes", "nhsuk-input--width-10")
        super().__init__(*args, **kwargs)
