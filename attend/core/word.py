"""New Word documents for people's portfolios: Reflect's reflective accounts and Programme's CPD record.

python-docx's own template carries about 880 KB of XML: every built-in style twice (styles.xml and the Word 2010
copy, stylesWithEffects.xml), a thumbnail of a blank US Letter page and a customXml item. Parsing it on open and
compressing it again on save cost about 17 ms a document, most of a download's time. So each process builds one
slim template the first time a document is made: the same styles Attend's documents use (with the styles they are
based on, linked to and followed by), A4 with 25 mm margins, British English; every new document opens from
those bytes. Word fills in any built-in style a person picks later, as it does for any document.
"""

import datetime
import functools
import io

import docx
from django.utils import timezone
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.styles import BabelFish

# The styles Attend's documents name (add_heading levels 0-2 are Title and Heading 1-2), and the defaults Word
# expects every document to define.
STYLES_USED = frozenset(
    {
        "Normal",
        "Default Paragraph Font",
        "Normal Table",
        "No List",
        "Title",
        "Heading 1",
        "Heading 2",
        "List Bullet",
        "Table Grid",
        "Footer",
    }
)
# Word 2010's copy of the styles (Word makes it again when it saves), the customXml item, the blank thumbnail.
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_PARTS_NOT_NEEDED = {_STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.THUMBNAIL}


def _drop_parts_not_needed(document: WordDocument) -> None:
    for rels in (document.part.package.rels, document.part.rels):
        for rel_id in [rel_id for rel_id, rel in rels.items() if rel.reltype in _PARTS_NOT_NEEDED]:
            del rels[rel_id]


def _styles_needed(styles_element, names: frozenset[str]) -> set[str]:
    """The ids of the named styles and of every style they are based on, linked to or followed by."""
    by_id = {style.get(qn("w:styleId")): style for style in styles_element.iterfind(qn("w:style"))}
    internal_names = {BabelFish.ui2internal(name) for name in names}  # "Heading 1" is "heading 1" inside
    wanted = [style_id for style_id, style in by_id.items() if style.name_val in internal_names]
    needed: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in needed or style_id not in by_id:
            continue
        needed.add(style_id)
        for reference in ("w:basedOn", "w:link", "w:next"):
            found = by_id[style_id].find(qn(reference))
            if found is not None:
                wanted.append(found.get(qn("w:val")))
    return needed


def _keep_only_styles(document: WordDocument, names: frozenset[str]) -> None:
    styles_element = document.styles.element
    needed = _styles_needed(styles_element, names)
    for style in list(styles_element.iterfind(qn("w:style"))):
        if style.get(qn("w:styleId")) not in needed:
            styles_element.remove(style)


@functools.cache
def _template() -> bytes:
    document = docx.Document()
    _drop_parts_not_needed(document)
    _keep_only_styles(document, STYLES_USED)
    for language in document.styles.element.iterfind(f"{qn('w:docDefaults')}//{qn('w:lang')}"):
        language.set(qn("w:val"), "en-GB")  # spell-check in British English, not the template's US English
    page = document.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)  # A4: python-docx's template is US Letter
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Mm(25)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _utc_naive(moment: datetime.datetime) -> datetime.datetime:
    # python-docx writes core property dates as given, followed by "Z".
    return moment.astimezone(datetime.UTC).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def word_document(*, title: str, author: str, made_at: datetime.datetime) -> WordDocument:
    """A new, empty A4 document in British English whose properties name its person, not python-docx."""
    document = docx.Document(io.BytesIO(_template()))
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = author
    properties.comments = ""
    properties.created = properties.modified = _utc_naive(made_at)
    properties.revision = 1
    return document
