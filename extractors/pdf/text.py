"""PDF text layer to lines: pdfium's characters with positions, effective font sizes and weights, per page.

The hot path of the PDF extractor (a 100-page handout holds some 160,000 characters), so it is written for
speed: the page's text comes in one pdfium call, each character costs two calls (its text object and its box)
through functions bound once with plain C types, styles are read once per text object, every box is turned
into page coordinates once, and lines are cut over flat per-page lists rather than per-character objects.
"""

from __future__ import annotations

import ctypes
import functools
import math
import re
import struct
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress, groupby
from operator import itemgetter
from typing import Any

from .geometry import MAX_COORDINATE, Box, Frame, snap_angle

BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold|[-,]demi\b", re.IGNORECASE)
ITALIC_NAME = re.compile(r"italic|oblique|kursiv", re.IGNORECASE)
BULLET_GLYPHS = "•◦▪▫●○■□►▸‣⁃∙➢➤✓✔\uf0a7\uf0b7\uf0d8\uf0fc\uf076\uf0a8"
"""Bullet characters, with the private-use code points Symbol and Wingdings bullets often carry."""
BULLET_ONLY = re.compile(rf"^\s*(?:[{BULLET_GLYPHS}*–—-]|\(?[0-9]{{1,3}}[.)]|\(?[a-zA-Z][.)])\s*$")
FONT_FLAG_ITALIC = 1 << 6
HYPHEN_MARK = "\x02"
"""What pdfium reports for a hyphen it judges to end a line inside a word."""
NOT_A_CHARACTER = "\ufffe"
"""What ``FPDFText_GetText`` writes in place of the hyphen mark and of NUL: such places are asked one by one."""
DROPPED = frozenset(chr(code) for code in (*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF)
                    if chr(code) != HYPHEN_MARK)
"""Characters that carry no text (control characters other than the hyphen mark, lone surrogates): left out."""
GENERATED_BREAKS = frozenset("\r\n")
GENERATED_SPACES = frozenset(" \t\xa0")
"""What pdfium inserts between words and lines (characters of no text object)."""
WHITE_SPACE = re.compile(r"\s+")
"""White space as ``str.isspace`` sees it (the two agree on every code point): one space in a run."""
RECT = struct.Struct("4f")
"""pdfium's ``FS_RECTF``: left, top, right, bottom as C floats."""
Glyph = tuple[str, bool, bool, float, float, "str | None"]
"""A character as read: text, bold, italic, left and right edge on the page (spaces sit at the previous edge),
and the web address of the link over it."""


@dataclass(frozen=True, eq=False)
class Style:
    """How one text object's characters are set; compared and hashed by identity (one per text object)."""

    size: float
    bold: bool
    italic: bool
    angle: int | None = 0
    """Text direction in user space, counter-clockwise: 0, 90, 180, 270, or None for other angles."""


NEWLINE = Style(0, False, False)
"""The style of pdfium's generated line breaks."""


@dataclass
class Run:
    """Inline text sharing one emphasis and link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None

    @property
    def style(self) -> tuple[bool, bool, str | None]:
        return self.bold, self.italic, self.href

    def with_text(self, text: str) -> Run:
        """Return a run of the same style holding ``text``."""
        return Run(text, self.bold, self.italic, self.href)


@dataclass
class Line:
    """One line (or one side of a wide horizontal gap) of text, as read on the page."""

    runs: list[Run]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool = False
    hyphenated: bool = False
    column: int = -1
    rotated: bool = False
    source: _GlyphSource | None = field(default=None, repr=False, compare=False)

    @property
    def glyphs(self) -> list[Glyph]:
        """The line's characters with their edges on the page (empty for lines joined after reading)."""
        return self.source.glyphs() if self.source is not None else []

    def release(self) -> None:
        """Let go of the page's characters (once tables are found, only the text is needed)."""
        self.source = None

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PageChars:
    """A page's characters as flat lists of equal length (line breaks included as ``"\\n"``).

    ``boxes`` are loose glyph boxes in user space as pdfium gives them, ``(left, top, right, bottom)``;
    ``own`` the same boxes as read in the glyph's own direction, ``(x0, top, x1, bottom)`` in the page frame
    turned to the glyph's angle; both None for generated spaces and unusable boxes. ``hrefs`` (None when the
    page has no web link) are the addresses of the links over the characters.
    """

    texts: list[str] = field(default_factory=list)
    styles: list[Style] = field(default_factory=list)
    boxes: list[Box | None] = field(default_factory=list)
    own: list[Box | None] = field(default_factory=list)
    hrefs: list[str | None] | None = None


@dataclass(frozen=True)
class _TextApi:
    """pdfium's text functions bound once with plain C types, so a call builds no pointer objects.

    ``text_object`` and ``loose_box`` are called once per character: they are declared without argument
    types (ctypes then skips converting each argument, a third of a call's cost), so they must be given
    exactly a ``c_void_p`` text page, an ``int`` index and (``loose_box``) a ``byref`` to four C floats.
    """

    count_chars: Any
    get_text: Any
    get_unicode: Any
    text_object: Any
    loose_box: Any


def _bind(function: Any, restype: Any, *argtypes: Any) -> Any:
    """Return a pypdfium2.raw function as a new foreign function of the same library and calling convention,
    declared with ``restype`` and ``argtypes``."""
    bound = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    bound.restype = restype
    bound.argtypes = argtypes or None
    return bound


@functools.lru_cache(maxsize=4)
def text_api(raw: Any) -> _TextApi:
    """Return pdfium's text functions of ``raw`` (pypdfium2.raw) bound for the per-character loop."""
    handle, index = ctypes.c_void_p, ctypes.c_int
    return _TextApi(
        count_chars=_bind(raw.FPDFText_CountChars, ctypes.c_int, handle),
        get_text=_bind(raw.FPDFText_GetText, ctypes.c_int, handle, index, index, ctypes.c_void_p),
        get_unicode=_bind(raw.FPDFText_GetUnicode, ctypes.c_uint, handle, index),
        text_object=_bind(raw.FPDFText_GetTextObject, ctypes.c_void_p),
        loose_box=_bind(raw.FPDFText_GetLooseCharBox, ctypes.c_int),
    )


def make_runs(glyphs: Sequence[Glyph]) -> list[Run]:
    """Return runs of equal emphasis with spaces collapsed and the ends stripped.

    A space joins the run before it (whatever its own style) and is dropped at the start or after another.
    """
    runs: list[Run] = []
    parts: list[str] = []
    style: tuple[bool, bool, str | None] | None = None
    spaced = True
    for text, bold, italic, _, _, href in glyphs:
        if text == " ":
            if not spaced:
                parts.append(" ")
                spaced = True
            continue
        spaced = False
        if style is None or style[0] != bold or style[1] != italic or style[2] != href:
            if style is not None:
                runs.append(Run("".join(parts), *style))
            style, parts = (bold, italic, href), [text]
        else:
            parts.append(text)
    if style is not None:
        runs.append(Run("".join(parts), *style))
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return [run for run in runs if run.text]


class PageTextReader:
    """Reads one pdfium text page into ``Line`` objects; styles are cached per text object and font.

    Lines are cut at pdfium's line breaks and at wide gaps along the text; their boxes are given as the page
    is read (see ``Frame``). Text running another way than most of the page (a margin stamp) is ``rotated``.
    """

    def __init__(self, raw: Any, textpage: Any, frame: Frame) -> None:
        self.raw = raw
        self.textpage = textpage
        self.frame = frame
        self.api = text_api(raw)
        self.handle: int = ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0
        self.styles: dict[int, tuple[Style, Frame | None]] = {}
        """Style by text object, with the frame its text reads upright in (None for upright text)."""
        self.fonts: dict[int, tuple[bool, bool]] = {}
        self._rect = (ctypes.c_float * 4)()
        self._matrix = raw.FS_MATRIX()

    def char_count(self) -> int:
        return max(int(self.api.count_chars(self.handle)), 0)

    def read(self, limit: int, links: Sequence[tuple[Box, str]] = ()) -> tuple[list[Line], Frame]:
        """Return the page's lines in pdfium's order, and the frame they are given in.

        The frame turns the page so that most of its text reads left to right (see ``Frame``). ``links`` are
        web links (user-space box, address): characters under one carry its address.
        """
        chars = self.chars(limit)
        if links:
            chars.hrefs = _hrefs(chars.boxes, links)
        angles = _angles(chars)
        frame = self.frame
        if angles:
            frame = frame.turned(max(angles.items(), key=itemgetter(1))[0])
        upright = all((angle or 0) == frame.rotation for angle in angles)
        return _LineCutter(chars, frame, chars.own if upright else frame.boxes(chars.boxes)).lines(), frame

    def chars(self, limit: int) -> PageChars:
        """Return the first ``limit`` characters of the page (generated line breaks and spaces included)."""
        count = min(self.char_count(), limit)
        text = self._text(count)
        handle, text_object, loose_box = ctypes.c_void_p(self.handle), self.api.text_object, self.api.loose_box
        rect, styles, most, x0, y1 = self._rect, self.styles, MAX_COORDINATE, self.frame.x0, self.frame.y1
        pointer, unpack = ctypes.byref(rect), RECT.unpack_from
        chars = PageChars()
        texts, kinds, boxes, own = chars.texts, chars.styles, chars.boxes, chars.own
        for index, char in enumerate(text):
            obj = text_object(handle, index)
            if not obj:
                if char in GENERATED_BREAKS:
                    texts.append("\n")
                    kinds.append(NEWLINE)
                elif char in GENERATED_SPACES and texts:
                    texts.append(" ")
                    kinds.append(kinds[-1])
                else:
                    continue
                boxes.append(None)
                own.append(None)
                continue
            if char in DROPPED:
                continue
            style, turn = styles.get(obj) or self._read_style(index, obj)
            texts.append(char)
            kinds.append(style)
            if loose_box(handle, index, pointer):
                box = left, top, right, bottom = unpack(rect)
                if -most <= left <= most and -most <= top <= most and -most <= right <= most and -most <= bottom <= most:
                    if left > right:
                        left, right = right, left
                    if bottom > top:
                        bottom, top = top, bottom
                    boxes.append(box)
                    own.append((left - x0, y1 - top, right - x0, y1 - bottom) if turn is None
                               else turn.box(left, bottom, right, top))
                    continue
            boxes.append(None)
            own.append(None)
        return chars

    def _text(self, count: int) -> str:
        """Return the page's first ``count`` characters, one per pdfium character index.

        One ``FPDFText_GetText`` call when its text lines up with the characters (it leaves out control
        characters and writes U+FFFE for the hyphen mark and NUL; those places are asked again), else one
        ``FPDFText_GetUnicode`` call per character. Code points beyond Unicode come back as NUL (dropped).
        """
        if count <= 0:
            return ""
        api, handle = self.api, self.handle
        buffer = (ctypes.c_uint16 * (2 * count + 2))()  # surrogate pairs take two units: room for the worst case
        written = api.get_text(handle, 0, count, buffer)
        text = ctypes.string_at(buffer, max(written - 1, 0) * 2).decode("utf-16-le", "surrogatepass")
        if len(text) != count:
            return "".join(_code_text(api.get_unicode(handle, index)) for index in range(count))
        if NOT_A_CHARACTER in text:
            chars = list(text)
            for index, char in enumerate(chars):
                if char == NOT_A_CHARACTER:
                    chars[index] = _code_text(api.get_unicode(handle, index))
            text = "".join(chars)
        return text

    def _read_style(self, index: int, obj: int) -> tuple[Style, Frame | None]:
        raw, m = self.raw, self._matrix
        size = raw.FPDFText_GetFontSize(self.textpage, index)
        angle: int | None = 0
        if raw.FPDFText_GetMatrix(self.textpage, index, m):
            size *= math.sqrt(abs(m.a * m.d - m.b * m.c))
            angle = snap_angle(math.degrees(math.atan2(m.b, m.a))) if (m.a or m.b) else 0
        size = size if math.isfinite(size) and 0.5 <= size <= 2000 else 1.0
        bold, italic = self._font(raw.FPDFTextObj_GetFont(ctypes.cast(obj, raw.FPDF_PAGEOBJECT)))
        style = Style(size, bold, italic, angle)
        found = self.styles[obj] = (style, self.frame.turned(angle) if angle else None)
        return found

    def _font(self, font: Any) -> tuple[bool, bool]:
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in self.fonts:
            self.fonts[key] = read_font_emphasis(self.raw, font) if font else (False, False)
        return self.fonts[key]


def _code_text(code: int) -> str:
    return chr(code) if code <= 0x10FFFF else "\x00"


def _angles(chars: PageChars) -> dict[int, int]:
    """Return how many boxed characters run at each angle (None, for other angles, left out), first seen first."""
    angles: dict[int, int] = {}
    for style, count in Counter(compress(chars.styles, chars.boxes)).items():
        if style.angle is not None:
            angles[style.angle] = angles.get(style.angle, 0) + count
    return angles


def _hrefs(boxes: list[Box | None], links: Sequence[tuple[Box, str]]) -> list[str | None]:
    """Return for each character the address of the first link whose box holds its middle, else None."""
    found: list[str | None] = []
    for box in boxes:
        href = None
        if box is not None:
            x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            href = next((href for (x0, y0, x1, y1), href in links if x0 <= x <= x1 and y0 <= y <= y1), None)
        found.append(href)
    return found


class _GlyphSource:
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


class _LineCutter:
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
                               source=_GlyphSource(self.chars, self.page_boxes, start, stop)))


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


def read_font_emphasis(raw: Any, font: Any) -> tuple[bool, bool]:
    """Return (bold, italic) of a pdfium font from its weight, flags, italic angle and base name."""
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    name = ""
    if 0 < size < 4096:
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFFont_GetBaseFontName(font, buffer, size)
        name = buffer.value.decode("latin-1", "replace")
    weight = raw.FPDFFont_GetWeight(font)
    angle = ctypes.c_int(0)
    slanted = bool(raw.FPDFFont_GetItalicAngle(font, ctypes.byref(angle))) and angle.value != 0
    italic = slanted or bool(raw.FPDFFont_GetFlags(font) & FONT_FLAG_ITALIC) or bool(ITALIC_NAME.search(name))
    return weight >= 600 or bool(BOLD_NAME.search(name)), italic
