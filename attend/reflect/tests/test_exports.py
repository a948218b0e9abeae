import datetime
import io
import json
import re

import docx
import pytest
from docx.oxml.ns import qn

from attend.reflect.exports import entries_json, entries_markdown, reflective_account_docx
from attend.reflect.presenters import EntryView, Feeling, Section

EXPORTED_AT = datetime.datetime(2025, 7, 2, 8, 5, tzinfo=datetime.UTC)  # 09:05 in London (BST)
CODE_THEMES = ("Prioritise people", "Preserve safety")
REMINDER = "Check this account does not identify any patient, service user or colleague before you share it."


def nmc_entry(**overrides) -> EntryView:
    values = {
        "id": "7d1c0f0e-0000-4000-8000-000000000001",
        "title": "Handover on the night shift",
        "template_key": "nmc-reflective-account",
        "template_name": "NMC written reflective account",
        "event_date": datetime.date(2025, 6, 28),
        "written_at": datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC),  # 1 July in London
        "is_draft": False,
        "sections": (
            Section(
                heading="What was the nature of the event?",
                text="The handover ran late.\n\nWe had three admissions.\nI felt rushed.",
            ),
            Section(heading="What did you learn?", text="To ask for help sooner."),
            Section(heading="How did you change or improve your practice?", text="I now use a written handover."),
            Section(heading="How is this relevant to the Code?", text="It kept people safe.", choices=CODE_THEMES),
        ),
        "feelings": (
            Feeling(moment="How you felt at the time", word="anxious", family="fear", intensity="strong"),
            Feeling(moment="How you feel now", word="calm", family="peace", intensity=""),
        ),
        "tags": ("handover", "nights"),
    }
    return EntryView(**(values | overrides))


def free_entry(**overrides) -> EntryView:
    values = {
        "id": "7d1c0f0e-0000-4000-8000-000000000002",
        "title": "",
        "template_key": "free",
        "template_name": "Free writing",
        "event_date": None,
        "written_at": datetime.datetime(2025, 1, 10, 12, 0, tzinfo=datetime.UTC),
        "is_draft": True,
        "sections": (Section(heading="Your reflection", text="Just a thought."),),
    }
    return EntryView(**(values | overrides))


# Word ------------------------------------------------------------------------------------------------------------


def open_docx(entries, author_name="Siân Jones"):
    data = reflective_account_docx(entries, author_name=author_name, exported_at=EXPORTED_AT)
    assert isinstance(data, bytes)
    return docx.Document(io.BytesIO(data))


def headings(document, level=None):
    wanted = {f"Heading {level}"} if level else {f"Heading {n}" for n in range(1, 10)}
    return [paragraph.text for paragraph in document.paragraphs if paragraph.style.name in wanted]


def facts(table):
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def paragraphs_under(document, heading):
    """The paragraphs between a heading and the next heading, as (style, text)."""
    found, under = False, []
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            if found:
                break
            found = paragraph.text == heading
        elif found:
            under.append((paragraph.style.name, paragraph.text))
    assert found, f"no heading {heading!r}"
    return under


def page_breaks(document):
    body = document.element.body
    explicit = [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    before = [p for p in document.paragraphs if p.paragraph_format.page_break_before]
    return len(explicit) + len(before), before


def test_the_account_follows_the_nmc_form():
    document = open_docx([nmc_entry()])

    assert headings(document, 1) == ["Reflective account"]
    assert headings(document, 2) == [
        "What was the nature of the event?",
        "What did you learn?",
        "How did you change or improve your practice?",
        "How is this relevant to the Code?",
        "Emotion check-in",
        "Tags",
    ]
    assert len(document.tables) == 1
    assert facts(document.tables[0]) == {
        "Title": "Handover on the night shift",
        "Date of the event": "28 June 2025",
        "Written": "1 July 2025",
        "Template": "NMC written reflective account",
    }


def test_section_texts_keep_their_paragraphs():
    document = open_docx([nmc_entry()])

    assert paragraphs_under(document, "What was the nature of the event?") == [
        ("Normal", "The handover ran late."),
        ("Normal", "We had three admissions."),
        ("Normal", "I felt rushed."),
    ]
    assert paragraphs_under(document, "What did you learn?") == [("Normal", "To ask for help sooner.")]


def test_ticked_code_themes_are_a_bulleted_list_under_their_section():
    document = open_docx([nmc_entry()])

    assert paragraphs_under(document, "How is this relevant to the Code?") == [
        ("Normal", "It kept people safe."),
        ("List Bullet", "Prioritise people"),
        ("List Bullet", "Preserve safety"),
    ]


def test_feelings_and_tags_close_the_account():
    document = open_docx([nmc_entry()])

    assert paragraphs_under(document, "Emotion check-in") == [
        ("List Bullet", "How you felt at the time: anxious (fear, strong)"),
        ("List Bullet", "How you feel now: calm (peace)"),
    ]
    assert paragraphs_under(document, "Tags") == [("Normal", "handover, nights")]


def test_no_feelings_or_tags_headings_when_there_are_none():
    document = open_docx([nmc_entry(feelings=(), tags=())])

    assert "Emotion check-in" not in headings(document)
    assert "Tags" not in headings(document)


def test_every_page_reminds_the_author_not_to_identify_anyone():
    document = open_docx([nmc_entry(), free_entry()])

    assert len(document.sections) == 1
    assert [paragraph.text for paragraph in document.sections[0].footer.paragraphs] == [REMINDER]


def test_one_page_break_between_two_accounts():
    document = open_docx([nmc_entry(), free_entry()])

    count, before = page_breaks(document)
    assert count == 1
    assert [paragraph.text for paragraph in before] == ["Reflective account"]
    assert headings(document, 1) == ["Reflective account", "Reflective account"]
    # The break opens the second account, not the first.
    second = [p for p in document.paragraphs if p.text == "Reflective account"][1]
    assert second.paragraph_format.page_break_before


def test_a_single_account_has_no_page_break():
    assert page_breaks(open_docx([nmc_entry()]))[0] == 0


def test_core_properties_name_the_document_and_its_author():
    properties = open_docx([nmc_entry()], author_name="Siân Jones").core_properties

    assert properties.title == "Reflective accounts"
    assert properties.author == "Siân Jones"
    assert properties.last_modified_by == "Siân Jones"
    assert "python-docx" not in (properties.comments + properties.author + properties.last_modified_by)
    assert properties.created == EXPORTED_AT


def test_pages_are_a4():
    section = open_docx([nmc_entry()]).sections[0]

    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_untitled_drafts_without_an_event_date_say_so():
    document = open_docx([free_entry()])

    assert facts(document.tables[0]) == {
        "Title": "Untitled reflection",
        "Date of the event": "Not given",
        "Written": "10 January 2025",
        "Template": "Free writing",
        "Status": "Draft",
    }


def test_an_unanswered_section_says_so():
    entry = nmc_entry(sections=(Section(heading="What did you learn?"),))

    assert paragraphs_under(open_docx([entry]), "What did you learn?") == [("Normal", "Not answered.")]


def test_unicode_round_trips_in_the_document():
    entry = nmc_entry(
        title="Siân’s – “quote”",
        sections=(
            Section(heading="Beth ddigwyddodd? – “what”", text="Ffion’s idea — “ask early” ✓", choices=("Ünïcode",)),
        ),
    )
    document = open_docx([entry], author_name="Siân Ní Bhriain")

    assert facts(document.tables[0])["Title"] == "Siân’s – “quote”"
    assert paragraphs_under(document, "Beth ddigwyddodd? – “what”") == [
        ("Normal", "Ffion’s idea — “ask early” ✓"),
        ("List Bullet", "Ünïcode"),
    ]
    assert document.core_properties.author == "Siân Ní Bhriain"


def test_text_pasted_with_control_characters_still_makes_a_document():
    # Word's soft line break is a vertical tab; other control characters are not allowed in XML at all.
    entry = nmc_entry(sections=(Section(heading="What happened?", text="First line\x0bSecond\x01 line\r\nThird"),))

    assert paragraphs_under(open_docx([entry]), "What happened?") == [
        ("Normal", "First line"),
        ("Normal", "Second line"),
        ("Normal", "Third"),
    ]


def test_no_entries_still_make_a_valid_document_that_says_so():
    document = open_docx([])

    assert headings(document) == ["Reflective accounts"]
    assert [p.text for p in document.paragraphs if p.text][-1] == "There are no journal entries in this export."
    assert document.core_properties.title == "Reflective accounts"


# Markdown --------------------------------------------------------------------------------------------------------

ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")


def markdown_headings(text):
    """(level, text) of each line CommonMark reads as an ATX heading; the export never emits code fences."""
    found = []
    for line in text.splitlines():
        if match := ATX_HEADING.match(line):
            found.append((len(match.group(1)), match.group(2) or ""))
    return found


def export_markdown(entries, author_name="Siân Jones"):
    return entries_markdown(entries, author_name=author_name, exported_at=EXPORTED_AT)


def test_markdown_heading_structure():
    text = export_markdown([nmc_entry(), free_entry()])

    assert markdown_headings(text) == [
        (1, "Reflective journal of Siân Jones"),
        (2, "Handover on the night shift"),
        (3, "What was the nature of the event?"),
        (3, "What did you learn?"),
        (3, "How did you change or improve your practice?"),
        (3, "How is this relevant to the Code?"),
        (3, "Emotion check-in"),
        (3, "Tags"),
        (2, "Untitled reflection"),
        (3, "Your reflection"),
    ]


def test_markdown_opens_with_the_export_date_and_the_reminder():
    lines = export_markdown([nmc_entry()]).splitlines()

    assert lines[:5] == [
        "# Reflective journal of Siân Jones",
        "",
        "Exported on 2 July 2025 at 09:05.",
        "",
        "Check these entries do not identify any patient, service user or colleague before you share them.",
    ]


def test_markdown_entry_details_and_paragraphs():
    text = export_markdown([nmc_entry(), free_entry()])

    assert (
        "## Handover on the night shift\n\n"
        "- Date of the event: 28 June 2025\n"
        "- Written: 1 July 2025\n"
        "- Template: NMC written reflective account\n\n"
        "### What was the nature of the event?\n\n"
        "The handover ran late.\n\nWe had three admissions.\n\nI felt rushed.\n\n"
    ) in text
    assert (
        "- Date of the event: Not given\n- Written: 10 January 2025\n- Template: Free writing\n- Status: Draft\n"
        in text
    )
    assert text.endswith("Just a thought.\n")


def test_markdown_choices_are_ticked_items():
    text = export_markdown([nmc_entry()])

    assert (
        "### How is this relevant to the Code?\n\nIt kept people safe.\n\n"
        "- [x] Prioritise people\n- [x] Preserve safety\n" in text
    )
    ticked = [line for line in text.splitlines() if line.startswith("- [x] ")]
    assert ticked == ["- [x] Prioritise people", "- [x] Preserve safety"]


def test_markdown_feelings_and_tags():
    text = export_markdown([nmc_entry()])

    assert (
        "### Emotion check-in\n\n"
        "- How you felt at the time: anxious (fear, strong)\n"
        "- How you feel now: calm (peace)\n\n"
        "### Tags\n\nhandover, nights\n"
    ) in text
    bare = export_markdown([nmc_entry(feelings=(), tags=())])
    assert "Emotion check-in" not in bare
    assert "### Tags" not in bare


def test_a_text_line_starting_with_a_hash_is_not_a_heading():
    entry = nmc_entry(sections=(Section(heading="What happened?", text="# not a heading\n## nor this\n#hashtag"),))
    text = export_markdown([entry])

    assert markdown_headings(text) == [
        (1, "Reflective journal of Siân Jones"),
        (2, "Handover on the night shift"),
        (3, "What happened?"),
        (3, "Emotion check-in"),
        (3, "Tags"),
    ]
    assert "\\# not a heading\n\n\\## nor this\n\n\\#hashtag" in text


@pytest.mark.parametrize(
    ("written", "exported"),
    [
        ("```python", "\\```python"),  # an unclosed fence would swallow the rest of the file
        ("~~~", "\\~~~"),
        ("<!-- a comment", "\\<!-- a comment"),  # so would an HTML comment or <pre> block
        ("<pre>", "\\<pre>"),
        ("<script>", "\\<script>"),
        ("---", "\\---"),  # a rule would look like a break between entries
        ("* * *", "\\* * *"),
        ("- - -", "\\- - -"),
        ("> 5 patients", "\\> 5 patients"),  # a block quote would drop the ">"
        ("[1]: https://example.org", "\\[1]: https://example.org"),  # a link definition vanishes
        ("- [x] Promote professionalism and trust", "- \\[x] Promote professionalism and trust"),
        ("- # heading in a list", "- \\# heading in a list"),
        ("1. # numbered", "1. \\# numbered"),
    ],
)
def test_block_syntax_in_text_cannot_break_the_structure(written, exported):
    entry = nmc_entry(sections=(Section(heading="Notes", text=f"Before\n{written}\nAfter"),), feelings=(), tags=())
    text = export_markdown([entry])

    assert text.endswith(f"### Notes\n\nBefore\n\n{exported}\n\nAfter\n")
    assert [line for line in text.splitlines() if line.startswith("- [x]")] == []


def test_raw_html_in_text_or_titles_is_shown_not_interpreted():
    entry = nmc_entry(
        title="Why I said <no>",
        sections=(Section(heading="Notes", text="I said <no> to the shift </b>\nwhen a < b and <3", choices=("<i>",)),),
        feelings=(),
        tags=(),
    )
    text = export_markdown([entry])

    assert "## Why I said \\<no>\n" in text
    assert "I said \\<no> to the shift \\</b>\n\nwhen a < b and <3\n\n- [x] \\<i>\n" in text


def test_ticked_choices_stay_apart_from_a_list_the_author_wrote():
    entry = nmc_entry(sections=(Section(heading="Code", text="- my own point", choices=CODE_THEMES),))
    text = export_markdown([entry])

    assert "### Code\n\n- my own point\n\n<!-- -->\n\n- [x] Prioritise people\n" in text
    assert "<!-- -->" not in export_markdown([nmc_entry()])


@pytest.mark.parametrize(
    "line",
    ["Plain words with *emphasis* and a [link](https://example.org)", "- a list item I wrote", "2. a numbered one"],
)
def test_ordinary_markdown_in_text_is_left_as_written(line):
    entry = nmc_entry(sections=(Section(heading="Notes", text=line),), feelings=(), tags=())

    assert export_markdown([entry]).endswith(f"### Notes\n\n{line}\n")


def test_titles_and_headings_stay_on_one_line_and_keep_trailing_hashes():
    entry = nmc_entry(title="Learning\n# from a\r\nmistake ##", sections=(Section(heading="Why? #", text="x"),))
    text = export_markdown([entry])

    assert "## Learning # from a mistake \\##\n" in text
    assert "### Why? \\#\n" in text
    assert (2, "Learning # from a mistake \\##") in markdown_headings(text)


def test_markdown_unicode_round_trips():
    entry = nmc_entry(title="Siân’s – “quote”", sections=(Section(heading="Beth?", text="Ffion’s “idea” ✓"),))
    text = export_markdown([entry], author_name="Siân Ní Bhriain")

    assert "# Reflective journal of Siân Ní Bhriain\n" in text
    assert "## Siân’s – “quote”\n" in text
    assert "Ffion’s “idea” ✓" in text


def test_markdown_with_no_entries_says_so():
    text = export_markdown([])

    assert markdown_headings(text) == [(1, "Reflective journal of Siân Jones")]
    assert text.endswith("There are no journal entries in this export.\n")


# JSON ------------------------------------------------------------------------------------------------------------


def export_json(entries, author_name="Siân Jones"):
    text = entries_json(entries, author_name=author_name, exported_at=EXPORTED_AT)
    assert isinstance(text, str)
    return text, json.loads(text)


def test_json_has_its_header_first():
    _, data = export_json([nmc_entry()])

    assert list(data) == ["format", "version", "author", "exported_at", "entries"]
    assert data["format"] == "attend-journal"
    assert data["version"] == 1
    assert data["author"] == "Siân Jones"
    assert data["exported_at"] == "2025-07-02T08:05:00+00:00"


def test_json_holds_every_field_of_an_entry_in_a_stable_order():
    _, data = export_json([nmc_entry()])

    assert data["entries"] == [
        {
            "id": "7d1c0f0e-0000-4000-8000-000000000001",
            "title": "Handover on the night shift",
            "template": "NMC written reflective account",
            "template_key": "nmc-reflective-account",
            "event_date": "2025-06-28",
            "written_at": "2025-06-30T23:30:00+00:00",
            "draft": False,
            "sections": [
                {
                    "heading": "What was the nature of the event?",
                    "text": "The handover ran late.\n\nWe had three admissions.\nI felt rushed.",
                    "choices": [],
                },
                {"heading": "What did you learn?", "text": "To ask for help sooner.", "choices": []},
                {
                    "heading": "How did you change or improve your practice?",
                    "text": "I now use a written handover.",
                    "choices": [],
                },
                {
                    "heading": "How is this relevant to the Code?",
                    "text": "It kept people safe.",
                    "choices": ["Prioritise people", "Preserve safety"],
                },
            ],
            "feelings": [
                {"moment": "How you felt at the time", "word": "anxious", "family": "fear", "intensity": "strong"},
                {"moment": "How you feel now", "word": "calm", "family": "peace", "intensity": ""},
            ],
            "tags": ["handover", "nights"],
        }
    ]
    entry = data["entries"][0]
    assert list(entry) == [
        "id",
        "title",
        "template",
        "template_key",
        "event_date",
        "written_at",
        "draft",
        "sections",
        "feelings",
        "tags",
    ]
    assert list(entry["sections"][0]) == ["heading", "text", "choices"]
    assert list(entry["feelings"][0]) == ["moment", "word", "family", "intensity"]


def test_json_dates_are_iso_and_a_missing_event_date_is_null():
    _, data = export_json([nmc_entry(), free_entry()])

    first, second = data["entries"]
    assert datetime.date.fromisoformat(first["event_date"]) == datetime.date(2025, 6, 28)
    assert datetime.datetime.fromisoformat(first["written_at"]) == nmc_entry().written_at
    assert second["event_date"] is None
    assert second["draft"] is True
    assert second["title"] == ""  # kept as written; the display title is for the documents people read


def test_json_keeps_non_ascii_as_itself():
    entry = nmc_entry(title="Siân’s – “quote”", tags=("Cymraeg ✓",))
    text, data = export_json([entry], author_name="Siân")

    assert "Siân’s – “quote”" in text
    assert "\\u" not in text
    assert data["entries"][0]["title"] == "Siân’s – “quote”"
    assert data["entries"][0]["tags"] == ["Cymraeg ✓"]
    assert json.loads(text.encode("utf-8")) == data


def test_json_is_the_same_for_the_same_entries():
    assert export_json([nmc_entry(), free_entry()])[0] == export_json([nmc_entry(), free_entry()])[0]


def test_json_with_no_entries():
    _, data = export_json([])

    assert data["entries"] == []
    assert data["format"] == "attend-journal"
