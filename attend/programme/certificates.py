"""A participant's certificate of attendance and CPD record as a Word document, for a revalidation portfolio.

Built with python-docx, as Reflect builds the NMC reflective account (reflect/exports.py): the same kind of file
people already keep in their portfolio. Takes display values only (presenters.CpdView), no database.
"""

import datetime
import io
import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from attend.core.word import word_document

# Characters XML 1.0 cannot hold; a name or title pasted from another program may carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

REFLECTIONS_NOTE = (
    "Reflections are counted, not shown: what you wrote stays private in your journal. "
    "Export reflective accounts from Reflect if you want to include them."
)


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def certificate_sentence(view) -> str:
    record = view.record
    return (
        f"This is to certify that {record.name} took part in {record.programme} ({record.cohort}), "
        f"{view.dates}, attending {view.total_hours} of sessions."
    )


def cpd_record_docx(view, *, made_at: datetime.datetime, made_on: str) -> bytes:
    """Page 1: the certificate of attendance. Page 2: the CPD record (sessions with dates and hours, the total,
    the number of reflections saved during the programme)."""
    record = view.record
    document = word_document(
        title="Certificate of attendance and CPD record", author=_xml(record.name), made_at=made_at
    )

    heading = document.add_heading("Certificate of attendance", level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sentence = document.add_paragraph(_xml(certificate_sentence(view)))
    sentence.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sentence.runs[0].font.size = Pt(14)
    document.add_paragraph(f"Made with Attend on {made_on}.").alignment = WD_ALIGN_PARAGRAPH.CENTER

    record_heading = document.add_heading("CPD record", level=1)
    record_heading.paragraph_format.page_break_before = True
    facts = document.add_table(rows=0, cols=2)
    facts.style = document.styles["Table Grid"]
    for label, value in (
        ("Name", record.name),
        ("Programme", f"{record.programme} ({record.cohort})"),
        ("Dates", view.dates),
        ("Total hours", view.total_hours),
        ("Reflections saved during the programme", view.reflections),
    ):
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(_xml(value))

    document.add_heading("Sessions attended", level=2)
    if view.sessions:
        table = document.add_table(rows=1, cols=3)
        table.style = document.styles["Table Grid"]
        for cell, label in zip(table.rows[0].cells, ("Session", "Date", "Hours"), strict=True):
            cell.paragraphs[0].add_run(label).bold = True
        for row in view.sessions:
            cells = table.add_row().cells
            for cell, value in zip(cells, (row.title, row.date, row.hours), strict=True):
                cell.paragraphs[0].add_run(_xml(value))
    else:
        document.add_paragraph("No attendance has been recorded for you yet.")
    document.add_paragraph(REFLECTIONS_NOTE)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
