"""The NHS.UK table's HTML, written in Python for the tables Attend draws (issue 21, ADR 0029).

The nhsuk-frontend-jinja table macro sends every cell through its cell, value and attribute macros: about
0.25 ms a cell, so an audit log page of 25 rows of four cells spent 25 ms rendering the table. Its cells often
hold people's names, so its HTML may not be kept (`nhsuk_forms.memo`). This writes the same markup, character for
character, for the parameters Attend uses (a caption and its size, `responsive`, `firstCellIsHeader`, and cells
of text or HTML with `classes`, `format` and `href`), and hands anything else to the macro itself.
`attend/core/tests/test_tables.py` holds the two to the same output.

In a template: `{{ nhsuk_table({...the table macro's parameters...}) }}`.
"""

from markupsafe import Markup, escape

_HEAD_KEYS = frozenset({"text", "html", "format", "classes"})
_CELL_KEYS = frozenset({"text", "html", "format", "classes", "href"})
_TABLE_KEYS = frozenset({"caption", "captionSize", "responsive", "firstCellIsHeader", "head", "rows"})


class _Unsupported(Exception):
    """A parameter this does not write: the macro renders the table."""


def _one_line(value) -> str:
    text = str(value)
    if "\n" in text or text != text.strip():
        raise _Unsupported  # the macro trims and indents such values: leave them to it
    return text


def _value(cell: dict) -> str:
    """The cell's content as the macro writes it: HTML as given, else text escaped; a falsy value writes nothing."""
    if cell.get("html"):
        return _one_line(str(cell["html"]))  # the macro's `| safe`: the caller vouches for its HTML
    if cell.get("text"):
        return _one_line(escape(cell["text"]))
    return ""


def _cell(cell, head_cell, *, element: str, responsive: bool, extra: str, header_text: str | None) -> str:
    if isinstance(cell, str):
        cell = {"text": cell, "html": cell if hasattr(cell, "__html__") else None}
    if not isinstance(cell, dict):
        raise _Unsupported  # the macro leaves out a cell that is neither text nor a mapping
    if not set(cell) <= _CELL_KEYS:
        raise _Unsupported
    base = "nhsuk-table__header" if element == "th" else "nhsuk-table__cell"
    classes = base
    format_ = cell["format"] if "format" in cell else (head_cell or {}).get("format")
    own = cell.get("classes") or ""
    if format_ == "numeric" and f"{base}--numeric" not in own:
        classes += f" {base}--numeric"
    elif format_ not in (None, "", "numeric"):
        raise _Unsupported
    if own:
        classes += f" {own}"
    value = _value(cell)
    if cell.get("href"):
        value = f'<a class="nhsuk-link" href="{escape(cell["href"])}">{value}</a>'
    if header_text:
        heading = f'<span class="nhsuk-table__heading" aria-hidden="true">{header_text} </span>'
        value = heading + (f"<span>{value}</span>" if cell.get("html") else value)
    return f'      <{element} class="{escape(classes)}"{extra}>\n        {value}\n      </{element}>\n'


def _head_text(head_cell) -> str:
    """The column's heading, written again in each cell of a responsive table (shown on a narrow screen)."""
    if not isinstance(head_cell, dict) or head_cell.get("html"):
        raise _Unsupported
    text = _value(head_cell)
    if not text:
        raise _Unsupported  # the macro writes an empty heading then: leave it to it
    return text


def _table(params: dict) -> str:
    if not set(params) <= _TABLE_KEYS:
        raise _Unsupported
    responsive = bool(params.get("responsive"))
    first_is_header = bool(params.get("firstCellIsHeader"))
    head = list(params.get("head") or [])
    parts = [
        '<table class="nhsuk-table nhsuk-table--responsive" role="table">\n'
        if responsive
        else '<table class="nhsuk-table">\n'
    ]
    caption = params.get("caption")
    if caption:
        if not isinstance(caption, str) or hasattr(caption, "__html__"):
            raise _Unsupported
        size = params.get("captionSize")
        if size not in (None, "s", "m", "l", "xl"):
            raise _Unsupported
        classes = "nhsuk-table__caption" + (f" nhsuk-table__caption--{size}" if size else "")
        parts.append(f'  <caption class="{classes}">\n    {_one_line(escape(caption))}\n  </caption>\n')
    role = ' role="rowgroup"' if responsive else ""
    row_role = ' role="row"' if responsive else ""
    if head:
        parts.append(f'  <thead class="nhsuk-table__head"{role}>\n    <tr class="nhsuk-table__row"{row_role}>\n')
        for head_cell in head:
            if not isinstance(head_cell, dict) or not set(head_cell) <= _HEAD_KEYS:
                raise _Unsupported
            extra = ' scope="col" role="columnheader"' if responsive else ' scope="col"'
            parts.append(_cell(head_cell, None, element="th", responsive=responsive, extra=extra, header_text=None))
        parts.append("    </tr>\n  </thead>\n")
    parts.append('  <tbody class="nhsuk-table__body">\n')
    for row in params.get("rows") or []:
        parts.append(f'    <tr class="nhsuk-table__row"{row_role}>\n')
        for index, cell in enumerate(row):
            head_cell = head[index] if index < len(head) else None
            first = index == 0 and first_is_header
            element = "th" if first else "td"
            extra = ' scope="row"' if first else ""
            if responsive:
                extra += ' role="rowheader"' if first else ' role="cell"'
            header_text = _head_text(head_cell) if responsive else None
            parts.append(
                _cell(cell, head_cell, element=element, responsive=responsive, extra=extra, header_text=header_text)
            )
        parts.append("    </tr>\n")
    parts.append("  </tbody>\n</table>\n")
    return "".join(parts)


class Tables:
    """`nhsuk_table(params)` in a template: the table macro's HTML, written here when it can be."""

    def __init__(self, environment):
        self._environment = environment

    def macro(self, params: dict) -> Markup:
        template = self._environment.get_template("nhsuk/components/tables/macro.jinja")
        return template.module.table(params)

    def __call__(self, params: dict) -> Markup:
        try:
            return Markup(_table(params))  # noqa: S704 (every text in it escaped by `_value`)
        except _Unsupported:
            return self.macro(params)
