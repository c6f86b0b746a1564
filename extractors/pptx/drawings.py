"""Drawn shapes that text extraction cannot carry: connectors, lines, arrows and text-less shapes on a slide.

The slide reader keeps text, pictures, tables, charts and SmartArt. A diagram drawn with connectors and
empty boxes, an arrow pointing at a bullet or an ellipse circling a number carries meaning that no text
holds; ``find_drawings`` counts such shapes so the slide can get a picture beside its text.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from converter.model import Location

from .._office.xml import qn

MIN_DRAWINGS = 3
"""A slide with this many drawn shapes (or any connector joining two text shapes) needs a picture."""
_SP, _CXN, _GRP, _ALT = qn("p:sp"), qn("p:cxnSp"), qn("p:grpSp"), qn("mc:AlternateContent")
_FILLS = tuple(qn(f"a:{tag}") for tag in ("solidFill", "gradFill", "blipFill", "pattFill", "grpFill"))
_NO_FILL = qn("a:noFill")
_PLURALS = {"connector": "connectors", "line": "lines", "arrow": "arrows", "ellipse": "ellipses",
            "freeform": "freeforms", "shape without text": "shapes without text"}


@dataclass(frozen=True)
class Drawing:
    """One drawn shape: its kind (connector, line, arrow, ellipse, freeform, shape without text) and name."""

    kind: str
    name: str


@dataclass(frozen=True)
class SlideDrawings:
    """The drawn shapes of one slide, and whether a connector joins two shapes that hold text."""

    drawings: tuple[Drawing, ...] = ()
    joins_text: bool = False

    @property
    def needs_picture(self) -> bool:
        """Return True when the drawings carry meaning the slide's text cannot: ``MIN_DRAWINGS`` or more of
        them, or a connector between text shapes (a flow or a relation)."""
        return len(self.drawings) >= MIN_DRAWINGS or self.joins_text

    def summary(self, names: int = 4) -> str:
        """Return what was drawn, e.g. ``3 connectors, 2 shapes without text: 'Arrow 4', 'Oval 5', ...``."""
        counts = Counter(drawing.kind for drawing in self.drawings)
        parts = [f"{n} {kind if n == 1 else _PLURALS.get(kind, kind)}" for kind, n in sorted(counts.items())]
        shown = [repr(drawing.name) for drawing in self.drawings[:names]]
        more = ", ..." if len(self.drawings) > names else ""
        return f"{', '.join(parts)}: {', '.join(shown)}{more}"


def find_drawings(tree: etree._Element) -> SlideDrawings:
    """Return the drawn shapes of a slide's shape tree (groups included, hidden shapes left out)."""
    shapes = list(_walk(tree))
    texts = {_id(shape) for shape in shapes if shape.tag == _SP and _has_text(shape)}
    drawings: list[Drawing] = []
    joins_text = False
    for shape in shapes:
        kind = drawing_kind(shape)
        if kind is None:
            continue
        drawings.append(Drawing(kind, _name(shape)))
        joins_text = joins_text or (shape.tag == _CXN and _joins(shape, texts))
    return SlideDrawings(tuple(drawings), joins_text)


def drawing_kind(shape: etree._Element) -> str | None:
    """Return the kind of a drawn shape no text carries, or None (text shapes, invisible shapes, others)."""
    if _hidden(shape):
        return None
    if shape.tag == _CXN:
        return "connector" if _visible(shape, line_default=True) else None
    if shape.tag != _SP or _has_text(shape) or shape.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}") is not None:
        return None
    sp_pr = shape.find(qn("p:spPr"))
    if sp_pr is None or not _visible(shape, line_default=False):
        return None
    if sp_pr.find(qn("a:custGeom")) is not None:
        return "freeform"
    geometry = sp_pr.find(qn("a:prstGeom"))
    return _preset_kind(geometry.get("prst", "") if geometry is not None else "")


def _preset_kind(preset: str) -> str | None:
    """Return the kind a preset geometry draws; None when the shape has no geometry."""
    lowered = preset.lower()
    if not preset:
        return None
    if lowered == "line" or "connector" in lowered:
        return "line"
    if "arrow" in lowered or lowered in ("chevron", "homeplate"):
        return "arrow"
    return "ellipse" if lowered in ("ellipse", "arc", "donut") else "shape without text"


def _walk(tree: etree._Element) -> Iterator[etree._Element]:
    """Yield the shapes and connectors of a tree, group members included (``mc:Fallback`` of alternates)."""
    for child in tree:
        if child.tag in (_SP, _CXN):
            yield child
        elif child.tag == _GRP and not _hidden(child):
            yield from _walk(child)
        elif child.tag == _ALT:
            fallback = child.find(qn("mc:Fallback"))
            yield from _walk(fallback) if fallback is not None else ()


def _visible(shape: etree._Element, line_default: bool) -> bool:
    """Return True when a shape paints something: a fill or line of its own that is not ``a:noFill``, else
    its theme style's fill or line (``p:style``), else ``line_default`` (connectors draw a line by default)."""
    sp_pr = shape.find(qn("p:spPr"))
    fill = next((child for child in sp_pr if child.tag in (*_FILLS, _NO_FILL)), None) if sp_pr is not None else None
    line = sp_pr.find(qn("a:ln")) if sp_pr is not None else None
    line_fill = next((child for child in line if child.tag in (*_FILLS, _NO_FILL)), None) if line is not None else None
    style = shape.find(qn("p:style"))
    fills = fill.tag != _NO_FILL if fill is not None else _style_ref(style, "a:fillRef")
    lines = line_fill.tag != _NO_FILL if line_fill is not None else _style_ref(style, "a:lnRef") or (
        line_default and style is None)
    return fills or lines


def _style_ref(style: etree._Element | None, tag: str) -> bool:
    ref = style.find(qn(tag)) if style is not None else None
    return ref is not None and ref.get("idx", "0") not in ("0", "")


def _has_text(shape: etree._Element) -> bool:
    body = shape.find(qn("p:txBody"))
    return body is not None and bool("".join(body.itertext()).strip())


def _hidden(shape: etree._Element) -> bool:
    c_nv_pr = next(shape.iter(qn("p:cNvPr")), None)
    return c_nv_pr is not None and c_nv_pr.get("hidden") in ("1", "true")


def _id(shape: etree._Element) -> str:
    c_nv_pr = next(shape.iter(qn("p:cNvPr")), None)
    return c_nv_pr.get("id", "") if c_nv_pr is not None else ""


def _name(shape: etree._Element) -> str:
    c_nv_pr = next(shape.iter(qn("p:cNvPr")), None)
    return ((c_nv_pr.get("name") if c_nv_pr is not None else "") or "unnamed").strip()


def _joins(connector: etree._Element, texts: set[str]) -> bool:
    """Return True when both ends of a connector are glued to shapes that hold text."""
    props = connector.find(f"{qn('p:nvCxnSpPr')}/{qn('p:cNvCxnSpPr')}")
    if props is None:
        return False
    ends = [props.find(qn(tag)) for tag in ("a:stCxn", "a:endCxn")]
    return all(end is not None and end.get("id", "") in texts for end in ends)


METAFILES = frozenset({"emf", "wmf"})
"""Windows metafile pictures: no browser shows them, so LibreOffice makes them PNG."""


@dataclass
class Preview:
    """A WMF/EMF picture waiting for conversion to PNG (an OLE equation's preview, or a picture drawn as a
    metafile), and where it is used."""

    data: bytes
    extension: str
    equation: bool
    places: list[Location] = field(default_factory=list)


@dataclass
class Previews:
    """The deck's metafile pictures by the sha256 of their bytes (the placeholder asset of their ``Image``)."""

    found: dict[str, Preview] = field(default_factory=dict)

    def add(self, data: bytes, extension: str, where: Location, equation: bool = True) -> str:
        """Return the placeholder asset id of a metafile, stored once however often it is used."""
        key = hashlib.sha256(data).hexdigest()
        self.found.setdefault(key, Preview(data, extension, equation)).places.append(where)
        return key
