"""Reading order on a PDF page: columns found from gutters in the lines' x coverage, read top to bottom."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from converter.model import Block

from .text import Line, Run

NARROW_SHARE = 0.55
"""Lines wider than this share of the text area are left out when looking for gutters."""
CROSSING_TOLERANCE = 0.15
"""Share of the narrow lines that may cross a gutter (centred headings over two columns)."""
MIN_COLUMN_LINES = 3
RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Placed:
    """A block that is not text lines (table, image) with its box on the displayed page."""

    block: Block
    x0: float
    top: float
    x1: float
    bottom: float
    column: int = -1

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


Item = Line | Placed


@dataclass(frozen=True)
class Gutter:
    start: float
    end: float

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2


def is_rtl(text: str) -> bool:
    """Return True when most letters of ``text`` belong to right-to-left scripts (Hebrew, Arabic)."""
    letters = LETTER.findall(text)
    return bool(letters) and len(RTL.findall(text)) * 2 > len(letters)


def find_gutters(lines: list[Line]) -> list[Gutter]:
    """Return the column gutters of a page, left to right; none for a single-column page."""
    if len(lines) < 2 * MIN_COLUMN_LINES:
        return []
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    narrow = [line for line in lines if line.x1 - line.x0 <= NARROW_SHARE * (right - left)]
    min_gap = max(7.0, 0.7 * median(line.size for line in lines))
    gutters = _empty_stripes(narrow, left, right, min_gap)
    changed = True
    while changed and gutters:
        kept = [g for i, g in enumerate(gutters) if _separates(narrow, gutters, i)]
        changed = len(kept) != len(gutters)
        gutters = kept
    return gutters


def _empty_stripes(lines: list[Line], left: float, right: float, min_gap: float) -> list[Gutter]:
    """Return x ranges (at least ``min_gap`` wide) crossed by almost none of ``lines``."""
    origin, size = int(left), int(right - left) + 2
    if not lines or size <= 0 or size > 20_000:
        return []
    delta = [0] * (size + 1)
    for line in lines:
        delta[max(int(line.x0) - origin, 0)] += 1
        delta[min(int(line.x1) + 1 - origin, size)] -= 1
    allowed = int(CROSSING_TOLERANCE * len(lines))
    coverage, count, stripes, start = [], 0, [], None
    for step in delta[:size]:
        count += step
        coverage.append(count)
    for x, covered in enumerate(coverage):
        if covered <= allowed and start is None:
            start = x
        elif covered > allowed and start is not None:
            if start > 0 and x - start >= min_gap:
                stripes.append(Gutter(origin + start, origin + x))
            start = None
    return stripes


def _separates(lines: list[Line], gutters: list[Gutter], index: int) -> bool:
    """Return True when gutter ``index`` has enough lines on each side, side by side vertically."""
    low = gutters[index - 1].middle if index > 0 else float("-inf")
    high = gutters[index + 1].middle if index + 1 < len(gutters) else float("inf")
    gutter = gutters[index]
    before = [line for line in lines if low <= line.x0 and line.x1 <= gutter.middle]
    after = [line for line in lines if gutter.middle <= line.x0 and line.x1 <= high]
    if len(before) < MIN_COLUMN_LINES or len(after) < MIN_COLUMN_LINES:
        return False
    overlap = min(max(l.bottom for l in before), max(l.bottom for l in after)) - max(
        min(l.top for l in before), min(l.top for l in after))
    return overlap >= 2 * median(line.height for line in before + after)


def column_of(item: Item, gutters: list[Gutter]) -> int:
    """Return the column index of an item, or -1 when it crosses a gutter."""
    for gutter in gutters:
        if item.x0 < gutter.middle - 2 and item.x1 > gutter.middle + 2:
            return -1
    return sum(1 for gutter in gutters if gutter.middle <= (item.x0 + item.x1) / 2)


def reading_order(lines: list[Line], placed: list[Placed]) -> list[tuple[int, Item]]:
    """Return ``(group, item)`` pairs in reading order; consecutive items of one group share a column band.

    Rows that cross a gutter (titles, full-width paragraphs, wide figures) cut the page into bands; each band
    is read column by column, and a crossing row is read where it stands. Right-to-left pages read columns
    from the right. Pieces of one visual row that a wide gap split apart are joined again inside a column.
    Lines running another way than the page (margin stamps, sideways labels) come last, one group each.
    """
    aside = [line for line in lines if line.rotated]
    lines = [line for line in lines if not line.rotated]
    ordered = _upright_order(lines, placed)
    first = ordered[-1][0] + 1 if ordered else 0
    return ordered + [(first + n, line) for n, line in enumerate(sorted(aside, key=lambda l: (l.x0, l.top)))]


def _upright_order(lines: list[Line], placed: list[Placed]) -> list[tuple[int, Item]]:
    gutters = find_gutters(lines)
    if not gutters:
        return [(0, item) for item in join_rows([*lines, *placed])]
    items: list[Item] = []
    for row in visual_rows(lines):
        if any(column_of(line, gutters) < 0 for line in row):
            items.append(_join(row) if len(row) > 1 else row[0])
            items[-1].column = -1
        else:
            for line in row:
                line.column = column_of(line, gutters)
            items.extend(row)
    for block in placed:
        block.column = column_of(block, gutters)
    return _by_bands([*items, *placed], len(gutters) + 1, is_rtl(" ".join(line.text for line in lines)))


def _by_bands(items: list[Item], columns: int, rtl: bool) -> list[tuple[int, Item]]:
    """Return items band by band (bands cut at crossing items), each band column by column."""
    spanning = sorted((item for item in items if item.column < 0), key=lambda item: item.top)
    middles = [item.middle for item in spanning]
    order = list(range(columns))[::-1] if rtl else list(range(columns))
    bands: dict[tuple[int, int], list[Item]] = {}
    for item in items:
        if item.column >= 0:
            bands.setdefault((bisect.bisect(middles, item.middle), item.column), []).append(item)
    ordered: list[tuple[int, Item]] = []
    for band in range(len(spanning) + 1):
        for column in order:
            group = len(ordered) and ordered[-1][0] + 1
            ordered.extend((group, item) for item in join_rows(bands.get((band, column), [])))
        if band < len(spanning):
            ordered.append((len(ordered) and ordered[-1][0] + 1, spanning[band]))
    return ordered


def visual_rows(lines: list[Line]) -> list[list[Line]]:
    """Return lines grouped into rows that share a baseline band, top to bottom."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        if rows and _same_row(rows[-1][0], line):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def join_rows(items: list[Item]) -> list[Item]:
    """Return items top to bottom, text pieces sharing a visual row joined into one line."""
    rows: list[list[Item]] = []
    for item in sorted(items, key=lambda item: (item.top, item.x0)):
        row = rows[-1] if rows else None
        if row and isinstance(item, Line) and isinstance(row[0], Line) and _same_row(row[0], item):
            row.append(item)
        else:
            rows.append([item])
    return [_join(row) if len(row) > 1 else row[0] for row in rows]


def _same_row(first: Line, other: Line) -> bool:
    low, high = sorted((first.height, other.height))
    overlap = min(first.bottom, other.bottom) - max(first.top, other.top)
    return overlap >= 0.5 * low and low >= 0.4 * high


def _join(row: Sequence[Item]) -> Line:
    pieces = sorted((item for item in row if isinstance(item, Line)), key=lambda line: line.x0)  # rows join lines only
    if is_rtl(" ".join(piece.text for piece in pieces)):
        pieces.reverse()
    runs: list[Run] = []
    for piece in pieces:
        if runs:
            runs.append(Run(" ", runs[-1].bold, runs[-1].italic))
        runs.extend(run.with_text(run.text) for run in piece.runs)
    main = max(pieces, key=lambda line: len(line.text))
    return Line(runs, min(p.x0 for p in pieces), min(p.top for p in pieces), max(p.x1 for p in pieces),
                max(p.bottom for p in pieces), main.size, main.bold, pieces[-1].hyphenated, pieces[0].column)
