"""PPTX shape trees to blocks in reading order (rows top to bottom, left to right; groups read as a unit)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from converter.errors import LimitExceededError, MissingDependencyError
from converter.model import Block

from .context import SlideContext, qn, to_int
from .graphics import CHARTEX_URI, Box, read_graphic_frame, read_picture
from .math import alternate_with_math
from .styles import PlaceholderStyles, placeholder
from .text import read_text_body

SHAPE_TAGS = tuple(qn(tag) for tag in ("p:sp", "p:grpSp", "p:graphicFrame", "p:cxnSp", "p:pic", "p:contentPart"))
IGNORED_TAGS = frozenset(qn(tag) for tag in ("p:nvGrpSpPr", "p:grpSpPr", "p:extLst", "p:cxnSp"))
"""Children of a shape tree that hold no content: the group's own properties and connector lines."""
TITLE_TYPES = frozenset({"title", "ctrTitle"})
FURNITURE_TYPES = frozenset({"dt", "ftr", "hdr", "sldNum", "sldImg"})
"""Placeholders that repeat on every slide or notes page (date, footer, header, number, slide image)."""
TYPE_ALIASES = {"obj": "body", "ctrTitle": "title", "subTitle": "body"}
"""The master placeholder a layout or slide placeholder type inherits from."""
Placed = tuple[etree._Element, Box | None]
NO_STYLES = PlaceholderStyles()
BULLETED_TYPES = frozenset({"body", "obj", "tbl", "chart", "clipArt", "dgm", "media", "pic"})


@dataclass(frozen=True)
class Transform:
    """Maps a group's child coordinates to slide coordinates (EMU): x' = x * sx + dx."""

    sx: float = 1.0
    sy: float = 1.0
    dx: float = 0.0
    dy: float = 0.0

    def box(self, x: int, y: int, cx: int, cy: int) -> Box:
        return (round(x * self.sx + self.dx), round(y * self.sy + self.dy), round(cx * self.sx), round(cy * self.sy))

    def into(self, group: etree._Element) -> Transform:
        """Return the transform for the children of ``group`` (its ``a:off``/``a:ext``/``a:chOff``/``a:chExt``)."""
        xfrm = group.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
        if xfrm is None:
            return self
        off, ext = _pair(xfrm, "a:off", "x", "y"), _pair(xfrm, "a:ext", "cx", "cy")
        ch_off, ch_ext = _pair(xfrm, "a:chOff", "x", "y"), _pair(xfrm, "a:chExt", "cx", "cy")
        gx = ext[0] / ch_ext[0] if ch_ext[0] else 1.0
        gy = ext[1] / ch_ext[1] if ch_ext[1] else 1.0
        local_dx, local_dy = off[0] - ch_off[0] * gx, off[1] - ch_off[1] * gy
        return Transform(self.sx * gx, self.sy * gy, self.sx * local_dx + self.dx, self.sy * local_dy + self.dy)


IDENTITY = Transform()
"""The transform of a slide's own shape tree: child coordinates are slide coordinates."""


def _pair(xfrm: etree._Element, tag: str, first: str, second: str) -> tuple[int, int]:
    element = xfrm.find(qn(tag))
    if element is None:
        return (0, 0)
    return (to_int(element.get(first)), to_int(element.get(second)))


def placeholder_type(shape: etree._Element) -> str | None:
    """Return the placeholder type ('obj' when a placeholder gives none), or None for an ordinary shape."""
    ph = placeholder(shape)
    return None if ph is None else ph.get("type", "obj")


def child_shapes(tree: etree._Element) -> list[etree._Element]:
    """Return the shapes directly in a shape tree or group, with ``mc:AlternateContent`` resolved."""
    shapes: list[etree._Element] = []
    for child in tree:
        if child.tag == qn("mc:AlternateContent"):
            shapes.extend(_alternate_shapes(child))
        elif isinstance(child.tag, str) and child.tag not in IGNORED_TAGS:
            shapes.append(child)
    return shapes


def _alternate_shapes(element: etree._Element) -> list[etree._Element]:
    """Return an ``mc:AlternateContent``'s shapes: ink (``p:contentPart``) as itself, Office 2016 charts and
    shapes holding equations (``a14:m``) from the Choice, else the Fallback (a picture or a notice)."""
    choice = element.find(qn("mc:Choice"))
    content_part = choice.find(qn("p:contentPart")) if choice is not None else None
    if content_part is not None:
        return [content_part]
    if choice is not None and any(data.get("uri") == CHARTEX_URI for data in choice.iter(qn("a:graphicData"))):
        return list(choice)
    return alternate_with_math(element)


def walk_shapes(tree: etree._Element) -> Iterator[etree._Element]:
    """Yield every shape of a tree in document order, group members after their group."""
    for shape in child_shapes(tree):
        yield shape
        if shape.tag == qn("p:grpSp"):
            yield from walk_shapes(shape)


def count_shapes(tree: etree._Element) -> int:
    """Return how many shapes a shape tree holds, groups counted with their members."""
    return sum(1 for _ in tree.iter(*SHAPE_TAGS))


def find_title(tree: etree._Element) -> etree._Element | None:
    """Return the first title or centred-title placeholder that has text, or None."""
    for shape in walk_shapes(tree):
        body = shape.find(qn("p:txBody"))
        if placeholder_type(shape) in TITLE_TYPES and body is not None and "".join(body.itertext()).strip():
            return shape
    return None


def read_shapes(tree: etree._Element, ctx: SlideContext, skip: etree._Element | None = None,
                transform: Transform = IDENTITY) -> list[Block]:
    """Return the blocks of a shape tree or group in reading order, leaving out ``skip`` (the title)."""
    placed = [(shape, shape_box(shape, ctx, transform)) for shape in child_shapes(tree) if shape is not skip]
    blocks: list[Block] = []
    for shape, box in reading_order(placed, ctx.deck.row_tolerance):
        blocks.extend(read_shape_safely(shape, ctx, box, skip, transform))
    return blocks


def reading_order(placed: list[Placed], tolerance: int) -> list[Placed]:
    """Return shapes row by row (tops within ``tolerance`` share a row), each row left to right."""
    rows: list[list[Placed]] = []
    for item in sorted(placed, key=lambda it: (_top(it), _left(it))):
        if rows and _top(item) - _top(rows[-1][0]) <= tolerance:
            rows[-1].append(item)
        else:
            rows.append([item])
    return [item for row in rows for item in sorted(row, key=_left)]


def _top(item: Placed) -> int:
    return item[1][1] if item[1] else 0


def _left(item: Placed) -> int:
    return item[1][0] if item[1] else 0


def shape_box(shape: etree._Element, ctx: SlideContext, transform: Transform) -> Box | None:
    """Return (left, top, width, height) in slide EMU; placeholders without their own take the layout's."""
    box = own_box(shape, transform)
    ph = placeholder(shape) if box is None else None
    if ph is None:
        return box
    boxes, kind = ctx.placeholder_boxes, ph.get("type", "obj")
    found = boxes.get(("idx", ph.get("idx", "0"))) or boxes.get(("type", kind))
    return found or boxes.get(("type", TYPE_ALIASES.get(kind, kind)))


def own_box(shape: etree._Element, transform: Transform = IDENTITY) -> Box | None:
    """Return the box a shape's own ``a:xfrm`` gives, or None when it has none (it inherits one)."""
    xfrm = _xfrm(shape)
    if xfrm is None or xfrm.find(qn("a:off")) is None:
        return None
    off, ext = _pair(xfrm, "a:off", "x", "y"), _pair(xfrm, "a:ext", "cx", "cy")
    return transform.box(*off, *ext)


def _xfrm(shape: etree._Element) -> etree._Element | None:
    if shape.tag == qn("p:graphicFrame"):
        return shape.find(qn("p:xfrm"))
    if shape.tag == qn("p:grpSp"):
        return shape.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
    return shape.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")


def read_shape_safely(shape: etree._Element, ctx: SlideContext, box: Box | None, skip: etree._Element | None,
                      transform: Transform) -> list[Block]:
    """Return a shape's blocks; a shape that cannot be read becomes a warning, never a crash."""
    try:
        return read_shape(shape, ctx, box, skip, transform)
    except (LimitExceededError, MissingDependencyError):
        raise
    except Exception as error:  # noqa: BLE001 - one damaged shape (or chart part) must not sink the deck
        ctx.warn("pptx.unsupported-shape", f"a shape could not be read ({type(error).__name__}); left out", shape,
                 instead="left out")
        return []


def read_shape(shape: etree._Element, ctx: SlideContext, box: Box | None, skip: etree._Element | None,
               transform: Transform) -> list[Block]:
    """Dispatch on the shape's element: text shape, group, picture, graphic frame; others warn."""
    tag = shape.tag
    if tag == qn("p:sp"):
        return read_text_shape(shape, ctx)
    if tag == qn("p:grpSp"):
        return read_shapes(shape, ctx, skip, transform.into(shape))
    if tag == qn("p:pic"):
        return read_picture(shape, ctx, box)
    if tag == qn("p:graphicFrame"):
        return read_graphic_frame(shape, ctx)
    if tag in IGNORED_TAGS:
        return []
    kind = "an ink drawing" if tag == qn("p:contentPart") else f"a shape of kind {etree.QName(shape).localname!r}"
    ctx.warn("pptx.unsupported-shape", f"{kind} was left out", shape, instead="left out")
    return []


def read_text_shape(shape: etree._Element, ctx: SlideContext) -> list[Block]:
    """Return a text shape's blocks; footer, date and slide-number placeholders are left out on purpose
    (their text goes to the unit's attrs). Bullets follow the slide, layout and master list styles."""
    body = shape.find(qn("p:txBody"))
    kind = placeholder_type(shape)
    if body is None or kind in FURNITURE_TYPES:
        return []
    styles = (ctx.styles or NO_STYLES).chain(shape)
    return read_text_body(body, ctx, shape, bulleted=kind in BULLETED_TYPES, styles=styles)
