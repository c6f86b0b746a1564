"""PDF text layer to characters: pdfium's text, glyph boxes, effective font sizes and weights, per page.

The hot path of the PDF extractor (a 100-page handout holds some 160,000 characters), so it is written for
speed: the page's text comes in one pdfium call, each character costs two calls (its text object and its box)
through functions bound once with plain C types, styles are read once per text object, each box is turned
into page coordinates while it is read, and characters go into flat per-page lists, not objects.
"""

from __future__ import annotations

import ctypes
import functools
import math
import re
import struct
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any

from .geometry import MAX_COORDINATE, Box, Frame, snap_angle
from .lines import LineCutter
from .text import HYPHEN_MARK, NEWLINE, Line, PageChars, Style

BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold|[-,]demi\b", re.IGNORECASE)
ITALIC_NAME = re.compile(r"italic|oblique|kursiv", re.IGNORECASE)
FONT_FLAG_ITALIC = 1 << 6
NOT_A_CHARACTER = "\ufffe"
"""What ``FPDFText_GetText`` writes in place of the hyphen mark and of NUL: such places are asked one by one."""
DROPPED = frozenset(chr(code) for code in (*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF)
                    if chr(code) != HYPHEN_MARK)
"""Characters that carry no text (control characters other than the hyphen mark, lone surrogates): left out."""
GENERATED_BREAKS = frozenset("\r\n")
GENERATED_SPACES = frozenset(" \t\xa0")
"""What pdfium inserts between words and lines (characters of no text object)."""
RECT = struct.Struct("4f")
"""pdfium's ``FS_RECTF``: left, top, right, bottom as C floats."""


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
        return LineCutter(chars, frame, chars.own if upright else frame.boxes(chars.boxes)).lines(), frame

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
