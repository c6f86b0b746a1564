"""SmartArt text as list items: a diagram's data model (``dgm:dataModel``) as an outline in reading order.

Word and PowerPoint store SmartArt alike. Each format finds the data part and reports what it kept; the
items are built here, paragraphs read by the format's own DrawingML text reader (``SpansOf``) where it has one.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from converter.model import ListItem, Span

from .xml import qn, to_int

TEXT_POINTS = frozenset({"node", "asst"})
"""Data points that carry the diagram's own text (transitions and presentation points do not)."""
MAX_LEVEL = 8
SpansOf = Callable[[etree._Element], tuple[Span, ...]]
"""Reads one DrawingML paragraph (``a:p``) to spans; () when it is blank."""


def outline_items(root: etree._Element, spans_of: SpansOf) -> list[ListItem]:
    """Return the text points of a ``dgm:dataModel`` as list items in outline order, one per paragraph."""
    items: list[ListItem] = []
    for point, level in smartart_outline(root):
        body = point.find(qn("dgm:t"))
        lines = (spans_of(p) for p in body.findall(qn("a:p"))) if body is not None else ()
        items.extend(ListItem(spans=spans, level=level) for spans in lines if spans)
    return items


def outline_text_items(root: etree._Element) -> list[ListItem]:
    """Return the text points of a ``dgm:dataModel`` in outline order, one plain-text item per point (its
    paragraphs joined, runs of white space made one space)."""
    items = []
    for point, level in smartart_outline(root):
        text = " ".join("".join(t.text or "" for t in point.iter(qn("a:t"))).split())
        if text:
            items.append(ListItem(spans=(Span(text=text),), level=level))
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


def drawing_rel_id(root: etree._Element) -> str | None:
    """Return the relationship id (of the part holding the diagram) of its drawing part, which the data
    part names in ``dsp:dataModelExt``; None when it names none."""
    extension = next(root.iter(qn("dsp:dataModelExt")), None)
    return extension.get("relId") if extension is not None else None


def drawing_items(drawing: etree._Element, spans_of: SpansOf) -> list[ListItem]:
    """Return the text of a diagram's drawing part as a flat list, shape by shape, one item per paragraph."""
    items: list[ListItem] = []
    for body in drawing.iter(qn("dsp:txBody")):
        lines = (spans_of(p) for p in body.findall(qn("a:p")))
        items.extend(ListItem(spans=spans, level=0) for spans in lines if spans)
    return items
