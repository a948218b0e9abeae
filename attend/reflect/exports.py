"""Exports of a person's own journal: Markdown and JSON of everything, and a Word document of reflective accounts.

Pure functions: they take `EntryView`s (see presenters.py) and return text or bytes, and never touch the database.
The caller decides which entries go in (the author's own, through the selectors) and how the file is served.

The Word document follows the NMC's written reflective account form for revalidation: one account per page,
the date, then each prompt with its answer, the Code themes ticked as a list. Professional guidance says a
reflective account must not identify a patient, service user or colleague, so every page reminds the author to
check before they share it.
"""

import datetime
import io
import json
import re
from collections.abc import Iterator, Sequence

from django.utils import timezone
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from attend.core.formatting import clock, long_date
from attend.core.word import word_document
from attend.reflect.presenters import EntryView, Feeling

IDENTIFICATION_REMINDER = (
    "Check this account does not identify any patient, service user or colleague before you share it."
)
JOURNAL_REMINDER = "Check these entries do not identify any patient, service user or colleague before you share them."
NO_ENTRIES = "There are no journal entries in this export."
NOT_ANSWERED = "Not answered."
JSON_FORMAT = "attend-journal"
JSON_VERSION = 1

# Headings for the emotion check-in and tags. Not "Feelings": Gibbs' cycle has a section of that name.
FEELINGS_HEADING = "Emotion check-in"
TAGS_HEADING = "Tags"


# Shared formatting ----------------------------------------------------------------------------------------------


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _event_date(entry: EntryView) -> str:
    return long_date(entry.event_date) if entry.event_date else "Not given"


def _written(entry: EntryView) -> str:
    return long_date(_local(entry.written_at).date())


def _exported(moment: datetime.datetime) -> str:
    moment = _local(moment)
    return f"{long_date(moment.date())} at {clock(moment)}"


def _one_line(text: str) -> str:
    """Titles, headings and list items stay on one line whatever was typed or pasted into them."""
    return " ".join(text.split())


def _lines(text: str) -> list[str]:
    """The paragraphs of an answer: every non-blank line, trimmed. Blank lines only separate paragraphs.

    `splitlines` also splits on the vertical tab and form feed Word leaves in pasted text.
    """
    return [line.strip() for line in text.splitlines() if line.strip()]


def _feeling(feeling: Feeling) -> str:
    details = ", ".join(part for part in (feeling.family, feeling.intensity) if part)
    text = feeling.word + (f" ({details})" if details else "")
    return _one_line(f"{feeling.moment}: {text}" if feeling.moment else text)


def _tags(entry: EntryView) -> str:
    return ", ".join(_one_line(tag) for tag in entry.tags if tag.strip())


def _facts(entry: EntryView) -> Iterator[tuple[str, str]]:
    yield "Date of the event", _event_date(entry)
    yield "Written", _written(entry)
    yield "Template", _one_line(entry.template_name) or entry.template_key
    if entry.is_draft:
        yield "Status", "Draft"


# Markdown -------------------------------------------------------------------------------------------------------

# A line may open with list markers ("- ", "1. ", "- - "); what follows them is checked for block syntax.
_LIST_MARKERS = re.compile(r"^(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*")
# Block syntax at the start of a line that would change the document's structure or eat following text:
# headings, block quotes (they would drop the ">" of "> 5 patients"), code fences (an unclosed one swallows the
# rest of the file), link reference definitions (the line vanishes), and "[x]" that would pass for a ticked choice.
_BLOCK_START = re.compile(r"^(?:#|>|`{3}|~{3}|\[[^\]]*\]:|\[[ xX]\])")
_THEMATIC_BREAK = re.compile(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
# "<" before a letter, "/", "!" or "?" opens raw HTML: "<no>" would vanish, "<!--" or "<pre>" would swallow the
# rest of the file. A "<" anywhere else ("a < b", "<3") is left alone.
_HTML_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+)$")


def _md_inline(text: str) -> str:
    return _HTML_OPENER.sub(r"\\<", _one_line(text))


def _md_line(line: str) -> str:
    """One line of someone's writing, made safe to stand as a Markdown paragraph.

    Everything else is left as written: emphasis, lists and links render as the author meant them.
    """
    line = _md_inline(line)
    if _THEMATIC_BREAK.match(line):  # before list markers: "* * *" is a rule, not three nested lists
        return "\\" + line
    prefix = _LIST_MARKERS.match(line).group(0)
    rest = line[len(prefix) :]
    if _BLOCK_START.match(rest) or _THEMATIC_BREAK.match(rest):
        rest = "\\" + rest
    return prefix + rest


def _md_heading(level: int, text: str) -> str:
    # A trailing run of "#" would be read as the heading's closing sequence and dropped.
    text = _CLOSING_HASHES.sub(lambda match: match.group(1) + "\\" + match.group(2), _md_inline(text))
    return f"{'#' * level} {text}"


def _md_entry(entry: EntryView) -> list[str]:
    blocks = [_md_heading(2, entry.display_title)]
    blocks.append("\n".join(f"- {label}: {_md_inline(value)}" for label, value in _facts(entry)))
    for section in entry.sections:
        blocks.append(_md_heading(3, section.heading))
        lines = [_md_line(line) for line in _lines(section.text)]
        blocks.extend(lines)
        choices = [_md_inline(choice) for choice in section.choices if choice.strip()]
        if choices:
            if lines and lines[-1].startswith("- "):
                blocks.append("<!-- -->")  # CommonMark's way to keep the choices out of the author's own list
            blocks.append("\n".join(f"- [x] {choice}" for choice in choices))
        if not lines and not choices:
            blocks.append(f"_{NOT_ANSWERED}_")
    if entry.feelings:
        blocks.append(_md_heading(3, FEELINGS_HEADING))
        blocks.append("\n".join(f"- {_md_line(_feeling(feeling))}" for feeling in entry.feelings))
    if _tags(entry):
        blocks.append(_md_heading(3, TAGS_HEADING))
        blocks.append(_md_line(_tags(entry)))
    return blocks


def entries_markdown(entries: Sequence[EntryView], *, author_name: str, exported_at: datetime.datetime) -> str:
    """Every entry as one Markdown document: `## title` per entry, `### prompt` per section, choices as `- [x]`."""
    blocks = [
        _md_heading(1, f"Reflective journal of {author_name}"),
        f"Exported on {_exported(exported_at)}.",
        JOURNAL_REMINDER,
    ]
    if not entries:
        blocks.append(NO_ENTRIES)
    for entry in entries:
        blocks.extend(_md_entry(entry))
    return "\n\n".join(blocks) + "\n"


# JSON -----------------------------------------------------------------------------------------------------------


def _json_entry(entry: EntryView) -> dict:
    return {
        "id": entry.id,
        "title": entry.title,
        "template": entry.template_name,
        "template_key": entry.template_key,
        "event_date": entry.event_date.isoformat() if entry.event_date else None,
        "written_at": entry.written_at.isoformat(),
        "draft": entry.is_draft,
        "sections": [
            {"heading": section.heading, "text": section.text, "choices": list(section.choices)}
            for section in entry.sections
        ],
        "feelings": [
            {"moment": feeling.moment, "word": feeling.word, "family": feeling.family, "intensity": feeling.intensity}
            for feeling in entry.feelings
        ],
        "tags": list(entry.tags),
    }


def entries_json(entries: Sequence[EntryView], *, author_name: str, exported_at: datetime.datetime) -> str:
    """Every entry as JSON: a header, then the entries with every field, keys always in the same order.

    Titles and texts are kept exactly as written (an untitled entry has `"title": ""`), dates are ISO 8601, and
    non-ASCII characters are written as themselves: encode the result as UTF-8.
    """
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "author": author_name,
        "exported_at": exported_at.isoformat(),
        "entries": [_json_entry(entry) for entry in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# Word -----------------------------------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold (python-docx refuses them); they arrive in text pasted from other programs.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _new_document(*, author_name: str, exported_at: datetime.datetime) -> WordDocument:
    document = word_document(title="Reflective accounts", author=_xml(author_name), made_at=exported_at)
    styles = document.styles
    reminder = styles.add_style("Reminder", WD_STYLE_TYPE.PARAGRAPH)
    reminder.base_style = styles["Footer"]
    reminder.font.size = Pt(9)

    footer = document.sections[0].footer.paragraphs[0]
    footer.text = IDENTIFICATION_REMINDER
    footer.style = reminder
    return document


def _paragraphs(text: str) -> list[str]:
    # Split first, clean after: a vertical tab is Word's line break, and XML does not allow it.
    return [line for line in (_xml(line).strip() for line in _lines(text)) if line]


def _add_account(document: WordDocument, entry: EntryView, *, new_page: bool) -> None:
    heading = document.add_heading("Reflective account", level=1)
    if new_page:
        heading.paragraph_format.page_break_before = True

    facts = [("Title", _xml(_one_line(entry.display_title)) or "Untitled reflection"), *_facts(entry)]
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(_xml(value))

    for section in entry.sections:
        document.add_heading(_xml(_one_line(section.heading)), level=2)
        paragraphs = _paragraphs(section.text)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        choices = [choice for choice in (_xml(_one_line(choice)) for choice in section.choices) if choice]
        for choice in choices:
            document.add_paragraph(choice, style="List Bullet")
        if not paragraphs and not choices:
            document.add_paragraph().add_run(NOT_ANSWERED).italic = True

    if entry.feelings:
        document.add_heading(FEELINGS_HEADING, level=2)
        for feeling in entry.feelings:
            document.add_paragraph(_xml(_feeling(feeling)), style="List Bullet")
    if _tags(entry):
        document.add_heading(TAGS_HEADING, level=2)
        document.add_paragraph(_xml(_tags(entry)))


def reflective_account_docx(entries: Sequence[EntryView], *, author_name: str, exported_at: datetime.datetime) -> bytes:
    """A Word document with one reflective account per page, in the shape of the NMC's form, for a portfolio."""
    document = _new_document(author_name=author_name, exported_at=exported_at)
    if not entries:
        document.add_heading("Reflective accounts", level=1)
        document.add_paragraph(NO_ENTRIES)
    for position, entry in enumerate(entries):
        _add_account(document, entry, new_page=position > 0)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
