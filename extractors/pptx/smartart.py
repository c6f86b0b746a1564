"""PPTX SmartArt frames to a nested ``ListBlock``: finds the diagram's parts and reports; ``_smartart`` reads them."""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from converter.model import Block, ListBlock, ListItem

from .._office.smartart import drawing_items, drawing_rel_id, outline_items
from .context import SlideContext, qn
from .text import read_spans


def read_smartart(data: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[Block]:
    """Return a SmartArt frame's text as a nested list with an info message; a missing data part warns.

    The outline comes from the data part (``dgm:dataModel``); when it holds no text (some writers only fill
    the drawing), the text of the drawing part's shapes is kept instead, as a flat list. Links in the text
    resolve against the part that holds it.
    """
    rel_ids = data.find(qn("dgm:relIds"))
    part = ctx.related_part(rel_ids.get(qn("r:dm")) if rel_ids is not None else None)
    if part is None or not part.blob:
        ctx.warn("pptx.smartart-missing", "a SmartArt diagram's data part is missing; it was left out", frame,
                 instead="left out")
        return []
    root = ctx.part_xml(part)
    data_ctx = replace(ctx, part=part)
    items = outline_items(root, lambda p: read_spans(p, data_ctx, frame)) or read_drawing_items(root, ctx, frame)
    if not items:
        return []
    ctx.info("pptx.smartart-flattened", "SmartArt kept as a nested list", frame, instead="text only")
    return [ListBlock(items=tuple(items), where=ctx.where(frame))]


def read_drawing_items(root: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[ListItem]:
    """Return the text of the diagram's drawing part (named by the data part ``root``) as a flat list; [] when
    there is no such part."""
    part = ctx.related_part(drawing_rel_id(root))
    if part is None or not part.blob:
        return []
    drawing = ctx.part_xml(part)
    drawing_ctx = replace(ctx, part=part)
    return drawing_items(drawing, lambda p: read_spans(p, drawing_ctx, frame))
