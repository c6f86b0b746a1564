"""The numbering part: which list (numId) at which level (ilvl) is bulleted, numbered or not shown at all."""

from __future__ import annotations

from typing import Literal

from lxml import etree

from .styles import Styles
from .wordml import W_VAL, qn, to_int

ListKind = Literal["bullet", "number", "none"]
MAX_LINKS = 8
"""numStyleLink hops followed before giving up (damaged files can make them circular)."""


class Numbering:
    """Numbering definitions indexed once: ``kind(num_id, ilvl)`` is cached."""

    def __init__(self, root: etree._Element | None, styles: Styles | None = None) -> None:
        self._nums: dict[str, etree._Element] = {}
        self._abstracts: dict[str, etree._Element] = {}
        self._styles = styles
        self._cache: dict[tuple[str, int], ListKind | None] = {}
        if root is not None:
            self._nums = {n.get(qn("w:numId"), ""): n for n in root.iter(qn("w:num"))}
            self._abstracts = {a.get(qn("w:abstractNumId"), ""): a for a in root.iter(qn("w:abstractNum"))}

    def kind(self, num_id: str | None, ilvl: int) -> ListKind | None:
        """Return how list ``num_id`` marks level ``ilvl``; None when the paragraph is not in a list.

        numId 0 and ids the part does not define mean 'no numbering', as in Word.
        """
        if not num_id or num_id == "0" or num_id not in self._nums:
            return None
        key = (num_id, ilvl)
        if key not in self._cache:
            self._cache[key] = self._kind(num_id, ilvl)
        return self._cache[key]

    def _kind(self, num_id: str, ilvl: int) -> ListKind:
        num = self._nums[num_id]
        override = _override_level(num, ilvl)
        level = override if override is not None else self._abstract_level(num, ilvl)
        return read_level_kind(level)

    def _abstract_level(self, num: etree._Element, ilvl: int) -> etree._Element | None:
        ref = num.find(qn("w:abstractNumId"))
        abstract = self._abstracts.get(ref.get(W_VAL, "") if ref is not None else "")
        for _ in range(MAX_LINKS):
            if abstract is None:
                return None
            level = _level(abstract, ilvl)
            if level is not None:
                return level
            abstract = self._linked(abstract)
        return None

    def _linked(self, abstract: etree._Element) -> etree._Element | None:
        """Return the abstract numbering a ``w:numStyleLink`` leads to through its numbering style."""
        link = abstract.find(qn("w:numStyleLink"))
        if link is None or self._styles is None:
            return None
        info = self._styles.paragraph(link.get(W_VAL))
        num = self._nums.get(info.num_id or "")
        ref = num.find(qn("w:abstractNumId")) if num is not None else None
        return self._abstracts.get(ref.get(W_VAL, "")) if ref is not None else None


def _level(abstract: etree._Element, ilvl: int) -> etree._Element | None:
    for level in abstract.findall(qn("w:lvl")):
        if to_int(level.get(qn("w:ilvl"))) == ilvl:
            return level
    return None


def _override_level(num: etree._Element, ilvl: int) -> etree._Element | None:
    for override in num.findall(qn("w:lvlOverride")):
        if to_int(override.get(qn("w:ilvl"))) == ilvl:
            return override.find(qn("w:lvl"))
    return None


def read_level_kind(level: etree._Element | None) -> ListKind:
    """Return a ``w:lvl``'s marker kind: ``bullet``, ``none`` (no visible marker) or ``number``."""
    if level is None:
        return "bullet"
    fmt = next(level.iter(qn("w:numFmt")), None)  # also inside mc:AlternateContent (w14 custom formats)
    value = (fmt.get(W_VAL) or "decimal") if fmt is not None else "decimal"
    if value == "bullet":
        return "bullet"
    text = level.find(qn("w:lvlText"))
    if value == "none" or (text is not None and not (text.get(W_VAL) or "").strip()):
        return "none"
    return "number"
