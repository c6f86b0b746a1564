"""Word styles resolved once per document: names, heading levels, list numbering and emphasis through basedOn."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .wordml import W_VAL, is_on, qn, to_int

MAX_CHAIN = 32
"""basedOn chains longer than this are cut (Word allows cycles in damaged files; we must not loop)."""
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$")
_LIST_NAME = re.compile(r"^list(?: bullet| number| continue)?\s*([2-9])$")
"""Word's built-in "List Bullet 2" style is a separate list at ilvl 0 drawn one step in: its level is in its name."""
TITLE_LEVEL = 0
"""The heading level given to the Title style: it opens a section but is above level 1."""


@dataclass(frozen=True)
class Emphasis:
    """Bold, italic and underline as a style or a run sets them; None means 'not said here'."""

    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None

    def over(self, base: Emphasis) -> Emphasis:
        """Return these settings with ``base`` filling what they leave unsaid."""
        bold, italic, underline = self.bold, self.italic, self.underline
        if bold is None and italic is None and underline is None:
            return base
        if (bold is not None and italic is not None and underline is not None) or base is UNSAID:
            return self
        return Emphasis(bold if bold is not None else base.bold, italic if italic is not None else base.italic,
                        underline if underline is not None else base.underline)

    def values(self) -> tuple[bool | None, bool | None, bool | None]:
        return self.bold, self.italic, self.underline


UNSAID = Emphasis()


@dataclass(frozen=True)
class StyleInfo:
    """A style resolved through its basedOn chain."""

    name: str = ""
    heading: int | None = None
    num_id: str | None = None
    ilvl: int | None = None
    name_level: int | None = None
    emphasis: Emphasis = Emphasis()


def read_emphasis(r_pr: etree._Element | None) -> Emphasis:
    """Return what a ``w:rPr`` says about bold, italic and underline."""
    if r_pr is None:
        return UNSAID
    underline = r_pr.find(qn("w:u"))
    under = None if underline is None else (underline.get(W_VAL) or "single").lower() != "none"
    return Emphasis(is_on(r_pr.find(qn("w:b"))), is_on(r_pr.find(qn("w:i"))), under)


def run_font(r_pr: etree._Element | None) -> str | None:
    """Return the typeface a ``w:rPr``'s ``w:rFonts`` names for Latin text (ascii, else hAnsi), or None."""
    fonts = r_pr.find(qn("w:rFonts")) if r_pr is not None else None
    if fonts is None:
        return None
    return fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi")) or None


def outline_level(p_pr: etree._Element | None) -> int | None:
    """Return the heading level (1-9) a ``w:outlineLvl`` gives, 10 for 'body text', None when absent."""
    element = p_pr.find(qn("w:outlineLvl")) if p_pr is not None else None
    if element is None:
        return None
    level = to_int(element.get(W_VAL), 9)
    return level + 1 if 0 <= level <= 8 else 10


class Styles:
    """The styles part, indexed once; ``paragraph()`` and ``run()`` are cached per style id."""

    def __init__(self, root: etree._Element | None) -> None:
        self._elements: dict[str, etree._Element] = {}
        self._cache: dict[str, StyleInfo] = {}
        self.default_paragraph: str | None = None
        self.defaults = Emphasis(False, False, False)
        self.language: str | None = None
        self.default_font: str | None = None
        self._fonts: dict[str, str | None] = {}
        if root is not None:
            self._index(root)

    def _index(self, root: etree._Element) -> None:
        for style in root.iter(qn("w:style")):
            style_id = style.get(qn("w:styleId")) or ""
            self._elements.setdefault(style_id, style)
            if style.get(qn("w:type")) == "paragraph" and (style.get(qn("w:default")) or "") in ("1", "true", "on"):
                self.default_paragraph = self.default_paragraph or style_id
        r_pr = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.defaults = read_emphasis(r_pr).over(self.defaults)
        self.default_font = run_font(r_pr)
        lang = r_pr.find(qn("w:lang")) if r_pr is not None else None
        self.language = lang.get(W_VAL) if lang is not None else None

    def paragraph(self, style_id: str | None) -> StyleInfo:
        """Return the paragraph style ``style_id`` resolved (the default paragraph style when None or unknown)."""
        key = style_id if style_id in self._elements else self.default_paragraph
        if key is None:
            return StyleInfo()
        if key not in self._cache:
            self._cache[key] = self._resolve(key)
        return self._cache[key]

    def run(self, style_id: str | None) -> Emphasis:
        """Return the emphasis a character style gives (nothing when None or unknown)."""
        if not style_id or style_id not in self._elements:
            return UNSAID
        key = f"\x00run:{style_id}"
        if key not in self._cache:
            self._cache[key] = self._resolve(style_id)
        return self._cache[key].emphasis

    def font(self, style_id: str | None) -> str | None:
        """Return the typeface (``w:rFonts`` ascii, else hAnsi) style ``style_id`` gives through its basedOn chain,
        or None when none names one (theme fonts are not resolved; ``default_font`` is the document's)."""
        key = f"\x00font:{style_id}"
        if key not in self._fonts:
            chain = self._chain(style_id) if style_id and style_id in self._elements else []
            found = (run_font(style.find(qn("w:rPr"))) for style in chain)
            self._fonts[key] = next((font for font in found if font), None)
        return self._fonts[key]

    def _chain(self, style_id: str) -> list[etree._Element]:
        chain: list[etree._Element] = []
        seen: set[str] = set()
        next_id: str | None = style_id
        while next_id is not None and next_id in self._elements and next_id not in seen and len(chain) < MAX_CHAIN:
            seen.add(next_id)
            chain.append(self._elements[next_id])
            based = chain[-1].find(qn("w:basedOn"))
            next_id = based.get(W_VAL) if based is not None else ""
        return chain

    def _resolve(self, style_id: str) -> StyleInfo:
        chain = self._chain(style_id)
        name_el = chain[0].find(qn("w:name")) if chain else None
        emphasis = Emphasis()
        for style in chain:
            emphasis = emphasis.over(read_emphasis(style.find(qn("w:rPr"))))
        num_id, ilvl = _numbering(chain)
        name = name_el.get(W_VAL, "") if name_el is not None else ""
        match = _LIST_NAME.match(" ".join(name.lower().split()))
        return StyleInfo(name=name, heading=_heading(chain), num_id=num_id, ilvl=ilvl,
                         name_level=int(match.group(1)) - 1 if match else None, emphasis=emphasis)


def _heading(chain: list[etree._Element]) -> int | None:
    """Return the heading level the first style in the chain that says anything gives (Title is level 0)."""
    for style in chain:
        name_el = style.find(qn("w:name"))
        name = " ".join((name_el.get(W_VAL) or "").lower().split()) if name_el is not None else ""
        match = _HEADING_NAME.match(name)
        if match:
            return int(match.group(1))
        if name == "title":
            return TITLE_LEVEL
        level = outline_level(style.find(qn("w:pPr")))
        if level is not None:
            return level if level <= 9 else None
    return None


def _numbering(chain: list[etree._Element]) -> tuple[str | None, int | None]:
    """Return (numId, ilvl) of the nearest style in the chain that sets list numbering."""
    for style in chain:
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            continue
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is not None:
            return num_id.get(W_VAL), to_int(ilvl.get(W_VAL)) if ilvl is not None else None
    return None, None
