"""One way to page a long list (issue 21): a page of the items, and the links for the NHS.UK pagination macro.

A view: `page = pagination.page_of(request, items)`, and puts `pagination.links(request, page)` in its context;
the template: `{% if page_links %}{{ pagination(page_links) }}{% endif %}`. The links keep the page's other query
parameters (a month being shown, a search), so paging changes only the page.
"""

from urllib.parse import urlencode

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def page_of(request, items, *, size: int = PAGE_SIZE) -> Page:
    """The page of `items` asked for by `?page=` (the first for anything that is not a page number, the last for
    a number beyond it). Counts with one query and reads only the page's rows."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def _href(request, number: int) -> str:
    kept = {key: value for key, value in request.GET.items() if key != "page"}
    return "?" + urlencode({**kept, "page": number})


def links(request, page: Page) -> dict | None:
    """The NHS.UK pagination macro's argument for `page`, or None when everything fits on one page."""
    if page.paginator.num_pages <= 1:
        return None
    found = {}
    if page.has_previous():
        found["previous"] = {"href": _href(request, page.previous_page_number()), "labelText": "Previous page"}
    if page.has_next():
        found["next"] = {"href": _href(request, page.next_page_number()), "labelText": "Next page"}
    return found
