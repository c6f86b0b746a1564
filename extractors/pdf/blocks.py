"""PDF lines in reading order to blocks: paragraphs by line spacing, headings by font size and weight, lists."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from converter.model import Block, Heading, ListBlock, ListItem, Location, Paragraph, Span

from .layout import Item, Placed
from .text import BULLET_GLYPHS, Line, Run

BULLET = re.compile(rf"^\s*(?:[{BULLET_GLYPHS}]|[-–—*](?=\s))\s*")
ORDERED_MARKER = re.compile(r"^\s*\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s*$", re.IGNORECASE)
ORDERED = re.compile(r"^\s*\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s+(?=[\w\"'“(])", re.IGNORECASE)
SOFT_HYPHENS = ("-", "\u2010", "\u00ad")
HEADING_RATIO = 1.12
MAX_HEADING_LINES = 3
MAX_HEADING_CHARS = 200
MAX_LEVEL = 3


@dataclass
class Para:
    """Lines read as one paragraph, list item or heading candidate; or one placed block."""

    lines: list[Line] = field(default_factory=list)
    marker: str | None = None
    placed: Placed | None = None
    _text: str | None = field(default=None, init=False, repr=False, compare=False)
    _size: float | None = field(default=None, init=False, repr=False, compare=False)

    def add(self, line: Line) -> None:
        """Add a line (``text`` and ``size``, remembered once asked for, are worked out again)."""
        self.lines.append(line)
        self._text = self._size = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = join_lines(self.lines)
        return self._text

    @property
    def size(self) -> float:
        """The size most of the paragraph's characters are set in."""
        if self._size is None:
            sizes: Counter[float] = Counter()
            for line in self.lines:
                sizes[line.size] += len(line.text)
            self._size = sizes.most_common(1)[0][0] if sizes else 0.0
        return self._size

    @property
    def bold(self) -> bool:
        return bool(self.lines) and all(line.bold for line in self.lines)

    @property
    def rotated(self) -> bool:
        return any(line.rotated for line in self.lines)


def list_marker(text: str) -> str | None:
    """Return the list marker a line starts with (bullet glyph, dash, ``1.``, ``a)``), else None."""
    match = BULLET.match(text) or ORDERED.match(text)
    return match.group(0) if match and match.end() < len(text) else None


def paragraphs(ordered: list[tuple[int, Item]]) -> list[Para]:
    """Return paragraphs from ``(group, item)`` pairs: a new one at a group change, a gap, a style change."""
    gap = typical_gap([(g, i) for g, i in ordered if isinstance(i, Line)])
    paras: list[Para] = []
    previous: tuple[int, Item] | None = None
    for group, item in ordered:
        if isinstance(item, Placed):
            paras.append(Para(placed=item))
        elif previous is None or previous[0] != group or not isinstance(previous[1], Line) or \
                _starts_paragraph(paras[-1], previous[1], item, gap):
            paras.append(Para([item], list_marker(item.text)))
        else:
            paras[-1].add(item)
        previous = (group, item)
    return paras


def typical_gap(ordered: list[tuple[int, Line]]) -> float:
    """Return the median white space between consecutive lines of one column, in multiples of their size."""
    gaps = [(b.top - a.bottom) / max(b.size, 1.0) for (g1, a), (g2, b) in zip(ordered, ordered[1:], strict=False)
            if g1 == g2 and -0.3 <= (b.top - a.bottom) / max(b.size, 1.0) <= 1.5]
    return median(gaps) if gaps else 0.2


def _starts_paragraph(para: Para, previous: Line, line: Line, gap: float) -> bool:
    space = line.top - previous.bottom
    size = max(line.size, previous.size, 1.0)
    if space > (gap + 0.35) * size or space < -0.5 * previous.height:
        return True
    if abs(line.size - previous.size) > 0.12 * size or para.bold != line.bold:
        return True
    if list_marker(line.text):
        return True
    return para.marker is not None and line.x0 < para.lines[0].x0 - 1.0


def join_lines(lines: list[Line]) -> str:
    """Return the lines' text joined by spaces; a word hyphenated across lines is made whole again."""
    return "".join(run.text for run in join_runs(lines))


def join_runs(lines: list[Line]) -> list[Run]:
    """Return the runs of ``lines`` as one run list, adjacent runs of equal emphasis merged."""
    runs: list[Run] = []
    for index, line in enumerate(lines):
        if index:
            joiner = _joiner(lines[index - 1], line)
            if joiner == "" and not lines[index - 1].hyphenated:
                runs[-1] = runs[-1].with_text(runs[-1].text[:-1])
            else:
                runs[-1] = runs[-1].with_text(runs[-1].text + joiner)
        for run in line.runs:
            if runs and runs[-1].style == run.style:
                runs[-1] = run.with_text(runs[-1].text + run.text)
            else:
                runs.append(run.with_text(run.text))
    return tidy_runs(runs)


def tidy_runs(runs: list[Run]) -> list[Run]:
    """Return runs without empty ones; a space at the end of an emphasised or linked run moves out of it
    (to the next run when that is plain, else into a plain run of its own), so links and bold end on a word."""
    tidy: list[Run] = []
    for run in (run for run in runs if run.text):
        previous = tidy[-1] if tidy else None
        if previous is not None and previous.text.endswith(" ") and any(previous.style):
            tidy[-1] = previous.with_text(previous.text[:-1])
            run = run.with_text(" " + run.text) if not any(run.style) else run
            if any(run.style) and not run.text.startswith(" "):
                tidy.append(Run(" "))
        tidy.append(run)
    return [run for run in tidy if run.text]


def _joiner(previous: Line, line: Line) -> str:
    """Return what goes between two lines: a space, a hyphen, or nothing inside a word split by a hyphen.

    pdfium marks most such hyphens (``hyphenated``); a line ending in a hyphen after a letter, followed by a
    line starting in lower case, is treated the same (the caller drops that hyphen).
    """
    if previous.hyphenated:
        return "" if line.text[:1].islower() else "-"
    text = previous.text
    if text.endswith(SOFT_HYPHENS) and text[-2:-1].isalpha() and line.text[:1].islower():
        return ""
    return " "


@dataclass(frozen=True)
class TypeScale:
    """The document's body size and its heading sizes, largest first.

    The body size is the size most text is set in; larger sizes used for short paragraphs rank as heading
    levels 1-3 (largest first); short bold body-size lines are headings one level below the smallest of them.
    """

    body: float
    heading_sizes: tuple[float, ...] = ()

    def is_large(self, para: Para) -> bool:
        """Return True for a short paragraph set clearly larger than the body text."""
        return (bool(para.lines) and not para.rotated and len(para.lines) <= MAX_HEADING_LINES
                and para.size >= HEADING_RATIO * self.body)

    def level(self, para: Para) -> int | None:
        """Return the heading level of a paragraph, or None when it reads as body text."""
        text = para.text
        if not para.lines or para.rotated or len(para.lines) > MAX_HEADING_LINES or len(text) > MAX_HEADING_CHARS:
            return None
        if not any(ch.isalpha() for ch in text):
            return None
        size = para.size
        if size >= HEADING_RATIO * self.body:
            bigger = sum(1 for s in self.heading_sizes if s > size + 0.25)
            return min(bigger + 1, MAX_LEVEL)
        if para.bold and size >= 0.9 * self.body and len(para.lines) <= 2 and not text.rstrip().endswith((".", ",")):
            return min(len(self.heading_sizes) + 1, MAX_LEVEL)
        return None


def type_scale(pages: list[list[Para]]) -> TypeScale:
    """Return the body size (most text) and the distinct larger sizes of short paragraphs, largest first."""
    weights: Counter[float] = Counter()
    for para in (p for page in pages for p in page):
        for line in para.lines:
            weights[line.size] += len(line.text)
    if not weights:
        return TypeScale(10.0)
    body = weights.most_common(1)[0][0]
    sizes = sorted({round(p.size * 2) / 2 for page in pages for p in page
                    if TypeScale(body).is_large(p)}, reverse=True)
    distinct: list[float] = []
    for size in sizes:
        if not distinct or distinct[-1] - size > 0.5:
            distinct.append(size)
    return TypeScale(body, tuple(distinct))


def to_blocks(paras: list[Para], scale: TypeScale, where: Location) -> list[Block]:
    """Return the model blocks of one page: headings, paragraphs, lists, and the placed tables and images."""
    blocks: list[Block] = []
    items: list[Para] = []
    for para in paras:
        if _is_item(para, scale):
            items.append(para)
            continue
        if items:
            blocks.append(list_block(items, where))
            items = []
        blocks.append(_block(para, scale, where))
    if items:
        blocks.append(list_block(items, where))
    return blocks


def _is_item(para: Para, scale: TypeScale) -> bool:
    """Return True for a list item: a marked paragraph, unless a large numbered one (``1. Introduction``)."""
    return para.marker is not None and (bool(BULLET.match(para.marker)) or not scale.is_large(para))


def _block(para: Para, scale: TypeScale, where: Location) -> Block:
    if para.placed is not None:
        return para.placed.block
    level = scale.level(para)
    if level is not None:
        return Heading(level=level, spans=(Span(text=para.text),), where=where)
    return Paragraph(spans=spans(join_runs(para.lines)), where=where)


def spans(runs: list[Run]) -> tuple[Span, ...]:
    """Return model spans for runs, dropping empty ones."""
    return tuple(Span(text=run.text, bold=run.bold, italic=run.italic, href=run.href) for run in runs if run.text)


def list_block(items: list[Para], where: Location) -> ListBlock:
    """Return one list from item paragraphs; levels come from the markers' indentation, left to right."""
    indents: list[float] = []
    for x in sorted(item.lines[0].x0 for item in items):
        if not indents or x - indents[-1] > 3.0:
            indents.append(x)
    entries = []
    for item in items:
        level = max(i for i, x in enumerate(indents) if item.lines[0].x0 >= x - 3.0)
        entries.append(ListItem(spans=spans(_without_marker(item)), level=min(level, 8)))
    ordered = sum(bool(ORDERED_MARKER.match(item.marker or "")) for item in items) * 2 > len(items)
    attrs = {"markers": " ".join((item.marker or "").strip() for item in items)} if ordered else {}
    start = _start(items[0].marker) if ordered else 1
    return ListBlock(ordered=ordered, start=start, items=tuple(entries), where=where, attrs=attrs)


def _start(marker: str | None) -> int:
    """Return the number an ordered list's first marker gives (``3.`` or ``(3)``: 3), 1 for a letter or numeral."""
    digits = "".join(ch for ch in marker or "" if ch.isdigit())
    return int(digits) if digits and ORDERED_MARKER.match(marker or "") else 1


def _without_marker(item: Para) -> list[Run]:
    runs = join_runs(item.lines)
    remaining = len(item.marker or "")
    while runs and remaining > 0:
        cut = min(remaining, len(runs[0].text))
        remaining -= cut
        runs[0] = runs[0].with_text(runs[0].text[cut:])
        if not runs[0].text:
            runs.pop(0)
    if runs:
        runs[0] = runs[0].with_text(runs[0].text.lstrip())
    return runs
