"""PDF text layer to lines: pdfium's characters with positions, effective font sizes and weights, per page."""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .geometry import Frame, sane, snap_angle

BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold|[-,]demi\b", re.IGNORECASE)
ITALIC_NAME = re.compile(r"italic|oblique|kursiv", re.IGNORECASE)
BULLET_GLYPHS = "•◦▪▫●○■□►▸‣⁃∙➢➤✓✔\uf0a7\uf0b7\uf0d8\uf0fc\uf076\uf0a8"
"""Bullet characters, with the private-use code points Symbol and Wingdings bullets often carry."""
BULLET_ONLY = re.compile(rf"^\s*(?:[{BULLET_GLYPHS}*–—-]|\(?[0-9]{{1,3}}[.)]|\(?[a-zA-Z][.)])\s*$")
FONT_FLAG_ITALIC = 1 << 6
HYPHEN_MARK = "\x02"
"""What pdfium reports for a hyphen it judges to end a line inside a word."""
Box = tuple[float, float, float, float]
Glyph = tuple[str, bool, bool, float, float, "str | None"]
"""A character as read: text, bold, italic, left and right edge on the page (spaces sit at the previous edge),
and the web address of the link over it."""


@dataclass(frozen=True)
class Style:
    size: float
    bold: bool
    italic: bool
    angle: int | None = 0
    """Text direction in user space, counter-clockwise: 0, 90, 180, 270, or None for other angles."""


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

    def with_text(self, text: str) -> "Run":
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
    glyphs: list[Glyph] = field(default_factory=list, repr=False)

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
class _Char:
    text: str
    style: Style
    user: Box | None = None
    """Loose glyph box in user space (left, bottom, right, top); None for generated spaces."""
    href: str | None = None


@dataclass
class _LineBuilder:
    """Collects characters and cuts lines at pdfium's line breaks and at wide gaps along the text."""

    frame: Frame
    chars: list[_Char] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    last: Box | None = None
    turns: dict[int, Frame] = field(default_factory=dict)

    def add(self, char: _Char) -> None:
        if char.user is not None and char.text != " ":
            angle = char.style.angle or 0
            own = self.turns.get(angle) or self.turns.setdefault(angle, self.frame.turned(angle))
            box = own.box(*char.user)
            if self.last is not None and self._breaks(char, box):
                self.flush()
            self.last = box
        self.chars.append(char)

    def _breaks(self, char: _Char, box: Box) -> bool:
        """Return True when a glyph (box in its own text direction) starts a new line."""
        x0, top, x1, bottom = box
        px0, ptop, px1, pbottom = self.last
        size = max(char.style.size, 1.0)
        if abs((top + bottom) - (ptop + pbottom)) / 2 > 0.8 * max(size, pbottom - ptop):
            return True
        gap = max(x0 - px1, px0 - x1)
        return gap > 1.6 * size and not BULLET_ONLY.match("".join(c.text for c in self.chars))

    def flush(self) -> None:
        line = _make_line(self.chars, self.frame)
        if line is not None:
            self.lines.append(line)
        self.chars = []
        self.last = None


def _make_line(chars: list[_Char], frame: Frame) -> Line | None:
    boxed = [c for c in chars if c.user is not None and c.text.strip()]
    if not boxed:
        return None
    hyphenated = chars[-1].text == HYPHEN_MARK
    glyphs, boxes = _glyphs(chars[:-1] if hyphenated else chars, frame)
    runs = make_runs(glyphs)
    if not runs or not boxes:
        return None
    sizes = Counter(round(c.style.size * 2) / 2 for c in boxed)
    angles = Counter(c.style.angle for c in boxed)
    bold = sum(c.style.bold for c in boxed) * 2 >= len(boxed)
    return Line(runs, min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes), sizes.most_common(1)[0][0], bold, hyphenated,
                rotated=angles.most_common(1)[0][0] != frame.rotation, glyphs=glyphs)


def _glyphs(chars: list[_Char], frame: Frame) -> tuple[list[Glyph], list[Box]]:
    """Return the characters as glyphs on the page, and the boxes of the visible ones."""
    glyphs: list[Glyph] = []
    boxes: list[Box] = []
    for char in chars:
        text = " " if char.text.isspace() else char.text.replace(HYPHEN_MARK, "-")
        if char.user is not None and text != " ":
            box = frame.box(*char.user)
            boxes.append(box)
            glyphs.append((text, char.style.bold, char.style.italic, box[0], box[2], char.href))
        else:
            edge, href = (glyphs[-1][4], glyphs[-1][5]) if glyphs else (0.0, None)
            glyphs.append((text, char.style.bold, char.style.italic, edge, edge, href))
    return glyphs, boxes


def make_runs(glyphs: list[Glyph]) -> list[Run]:
    """Return runs of equal emphasis with spaces collapsed and the ends stripped."""
    runs: list[Run] = []
    for text, bold, italic, _, _, href in glyphs:
        if text == " " and (not runs or runs[-1].text.endswith(" ")):
            continue
        style = runs[-1].style if runs and text == " " else (bold, italic, href)
        if runs and runs[-1].style == style:
            runs[-1].text += text
        else:
            runs.append(Run(text, *style))
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
        self.styles: dict[int, Style] = {}
        self.fonts: dict[int, tuple[bool, bool]] = {}
        self._rect = raw.FS_RECTF()
        self._matrix = raw.FS_MATRIX()

    def char_count(self) -> int:
        return max(self.raw.FPDFText_CountChars(self.textpage), 0)

    def read(self, limit: int, links: list[tuple[Box, str]] = ()) -> tuple[list[Line], Frame]:
        """Return the page's lines in pdfium's order, and the frame they are given in.

        The frame turns the page so that most of its text reads left to right (see ``Frame``). ``links`` are
        web links (user-space box, address): characters under one carry its address.
        """
        chars = self._chars(limit)
        if links:
            _link(chars, links)
        angles = Counter(c.style.angle for c in chars if c.user is not None and c.style.angle is not None)
        frame = self.frame.turned(angles.most_common(1)[0][0]) if angles else self.frame
        builder = _LineBuilder(frame)
        for char in chars:
            if char.text == "\n":
                builder.flush()
            else:
                builder.add(char)
        builder.flush()
        return builder.lines, frame

    def _chars(self, limit: int) -> list[_Char]:
        raw, textpage, rect = self.raw, self.textpage, self._rect
        chars: list[_Char] = []
        for index in range(min(self.char_count(), limit)):
            code = raw.FPDFText_GetUnicode(textpage, index)
            obj = raw.FPDFText_GetTextObject(textpage, index)
            if not obj:
                if code in (10, 13):
                    chars.append(_Char("\n", Style(0, False, False)))
                elif code in (32, 9, 0xA0) and chars:
                    chars.append(_Char(" ", chars[-1].style))
                continue
            text = _char_text(code)
            if text:
                style = self._style(index, obj)
                found = raw.FPDFText_GetLooseCharBox(textpage, index, rect)
                box = (rect.left, rect.bottom, rect.right, rect.top)
                chars.append(_Char(text, style, box if found and sane(*box) else None))
        return chars

    def _style(self, index: int, obj: Any) -> Style:
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        style = self.styles.get(key)
        if style is None:
            style = self.styles[key] = self._read_style(index, obj)
        return style

    def _read_style(self, index: int, obj: Any) -> Style:
        raw, m = self.raw, self._matrix
        size = raw.FPDFText_GetFontSize(self.textpage, index)
        angle: int | None = 0
        if raw.FPDFText_GetMatrix(self.textpage, index, m):
            size *= math.sqrt(abs(m.a * m.d - m.b * m.c))
            angle = snap_angle(math.degrees(math.atan2(m.b, m.a))) if (m.a or m.b) else 0
        size = size if math.isfinite(size) and 0.5 <= size <= 2000 else 1.0
        bold, italic = self._font(raw.FPDFTextObj_GetFont(obj))
        return Style(size, bold, italic, angle)

    def _font(self, font: Any) -> tuple[bool, bool]:
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in self.fonts:
            self.fonts[key] = read_font_emphasis(self.raw, font) if font else (False, False)
        return self.fonts[key]


def _link(chars: list[_Char], links: list[tuple[Box, str]]) -> None:
    """Give each character whose middle lies in a link's box that link's address."""
    for char in chars:
        if char.user is not None:
            x, y = (char.user[0] + char.user[2]) / 2, (char.user[1] + char.user[3]) / 2
            char.href = next((href for (x0, y0, x1, y1), href in links if x0 <= x <= x1 and y0 <= y <= y1), None)


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


def _char_text(code: int) -> str:
    """Return the character for a pdfium code point; control characters other than the hyphen mark vanish."""
    if code == 2:
        return HYPHEN_MARK
    if code < 32 or 0x7F <= code < 0xA0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF or code in (0xFFFE, 0xFFFF):
        return ""
    return chr(code)
