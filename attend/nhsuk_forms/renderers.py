from django.forms.renderers import TemplatesSetting


class NhsukFormRenderer(TemplatesSetting):
    """Renders forms with the project's Jinja2 engine, so fields can use the NHS.UK macros."""

    form_template_name = "forms/form.jinja"
    field_template_name = "forms/input.jinja"
