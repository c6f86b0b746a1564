"""DOCX charts kept as data (``Chart`` blocks) and SmartArt as lists: finds the parts and reports; the shared
``_chart`` and ``_smartart`` readers read them."""

from __future__ import annotations

from lxml import etree

from converter.errors import CorruptInputError
from converter.model import Block, ListBlock

from .._office.chart import read_chart_part
from .._office.smartart import outline_text_items
from .._office.xml import NS as DRAWINGML_NS
from .context import DocContext
from .package import parse_part
from .wordml import qn

C_NS, CX_NS, DGM_NS = DRAWINGML_NS["c"], DRAWINGML_NS["cx"], DRAWINGML_NS["dgm"]


def read_chart_ref(element: etree._Element, ctx: DocContext, name: str | None) -> Block | None:
    """Return the chart a ``c:chart``/``cx:chart`` ``r:id`` points to as a ``Chart`` block, or None (warned).

    The chart part is the same DrawingML in Word and PowerPoint, so its reading is shared (``_chart``).
    """
    root = _related_root(element.get(qn("r:id")), ctx)
    chart = read_chart_part(root) if root is not None else None
    if chart is None:
        ctx.warn("docx.chart-missing", "a chart's data could not be found or read; it is left out", name,
                 instead="left out")
        return None
    ctx.info("docx.chart-as-table", f"a {chart.chart_type} chart was kept as a data table", name, instead="data table")
    return chart.model_copy(update={"where": ctx.where(name)})


def _related_root(r_id: str | None, ctx: DocContext) -> etree._Element | None:
    rel = ctx.relationship(r_id)
    name = ctx.package.find(rel.target) if rel is not None and rel.target and not rel.external else None
    if name is None:
        return None
    try:
        return parse_part(ctx.package, name)
    except CorruptInputError:
        return None


def read_smartart(rel_ids: etree._Element, ctx: DocContext, name: str | None) -> Block | None:
    """Return a SmartArt diagram's text as a nested list: its data part's outline, a plain-text item per point."""
    root = _related_root(rel_ids.get(qn("r:dm")), ctx)
    if root is None:
        ctx.warn("docx.smartart-missing", "a SmartArt diagram's data part is missing; it is left out", name,
                 instead="left out")
        return None
    items = outline_text_items(root)
    ctx.info("docx.smartart-as-list", "a SmartArt diagram was kept as a list of its texts", name, instead="text only")
    return ListBlock(items=tuple(items), where=ctx.where(name)) if items else None
