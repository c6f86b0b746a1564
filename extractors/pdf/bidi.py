"""Right-to-left and pointed PDF text: a line's characters put back into logical (reading) order by position.

pdfium gives characters in content-stream order and inserts spaces where its own layout guess says; around
Hebrew points and Arabic harakat (combining marks drawn over or under a letter, often left of it) that guess
puts spaces inside words and letters out of order. For a line holding right-to-left letters or combining
marks the characters are instead ordered by where they stand: each combining mark (Unicode category Mn) goes
with the letter it sits on, whatever its x position; pdfium's generated spaces are dropped and a space goes
only where the gap between two glyph boxes is wide for the font size (or the PDF draws a space there); then
the line, read left to right, is put into logical order with a simplified Unicode bidirectional algorithm
(right-to-left runs reversed, numbers and Latin words inside them kept left to right, mirrored brackets
swapped back). The text is NFC-normalised where the runs are made.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Sequence

from .geometry import Box

SPACE_SHARE = 0.15
"""A gap between glyph boxes wider than this share of the font size is a word space."""
RTL_CLASSES = frozenset({"R", "AL"})
NUMBER_CLASSES = frozenset({"EN", "AN"})
SEPARATOR_CLASSES = frozenset({"CS", "ES"})
MIRRORS = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))
"""Characters the bidi algorithm draws mirrored at right-to-left levels, and their mirror."""
L, R, NUMBER, NEUTRAL = "L", "R", "N", "-"


def is_rtl_char(char: str) -> bool:
    """Return True for a character of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, NKo...)."""
    return "\u0590" <= char <= "\u08ff" or "\ufb1d" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufefc"


def needs_order(texts: Sequence[str]) -> bool:
    """Return True when characters hold right-to-left letters or combining marks (their order needs work)."""
    return any(char >= "\u0300" and (is_rtl_char(char) or unicodedata.category(char) == "Mn")
               for char in texts)


class _Cluster:
    """A base character with the combining marks on it, or one space the PDF draws."""

    __slots__ = ("char", "index", "level", "marks", "middle", "size", "x0", "x1")

    def __init__(self, x0: float, x1: float, index: int, char: str, size: float) -> None:
        self.x0, self.x1, self.index, self.char, self.size = x0, x1, index, char, size
        self.middle = (x0 + x1) / 2
        self.marks: list[int] = []
        self.level = 0


def logical_order(texts: Sequence[str], boxes: Sequence[Box | None], size_of: Callable[[int], float],
                  start: int, stop: int) -> list[tuple[int | None, str]]:
    """Return characters ``start:stop`` in logical order as (index, text) pairs; (None, " ") is a space.

    The text is the character's own, or its mirror for a bracket at a right-to-left level. A line without
    right-to-left letters keeps pdfium's order; only its marks and spaces are placed.
    ``boxes`` are the characters' boxes in the line's own frame (x grows along the text), None for generated
    characters (left out); ``size_of`` gives a character's font size by index.
    """
    clusters, marks = _clusters(texts, boxes, size_of, start, stop)
    if not clusters:
        return []
    _attach(clusters, marks, boxes)
    if any(is_rtl_char(cluster.char) for cluster in clusters):
        clusters.sort(key=lambda cluster: (cluster.middle, cluster.index))
        ordered = _reordered(_levels(_spaced(clusters)))
    else:  # left-to-right text with marks keeps pdfium's order (Indic vowel signs stand left of their letter)
        ordered = [cluster or _Cluster(0, 0, -1, " ", 0) for cluster in _spaced(clusters)]
    order: list[tuple[int | None, str]] = []
    for cluster in ordered:
        if cluster.char == " ":
            if order and order[-1][0] is not None:
                order.append((None, " "))
            continue
        order.append((cluster.index, cluster.char))
        order.extend((mark, texts[mark]) for mark in sorted(cluster.marks))
    while order and order[-1][0] is None:
        order.pop()
    return order


def _clusters(texts: Sequence[str], boxes: Sequence[Box | None], size_of: Callable[[int], float], start: int,
              stop: int) -> tuple[list[_Cluster], list[int]]:
    """Return the base characters and drawn spaces as clusters, and the indices of the combining marks."""
    clusters: list[_Cluster] = []
    marks: list[int] = []
    for index in range(start, stop):
        box, char = boxes[index], texts[index]
        if box is None or char == "\n":
            continue
        if char.isspace():
            clusters.append(_Cluster(box[0], box[2], index, " ", size_of(index)))
        elif unicodedata.category(char) == "Mn":
            marks.append(index)
        else:
            clusters.append(_Cluster(box[0], box[2], index, char, size_of(index)))
    bases = [cluster for cluster in clusters if cluster.char != " "]
    if not bases and marks:  # marks alone on a line: they stand for themselves
        clusters = [_Cluster(b[0], b[2], i, texts[i], size_of(i)) for i in marks if (b := boxes[i]) is not None]
        marks = []
    return clusters, marks


def _attach(clusters: list[_Cluster], marks: list[int], boxes: Sequence[Box | None]) -> None:
    """Give each combining mark to its letter: the letter before it in the stream when the mark's middle is over
    it, else the letter under its middle (of several, the one nearest in the stream), else the nearest one."""
    bases = sorted((cluster for cluster in clusters if cluster.char != " "), key=lambda cluster: cluster.middle)
    middles = [cluster.middle for cluster in bases]
    by_index = sorted(bases, key=lambda cluster: cluster.index)
    indices = [cluster.index for cluster in by_index]
    for index in marks:
        box = boxes[index]
        if box is None:
            continue
        middle = (box[0] + box[2]) / 2
        at = bisect.bisect(indices, index)
        previous = by_index[at - 1] if at else None
        if previous is not None and previous.x0 - 0.5 <= middle <= previous.x1 + 0.5:
            previous.marks.append(index)
            continue
        at = bisect.bisect(middles, middle)
        near = bases[max(at - 4, 0):at + 4]
        holding = [cluster for cluster in near if cluster.x0 - 0.5 <= middle <= cluster.x1 + 0.5]
        if holding:
            base = min(holding, key=lambda cluster: (abs(cluster.index - index), cluster.index))
        else:
            base = min(near, key=lambda cluster: abs(cluster.middle - middle))
        base.marks.append(index)


def _spaced(clusters: list[_Cluster]) -> list[_Cluster | None]:
    """Return clusters left to right with None (a space) where the gap between two letters is wide."""
    spaced: list[_Cluster | None] = []
    previous: _Cluster | None = None
    for cluster in clusters:
        if cluster.char == " ":
            spaced.append(cluster)
            previous = None
            continue
        if previous is not None and cluster.x0 - previous.x1 > SPACE_SHARE * max(cluster.size, previous.size):
            spaced.append(None)
        spaced.append(cluster)
        previous = cluster
    return spaced


def _kind(char: str) -> str:
    """Return the bidi kind of a character: L, R, N (number) or - (neutral)."""
    kind = unicodedata.bidirectional(char)
    if kind == "L":
        return L
    if kind in RTL_CLASSES:
        return R
    return NUMBER if kind in NUMBER_CLASSES else NEUTRAL


def _kinds(visual: list[_Cluster | None]) -> list[str]:
    """Return each item's kind; separators between digits and number signs next to digits count as digits."""
    kinds = [NEUTRAL if item is None else _kind(item.char) for item in visual]
    classes = [None if item is None else unicodedata.bidirectional(item.char) for item in visual]
    for index in range(1, len(kinds) - 1):
        if classes[index] in SEPARATOR_CLASSES and kinds[index - 1] == NUMBER and kinds[index + 1] == NUMBER:
            kinds[index] = NUMBER
    for index, kind in enumerate(classes):
        if kind == "ET" and NUMBER in kinds[max(index - 1, 0):index + 2]:
            kinds[index] = NUMBER
    return kinds


def _levels(visual: list[_Cluster | None]) -> list[_Cluster]:
    """Return the clusters (a space cluster for each None) with their embedding levels set: 1 for right-to-left
    letters, 2 for left-to-right pieces inside them (0 for left-to-right text in a left-to-right line)."""
    kinds = _kinds(visual)
    rtl = kinds.count(R) >= kinds.count(L)
    base = R if rtl else L
    letters = [kind if kind in (L, R) else NEUTRAL for kind in kinds]
    letter_before, letter_after = _nearest(letters, L), _nearest(letters[::-1], L)[::-1]
    strong = [(R if rtl or letter_before[index] == letter_after[index] == R else L) if kind == NUMBER else kind
              for index, kind in enumerate(kinds)]
    before, after = _nearest(strong, base), _nearest(strong[::-1], base)[::-1]
    leveled: list[_Cluster] = []
    for index, item in enumerate(visual):
        kind = strong[index]
        if kind == NEUTRAL:
            kind = before[index] if before[index] == after[index] else base
        level = 1 if kind == R else (2 if rtl else 0)
        if kinds[index] == NUMBER and kind == R:
            level = 2
        cluster = item if item is not None else _Cluster(0, 0, -1, " ", 0)
        cluster.level = level
        leveled.append(cluster)
    return leveled


def _nearest(kinds: list[str], edge: str) -> list[str]:
    """Return for each place the nearest kind other than neutral before it (``edge`` at the start)."""
    found: list[str] = []
    last = edge
    for kind in kinds:
        found.append(last)
        if kind != NEUTRAL:
            last = kind
    return found


def _reordered(visual: list[_Cluster]) -> list[_Cluster]:
    """Return the clusters in logical order: runs at each level and above reversed, lowest level first (the
    inverse of the bidi algorithm's rule L2, which reverses highest level first)."""
    items = list(visual)
    top = max((item.level for item in items), default=0)
    for level in range(1, top + 1):
        index = 0
        while index < len(items):
            if items[index].level >= level:
                end = index
                while end < len(items) and items[end].level >= level:
                    end += 1
                items[index:end] = items[index:end][::-1]
                index = end
            else:
                index += 1
    for item in items:
        if item.level % 2 and item.char in MIRRORS:
            item.char = MIRRORS[item.char]
    return items
