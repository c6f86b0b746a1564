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
A right-to-left course (Arabic, Hebrew, ...) gets right-to-left paragraphs and tables.

The bytes are deterministic: core properties dated ``SOURCE_DATE_EPOCH`` (default 1980-01-01) and the parts
re-zipped in a fixed order with fixed timestamps. Needs python-docx (``pip install
'classroom-to-elearning[guide]'``), imported only when a guide is written.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from converter.errors import MissingDependencyError
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
from ._zip import zip_date_time

if TYPE_CHECKING:
    from docx.document import Document

INSTALL_HINT = "pip install 'classroom-to-elearning[guide]'"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FIRST_PARTS = ("[Content_Types].xml", "_rels/.rels")
_BREAKS = re.compile(r"[\t\n\r]")
"""What python-docx writes as ``w:tab`` or ``w:br`` rather than text."""


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
    requires = (("python-docx", "docx", INSTALL_HINT),)
    description = "facilitator guide for the live session (.docx: agenda, activities, cues, notes)"
    targets: tuple[TargetKind, ...] = ("file",)

    def package(self, course: Course, target: Target, options: ConvertOptions) -> Result[Path]:
        """Write the guide to ``target`` (``.docx`` added) atomically; raises ``MissingDependencyError`` without
        python-docx and ``OutputError`` when it cannot be written."""
        from converter.atomic import write_atomic

        data = guide_bytes(course)
        path = target.path if target.path.suffix == ".docx" else target.path.with_name(target.path.name + ".docx")
        return Result.of(write_atomic(path, lambda handle: handle.write(data)))


def guide_bytes(course: Course) -> bytes:
    """Return the guide as the bytes of a .docx file, the same for the same course."""
    try:
        import docx
    except ImportError as error:
        raise MissingDependencyError(f"the facilitator guide needs python-docx: {INSTALL_HINT}") from error
    document = docx.Document()
    _set_properties(document, course)
    _write_guide(document, course)
    if text_direction(language_tag(course.language)) == "rtl":
        _right_to_left(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalised_zip(buffer.getvalue())


def _set_properties(document: Document, course: Course) -> None:
    fixed = datetime.datetime(*zip_date_time())
    props = document.core_properties
    props.title, props.author, props.last_modified_by = clean(course.title), "c2e", "c2e"
    props.created = props.modified = props.last_printed = fixed
    props.revision = 1
    props.language = course.language or ""
    props.comments, props.keywords = "", ""
    props.subject = document_words(course.language)["guide-subject"]


def _right_to_left(document: Document) -> None:
    """Make every paragraph (the document's default) and every table of the guide right to left."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    paragraph = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    paragraph.insert(0, OxmlElement("w:bidi"))  # bidi precedes spacing in pPr's sequence
    for table in document.tables:
        style: Any = table._tbl.tblPr.find(qn("w:tblStyle"))
        style.addnext(OxmlElement("w:bidiVisual"))  # right after the style, as tblPr's sequence wants


def _normalised_zip(data: bytes) -> bytes:
    """Return the .docx re-zipped with fixed entry times, in a fixed order (content types first)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    names = [name for name in _FIRST_PARTS if name in parts] + sorted(set(parts) - set(_FIRST_PARTS))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=zip_date_time())
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, parts[name], compresslevel=6)
    return out.getvalue()


def _style(document: Document, name: str) -> Any:
    """Return the document's style called ``name``, looked up once per document (python-docx scans every style
    of the document on each lookup by name)."""
    cache: dict[str, Any] = document.__dict__.setdefault("_c2e_styles", {})
    if name not in cache:
        cache[name] = document.styles[name]
    return cache[name]


def _paragraph(document: Document, text: str = "", style: str | None = None) -> Any:
    """Add a paragraph holding ``text`` in the style called ``style``; return it. The style id is written
    straight into the paragraph: python-docx's own setter scans the styles twice per paragraph, most of the
    guide's time."""
    paragraph = document.add_paragraph()
    if text:
        _add_run(paragraph, text)
    if style is not None:
        paragraph._p.style = _style(document, style).style_id
    return paragraph


def _add_run(paragraph: Any, text: str) -> Any:
    """Add a run holding ``text`` to a paragraph; return it."""
    run = paragraph.add_run()
    _put_text(run._r, text)
    return run


def _set_cell_text(cell: Any, text: str) -> None:
    """Replace a table cell's content with one paragraph holding ``text`` (python-docx's ``cell.text = text``)."""
    cell._tc.clear_content()
    _put_text(cell._tc.add_p().add_r(), text)


def _put_text(run: Any, text: str) -> None:
    """Put ``text`` into a run element as python-docx's text setter does (a tab as ``w:tab``, a line break as
    ``w:br``), in one ``w:t`` when it holds neither: the setter walks the text a character at a time, a third
    of the guide's time."""
    if _BREAKS.search(text):
        run.text = text
    elif text:
        run.add_t(text)


def _heading(document: Document, text: str, level: int) -> Any:
    """Add a heading paragraph (level 0: the title); return it."""
    return _paragraph(document, text, "Title" if level == 0 else f"Heading {level}")


def _write_guide(document: Document, course: Course) -> None:
    words = document_words(course.language)
    _heading(document, clean(fill(words["guide-title"], title=course.title)), 0)
    _paragraph(document, clean(time_moved(course)))
    _write_agenda(document, course.live.activities, words)
    _heading(document, words["guide-live-activities"], 1)
    for activity in course.live.activities:
        _write_activity(document, activity, words)
    _write_pre_learning(document, course, words)


def _write_agenda(document: Document, activities: tuple[Activity, ...], words: dict[str, str]) -> None:
    _heading(document, words["guide-agenda"], 1)
    table = document.add_table(rows=1, cols=4)
    table.style = _style(document, "Table Grid")
    columns = (words["guide-start"], words["guide-activity"], words["guide-kind"], words["guide-minutes"])
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        _set_cell_text(cell, text)
    start = 0.0
    for activity in activities:
        texts = (f"{int(start) // 60}:{int(start) % 60:02d}", clean(activity.title),
                 words[f"activity-{activity.kind}"], f"{activity.minutes:g}")
        for cell, text in zip(table.add_row().cells, texts, strict=True):
            _set_cell_text(cell, text)
        start += activity.minutes


def _write_activity(document: Document, activity: Activity, words: dict[str, str]) -> None:
    _heading(document, clean(activity.title), 2)
    sources = "; ".join(fill(words["guide-source"], file=ref.file, index=ref.index) for ref in activity.units)
    _paragraph(document, clean(fill(words["guide-activity-line"], kind=words[f"activity-{activity.kind}"],
                                      duration=_minutes(words, activity.minutes), sources=sources)))
    materials = _materials(activity.blocks, words)
    if materials:
        _paragraph(document, clean(fill(words["guide-materials"], materials="; ".join(materials))))
    _write_section(document, words["guide-prompts"], activity.blocks, words)
    _write_section(document, words["guide-cues"], activity.cues, words)
    _write_section(document, words["guide-notes"], activity.notes, words)


def _write_section(document: Document, title: str, blocks: tuple[Block, ...] | tuple[Cue, ...],
                   words: dict[str, str]) -> None:
    if blocks:
        _heading(document, title, 3)
        for block in blocks:
            write_block(document, block, words)


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


def _write_pre_learning(document: Document, course: Course, words: dict[str, str]) -> None:
    _heading(document, words["guide-pre-learning"], 1)
    for module in course.modules:
        _heading(document, clean(fill(words["guide-module"], title=module.title,
                                      duration=_minutes(words, module.minutes))), 2)
        for screen in module.screens:
            _paragraph(document, clean(screen.title), "List Bullet")
            for note in screen.notes:
                write_block(document, note, words)
            for cue in screen.facilitator:
                write_block(document, cue, words)


def write_block(document: Document, block: Block, words: dict[str, str] | None = None) -> None:
    """Add one block to the document: text blocks as paragraphs, lists as list paragraphs, tables as tables,
    pictures, charts and media as a bracketed description in ``words``' language (default English)."""
    if isinstance(block, (Paragraph, Quote, Cue, Heading)):
        _add_spans(document.add_paragraph(), block.spans, bold=isinstance(block, Heading))
    elif isinstance(block, ListBlock):
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            level = f" {min(item.level + 1, 3)}" if item.level else ""
            _add_spans(_paragraph(document, style=style + level), item.spans)
    elif isinstance(block, Table):
        _add_table(document, block)
    elif isinstance(block, Code):
        run = _add_run(document.add_paragraph(), clean(block.text))
        run.font.name = "Courier New"
    elif isinstance(block, (Image, Chart, Media)):
        words = words or document_words("en")
        key = {"image": "guide-picture", "chart": "guide-chart", "media": "guide-media"}[block.kind]
        _paragraph(document, clean(fill(words[key], description=block_text(block) or words["guide-no-description"])))


def _add_spans(paragraph: Any, spans: tuple[Span, ...], bold: bool = False) -> None:
    for span in spans:
        run = _add_run(paragraph, clean(span.text))
        run.bold = bold or span.bold or None
        run.italic = span.italic or None
        run.underline = span.underline or None


def _add_table(document: Document, block: Table) -> None:
    columns = max(len(row.cells) for row in block.rows) if block.rows else 0
    if not columns:
        return
    table = document.add_table(rows=len(block.rows), cols=columns)
    table.style = _style(document, "Table Grid")
    for row, source_row in zip(table.rows, block.rows, strict=True):
        for cell, source_cell in zip(row.cells, source_row.cells, strict=False):
            _set_cell_text(cell, clean("\n".join(spans_text(line) for line in source_cell.paragraphs)))
