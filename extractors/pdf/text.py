"""PDF text as read: styles, runs and lines (the types the PDF readers share), and runs made from glyphs.

``chars`` reads a page's characters from pdfium, ``lines`` cuts them into the ``Line`` objects defined here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .geometry import Box

BULLET_GLYPHS = "•◦▪▫●○■□►▸‣⁃∙➢➤✓✔\ue000-\uf8ff"
"""Bullet characters for a regular expression's character class, with the private-use range, where Symbol and
Wingdings bullets land (U+F0B7, U+F0A7, U+F076, U+F0D8...)."""
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
"""Private-use characters: glyphs of symbol fonts with no meaning in Unicode (tofu in any other font)."""
BULLET = "\u2022"
DOUBLE_SPACE = re.compile(" {2,}")
BULLET_ONLY = re.compile(rf"^\s*(?:[{BULLET_GLYPHS}*–—-]|\(?[0-9]{{1,3}}[.)]|\(?[a-zA-Z][.)])\s*$")
HYPHEN_MARK = "\x02"
"""What pdfium reports for a hyphen it judges to end a line inside a word."""
WHITE_SPACE = re.compile(r"\s+")
"""White space as ``str.isspace`` sees it (the two agree on every code point): one space in a run."""
Glyph = tuple[str, bool, bool, float, float, "str | None"]
"""A character as read: text, bold, italic, left and right edge on the page (spaces sit at the previous edge),
and the web address of the link over it."""


class GlyphSource(Protocol):
    """Where a line's glyphs come from (``lines.PageGlyphs``): built only when asked for."""

    def glyphs(self) -> list[Glyph]: ...


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
    source: GlyphSource | None = field(default=None, repr=False, compare=False)

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


def without_private_use(runs: list[Run]) -> list[Run]:
    """Return a line's runs with a private-use character opening the line turned into the bullet "•" (a Symbol or
    Wingdings bullet) and every other private-use character dropped."""
    if not any(PRIVATE_USE.search(run.text) for run in runs):
        return runs
    cleaned = [run.with_text(run.text) for run in runs]
    first = cleaned[0]
    if PRIVATE_USE.match(first.text):
        first.text = BULLET + first.text[1:]
    spaced = True
    for run in cleaned:
        run.text = DOUBLE_SPACE.sub(" ", PRIVATE_USE.sub("", run.text))
        if spaced and run.text.startswith(" "):
            run.text = run.text[1:]
        spaced = run.text.endswith(" ") if run.text else spaced
    return [run for run in cleaned if run.text]


def glyphs_without_private_use(glyphs: list[Glyph]) -> list[Glyph]:
    """Return glyphs with a private-use character opening them turned into "•" and every other one dropped."""
    if not any(PRIVATE_USE.match(glyph[0]) for glyph in glyphs):
        return glyphs
    cleaned: list[Glyph] = []
    for glyph in glyphs:
        if PRIVATE_USE.match(glyph[0]):
            if any(kept[0] != " " for kept in cleaned):
                continue
            glyph = (BULLET, *glyph[1:])
        cleaned.append(glyph)
    return cleaned


def make_runs(glyphs: Sequence[Glyph]) -> list[Run]:
    """Return runs of equal emphasis with spaces collapsed, the ends stripped and the text NFC-normalised.

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
    for run in runs:
        if not run.text.isascii():
            run.text = unicodedata.normalize("NFC", run.text)
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return [run for run in runs if run.text]
