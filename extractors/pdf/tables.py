"""Ruled tables in PDFs: pdfium reads the rules, pdfplumber's table finder turns them into cells."""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from converter.model import Location, Span, Table, TableCell, TableRow

from .blocks import list_marker
from .geometry import Frame, sane
from .layout import Placed, is_rtl
from .open import load_pdfplumber
from .text import BULLET_ONLY, Glyph, Line, make_runs

MIN_RULE = 6.0
"""Shortest segment (points) that counts as a rule."""
MIN_RULES = 3
MAX_PATH_SEGMENTS = 20_000
"""Pages drawing more path segments than this (maps, charts) are not searched for tables."""
MAX_CROSSINGS = 250_000
"""Pages whose horizontal x vertical rule pairs exceed this (dense vector art) are not searched for tables."""
MAX_CELLS = 5_000
SEGMENT_LINETO, SEGMENT_MOVETO = 0, 2
"""pdfium's ``FPDF_SEGMENT_*`` values."""
Segment = tuple[tuple[float, float], tuple[float, float]]
Edge = dict[str, Any]
"""A rule as pdfplumber's table finder takes it (``x0``, ``top``, ``orientation``...)."""
Cell = tuple[float, float, float, float]
"""A table cell's box as pdfplumber gives it: x0, top, x1, bottom."""
Piece = tuple[Line, list[Glyph]]
"""The words of one line that fall in one cell, with the line they come from."""
SENTENCE_END = (".", "!", "?", ":", "。", "！", "？", "؟")


@dataclass
class Rules:
    """Straight horizontal and vertical rules drawn on a page, in user space (near-duplicates merged)."""

    horizontal: dict[tuple[int, int, int], Segment] = field(default_factory=dict)
    vertical: dict[tuple[int, int, int], Segment] = field(default_factory=dict)
    too_complex: bool = False

    def add(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        if not sane(*a, *b):
            return
        dx, dy = abs(b[0] - a[0]), abs(b[1] - a[1])
        if dy <= 1.0 and dx >= MIN_RULE:
            self.horizontal[(round(a[1] / 2), round(min(a[0], b[0])), round(max(a[0], b[0])))] = (a, b)
        elif dx <= 1.0 and dy >= MIN_RULE:
            self.vertical[(round(a[0] / 2), round(min(a[1], b[1])), round(max(a[1], b[1])))] = (a, b)

    @property
    def may_hold_table(self) -> bool:
        """Return True when the rules form a grid: a horizontal rule meets three vertical ones and vice versa."""
        h, v = list(self.horizontal), list(self.vertical)
        if self.too_complex or len(h) < MIN_RULES or len(v) < MIN_RULES:
            return False
        meets = [[_meet(a, b) for b in v] for a in h]
        return any(sum(row) >= MIN_RULES for row in meets) and any(sum(col) >= MIN_RULES for col in zip(*meets, strict=True))

    def edges(self, frame: Frame) -> tuple[list[Edge], list[Edge]]:
        """Return the rules as pdfplumber edges (vertical, horizontal) on the page as read."""
        vertical: list[Edge] = []
        horizontal: list[Edge] = []
        for a, b in [*self.horizontal.values(), *self.vertical.values()]:
            (ax, ay), (bx, by) = frame.point(*a), frame.point(*b)
            x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
            upright = x1 - x0 < bottom - top
            edge = {"object_type": "line_edge", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                    "width": x1 - x0, "height": bottom - top, "orientation": "v" if upright else "h"}
            (vertical if upright else horizontal).append(edge)
        return vertical, horizontal


def _meet(horizontal: tuple[int, int, int], vertical: tuple[int, int, int]) -> bool:
    (y2, x0, x1), (x2, y0, y1) = horizontal, vertical
    return x0 - 2 <= x2 * 2 <= x1 + 2 and y0 - 2 <= y2 * 2 <= y1 + 2


def read_rules(raw: Any, page: Any) -> Rules:
    """Return the straight rules the page's path objects draw (work capped at ``MAX_PATH_SEGMENTS``)."""
    rules, seen = Rules(), 0
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=4):
        segments = max(raw.FPDFPath_CountSegments(obj.raw), 0)
        seen += segments
        if seen > MAX_PATH_SEGMENTS:
            rules.too_complex = True
            return rules
        if raw.FPDFPageObj_GetMatrix(obj.raw, matrix):
            for a, b in _segment_points(raw, obj.raw, segments, matrix, x, y):
                rules.add(a, b)
    rules.too_complex = len(rules.horizontal) * len(rules.vertical) > MAX_CROSSINGS
    return rules


def _segment_points(raw: Any, path: Any, segments: int, m: Any, x: Any, y: Any) -> list[Segment]:
    """Return the straight segments of a path as point pairs in page space (closing segments included)."""
    pairs: list[Segment] = []
    start = previous = None
    for index in range(segments):
        segment = raw.FPDFPath_GetPathSegment(path, index)
        if not segment or not raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == SEGMENT_LINETO and previous is not None:
            pairs.append((previous, point))
        if kind == SEGMENT_MOVETO or start is None:
            start = point
        previous = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            pairs.append((point, start))
            previous = start
    return pairs


@dataclass(frozen=True)
class _Sheet:
    """What pdfplumber's finder asks of a page when every edge is given explicitly: its box."""

    bbox: tuple[float, float, float, float]


def find_tables(rules: Rules, frame: Frame, lines: list[Line], where: Location) -> tuple[list[Placed], list[Line]]:
    """Return the page's ruled tables as placed ``Table`` blocks, and the lines no table took.

    Call it only when ``rules.may_hold_table``: the rules form a grid (a horizontal rule meeting three
    vertical ones and a vertical rule meeting three horizontal ones, as in any table of two rows and two
    columns). pdfplumber's finder gets those rules as explicit edges, so pdfminer never parses the page again
    (it reads every character of a page it opens: seconds on dense pages); cell text comes from the
    characters pdfium already read, word by word.
    """
    vertical, horizontal = rules.edges(frame)
    pdfplumber = load_pdfplumber()
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
    sheet = _Sheet((0.0, 0.0, frame.width, frame.height))
    placed: list[Placed] = []
    for table in pdfplumber.table.TableFinder(sheet, settings).tables:
        block, lines = _fill(table, lines, where) if len(table.cells) <= MAX_CELLS else (None, lines)
        if block is not None:
            placed.append(Placed(block, *table.bbox))
    return placed, lines


def _fill(table: Any, lines: list[Line], where: Location) -> tuple[Table | None, list[Line]]:
    """Return the table with its cells' text and the lines left over; None when it is not a real table."""
    rows = table.rows
    if len(rows) < 2 or max(len(row.cells) for row in rows) < 2:
        return None, lines
    texts: dict[Cell, list[Piece]] = {}
    left: list[Line] = []
    x0, top, x1, bottom = table.bbox
    for line in lines:
        within = x0 <= (line.x0 + line.x1) / 2 <= x1 and top <= line.middle <= bottom
        if not within or not _deal(line, table.cells, texts):
            left.append(line)
    if sum(1 for pieces in texts.values() if pieces) < 2:
        return None, lines
    model_rows = _rows(rows, texts)
    header = 1 if _bold(rows[0], texts) else 0
    return Table(rows=model_rows, header_rows=header, where=where), left


def _deal(line: Line, cells: list[Cell], texts: dict[Cell, list[Piece]]) -> bool:
    """Give each word of ``line`` to the cell its middle sits in; return False when most of it is in no cell."""
    cells = [c for c in cells if c[1] <= line.middle <= c[3]]
    placed: dict[Cell, list[Glyph]] = {}
    inside = total = 0
    for word in _words(line.glyphs):
        middle = (word[0][3] + word[-1][4]) / 2
        cell = next((c for c in cells if c[0] <= middle <= c[2]), None)
        total += len(word)
        if cell is not None:
            inside += len(word)
            glyphs = placed.setdefault(cell, [])
            glyphs.extend([(" ", *word[0][1:])] if glyphs else [])
            glyphs.extend(word)
    if inside * 2 <= total:
        return False
    for cell, glyphs in placed.items():
        texts.setdefault(cell, []).append((line, glyphs))
    return True


def _words(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Return the glyphs cut into words at spaces (spaces dropped)."""
    words: list[list[Glyph]] = [[]]
    for glyph in glyphs:
        if glyph[0] == " ":
            words.append([])
        else:
            words[-1].append(glyph)
    return [word for word in words if word]


def _rows(rows: list[Any], texts: dict[Cell, list[Piece]]) -> tuple[TableRow, ...]:
    """Return model rows: merged cells carry colspan and rowspan, the cells they cover are left out."""
    lefts = sorted({cell[0] for row in rows for cell in row.cells if cell})
    tops = [row.bbox[1] for row in rows]
    model_rows = []
    for row in rows:
        cells = []
        for cell in (c for c in row.cells if c is not None):
            colspan = sum(1 for x in lefts if cell[0] - 0.5 <= x < cell[2] - 0.5)
            rowspan = sum(1 for t in tops if cell[1] - 0.5 <= t < cell[3] - 0.5)
            paragraphs = tuple(spans for spans in map(_spans, cell_paragraphs(cell, texts.get(cell, []))) if spans)
            cells.append(TableCell(paragraphs=paragraphs, colspan=max(colspan, 1), rowspan=max(rowspan, 1)))
        model_rows.append(TableRow(cells=tuple(cells)))
    return tuple(model_rows)


def cell_paragraphs(cell: Cell, pieces: list[Piece]) -> list[list[Glyph]]:
    """Return the paragraphs of a cell: lines that wrap (the next line's first word would not have fitted on the
    line before) are joined with a space; a list marker, a wider gap or a line that stops short starts a new one."""
    paragraphs: list[list[Glyph]] = []
    previous: Piece | None = None
    for piece in pieces:
        line, glyphs = piece
        if previous is not None and _wraps(cell, pieces[0], previous, piece):
            last = paragraphs[-1]
            if (previous[0].hyphenated and glyphs[0][0].islower()) or (_wide(last[-1][0]) and _wide(glyphs[0][0])):
                last.extend(glyphs)  # a word split by a hyphen, or Chinese or Japanese text: no space
            else:
                space = "-" if previous[0].hyphenated else " "
                last.extend([(space, *last[-1][1:3], last[-1][4], last[-1][4], last[-1][5]), *glyphs])
        else:
            paragraphs.append(list(glyphs))
        previous = piece
    return paragraphs


def _wraps(cell: Cell, first: Piece, previous: Piece, piece: Piece) -> bool:
    """Return True when ``piece`` goes on the paragraph of ``previous``: the text wrapped there (the next line's
    first word would not have fitted in the room left on the line before, the cell's padding taken as the first
    line's indent), with no wider gap than between lines and no list marker starting the next line, and the
    line before does not end a sentence that the next line follows with a capital (a paragraph of its own)."""
    (before, glyphs_before), (line, glyphs) = previous, piece
    size = max(line.size, before.size, 1.0)
    text = "".join(glyph[0] for glyph in glyphs)
    if not glyphs or not glyphs_before or list_marker(text) or BULLET_ONLY.match(glyphs[0][0]):
        return False
    if line.top - before.bottom > 0.6 * size:
        return False
    left, right = _extent(glyphs_before)
    first_left, first_right = _extent(first[1])
    if is_rtl(text):
        room = left - cell[0] - max(cell[2] - first_right, 0.0)
    else:
        room = cell[2] - max(first_left - cell[0], 0.0) - right
    if room > _first_word_width(glyphs) + 0.3 * size:
        return False  # the next word would have fitted: the line was broken on purpose
    ended = "".join(glyph[0] for glyph in glyphs_before).rstrip().endswith(SENTENCE_END)
    return not (ended and (text[:1].isupper() or text[:1].isdigit()))


def _wide(char: str) -> bool:
    """Return True for a wide (Chinese, Japanese, Korean full-width) character, written without spaces."""
    return bool(char) and unicodedata.east_asian_width(char[0]) in ("W", "F")


def _extent(glyphs: list[Glyph]) -> tuple[float, float]:
    """Return the left and right edge of the glyphs of a piece."""
    return min(glyph[3] for glyph in glyphs), max(glyph[4] for glyph in glyphs)


def _first_word_width(glyphs: list[Glyph]) -> float:
    """Return the width of the first word of a piece (its glyphs up to the first space)."""
    end = next((index for index, glyph in enumerate(glyphs) if glyph[0] == " "), len(glyphs))
    word = glyphs[:end]
    return max(g[4] for g in word) - min(g[3] for g in word) if word else 0.0


def _spans(glyphs: list[Glyph]) -> tuple[Span, ...]:
    return tuple(Span(text=run.text, bold=run.bold, italic=run.italic, href=run.href) for run in make_runs(glyphs))


def _bold(row: Any, texts: dict[Cell, list[Piece]]) -> bool:
    """Return True when most characters of a row are bold (a header row)."""
    glyphs = [g for cell in row.cells if cell for _, piece in texts.get(cell, []) for g in piece if g[0].strip()]
    return bool(glyphs) and sum(1 for g in glyphs if g[1]) * 2 > len(glyphs)
