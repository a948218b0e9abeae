from django.shortcuts import render


def render_page(request, template: str, context: dict | None = None, *, forms=(), status: int | None = None):
    """Render a full page. A page with an invalid form answers 422, with the error summary at the top."""
    context = dict(context or {})
    forms = [form for form in forms if form is not None]
    context["forms"] = forms
    if status is None:
        status = 422 if any(form.is_bound and form.errors for form in forms) else 200
    return render(request, template, context, status=status)
