"""Facilitator guide packager: the flipped live session as a Word document, ``NAME-facilitator-guide.docx``.

It holds the time moved out of class ("from 3 h 10 min in class to 2 h live + 70 min pre-learning"), the agenda
with start times, each live activity (kind, minutes, the sources it came from, its content as prompts, the
materials its timing tables name, its facilitator cues and notes) and the speaker notes of every pre-learning
screen, so the facilitator knows what learners have already seen.

"In class" is the live plan's minutes plus the pre-learning modules' minutes: everything the classroom day
delivered, now split into what stays live and what moved to self-study. The estimates come from the chunker
(reading and speaking rates, the guide's own timings).

Its own words (headings, the agenda's columns, activity kinds, the time-moved sentence) are in the course's
language, from the documents' catalogue (``packagers._messages.document_words``); English where none is shipped.
The document's language (core property, and the proofing language of its text) is the course's. A right-to-left
course (Arabic, Hebrew, ...) gets right-to-left paragraphs and tables.

The document is WordprocessingML written here (ECMA-376 transitional, the parts Word needs: content types,
relationships, core properties, settings, styles, numbering, the body) with Word's built-in style names
(``heading 1``, ``List Bullet 2``, ``Table Grid``...), so Word, LibreOffice and python-docx read its structure,
and each numbered list restarts at 1. The bytes are deterministic: core properties dated ``SOURCE_DATE_EPOCH``
(default 1980-01-01) and the parts zipped by the one writer (``packagers._zip.archive_bytes``). No library
beyond the standard one is needed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

from converter.model import (
    Activity,
    Block,
    Chart,
    Code,
    Course,
    Cue,
    Heading,
    Image,
    ListBlock,
    Media,
    Paragraph,
    Quote,
    Span,
    Table,
    block_text,
    spans_text,
)
from converter.options import ConvertOptions, TargetKind
from converter.plugin import Target
from converter.result import Result

from ._html import language_tag, text_direction
from ._messages import document_words, fill, say_minutes
from ._zip import archive_bytes, zip_date_time

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")
"""What a run holds as ``w:tab`` or ``w:br`` rather than text."""
TEXT_WIDTH = 9360
"""The width between the margins, in twentieths of a point: a Letter page (8.5 in) less two 1 in margins."""
MONOSPACE = "Courier New"
_FIRST_PARTS = ("[Content_Types].xml", "_rels/.rels")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def clean(text: str) -> str:
    """Return ``text`` without the characters XML cannot hold (a Word document is XML)."""
    return _NOT_XML.sub("", text)


def duration(minutes: float, words: dict[str, str] | None = None) -> str:
    """Return minutes as a person says them in ``words``' language (default English): ``95 min``, ``2 h``,
    ``3 h 10 min``."""
    return say_minutes(words or document_words("en"), minutes)


def time_moved(course: Course) -> str:
    """Return the sentence, in the course's language, saying how much classroom time moved into pre-learning."""
    words = document_words(course.language)
    live = course.live.minutes
    pre = sum(module.minutes for module in course.modules)
    return fill(words["guide-time-moved"], total=duration(live + pre, words), live=duration(live, words),
                pre=duration(pre, words), activities=len(course.live.activities), modules=len(course.modules))


def _minutes(words: dict[str, str], minutes: float) -> str:
    """Return ``minutes`` as written (``7.5 min``), in ``words``' language."""
    return fill(words["minutes"], minutes=f"{minutes:g}")


class FacilitatorGuidePackager:
    """Writes ``NAME-facilitator-guide.docx``: agenda, activities, pre-learning notes."""

    name = "facilitator-guide"
    description = "facilitator guide for the live session (.docx: agenda, activities, cues, notes)"
    targets: tuple[TargetKind, ...] = ("file",)

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path]:
        """Write the guide to ``target`` (``.docx`` added) atomically; raises ``OutputError`` when it cannot be
        written."""
        from converter.atomic import write_bytes

        path = target.path if target.path.suffix == ".docx" else target.path.with_name(target.path.name + ".docx")
        return Result.of(write_bytes(path, guide_bytes(course)))


def guide_bytes(course: Course) -> bytes:
    """Return the guide as the bytes of a .docx file, the same for the same course."""
    language = language_tag(course.language)
    right_to_left = text_direction(language) == "rtl"
    body = GuideBody(right_to_left)
    _write_guide(body, course)
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELATIONSHIPS,
        "docProps/core.xml": _core_properties(course),
        "word/_rels/document.xml.rels": _DOCUMENT_RELATIONSHIPS,
        "word/document.xml": body.document(),
        "word/numbering.xml": body.numbering(),
        "word/settings.xml": _SETTINGS,
        "word/styles.xml": _styles(language, right_to_left),
    }
    return archive_bytes(parts, first=_FIRST_PARTS)


# ----------------------------------------------------------------------------------------------- the body


def run(text: str, bold: bool = False, italic: bool = False, underline: bool = False,
        font: str | None = None) -> str:
    """Return a run (``w:r``) of ``text``: tabs as ``w:tab``, line breaks as ``w:br``, characters XML cannot hold
    left out; empty when there is no text."""
    text = clean(text)
    if not text:
        return ""
    face = escape(font or "")
    properties = f'<w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:cs="{face}"/>' if face else ""
    properties += "<w:b/>" if bold else ""
    properties += "<w:i/>" if italic else ""
    properties += '<w:u w:val="single"/>' if underline else ""
    content = "".join(_BREAK_ELEMENTS.get(piece) or f'<w:t xml:space="preserve">{escape(piece, False)}</w:t>'
                      for piece in _BREAKS.split(text) if piece)
    return f"<w:r>{f'<w:rPr>{properties}</w:rPr>' if properties else ''}{content}</w:r>"


_BREAK_ELEMENTS = {"\t": "<w:tab/>", "\n": "<w:br/>", "\r": "<w:br/>", "\r\n": "<w:br/>"}


def spans_runs(spans: Sequence[Span], bold: bool = False) -> str:
    """Return the runs of a line of spans with their emphasis (inline code in a monospace font)."""
    return "".join(run(span.text, bold=bold or span.bold, italic=span.italic, underline=span.underline,
                       font=MONOSPACE if span.code else None) for span in spans)


class GuideBody:
    """The guide's body as WordprocessingML, added paragraph by paragraph and table by table, with the numbering
    its numbered lists need (each list counts from its own start)."""

    BULLETS, NUMBERS = 1, 2
    """The numbering the list styles name (``List Bullet*``, ``List Number*``); restarted lists follow them."""

    def __init__(self, right_to_left: bool = False) -> None:
        self.right_to_left = right_to_left
        self._xml: list[str] = []
        self._starts: list[int] = []

    def paragraph(self, runs: str = "", style: str | None = None, numbering: tuple[int, int] | None = None) -> None:
        """Add a paragraph of ``runs`` in the style with id ``style``; ``numbering`` = (numbering id, level)."""
        properties = f'<w:pStyle w:val="{style}"/>' if style else ""
        if numbering is not None:
            properties += f'<w:numPr><w:ilvl w:val="{numbering[1]}"/><w:numId w:val="{numbering[0]}"/></w:numPr>'
        self._xml.append(f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{runs}</w:p>")

    def text(self, text: str, style: str | None = None) -> None:
        """Add a paragraph holding ``text`` in the style with id ``style``."""
        self.paragraph(run(text), style)

    def heading(self, text: str, level: int) -> None:
        """Add a heading (level 0: the title)."""
        self.text(text, "Title" if level == 0 else f"Heading{level}")

    def restarted_numbers(self, start: int = 1) -> int:
        """Return a new numbering id for a numbered list whose first item is numbered ``start`` (its sub-items
        from 1)."""
        self._starts.append(start)
        return self.NUMBERS + len(self._starts)

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        """Add a table in the ``Table Grid`` style, a paragraph of text per cell, short rows filled with empty
        cells; nothing when it has no cell."""
        columns = max((len(row) for row in rows), default=0)
        if not columns:
            return
        width = TEXT_WIDTH // columns
        cell = f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>{{}}</w:p></w:tc>'
        xml = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>', "<w:bidiVisual/>" if self.right_to_left else "",
               '<w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>',
               f'<w:gridCol w:w="{width}"/>' * columns, "</w:tblGrid>"]
        for row in rows:
            texts = [*row, *[""] * (columns - len(row))]
            xml.append("<w:tr>" + "".join(cell.format(run(text)) for text in texts) + "</w:tr>")
        self._xml.append("".join(xml) + "</w:tbl>")

    def document(self) -> bytes:
        """Return ``word/document.xml``: the body, ending in a paragraph (as Word wants), then the page."""
        last = [] if self._xml and self._xml[-1].startswith("<w:p>") else ["<w:p/>"]
        page = ('<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
                'w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>')
        return (f'{_XML}<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>' + "".join(self._xml + last) + page
                + "</w:body></w:document>").encode()

    def numbering(self) -> bytes:
        """Return ``word/numbering.xml``: bullets and numbers on three levels, and one restarted instance of the
        numbers per numbered list."""
        instances = [f'<w:num w:numId="{self.BULLETS}"><w:abstractNumId w:val="0"/></w:num>',
                     f'<w:num w:numId="{self.NUMBERS}"><w:abstractNumId w:val="1"/></w:num>']
        instances += [f'<w:num w:numId="{self.NUMBERS + n}"><w:abstractNumId w:val="1"/>'
                      + "".join(f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start if level == 0 else 1}"/>'
                                "</w:lvlOverride>" for level in range(3))
                      + "</w:num>" for n, start in enumerate(self._starts, start=1)]
        return (f'{_XML}<w:numbering xmlns:w="{_W}">{_list_levels(0, _BULLET_LEVELS)}{_list_levels(1, _NUMBER_LEVELS)}'
                + "".join(instances) + "</w:numbering>").encode()


def list_style(kind: str, level: int) -> str:
    """Return the id of the list style for ``kind`` (``Bullet`` or ``Number``) at ``level`` 0-2: ``ListBullet``,
    ``ListNumber3``."""
    return f"List{kind}{level + 1 if level else ''}"


_BULLET_LEVELS = (("bullet", "\u2022"), ("bullet", "\u25e6"), ("bullet", "\u25aa"))
_NUMBER_LEVELS = (("decimal", "%1."), ("lowerLetter", "%2."), ("lowerRoman", "%3."))


def _list_levels(abstract_id: int, levels: Sequence[tuple[str, str]]) -> str:
    """Return an abstract numbering of three levels, each indented a quarter inch more than the one above."""
    xml = [f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="hybridMultilevel"/>']
    for level, (number_format, text) in enumerate(levels):
        xml.append(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
                   f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                   f'<w:pPr><w:ind w:left="{360 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>')
    return "".join(xml) + "</w:abstractNum>"


# ------------------------------------------------------------------------------------------ the other parts


def _core_properties(course: Course) -> bytes:
    """Return ``docProps/core.xml``: title, subject, author and the fixed dates, in the course's language."""
    stamp = datetime.datetime(*zip_date_time()).strftime("%Y-%m-%dT%H:%M:%SZ")
    subject = document_words(course.language)["guide-subject"]
    return (f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(clean(course.title), False)}</dc:title><dc:subject>{escape(clean(subject), False)}</dc:subject>"
            "<dc:creator>c2e</dc:creator><cp:lastModifiedBy>c2e</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            f"<dc:language>{escape(clean(course.language or ''), False)}</dc:language></cp:coreProperties>").encode()


def _styles(language: str, right_to_left: bool) -> bytes:
    """Return ``word/styles.xml``: the defaults (Calibri 11 pt, the course's proofing language, right to left
    when it is) and the styles the guide uses, under Word's built-in names."""
    lang = f'"{escape(language)}"'
    defaults = (f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:eastAsia="Calibri" w:hAnsi="Calibri"'
                f' w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val={lang} w:eastAsia={lang}'
                f' w:bidi={lang}/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{"<w:bidi/>" if right_to_left else ""}'
                '<w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>')
    styles = ['<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
              "</w:style>",
              _paragraph_style("Title", "Title", '<w:spacing w:after="240"/><w:contextualSpacing/>', 56),
              *(_paragraph_style(f"Heading{level}", f"heading {level}",
                                 f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}"/>'
                                 f'<w:outlineLvl w:val="{level - 1}"/>', size, bold=True)
                for level, before, after, size in ((1, 360, 120, 32), (2, 240, 80, 26), (3, 200, 60, 24))),
              *(_paragraph_style(list_style(kind, level), f"List {kind}{f' {level + 1}' if level else ''}",
                                 f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{number}"/></w:numPr>'
                                 "<w:contextualSpacing/>")
                for kind, number in (("Bullet", GuideBody.BULLETS), ("Number", GuideBody.NUMBERS))
                for level in range(3)),
              '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
              '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
              '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" '
              'w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
              '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
              '<w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
              "<w:tblPr><w:tblBorders>"
              + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                        for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
              + "</w:tblBorders></w:tblPr></w:style>"]
    return f'{_XML}<w:styles xmlns:w="{_W}">{defaults}{"".join(styles)}</w:styles>'.encode()


def _paragraph_style(style_id: str, name: str, paragraph: str, size: int | None = None, bold: bool = False) -> str:
    """Return a paragraph style based on Normal, with its paragraph properties and, for headings and the title,
    its size (in half points), weight and colour."""
    text = ""
    if size is not None:
        colour = '<w:color w:val="1F3864"/>' if bold else ""
        text = f'<w:rPr>{"<w:b/><w:bCs/>" if bold else ""}{colour}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
            f'<w:next w:val="Normal"/><w:qFormat/><w:pPr>{paragraph}</w:pPr>{text}</w:style>')


_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    + "".join(f'<Override PartName="/word/{part}.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              f'wordprocessingml.{kind}+xml"/>'
              for part, kind in (("document", "document.main"), ("numbering", "numbering"), ("settings", "settings"),
                                 ("styles", "styles")))
    + "</Types>"
).encode()
_RELATIONSHIP = '<Relationship Id="{}" Type="{}" Target="{}"/>'
_PACKAGE_RELATIONSHIPS = (
    f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + _RELATIONSHIP.format("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                           "word/document.xml")
    + _RELATIONSHIP.format("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                           "core-properties", "docProps/core.xml")
    + "</Relationships>"
).encode()
_DOCUMENT_RELATIONSHIPS = (
    f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + "".join(_RELATIONSHIP.format(f"rId{n}", f"{_R}/{part}", f"{part}.xml")
              for n, part in enumerate(("styles", "numbering", "settings"), start=1))
    + "</Relationships>"
).encode()
_SETTINGS = (
    f'{_XML}<w:settings xmlns:w="{_W}"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    "</w:compat></w:settings>"
).encode()


# ------------------------------------------------------------------------------------------- the contents


def _write_guide(body: GuideBody, course: Course) -> None:
    words = document_words(course.language)
    body.heading(fill(words["guide-title"], title=course.title), 0)
    body.text(time_moved(course))
    _write_agenda(body, course.live.activities, words)
    body.heading(words["guide-live-activities"], 1)
    for activity in course.live.activities:
        _write_activity(body, activity, words)
    _write_pre_learning(body, course, words)


def _write_agenda(body: GuideBody, activities: tuple[Activity, ...], words: dict[str, str]) -> None:
    body.heading(words["guide-agenda"], 1)
    rows = [[words["guide-start"], words["guide-activity"], words["guide-kind"], words["guide-minutes"]]]
    start = 0.0
    for activity in activities:
        rows.append([f"{int(start) // 60}:{int(start) % 60:02d}", activity.title, words[f"activity-{activity.kind}"],
                     f"{activity.minutes:g}"])
        start += activity.minutes
    body.table(rows)


def _write_activity(body: GuideBody, activity: Activity, words: dict[str, str]) -> None:
    body.heading(activity.title, 2)
    sources = "; ".join(fill(words["guide-source"], file=ref.file, index=ref.index) for ref in activity.units)
    body.text(fill(words["guide-activity-line"], kind=words[f"activity-{activity.kind}"],
                   duration=_minutes(words, activity.minutes), sources=sources))
    materials = _materials(activity.blocks, words)
    if materials:
        body.text(fill(words["guide-materials"], materials="; ".join(materials)))
    _write_section(body, words["guide-prompts"], activity.blocks, words)
    _write_section(body, words["guide-cues"], activity.cues, words)
    _write_section(body, words["guide-notes"], activity.notes, words)


def _write_section(body: GuideBody, title: str, blocks: tuple[Block, ...] | tuple[Cue, ...],
                   words: dict[str, str]) -> None:
    if blocks:
        body.heading(title, 3)
        for block in blocks:
            write_block(body, block, words)


def _materials(blocks: tuple[Block, ...], words: dict[str, str] | None = None) -> list[str]:
    """Return the entries of the "Materials" column of the activity's tables, each once, in order: the column
    headed "Materials", or (a translated course) headed with ``words``' own word for it (``Material``)."""
    names = {"materials", _label(words["guide-materials"]) if words else "materials"}
    found: list[str] = []
    for table in (block for block in blocks if isinstance(block, Table) and len(block.rows) > 1):
        header = [_label(_cell_text(cell.paragraphs)) for cell in table.rows[0].cells]
        column = next((n for n, name in enumerate(header) if name in names), None)
        if column is not None:
            found += [_cell_text(row.cells[column].paragraphs) for row in table.rows[1:] if len(row.cells) > column]
    return list(dict.fromkeys(text for text in found if text.strip()))


def _label(text: str) -> str:
    """Return a heading word as compared: before any placeholder, without colons, space or case."""
    return text.split("{")[0].strip().strip(":：").strip().lower()


def _cell_text(paragraphs: tuple[tuple[Span, ...], ...]) -> str:
    return " ".join(spans_text(line) for line in paragraphs)


def _write_pre_learning(body: GuideBody, course: Course, words: dict[str, str]) -> None:
    body.heading(words["guide-pre-learning"], 1)
    for module in course.modules:
        body.heading(fill(words["guide-module"], title=module.title, duration=_minutes(words, module.minutes)), 2)
        for screen in module.screens:
            body.text(screen.title, list_style("Bullet", 0))
            for note in screen.notes:
                write_block(body, note, words)
            for cue in screen.facilitator:
                write_block(body, cue, words)


def write_block(body: GuideBody, block: Block, words: dict[str, str] | None = None) -> None:
    """Add one block to the guide: text blocks as paragraphs, lists as list paragraphs (a numbered list counting
    from its start), tables as tables, code in a monospace font with its line breaks and indentation, pictures,
    charts and media as a bracketed description in ``words``' language (default English)."""
    if isinstance(block, (Paragraph, Quote, Cue, Heading)):
        body.paragraph(spans_runs(block.spans, bold=isinstance(block, Heading)))
    elif isinstance(block, ListBlock):
        numbers = body.restarted_numbers(block.start) if block.ordered else None
        for item in block.items:
            level = min(item.level, 2)
            body.paragraph(spans_runs(item.spans), list_style("Number" if block.ordered else "Bullet", level),
                           None if numbers is None else (numbers, level))
    elif isinstance(block, Table):
        body.table([["\n".join(spans_text(line) for line in cell.paragraphs) for cell in row.cells]
                    for row in block.rows])
    elif isinstance(block, Code):
        body.paragraph(run(block.text, font=MONOSPACE))
    elif isinstance(block, (Image, Chart, Media)):
        words = words or document_words("en")
        key = {"image": "guide-picture", "chart": "guide-chart", "media": "guide-media"}[block.kind]
        body.text(fill(words[key], description=block_text(block) or words["guide-no-description"]))
