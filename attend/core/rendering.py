from django.shortcuts import render


def render_page(request, template: str, context: dict | None = None, *, forms=(), status: int | None = None):
    """Render a full page. A page with an invalid form answers 422, with the error summary at the top."""
    context = dict(context or {})
    forms = [form for form in forms if form is not None]
    context["forms"] = forms
    if status is None:
        status = 422 if any(form.is_bound and form.errors for form in forms) else 200
    return render(request, template, context, status=status)


def posted(request):
    """The submitted data on POST (even when empty, so an empty form is invalid, not blank), else None."""
    return request.POST if request.method == "POST" else None


def site_base_url(request) -> str:
    """This site's address as the request reached it, for links in emails queued from a page."""
    return request.build_absolute_uri("/")
