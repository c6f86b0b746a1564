"""PPTX Office 2016 charts (chartex: waterfall, funnel, treemap, histogram...) to ``Chart`` blocks."""

from __future__ import annotations

import math

from lxml import etree

from converter.model import Chart, ChartSeries

from .pptx_context import NS, qn, to_int

CX = NS["cx"]
MAX_POINTS = 100_000


def read_chartex(root: etree._Element) -> Chart | None:
    """Return the chart a ``cx:chartSpace`` describes, or None when it has neither series nor a title.

    The type is the first series' ``layoutId`` (e.g. 'waterfall'); categories come from the first data set's
    category dimension (levels joined outermost first), each series' values from its value dimension.
    """
    data_sets = {item.get("id", ""): item for item in root.iter(f"{{{CX}}}data")}
    series = list(root.iter(f"{{{CX}}}series"))
    columns, categories = [], ()
    for position, ser in enumerate(series):
        data = data_sets.get(_data_id(ser))
        if data is None:
            continue
        categories = categories or _categories(data)
        name = _text(ser.find(f"{{{CX}}}tx")) or f"Series {position + 1}"
        columns.append(ChartSeries(name=name, values=_values(data)))
    chart = root.find(f"{{{CX}}}chart")
    title = _text(chart.find(f"{{{CX}}}title")) if chart is not None else ""
    if not columns and not title:
        return None
    chart_type = (series[0].get("layoutId") if series else None) or "unknown"
    return Chart(chart_type=chart_type, title=title or None, categories=categories, series=tuple(columns))


def _data_id(series: etree._Element) -> str:
    data_id = series.find(f"{{{CX}}}dataId")
    return data_id.get("val", "") if data_id is not None else ""


def _text(element: etree._Element | None) -> str:
    """Return the text of a chartex title or series name: rich text runs, else the cached ``cx:v``."""
    if element is None:
        return ""
    lines = ["".join(t.text or "" for t in p.iter(qn("a:t"))) for p in element.iter(qn("a:p"))]
    lines = lines or [v.text or "" for v in element.iter(f"{{{CX}}}v")]
    return " ".join(line.strip() for line in lines if line.strip())


def _levels(dimension: etree._Element) -> list[list[str | None]]:
    levels = []
    for level in dimension.findall(f"{{{CX}}}lvl"):
        points = {to_int(pt.get("idx"), -1): pt.text for pt in level.findall(f"{{{CX}}}pt")}
        count = min(max(to_int(level.get("ptCount"), 0), max(points, default=-1) + 1), MAX_POINTS)
        levels.append([points.get(index) for index in range(count)])
    return levels


def _categories(data: etree._Element) -> tuple[str, ...]:
    dimension = next((d for d in data.findall(f"{{{CX}}}strDim") if d.get("type") == "cat"), None)
    levels = _levels(dimension) if dimension is not None else []
    if not levels:
        return ()
    labels = []
    for index, leaf in enumerate(levels[0]):
        outer = [level[index] if index < len(level) else None for level in reversed(levels[1:])]
        labels.append(" / ".join(part.strip() for part in [*outer, leaf] if part and part.strip()))
    return tuple(labels)


def _values(data: etree._Element) -> tuple[float | None, ...]:
    dimension = next((d for d in data.findall(f"{{{CX}}}numDim") if d.get("type") in ("val", "size")), None)
    levels = _levels(dimension) if dimension is not None else []
    return tuple(_number(value) for value in levels[0]) if levels else ()


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None
