"""PDF characters to lines: cut at pdfium's line breaks and at wide gaps, with their box, size and runs."""

from __future__ import annotations

import math
from itertools import groupby
from operator import itemgetter
from typing import Any

from .geometry import Box, Frame
from .text import BULLET_ONLY, HYPHEN_MARK, WHITE_SPACE, Glyph, Line, PageChars, Run, Style


class PageGlyphs:
    """Where a line's characters sit in its page's lists: its glyphs are built only when asked for (table
    cells need them; most lines never do)."""

    __slots__ = ("chars", "page_boxes", "start", "stop")

    def __init__(self, chars: PageChars, page_boxes: list[Box | None], start: int, stop: int) -> None:
        self.chars, self.page_boxes, self.start, self.stop = chars, page_boxes, start, stop

    def glyphs(self) -> list[Glyph]:
        """Return the characters as glyphs on the page; a space sits at the previous glyph's right edge."""
        texts, styles, hrefs = self.chars.texts, self.chars.styles, self.chars.hrefs
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
        return glyphs


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
        texts = self.chars.texts
        start = 0
        last: Box | None = None
        """The glyph before, in its own direction."""
        style: Style | None = None
        size = gap = 1.0
        # the current line's shown characters: counted by style, and the box around them
        shown: dict[Style, int] = {}
        x0 = top = math.inf
        x1 = bottom = -math.inf
        for index, (text, box, own, current) in enumerate(zip(texts, self.page_boxes, self.chars.own,
                                                              self.chars.styles, strict=True)):
            if text == "\n":
                if shown:
                    self._add(start, index, shown, (x0, top, x1, bottom))
                    shown, x0, top, x1, bottom = {}, math.inf, math.inf, -math.inf, -math.inf
                start, last = index + 1, None
                continue
            if box is None or own is None or text == " ":
                continue
            if current is not style:
                style = current
                size = style.size if style.size > 1.0 else 1.0
                gap = 1.6 * size
            if last is not None:
                height = last[3] - last[1]
                if abs((own[1] + own[3]) - (last[1] + last[3])) / 2 > 0.8 * (size if size >= height else height) \
                        or ((own[0] - last[2] > gap or last[0] - own[2] > gap)
                            and not BULLET_ONLY.match("".join(texts[start:index]))):
                    if shown:
                        self._add(start, index, shown, (x0, top, x1, bottom))
                        shown, x0, top, x1, bottom = {}, math.inf, math.inf, -math.inf, -math.inf
                    start = index
            last = own
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
        if shown:
            self._add(start, len(texts), shown, (x0, top, x1, bottom))
        return self.found

    def _add(self, start: int, end: int, shown: dict[Style, int], box: Box) -> None:
        """Add the line of characters ``start:end`` (``shown`` counts its shown characters by style)."""
        texts = self.chars.texts
        hyphenated = texts[end - 1] == HYPHEN_MARK
        stop = end - 1 if hyphenated else end
        if hyphenated:  # the box leaves the hyphen mark out
            extent = _extent(self.page_boxes, texts, start, stop)
            if extent is None:
                return
            box = extent
        runs = _runs(self.chars, start, stop)
        if not runs:
            return
        size, bold, angle = _line_style(shown)
        self.found.append(Line(runs, *box, size, bold, hyphenated, rotated=angle != self.frame.rotation,
                               source=PageGlyphs(self.chars, self.page_boxes, start, stop)))


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
