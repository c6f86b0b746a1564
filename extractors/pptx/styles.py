"""PPTX style inheritance for bullets (a placeholder's list styles from the slide, its layout and its master), and
what a slide takes from its layout (``LayoutInfo``, read once per layout)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from converter.model.source import UnitRole

from .._office.xml import PML_NS, qn

BulletKind = Literal["none", "bullet", "number"]
MASTER_TYPES = {
    "ctrTitle": "title", "subTitle": "body", "obj": "body", "tbl": "body", "chart": "body", "dgm": "body",
    "media": "body", "clipArt": "body", "pic": "body",
}
"""The master placeholder type a layout or slide placeholder takes its styles from (python-pptx's mapping)."""
TEXT_STYLES = {"title": "p:titleStyle", "body": "p:bodyStyle"}
"""The master ``p:txStyles`` entry for a master placeholder type; every other type uses ``p:otherStyle``."""
Styles = tuple[etree._Element, ...]
Box = tuple[int, int, int, int]
"""(left, top, width, height) in slide EMU."""


_BU_NONE, _BU_AUTO_NUM, _BU_CHAR, _BU_BLIP = qn("a:buNone"), qn("a:buAutoNum"), qn("a:buChar"), qn("a:buBlip")
_BULLET_TAGS = frozenset({_BU_NONE, _BU_AUTO_NUM, _BU_CHAR, _BU_BLIP})
_LEVEL_TAGS = tuple(qn(f"a:lvl{n}pPr") for n in range(1, 10))
_DEF_P_PR, _DEF_R_PR, _LATIN = qn("a:defPPr"), qn("a:defRPr"), qn("a:latin")
_TX_BODY, _LST_STYLE = qn("p:txBody"), qn("a:lstStyle")
_PLACEHOLDER = etree.XPath("*/p:nvPr/p:ph", namespaces={"p": PML_NS["p"]})
BulletCache = dict[tuple[etree._Element, int], "BulletKind | None"]
"""What a list style says about bullets at a level, by (style, level): layouts and masters are asked once."""


def bullet_marker(p_pr: etree._Element | None) -> BulletKind | None:
    """Return what a paragraph-properties element says about bullets, or None when it says nothing.

    ``a:buNone`` wins over ``a:buAutoNum``, which wins over ``a:buChar``/``a:buBlip``, wherever they stand."""
    if p_pr is None:
        return None
    tags = {child.tag for child in p_pr.iterchildren(*_BULLET_TAGS)}
    if not tags:
        return None
    if _BU_NONE in tags:
        return "none"
    return "number" if _BU_AUTO_NUM in tags else "bullet"


def inherited_bullet(styles: Styles, level: int, cache: BulletCache | None = None) -> BulletKind | None:
    """Return the bullet the nearest list style sets for a 0-based ``level`` (its ``a:lvlNpPr``, then
    ``a:defPPr``), or None when no style in ``styles`` decides. ``cache`` keeps each style's answer."""
    for style in styles:
        if cache is None:
            found = _style_bullet(style, level)
        elif (style, level) in cache:
            found = cache[(style, level)]
        else:
            found = cache[(style, level)] = _style_bullet(style, level)
        if found is not None:
            return found
    return None


def _style_bullet(style: etree._Element, level: int) -> BulletKind | None:
    for tag in (_LEVEL_TAGS[level], _DEF_P_PR):
        found = bullet_marker(next(style.iterchildren(tag), None))
        if found is not None:
            return found
    return None


def inherited_font(styles: Styles, level: int) -> str | None:
    """Return the latin typeface the nearest list style gives runs at a 0-based ``level`` (its ``a:lvlNpPr``, then
    ``a:defPPr``, ``a:defRPr/a:latin``), or None when no style in ``styles`` names one. Theme fonts stay as
    their ``+mn-lt``/``+mj-lt`` references."""
    for style in styles:
        for tag in (_LEVEL_TAGS[min(max(level, 0), 8)], _DEF_P_PR):
            p_pr = next(style.iterchildren(tag), None)
            latin = p_pr.find(f"{_DEF_R_PR}/{_LATIN}") if p_pr is not None else None
            if latin is not None and latin.get("typeface"):
                return latin.get("typeface")
    return None


@dataclass(frozen=True)
class PlaceholderStyles:
    """The list styles of one layout's placeholders and of its master, looked up for slide placeholders."""

    layout_by_idx: dict[str, etree._Element] = field(default_factory=dict)
    layout_by_type: dict[str, etree._Element] = field(default_factory=dict)
    master_by_type: dict[str, etree._Element] = field(default_factory=dict)
    text_styles: dict[str, etree._Element] = field(default_factory=dict)
    inherited: dict[tuple[str | None, str | None], Styles] = field(default_factory=dict, compare=False, repr=False)
    """The inherited part of ``chain`` by the slide placeholder's (type, idx) attributes, worked out once."""

    @classmethod
    def read(cls, layout: etree._Element | None, master: etree._Element | None) -> PlaceholderStyles:
        """Return the styles of ``layout`` and ``master`` (either may be None for a damaged deck)."""
        by_idx, by_type = _placeholders(layout, with_idx=True)
        _, master_by_type = _placeholders(master, with_idx=False)
        return cls(by_idx, by_type, master_by_type, _text_styles(master))

    def chain(self, shape: etree._Element) -> Styles:
        """Return the list styles that apply to ``shape``'s paragraphs, nearest first.

        Its own ``a:lstStyle``; for a placeholder then the layout placeholder's (by idx, else by type), the
        master placeholder's (by type) and the master's ``p:txStyles`` entry for that type. Empty list styles
        (``<a:lstStyle/>``, on almost every shape) decide nothing and are left out.
        """
        own = _list_style(shape)
        ph = placeholder(shape)
        if ph is None:
            return own
        key = (ph.get("type"), ph.get("idx"))
        if key not in self.inherited:
            self.inherited[key] = self._inherited(ph)
        return own + self.inherited[key]

    def _inherited(self, ph: etree._Element) -> Styles:
        kind = ph.get("type", "obj")
        layout_shape = _first(self.layout_by_idx.get(ph.get("idx", "0")), self.layout_by_type.get(kind))
        if layout_shape is not None:
            layout_ph = placeholder(layout_shape)
            kind = layout_ph.get("type", "obj") if layout_ph is not None else kind
        base = MASTER_TYPES.get(kind, kind)
        master_shape = self.master_by_type.get(base)
        text_style = self.text_styles.get(base if base in TEXT_STYLES else "other")
        return _list_style(layout_shape) + _list_style(master_shape) + ((text_style,) if text_style is not None else ())


def _first(*elements: etree._Element | None) -> etree._Element | None:
    """Return the first element that is not None (an lxml element without children is falsy)."""
    return next((element for element in elements if element is not None), None)


def _placeholders(slide_like: etree._Element | None,
                  with_idx: bool) -> tuple[dict[str, etree._Element], dict[str, etree._Element]]:
    by_idx: dict[str, etree._Element] = {}
    by_type: dict[str, etree._Element] = {}
    tree = slide_like.find(f"{qn('p:cSld')}/{qn('p:spTree')}") if slide_like is not None else None
    for shape in tree.iter(qn("p:sp")) if tree is not None else ():
        ph = placeholder(shape)
        if ph is None:
            continue
        by_type.setdefault(ph.get("type", "obj"), shape)
        if with_idx:
            by_idx.setdefault(ph.get("idx", "0"), shape)
    return by_idx, by_type


def placeholder(shape: etree._Element) -> etree._Element | None:
    """Return a shape's ``p:ph`` element (``*/p:nvPr/p:ph``, the first in document order), or None when it is
    not a placeholder."""
    found = _PLACEHOLDER(shape)
    return found[0] if isinstance(found, list) and found and isinstance(found[0], etree._Element) else None


def _list_style(shape: etree._Element | None) -> Styles:
    """Return the shape's own list style (``p:txBody/a:lstStyle``) when it sets anything, else ()."""
    for body in shape.iterchildren(_TX_BODY) if shape is not None else ():
        for style in body.iterchildren(_LST_STYLE):
            return (style,) if len(style) else ()
    return ()


def _text_styles(master: etree._Element | None) -> dict[str, etree._Element]:
    tx_styles = master.find(qn("p:txStyles")) if master is not None else None
    if tx_styles is None:
        return {}
    found = {kind: tx_styles.find(qn(tag)) for kind, tag in (*TEXT_STYLES.items(), ("other", "p:otherStyle"))}
    return {kind: style for kind, style in found.items() if style is not None}


@dataclass(frozen=True)
class LayoutInfo:
    """What a slide takes from its layout: the layout's name, the slide's role, placeholder positions and
    the list styles of the layout's and master's placeholders."""

    name: str = ""
    role: UnitRole = "content"
    boxes: dict[tuple[str, str], Box] = field(default_factory=dict)
    styles: PlaceholderStyles = field(default_factory=PlaceholderStyles)
