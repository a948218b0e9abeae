"""The slim Word template every portfolio document starts from (core/word.py)."""

import datetime
import io
import zipfile

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from attend.core.word import STYLES_USED, word_document

MADE_AT = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.UTC)


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_document():
    return word_document(title="Reflective accounts", author="Siân Jones", made_at=MADE_AT)


def test_every_style_the_documents_use_is_there_with_what_it_refers_to():
    document = docx.Document(io.BytesIO(saved(new_document())))
    names = {style.name for style in document.styles}
    ids = {style.style_id for style in document.styles}

    assert names >= STYLES_USED
    for style in document.styles.element.iterfind(qn("w:style")):
        for reference in ("w:basedOn", "w:link", "w:next"):
            found = style.find(qn(reference))
            assert found is None or found.get(qn("w:val")) in ids, (style.name_val, reference)


def test_the_file_is_small_and_every_part_it_names_is_in_it():
    data = saved(new_document())
    package = zipfile.ZipFile(io.BytesIO(data))
    files = set(package.namelist())

    assert len(data) < 20_000  # python-docx's own template saves at about 95 KB, mostly unused styles
    assert not any("stylesWithEffects" in name or "thumbnail" in name or "customXml" in name for name in files)
    for rels in [name for name in files if name.endswith(".rels")]:
        folder = rels.split("_rels/")[0]  # "" for the package's own, "word/" for the document's
        for relationship in parse_xml(package.read(rels)).iterchildren():
            target = relationship.get("Target")
            assert (target.lstrip("/") if target.startswith("/") else folder + target) in files, (rels, target)


def test_pages_are_a4_in_british_english_and_name_their_person():
    document = docx.Document(io.BytesIO(saved(new_document())))
    section = document.sections[0]
    languages = {
        language.get(qn("w:val"))
        for language in document.styles.element.iterfind(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    }

    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == round(section.top_margin.mm) == 25
    assert languages == {"en-GB"}
    properties = document.core_properties
    assert (properties.title, properties.author, properties.last_modified_by) == (
        "Reflective accounts",
        "Siân Jones",
        "Siân Jones",
    )
    assert properties.created == MADE_AT
    assert "python-docx" not in properties.comments


def test_each_document_starts_afresh_from_the_template():
    first = new_document()
    first.styles.add_style("Reminder", WD_STYLE_TYPE.PARAGRAPH)
    first.add_paragraph("Only in the first document.")

    second = new_document()

    assert "Reminder" not in {style.name for style in second.styles}
    assert [paragraph.text for paragraph in second.paragraphs if paragraph.text] == []
