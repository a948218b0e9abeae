"""Read rendered pages in tests the way a person or a screen reader would: by element, class, id and text.

A small tree built with the standard library's HTML parser, so tests assert on markup without string slicing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    def has(self, name: str) -> bool:
        return name in self.attrs

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def text(self) -> str:
        """Text content with whitespace collapsed, as it would be read out."""
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else f" {child.text} ")
        return " ".join("".join(parts).split())

    def elements(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.elements()

    def select(self, tag: str | None = None, *, cls: str | None = None, **attrs: str) -> list[Element]:
        """Every descendant matching the tag, a class and attributes (`for_`, `aria_describedby` for dashes)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.elements()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes)
            and all(element.attrs.get(name) == value for name, value in wanted.items())
        ]

    def one(self, tag: str | None = None, *, cls: str | None = None, **attrs: str) -> Element:
        found = self.select(tag, cls=cls, **attrs)
        assert len(found) == 1, f"expected one <{tag or '*'} class={cls} {attrs}>, found {len(found)}"
        return found[0]

    def by_id(self, element_id: str) -> Element:
        return self.one(id=element_id)

    def ancestors(self):
        element = self.parent
        while element is not None:
            yield element
            element = element.parent


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), parent=self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), parent=self.current))

    def handle_endtag(self, tag):
        element = self.current
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(html: str | bytes) -> Element:
    builder = _TreeBuilder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def page(response) -> Element:
    return parse_html(response.content)


def error_summary(response_or_html) -> list[tuple[str, str | None]]:
    """Each (message, link) in the page's NHS.UK error summary; an empty list when there is none."""
    html = getattr(response_or_html, "content", response_or_html)
    summaries = parse_html(html).select(cls="nhsuk-error-summary")
    if not summaries:
        return []
    assert len(summaries) == 1, "a page has at most one error summary"
    items = summaries[0].one("ul", cls="nhsuk-error-summary__list").select("li")
    result = []
    for item in items:
        links = item.select("a")
        result.append((item.text, links[0].get("href") if links else None))
    return result


def error_messages(response_or_html) -> list[str]:
    return [message for message, _ in error_summary(response_or_html)]


def main_heading(response) -> str:
    return page(response).one("h1").text


def page_title(response) -> str:
    """The document's <title> (icons in the page have their own <title> elements)."""
    return page(response).one("head").one("title").text
