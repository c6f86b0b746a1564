"""PPTX SmartArt to a nested ``ListBlock``: the diagram's data model as an outline in reading order."""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from converter.model import Block, ListBlock, ListItem

from ._ooxml import parse_xml
from .pptx_context import SlideContext, qn, to_int
from .pptx_text import read_spans

TEXT_POINTS = frozenset({"node", "asst"})
"""Data points that carry the diagram's own text (transitions and presentation points do not)."""
MAX_LEVEL = 8


def read_smartart(data: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[Block]:
    """Return a SmartArt frame's text as a nested list with an info message; a missing data part warns.

    The outline comes from the data part (``dgm:dataModel``); when it holds no text (some writers only fill
    the drawing), the text of the drawing part's shapes is kept instead, as a flat list.
    """
    rel_ids = data.find(qn("dgm:relIds"))
    part = ctx.related_part(rel_ids.get(qn("r:dm")) if rel_ids is not None else None)
    if part is None or not part.blob:
        ctx.warn("pptx.smartart-missing", "a SmartArt diagram's data part is missing; it was left out", frame)
        return []
    root = parse_xml(part.blob, str(part.partname), ctx.deck.file)
    items = read_outline_items(root, replace(ctx, part=part), frame) or read_drawing_items(root, ctx, frame)
    if not items:
        return []
    ctx.info("pptx.smartart-flattened", "SmartArt kept as a nested list", frame)
    return [ListBlock(items=tuple(items), where=ctx.where(frame))]


def read_outline_items(root: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[ListItem]:
    """Return the text points of a ``dgm:dataModel`` as list items in outline order, one per paragraph."""
    items = []
    for point, level in smartart_outline(root):
        body = point.find(qn("dgm:t"))
        lines = (read_spans(p, ctx, frame) for p in body.findall(qn("a:p"))) if body is not None else ()
        items.extend(ListItem(spans=spans, level=level) for spans in lines if spans)
    return items


def smartart_outline(root: etree._Element) -> list[tuple[etree._Element, int]]:
    """Return the text-bearing points (``node``, ``asst``) in outline order with their list level.

    The walk starts at the ``doc`` point and follows ``parOf`` connections, children by ``srcOrd``. A point's
    level counts its ancestors that have text, so a child of an empty shape is not indented under nothing.
    Points no connection reaches follow at level 0, so a damaged diagram loses no text.
    """
    points = {point.get("modelId", ""): point for point in root.iter(qn("dgm:pt"))}
    children = _children(root)
    order: list[tuple[etree._Element, int]] = []
    seen: set[str] = set()
    stack = [(model_id, 0) for model_id, point in reversed(points.items()) if point.get("type") == "doc"]
    while stack:
        model_id, level = stack.pop()
        point = points.get(model_id)
        if point is None or model_id in seen:
            continue
        seen.add(model_id)
        shown = _is_text_point(point) and _has_text(point)
        if shown:
            order.append((point, min(level, MAX_LEVEL)))
        child_level = level + 1 if shown else level
        stack.extend((child, child_level) for _, child in sorted(children.get(model_id, []), reverse=True))
    order.extend((point, 0) for model_id, point in points.items() if model_id not in seen and _is_text_point(point))
    return order


def _children(root: etree._Element) -> dict[str, list[tuple[int, str]]]:
    children: dict[str, list[tuple[int, str]]] = {}
    for cxn in root.iter(qn("dgm:cxn")):
        if cxn.get("type", "parOf") == "parOf":
            children.setdefault(cxn.get("srcId", ""), []).append((to_int(cxn.get("srcOrd")), cxn.get("destId", "")))
    return children


def _is_text_point(point: etree._Element) -> bool:
    return point.get("type", "node") in TEXT_POINTS


def _has_text(point: etree._Element) -> bool:
    body = point.find(qn("dgm:t"))
    return body is not None and any((t.text or "").strip() for t in body.iter(qn("a:t")))


def read_drawing_items(root: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[ListItem]:
    """Return the text of the diagram's drawing part (named by the data part's ``dsp:dataModelExt``) as a
    flat list, shape by shape; [] when there is no such part."""
    extension = next(root.iter(qn("dsp:dataModelExt")), None)
    part = ctx.related_part(extension.get("relId") if extension is not None else None)
    if part is None or not part.blob:
        return []
    drawing = parse_xml(part.blob, str(part.partname), ctx.deck.file)
    drawing_ctx = replace(ctx, part=part)
    items = []
    for body in drawing.iter(qn("dsp:txBody")):
        lines = (read_spans(p, drawing_ctx, frame) for p in body.findall(qn("a:p")))
        items.extend(ListItem(spans=spans, level=0) for spans in lines if spans)
    return items
