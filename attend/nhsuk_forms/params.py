"""Turn a Django bound field into the parameters an NHS.UK macro expects."""

from django.forms import BoundField


def _value(value) -> str:
    return "" if value is None else str(value)


def _common(field: BoundField) -> dict:
    unbound = field.field
    params = {
        "id": field.auto_id,
        "name": field.html_name,
        "label": {"text": field.label, "classes": unbound.label_classes},
        "classes": unbound.classes,
        "attributes": {
            key: value
            for key, value in field.field.widget.attrs.items()
            if key not in {"class", "id", "type"} and value is not False
        },
    }
    if getattr(unbound, "autocomplete", None):
        params["autocomplete"] = unbound.autocomplete
    if getattr(unbound, "inputmode", None):
        params["inputmode"] = unbound.inputmode
    if unbound.required:
        params["attributes"]["required"] = True
    if unbound.hint:
        params["hint"] = {"text": unbound.hint}
    if field.errors:
        params["errorMessage"] = {"text": " ".join(field.errors)}
    return params


def _fieldset(field: BoundField, params: dict) -> dict:
    legend = params.pop("label")
    params["idPrefix"] = params.pop("id")
    params["fieldset"] = {"legend": {"text": legend["text"], "classes": "nhsuk-fieldset__legend--s"}}
    params["attributes"].pop("required", None)
    return params


def input_params(field: BoundField) -> dict:
    params = _common(field)
    widget = field.field.widget
    params["type"] = getattr(widget, "input_type", "text")
    value = field.value()
    if hasattr(widget, "format_value"):
        value = widget.format_value(value)
    params["value"] = _value(value)
    return params


def password_params(field: BoundField) -> dict:
    params = _common(field)
    params["value"] = ""  # never echo a password back into the page
    return params


def textarea_params(field: BoundField) -> dict:
    params = _common(field)
    params["value"] = _value(field.value())
    params["rows"] = field.field.widget.attrs.get("rows", 5)
    params["attributes"].pop("rows", None)
    params["attributes"].pop("cols", None)
    return params


def _choice_items(field: BoundField, selected_key: str) -> list[dict]:
    value = field.value()
    chosen = {str(v) for v in value} if isinstance(value, (list, tuple)) else {_value(value)}
    items = []
    for choice_value, choice_label in field.field.choices:
        key = _value(getattr(choice_value, "value", choice_value))
        items.append({"value": key, "text": str(choice_label), selected_key: key in chosen})
    return items


def radios_params(field: BoundField) -> dict:
    params = _fieldset(field, _common(field))
    params["items"] = [item for item in _choice_items(field, "checked") if item["value"] != ""]
    return params


def checkboxes_params(field: BoundField) -> dict:
    params = _fieldset(field, _common(field))
    params["items"] = _choice_items(field, "checked")
    return params


def select_params(field: BoundField) -> dict:
    params = _common(field)
    params["items"] = _choice_items(field, "selected")
    return params


def checkbox_params(field: BoundField) -> dict:
    """A single yes/no checkbox, as a checkboxes component with one item and no legend."""
    params = _common(field)
    label = params.pop("label")
    params["idPrefix"] = params.pop("id")
    params["attributes"].pop("required", None)
    item = {"value": "on", "text": label["text"], "checked": bool(field.value())}
    if params.pop("hint", None):
        item["hint"] = {"text": field.field.hint}
    params["items"] = [item]
    return params


def keep(field: BoundField) -> bool:
    """Whether the field's HTML may be kept and reused (`nhsuk_forms.memo`): its choices are private to no one, it
    shows no error (an error message can quote what the person typed), and, where the choice itself is private
    (a feeling, an answer), nothing is chosen yet."""
    if not field.field.fixed_choices or field.errors:
        return False
    return not (field.field.private_choice and field.value() not in (None, "", [], ()))


def file_params(field: BoundField) -> dict:
    params = _common(field)
    params["attributes"].pop("required", None)
    return params


def error_summary_params(forms) -> dict | None:
    """One summary for one or more forms; each error links to its field, as the design system asks."""
    items = []
    for form in forms:
        for error in form.non_field_errors():
            items.append({"text": error})
        for field in form:
            for error in field.errors:
                items.append({"text": error, "href": f"#{field.auto_id}"})
    if not items:
        return None
    return {"heading": "There is a problem", "errorList": items}
