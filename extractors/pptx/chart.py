"""PPTX chart frames to ``Chart`` blocks: finds the frame's chart part and reports; ``_chart`` reads the part."""

from __future__ import annotations

from lxml import etree

from converter.model import Block

from .._office.chart import read_chart_part
from .context import SlideContext, qn


def read_chart(data: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[Block]:
    """Return a chart frame's ``Chart`` block with an info message; a missing chart part warns instead."""
    chart_ref = next((el for el in data if el.get(qn("r:id"))), None)
    part = ctx.related_part(chart_ref.get(qn("r:id")) if chart_ref is not None else None)
    if part is None or not part.blob:
        ctx.warn("pptx.chart-missing", "a chart's data part is missing from the file; it was left out", frame,
                 instead="left out")
        return []
    root = ctx.part_xml(part)
    chart = read_chart_part(root)
    if chart is None:
        ctx.warn("pptx.chart-empty", "a chart holds no data or title that could be read; it was left out", frame,
                 instead="left out")
        return []
    ctx.info("pptx.chart-as-table", f"a {chart.chart_type} chart was kept as a data table", frame, instead="data table")
    return [chart.model_copy(update={"where": ctx.where(frame)})]
