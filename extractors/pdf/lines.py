"""PDF characters to lines: cut at pdfium's line breaks and at wide gaps, with their box, size and runs."""

from __future__ import annotations

import math
import unicodedata
from itertools import groupby
from operator import itemgetter
from typing import Any

from .bidi import is_rtl_char, logical_order, needs_order
from .geometry import Box, Frame
from .text import (
    BULLET_ONLY,
    HYPHEN_MARK,
    WHITE_SPACE,
    Glyph,
    Line,
    PageChars,
    Run,
    Style,
    glyphs_without_private_use,
    without_private_use,
)


class PageGlyphs:
    """Where a line's characters sit in its page's lists: its glyphs are built only when asked for (table
    cells need them; most lines never do)."""

    __slots__ = ("chars", "order", "page_boxes", "start", "stop")

    def __init__(self, chars: PageChars, page_boxes: list[Box | None], start: int, stop: int,
                 order: list[tuple[int | None, str]] | None = None) -> None:
        self.chars, self.page_boxes, self.start, self.stop = chars, page_boxes, start, stop
        self.order = order
        """The characters in logical order when they needed ordering (see ``_order``), else None."""

    def glyphs(self) -> list[Glyph]:
        """Return the characters as glyphs on the page; a space sits at the previous glyph's right edge.

        Right-to-left and pointed text comes in logical order (see ``bidi``); a private-use bullet opening the line
        is "•", other private-use characters are left out."""
        texts, styles, hrefs = self.chars.texts, self.chars.styles, self.chars.hrefs
        if self.order is not None:
            return glyphs_without_private_use(_ordered_glyphs(self.chars, self.page_boxes, self.order))
        glyphs: list[Glyph] = []
        edge, href = 0.0, None
        for index in range(self.start, self.stop):
            text, style, box = texts[index], styles[index], self.page_boxes[index]
            text = " " if text.isspace() else text.replace(HYPHEN_MARK, "-")
            if box is not None and text != " ":
                href = hrefs[index] if hrefs is not None else None
                edge = box[2]
                glyphs.append((text, style.bold, style.italic, box[0], edge, href))
            else:
                glyphs.append((text, style.bold, style.italic, edge, edge, href))
        return glyphs_without_private_use(glyphs)


def _order(chars: PageChars, page_boxes: list[Box | None], start: int, stop: int
           ) -> list[tuple[int | None, str]] | None:
    """Return characters ``start:stop`` in logical order when they hold right-to-left letters or combining marks
    (see ``bidi.logical_order``), else None (pdfium's order stands)."""
    if not needs_order(chars.texts[start:stop]):
        return None
    styles = chars.styles
    return logical_order(chars.texts, page_boxes, lambda index: styles[index].size, start, stop)


def _ordered_glyphs(chars: PageChars, page_boxes: list[Box | None], order: list[tuple[int | None, str]]
                    ) -> list[Glyph]:
    """Return glyphs for characters in ``order``; a space takes the style of the character before it."""
    glyphs: list[Glyph] = []
    for index, text in order:
        if index is None:
            if glyphs:
                last = glyphs[-1]
                glyphs.append((" ", last[1], last[2], last[4], last[4], last[5]))
            continue
        style, box = chars.styles[index], page_boxes[index]
        href = chars.hrefs[index] if chars.hrefs is not None else None
        left, right = (box[0], box[2]) if box is not None else (0.0, 0.0)
        glyphs.append((text, style.bold, style.italic, left, right, href))
    return glyphs


def _ordered_runs(chars: PageChars, order: list[tuple[int | None, str]]) -> list[Run]:
    """Return the runs of characters in ``order``: a space joins the run before it."""
    runs: list[Run] = []
    for index, text in order:
        if index is None:
            if runs:
                runs[-1].text += " "
            continue
        style = chars.styles[index]
        href = chars.hrefs[index] if chars.hrefs is not None else None
        text = "-" if text == HYPHEN_MARK else text
        if runs and (runs[-1].bold, runs[-1].italic, runs[-1].href) == (style.bold, style.italic, href):
            runs[-1].text += text
        else:
            runs.append(Run(text, style.bold, style.italic, href))
    for run in runs:
        run.text = unicodedata.normalize("NFC", run.text)
    return [run for run in runs if run.text]


def _ordered_char(text: str) -> bool:
    """Return True for a right-to-left letter or a combining mark (characters placed by position)."""
    return text >= "\u0300" and (is_rtl_char(text) or unicodedata.category(text) == "Mn")


Segment = tuple[int, int, dict[Style, int], Box]
"""A stretch of a page's characters that makes one line: start, end, its shown characters by style, its box."""


class LineCutter:
    """Cuts a page's characters into lines at pdfium's line breaks and at wide gaps along the text.

    A glyph starts a new line when its middle moves off the previous glyph's by more than 0.8 of the size,
    or when the gap along the text is wider than 1.6 times the size (unless all before it is a list marker).
    Gaps are measured in each glyph's own text direction. A line's box, size and weight are those of its
    shown characters (boxed, not white space), gathered as it is cut.
    """

    def __init__(self, chars: PageChars, frame: Frame, page_boxes: list[Box | None]) -> None:
        self.chars = chars
        self.frame = frame
        self.page_boxes = page_boxes
        """The characters' boxes in ``frame`` (``chars.own`` itself when all text reads upright in it)."""
        self.found: list[Line] = []

    def lines(self) -> list[Line]:
        """Return the page's lines in pdfium's order."""
        for segment in _merged(self._segments(), self.chars.texts):
            self._add(*segment)
        return self.found

    def _segments(self) -> list[Segment]:
        """Return the stretches of characters that make lines: cut at pdfium's line breaks and at wide gaps."""
        texts = self.chars.texts
        segments: list[Segment] = []
        start = 0
        last: Box | None = None
        """The glyph before (not a combining mark), in its own direction."""
        before = ""
        """Its text."""
        style: Style | None = None
        size = gap = 1.0
        # the current line's shown characters: counted by style, and the box around them
        shown: dict[Style, int] = {}
        x0 = top = math.inf
        x1 = bottom = -math.inf
        extent = [math.inf, -math.inf]
        """The line's extent along its text (right-to-left text is checked against it, not the glyph before)."""
        for index, (text, box, own, current) in enumerate(zip(texts, self.page_boxes, self.chars.own,
                                                              self.chars.styles, strict=True)):
            if text == "\n":
                if shown:
                    segments.append((start, index, shown, (x0, top, x1, bottom)))
                    shown, x0, top, x1, bottom = {}, math.inf, math.inf, -math.inf, -math.inf
                start, last, extent = index + 1, None, [math.inf, -math.inf]
                continue
            if box is None or own is None or text == " ":
                continue
            if current is not style:
                style = current
                size = style.size if style.size > 1.0 else 1.0
                gap = 1.6 * size
            mark = text >= "\u0300" and unicodedata.category(text) == "Mn"
            if last is not None and not mark:
                height = last[3] - last[1]
                far = (own[0] - last[2] > gap or last[0] - own[2] > gap) and not (
                    (_ordered_char(text) or _ordered_char(before)) and self._touches(index, extent, gap))
                if abs((own[1] + own[3]) - (last[1] + last[3])) / 2 > 0.8 * (size if size >= height else height) \
                        or (far and not BULLET_ONLY.match("".join(texts[start:index]))):
                    if shown:
                        segments.append((start, index, shown, (x0, top, x1, bottom)))
                        shown, x0, top, x1, bottom = {}, math.inf, math.inf, -math.inf, -math.inf
                    start, extent = index, [math.inf, -math.inf]
            if not mark or last is None:
                last, before = own, text
            if not text.isspace():
                shown[current] = shown[current] + 1 if current in shown else 1
                left, upper, right, lower = box
                if left < x0:
                    x0 = left
                if upper < top:
                    top = upper
                if right > x1:
                    x1 = right
                if lower > bottom:
                    bottom = lower
                if own[0] < extent[0]:
                    extent[0] = own[0]
                if own[2] > extent[1]:
                    extent[1] = own[2]
        if shown:
            segments.append((start, len(texts), shown, (x0, top, x1, bottom)))
        return segments

    def _touches(self, index: int, extent: list[float], gap: float) -> bool:
        """Return True when the glyph at ``index`` and the left-to-right text after it (a number or Latin words
        inside right-to-left text, drawn from their left end) come within ``gap`` of the line's ``extent``."""
        texts, boxes = self.chars.texts, self.chars.own
        low, high = math.inf, -math.inf
        for at in range(index, len(texts)):
            text, box = texts[at], boxes[at]
            if text == "\n" or (at > index and _ordered_char(text)):
                break
            if box is not None:
                low, high = min(low, box[0]), max(high, box[2])
        return low - extent[1] <= gap and extent[0] - high <= gap

    def _add(self, start: int, end: int, shown: dict[Style, int], box: Box) -> None:
        """Add the line of characters ``start:end`` (``shown`` counts its shown characters by style)."""
        texts = self.chars.texts
        while end > start + 1 and texts[end - 1] == "\n":  # a merged line may end at a line break
            end -= 1
        hyphenated = texts[end - 1] == HYPHEN_MARK
        stop = end - 1 if hyphenated else end
        if hyphenated:  # the box leaves the hyphen mark out
            extent = _extent(self.page_boxes, texts, start, stop)
            if extent is None:
                return
            box = extent
        order = _order(self.chars, self.page_boxes, start, stop)
        runs = without_private_use(_runs(self.chars, start, stop) if order is None
                                   else _ordered_runs(self.chars, order))
        if not runs:
            return
        size, bold, angle = _line_style(shown)
        self.found.append(Line(runs, *box, size, bold, hyphenated, rotated=angle != self.frame.rotation,
                               source=PageGlyphs(self.chars, self.page_boxes, start, stop, order)))


def _merged(segments: list[Segment], texts: list[str]) -> list[Segment]:
    """Return the segments with consecutive right-to-left or pointed ones that sit side by side on one baseline
    joined: pdfium breaks such lines by guess where marks and letters jump back and forth."""
    merged: list[Segment] = []
    ordered = False
    for segment in segments:
        now = needs_order(texts[segment[0]:segment[1]])
        if merged and ordered and now and _side_by_side(merged[-1], segment):
            start, _, shown, box = merged[-1]
            counts = dict(shown)
            for style, count in segment[2].items():
                counts[style] = counts.get(style, 0) + count
            other = segment[3]
            merged[-1] = (start, segment[1], counts, (min(box[0], other[0]), min(box[1], other[1]),
                                                      max(box[2], other[2]), max(box[3], other[3])))
        else:
            merged.append(segment)
        ordered = now
    return merged


def _side_by_side(first: Segment, second: Segment) -> bool:
    """Return True when two segments share a baseline band and touch or overlap along it (1.6 sizes apart at
    most)."""
    (a0, atop, a1, abottom), (b0, btop, b1, bbottom) = first[3], second[3]
    low = min(abottom - atop, bbottom - btop)
    if min(abottom, bbottom) - max(atop, btop) < 0.5 * low:
        return False
    gap = 1.6 * max(style.size for style in (*first[2], *second[2]))
    return b0 <= a1 + gap and b1 >= a0 - gap


def _extent(page_boxes: list[Box | None], texts: list[str], start: int, stop: int) -> Box | None:
    """Return the box around the shown characters ``start:stop``, None when none shows."""
    boxes = [box for box, text in zip(page_boxes[start:stop], texts[start:stop], strict=True)
             if box is not None and not text.isspace()]
    if not boxes:
        return None
    return (min(box[0] for box in boxes), min(box[1] for box in boxes), max(box[2] for box in boxes),
            max(box[3] for box in boxes))


def _runs(chars: PageChars, start: int, stop: int) -> list[Run]:
    """Return the runs of characters ``start:stop``: the same as ``make_runs`` of their glyphs, built from
    stretches of one style (and link) at a time."""
    texts, hrefs = chars.texts, chars.hrefs
    keys: list[Any] = chars.styles[start:stop] if hrefs is None else list(zip(chars.styles[start:stop],
                                                                               hrefs[start:stop], strict=True))
    runs: list[Run] = []
    position = start
    for key, group in groupby(keys):
        count = len(list(group))
        text = WHITE_SPACE.sub(" ", "".join(texts[position:position + count]))
        position += count
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        if HYPHEN_MARK in text:
            text = text.replace(HYPHEN_MARK, "-")
        if text[:1] == " ":
            text = text[1:]
            if runs and runs[-1].text[-1:] != " ":
                runs[-1].text += " "
            if not text:
                continue
        style, href = (key, None) if hrefs is None else key
        previous = runs[-1] if runs else None
        if previous is not None and previous.bold == style.bold and previous.italic == style.italic \
                and previous.href == href:
            previous.text += text
        else:
            runs.append(Run(text, style.bold, style.italic, href))
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return [run for run in runs if run.text]


def _line_style(shown: dict[Style, int]) -> tuple[float, bool, int | None]:
    """Return the most common size (to half a point) of a line's shown characters, whether most are bold, and
    their most common angle (the first seen of equals)."""
    sizes: dict[float, int] = {}
    angles: dict[int | None, int] = {}
    bold = total = 0
    for style, count in shown.items():
        size = round(style.size * 2) / 2
        sizes[size] = sizes.get(size, 0) + count
        angles[style.angle] = angles.get(style.angle, 0) + count
        bold += count if style.bold else 0
        total += count
    return (max(sizes.items(), key=itemgetter(1))[0], bold * 2 >= total,
            max(angles.items(), key=itemgetter(1))[0])
