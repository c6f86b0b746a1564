"""What a source holds and what a web package shows, read independently of the extractors, for the end-to-end
fidelity property (tests/test_fidelity_property.py).

Sources are read with python-pptx (slide paragraphs, notes, drawing shapes), python-docx (body paragraphs,
table cells included) and pypdfium2 (the words of each page). The package is read from its HTML only: the text
of each rendered screen (transcript included, since a learner opens it) and the alt text of its pictures.
Text on both sides is normalised the same way: NFKC (a ligature glyph is its letters), private-use and
format characters (soft hyphens, direction marks) dropped, whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from recall import words

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W_TEXT, _W_SPACES = f"{{{W}}}t", (f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr")
_W_SKIPPED = {f"{{{MC}}}Fallback", f"{{{W}}}moveFrom"}
_W_CUTS = (f"{{{W}}}footnoteReference", f"{{{W}}}endnoteReference")
FURNITURE = frozenset({"dt", "ftr", "hdr", "sldNum"})
"""Placeholders repeated on every slide (date, footer, header, slide number): page furniture, not content."""
OLE_URI = "http://schemas.openxmlformats.org/presentationml/2006/ole"
_SPACE = re.compile(r"\s+")
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]+")
_BLOCKS = ("br", "p", "li", "ul", "ol", "td", "th", "tr", "table", "caption", "figcaption", "figure", "div", "pre",
           "h1", "h2", "h3", "h4", "h5", "h6", "section", "aside", "blockquote", "button")


def pieces(text: str) -> list[str]:
    """Return the non-empty normalised pieces of ``text`` either side of each private-use character.

    A private-use character is a glyph of a symbol font (Symbol, Wingdings) the package may show as its Unicode
    equivalent (``\\uf0b4`` as ×): the reference cannot tell which, so each piece around it must be found."""
    return [text for piece in _PRIVATE.split(text) if (text := normal(piece))]


def normal(text: str) -> str:
    """Return ``text`` NFKC-normalised, without private-use and format characters, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Co", "Cf"))
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Paragraph:
    """One source paragraph (or, for a PDF, one word): its unit (None when the reader cannot tell), the
    anchors of the shape holding it and of the groups around it, and its normalised text."""

    unit: int | None
    text: str
    anchors: frozenset[str] = frozenset()
    rtl: bool = False
    """A PDF word of a page written mostly right to left, where the reference's order of letters is not trusted."""


@dataclass(frozen=True)
class Drawing:
    """A drawing shape of a slide a learner sees only as a picture: a connector, a text-less shape with
    visible geometry, an embedded (OLE) object."""

    unit: int
    anchor: str
    name: str


@dataclass
class Shown:
    """What a package shows: text per screen id, picture roles per screen id."""

    text: dict[str, str] = field(default_factory=dict)
    roles: dict[str, set[str]] = field(default_factory=dict)


# --- the package -------------------------------------------------------------------------------------------------

def shown(package: Path) -> Shown:
    """Return the learner-visible text and picture roles of each screen of the web package folder ``package``.

    A screen linking to a job aid page of the package (``job-aids/ID.html``, a printable checklist, procedure or
    reference table lifted off the screen) shows that page's text too: the learner opens it in one click."""
    page = _spaced(html.parse(str(package / "index.html")).getroot())
    found = Shown()
    for section in page.find_class("screen"):
        alts = [img.get("alt", "") for img in section.iter("img")]
        aids = [_job_aid_text(package / href) for href in sorted({a.get("href", "") for a in section.iter("a")})
                if _JOB_AID.fullmatch(href)]
        found.text[section.get("id")] = normal(" ".join([section.text_content(), *alts, *aids]))
        found.roles[section.get("id")] = {img.get("data-role", "") for img in section.iter("img")}
    return found


_JOB_AID = re.compile(r"job-aids/[\w-]+\.html")


def _spaced(page: html.HtmlElement) -> html.HtmlElement:
    """Return ``page`` with a line break at each block boundary and the numbers the browser shows on ordered lists."""
    for element in page.iter(*_BLOCKS):  # a line break or a block boundary is a space; inline markup is not
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    for ol in page.iter("ol"):  # the browser numbers an ordered list: the numbers are shown
        for number, item in enumerate(ol.findall("li"), start=int(ol.get("start", "1"))):
            item.text = f"{number}. " + (item.text or "")
    return page


def _job_aid_text(path: Path) -> str:
    """Return the text and picture alt text of a job aid page (empty when the package lacks it)."""
    if not path.is_file():
        return ""
    page = _spaced(html.parse(str(path)).getroot())
    alts = [img.get("alt", "") for img in page.iter("img")]
    return " ".join([page.find(".//body").text_content(), *alts])


# --- PowerPoint ----------------------------------------------------------------------------------------------------

def pptx_paragraphs(path: Path) -> Iterator[Paragraph]:
    """Yield every non-empty paragraph of each slide's shapes (groups and table cells included) and notes."""
    from pptx import Presentation

    for number, slide in enumerate(Presentation(str(path)).slides, start=1):
        yield from _shape_paragraphs(slide.shapes, number, frozenset(), "sp-")
        if slide.has_notes_slide and slide.notes_slide.notes_placeholder is not None:
            body = slide.notes_slide.notes_placeholder
            yield from _frame_paragraphs(body.text_frame, number, frozenset({f"note-sp-{body.shape_id}"}))


def _shape_paragraphs(shapes, unit: int, around: frozenset[str], prefix: str) -> Iterator[Paragraph]:
    for shape in shapes:
        anchors = around | {f"{prefix}{shape.shape_id}"}
        kind = shape._element.ph_type if shape.is_placeholder else None
        if kind is not None and kind.xml_value in FURNITURE:
            continue
        if shape.shape_type is not None and shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
            yield from _shape_paragraphs(shape.shapes, unit, anchors, prefix)
        elif getattr(shape, "has_table", False) and shape.has_table:
            for cell in (cell for row in shape.table.rows for cell in row.cells):
                yield from _frame_paragraphs(cell.text_frame, unit, anchors)
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            yield from _frame_paragraphs(shape.text_frame, unit, anchors)


def _frame_paragraphs(frame, unit: int, anchors: frozenset[str]) -> Iterator[Paragraph]:
    for paragraph in frame.paragraphs:
        yield from (Paragraph(unit, text, anchors) for text in pieces(paragraph.text))


def pptx_drawings(path: Path) -> Iterator[Drawing]:
    """Yield each slide's drawing shapes: ``p:cxnSp``, a ``p:sp`` (not a placeholder) with no text and a
    visible outline or fill, a ``p:graphicFrame`` holding an OLE object; in groups too."""
    from pptx import Presentation

    for number, slide in enumerate(Presentation(str(path)).slides, start=1):
        tree = slide.shapes._spTree
        for element in tree.iter(f"{{{P}}}cxnSp", f"{{{P}}}sp", f"{{{P}}}graphicFrame"):
            if _is_drawing(element):
                c_nv_pr = next(element.iter(f"{{{P}}}cNvPr"))
                yield Drawing(number, f"sp-{c_nv_pr.get('id')}", c_nv_pr.get("name", ""))


def _is_drawing(element: etree._Element) -> bool:
    kind = etree.QName(element).localname
    if kind == "cxnSp":
        return True
    if kind == "graphicFrame":
        data = element.find(f".//{{{A}}}graphicData")
        return data is not None and data.get("uri") == OLE_URI
    if element.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph") is not None:
        return False
    if any((t.text or "").strip() for t in element.iter(f"{{{A}}}t")):
        return False
    sp_pr = element.find(f"{{{P}}}spPr")
    if sp_pr is None or (sp_pr.find(f"{{{A}}}prstGeom") is None and sp_pr.find(f"{{{A}}}custGeom") is None):
        return False
    filled = sp_pr.find(f"{{{A}}}noFill") is None and (
        any(sp_pr.find(f"{{{A}}}{fill}") is not None for fill in ("solidFill", "gradFill", "pattFill", "blipFill"))
        or element.find(f"{{{P}}}style/{{{A}}}fillRef") is not None)
    line = sp_pr.find(f"{{{A}}}ln")
    outlined = (line is None or line.find(f"{{{A}}}noFill") is None) and (
        line is not None or element.find(f"{{{P}}}style/{{{A}}}lnRef") is not None)
    return filled or outlined


# --- Word ----------------------------------------------------------------------------------------------------------

def docx_paragraphs(path: Path) -> Iterator[Paragraph]:
    """Yield every non-empty paragraph of the body, table cells (nested tables too) included, in order."""
    from docx import Document

    yield from _block_paragraphs(Document(str(path)))


def _block_paragraphs(container) -> Iterator[Paragraph]:
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            seen: set[int] = set()
            for cell in (cell for row in item.rows for cell in row.cells):
                if id(cell._tc) not in seen:  # a merged cell is listed once per grid column it spans
                    seen.add(id(cell._tc))
                    yield from _block_paragraphs(cell)
        else:
            yield from (Paragraph(None, text) for piece in _paragraph_pieces(item._p) for text in pieces(piece))


def _paragraph_pieces(p: etree._Element) -> list[str]:
    """Return a ``w:p``'s own text in pieces: every ``w:t`` in it (runs in fields, links and smart tags too),
    tabs and breaks as spaces, cut where the package may add or move something (a note reference becomes a
    ``[n]`` mark; a ruby annotation sits beside its base text). Not the text of a paragraph nested in it (a text
    box), of an ``mc:Fallback`` (a second rendering of the Choice) or of a ``w:moveFrom`` (text a tracked move
    took elsewhere)."""
    pieces: list[str] = [""]
    where: etree._Element | None = None
    for element in p.iter(_W_TEXT, *_W_SPACES, *_W_CUTS):
        outside = next(element.iterancestors(f"{{{W}}}p")) is not p
        if outside or any(a.tag in _W_SKIPPED for a in element.iterancestors()):
            continue
        ruby = next(element.iterancestors(f"{{{W}}}rt"), None)
        if element.tag in _W_CUTS or ruby is not where:
            pieces.append("")
            where = ruby
        if element.tag not in _W_CUTS:
            pieces[-1] += (element.text or "") if element.tag == _W_TEXT else " "
    return pieces


# --- PDF -----------------------------------------------------------------------------------------------------------

def pdf_words(path: Path) -> Iterator[Paragraph]:
    """Yield the words (runs of letters and digits, case folded) of each page's text layer."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        for number, page in enumerate(document, start=1):
            textpage = page.get_textpage()
            text = normal(textpage.get_text_range())
            textpage.close()
            page.close()
            rtl = sum(map(right_to_left, text)) > sum(ch.isascii() and ch.isalpha() for ch in text)
            for word in words(text):
                yield Paragraph(number, word, rtl=rtl)
    finally:
        document.close()


def right_to_left(word: str) -> bool:
    """Return whether ``word`` holds a letter of a right-to-left script (bidi class R or AL: Hebrew, Arabic)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word)


def _letters(text: str) -> str:
    """Return the letters and digits of ``text``, NFKD-normalised and case folded, combining marks dropped (so a
    hamza or a vowel mark a reader moved or lost counts on neither side)."""
    text = unicodedata.normalize("NFKD", text).casefold()
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def scrambled_in(word: str, text: str) -> bool:
    """Return whether the letters of ``word`` (right-to-left, or on a right-to-left page) stand, in any order,
    side by side in ``text``.

    pypdfium2 reads Arabic and Hebrew in glyph order, not as the words are written: it gives a lam-alef
    ligature's letters swapped ('اإلنتاجية' for 'الإنتاجية'), moves combining marks, puts a Latin run on
    the wrong side of the Arabic next to it and turns a Latin run with digits around ('2a' for 'A2'). The product
    reorders them correctly, so for a word with a right-to-left letter, or any word of a page written mostly right
    to left, the reference's word is matched as a multiset of its letters (marks dropped on both sides) against a
    window of as many letters of the page's text: the same letters must all be there, together; only their order
    within the word is not checked. A word mixing right-to-left letters with digits or Latin letters is checked
    as its runs of each direction, each of which must be found, since the reader runs them together in either
    order ('العنصر7' from 'العنصر A7'). Other words are still compared exactly."""
    runs = [run.group() for run in _DIRECTION_RUN.finditer(_letters(word))]
    if len(runs) > 1:
        return all(_letters_in(run, text) for run in runs)
    return _letters_in(word, text)


_DIRECTION_RUN = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+|[^\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+")


def _letters_in(word: str, text: str) -> bool:
    """Return whether the letters of ``word`` stand, in any order, side by side in ``text``."""
    wanted, letters = _letters(word), _letters(text)
    size = len(wanted)
    if size == 0 or size > len(letters):
        return size == 0
    need = Counter(wanted)
    need.subtract(letters[:size])
    off = sum(1 for count in need.values() if count)
    for at in range(size, len(letters) + 1):
        if off == 0:
            return True
        if at == len(letters):
            return False
        for ch, step in ((letters[at], -1), (letters[at - size], 1)):
            before = need[ch]
            need[ch] = before + step
            off += (before == 0) - (need[ch] == 0)
    return False
