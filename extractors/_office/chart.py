"""DrawingML charts to ``Chart`` blocks (kept as data tables): type, title, categories and series of a chart part.

Word and PowerPoint store charts alike: a ``c:chartSpace`` part, or for the Office 2016 kinds (waterfall,
funnel, treemap, histogram...) a chartex ``cx:chartSpace`` part. Each format finds the part and reports what it
kept; reading it is done here, from the element tree alone.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from lxml import etree

from converter.model import Chart, ChartSeries

from .xml import NS, is_true, qn, to_int

C = NS["c"]
CX = NS["cx"]
PLOT_TYPES = {
    "barChart": "bar", "bar3DChart": "bar", "lineChart": "line", "line3DChart": "line", "pieChart": "pie",
    "pie3DChart": "pie", "ofPieChart": "pie", "doughnutChart": "doughnut", "areaChart": "area",
    "area3DChart": "area", "scatterChart": "scatter", "radarChart": "radar", "bubbleChart": "bubble",
    "stockChart": "stock", "surfaceChart": "surface", "surface3DChart": "surface",
}
"""Plot elements of ``c:plotArea`` and the base chart type each one names."""
GROUPING_PREFIX = {"stacked": "stacked-", "percentStacked": "percent-stacked-"}
AXIS_ATTRS = {"b": "x_axis_title", "t": "x_axis_title", "l": "y_axis_title", "r": "y_axis_title"}
XY_TYPES = frozenset({"scatter", "bubble"})
MAX_POINTS = 100_000
"""Points read per data source at most: a damaged ``idx`` or ``ptCount`` cannot make a huge table."""
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
"""Quoted text, bracketed sections ([Red], [$-409]) and escaped characters of a number format."""
_EXCEL_EPOCH, _MAC_EPOCH = date(1899, 12, 30), date(1904, 1, 1)


def read_chart_part(root: etree._Element) -> Chart | None:
    """Return the chart a chart part's root describes (``c:chartSpace`` or chartex ``cx:chartSpace``), or None
    when it has neither series nor a title."""
    return read_chartex(root) if root.tag == qn("cx:chartSpace") else read_chart_space(root)


def read_chart_space(root: etree._Element) -> Chart | None:
    """Return the chart a ``c:chartSpace`` describes, or None when it has neither series nor a title.

    The numbers are the caches Word or PowerPoint saved in the chart part; the embedded workbook is never
    opened. The type comes from the plot elements (python-pptx's chart API raises ValueError on kinds it does
    not know).
    """
    chart = root.find(f"{{{C}}}chart")
    plot_area = chart.find(f"{{{C}}}plotArea") if chart is not None else None
    if chart is None or plot_area is None:
        return None
    plots = [el for el in plot_area if isinstance(el.tag, str) and etree.QName(el).localname in PLOT_TYPES]
    chart_type = read_chart_type(plots)
    series = [ser for plot in plots for ser in plot.findall(f"{{{C}}}ser")]
    series.sort(key=lambda ser: to_int(_val(ser.find(f"{{{C}}}order")), 0))
    epoch = _MAC_EPOCH if is_true(_val(root.find(f"{{{C}}}date1904"))) else _EXCEL_EPOCH
    if chart_type in XY_TYPES:
        categories, columns = read_xy_series(series, chart_type == "bubble")
    else:
        categories, columns = read_categories(series, epoch), tuple(read_series(ser, n) for n, ser in enumerate(series))
    title = read_title(chart, columns)
    if not columns and not title:
        return None
    return Chart(chart_type=chart_type, title=title, categories=categories, series=columns,
                 attrs=read_axis_titles(plot_area))


def read_chart_type(plots: list[etree._Element]) -> str:
    """Return e.g. 'column', 'stacked-bar', 'line', 'pie'; 'combo' when plots of different types share a chart."""
    names = []
    for plot in plots:
        base = PLOT_TYPES[etree.QName(plot).localname]
        if base == "bar" and _val(plot.find(f"{{{C}}}barDir")) != "bar":
            base = "column"
        if base in ("bar", "column", "line", "area"):
            base = GROUPING_PREFIX.get(_val(plot.find(f"{{{C}}}grouping")) or "", "") + base
        names.append(base)
    if not names:
        return "unknown"
    return names[0] if len(set(names)) == 1 else "combo"


def read_title(chart: etree._Element, series: tuple[ChartSeries, ...]) -> str | None:
    """Return the chart title: its rich text or cached reference, or the single series' name when the title is
    automatic (``c:title`` without text) and not deleted; None when the chart shows no title."""
    title = chart.find(f"{{{C}}}title")
    if title is None:
        return None
    text = read_text(title.find(f"{{{C}}}tx"))
    if text:
        return text
    auto_deleted = is_true(_val(chart.find(f"{{{C}}}autoTitleDeleted")))
    return series[0].name if len(series) == 1 and not auto_deleted else None


def read_text(tx: etree._Element | None) -> str:
    """Return the text of a ``c:tx``: rich text paragraphs joined by spaces, or a string reference's cache."""
    if tx is None:
        return ""
    rich = tx.find(f"{{{C}}}rich")
    if rich is not None:
        lines = ("".join(t.text or "" for t in p.iter(qn("a:t"))) for p in rich.iter(qn("a:p")))
        return " ".join(line.strip() for line in lines if line.strip())
    values = [v.text or "" for v in tx.iter(f"{{{C}}}v")]
    return " ".join(value.strip() for value in values if value.strip())


def read_axis_titles(plot_area: etree._Element) -> dict[str, str]:
    """Return the axis titles by position: ``x_axis_title`` (bottom or top), ``y_axis_title`` (left or right)."""
    found: dict[str, str] = {}
    for axis in plot_area:
        title = axis.find(f"{{{C}}}title") if isinstance(axis.tag, str) else None
        text = read_text(title.find(f"{{{C}}}tx")) if title is not None else ""
        name = AXIS_ATTRS.get(_val(axis.find(f"{{{C}}}axPos")) or "")
        if text and name:
            found[name] = f"{found[name]}; {text}" if name in found else text
    return found


def read_series(ser: etree._Element, position: int, tag: str = "val") -> ChartSeries:
    """Return one series: its name (``Series n`` when it has none) and its cached values, gaps as None."""
    name = read_text(ser.find(f"{{{C}}}tx")) or f"Series {position + 1}"
    return ChartSeries(name=name, values=tuple(_number(v) for v in read_points(ser.find(f"{{{C}}}{tag}"))))


def read_categories(series: list[etree._Element], epoch: date) -> tuple[str, ...]:
    """Return the category labels of the first series that has them (multi-level labels joined with ' / ')."""
    for ser in series:
        cat = ser.find(f"{{{C}}}cat")
        if cat is None:
            continue
        multi = next(cat.iter(f"{{{C}}}multiLvlStrCache"), None)
        if multi is not None:
            return _multi_level(multi)
        date_format = _is_date_format(next((f.text or "" for f in cat.iter(f"{{{C}}}formatCode")), ""))
        return tuple(_label(value, date_format, epoch) for value in read_points(cat))
    return ()


def read_xy_series(series: list[etree._Element], bubble: bool) -> tuple[tuple[str, ...], tuple[ChartSeries, ...]]:
    """Return scatter or bubble data as a table: the x values of all series (first-seen order; an x repeated
    within a series gets a row per repeat) as categories, each series' y values against them, gaps None.
    Bubble sizes follow their series as a series of their own."""
    rows: dict[tuple[float | str, int], int] = {}
    pairs = []
    for position, ser in enumerate(series):
        y = read_series(ser, position, "yVal")
        keys = _x_keys([_number(v) for v in read_points(ser.find(f"{{{C}}}xVal"))], len(y.values))
        rows.update((key, len(rows)) for key in keys if key not in rows)
        pairs.append((keys, y))
        if bubble:
            sizes = read_series(ser, position, "bubbleSize").values
            pairs.append((keys, ChartSeries(name=f"{y.name} (bubble size)", values=sizes)))
    columns = tuple(ChartSeries(name=s.name, values=_aligned(keys, s.values, rows)) for keys, s in pairs)
    return tuple(_format_number(x) if isinstance(x, float) else x for x, _ in rows), columns


def _x_keys(xs: list[float | None], count: int) -> list[tuple[float | str, int]]:
    """Return a row key per point: (x, how many times this x came before); points without x are numbered."""
    xs = xs or [float(n + 1) for n in range(count)]
    seen: dict[float | str, int] = {}
    keys = []
    for n, x in enumerate(xs):
        value: float | str = x if x is not None else f"#{n + 1}"
        keys.append((value, seen.get(value, 0)))
        seen[value] = seen.get(value, 0) + 1
    return keys


def _aligned(keys: list[tuple[float | str, int]], values: tuple[float | None, ...],
             rows: dict[tuple[float | str, int], int]) -> tuple[float | None, ...]:
    aligned: list[float | None] = [None] * len(rows)
    for key, value in zip(keys, values, strict=False):
        aligned[rows[key]] = value
    return tuple(aligned)


def read_points(data: etree._Element | None) -> list[str | None]:
    """Return the cached points of a data source (``c:numRef``/``c:strRef`` cache or literal) by index;
    points the cache skips are None. An absent source gives []."""
    if data is None:
        return []
    cache = next((el for el in data.iter(f"{{{C}}}numCache", f"{{{C}}}strCache", f"{{{C}}}numLit",
                                         f"{{{C}}}strLit")), None)
    return _indexed(cache) if cache is not None else []


def _indexed(container: etree._Element, count: int = 0) -> list[str | None]:
    """Return the ``c:pt`` values of a cache by index, as many as its ``c:ptCount`` (or ``count``) says."""
    points = {to_int(pt.get("idx"), -1): _val_text(pt) for pt in container.findall(f"{{{C}}}pt")}
    points = {index: value for index, value in points.items() if 0 <= index < MAX_POINTS}
    count = max(to_int(_val(container.find(f"{{{C}}}ptCount")), count), max(points, default=-1) + 1)
    return [points.get(index) for index in range(min(count, MAX_POINTS))]


def _multi_level(cache: etree._Element) -> tuple[str, ...]:
    """Return multi-level category labels, outermost first: ``2024 / Q1``. The first ``c:lvl`` is the leaf
    level; outer levels hold a label only where a group starts, which covers the indexes up to the next."""
    levels = cache.findall(f"{{{C}}}lvl")
    if not levels:
        return ()
    leaves = _indexed(levels[0], to_int(_val(cache.find(f"{{{C}}}ptCount")), 0))
    outer = [_indexed(level) for level in reversed(levels[1:])]
    labels = []
    for index, leaf in enumerate(leaves):
        parts = [_group_label(level, index) for level in outer] + [leaf or ""]
        labels.append(" / ".join(part for part in parts if part))
    return tuple(labels)


def _group_label(points: list[str | None], index: int) -> str:
    for position in range(min(index, len(points) - 1), -1, -1):
        if points[position] is not None:
            return points[position] or ""
    return ""


def _label(value: str | None, date_format: bool, epoch: date) -> str:
    """Return a category label; a date-formatted serial number becomes an ISO date (``2024-01-31``)."""
    number = _number(value) if date_format else None
    if number is not None and number >= 0:
        try:
            return (epoch + timedelta(days=int(number))).isoformat()
        except OverflowError:
            pass
    return (value or "").strip()


def _is_date_format(code: str) -> bool:
    """Return True for a number format that shows dates (``m/d/yyyy``, ``mmm-yy``), not for '0.00' or 'General'."""
    plain = _FORMAT_NOISE.sub("", code.split(";")[0]).lower()
    return "general" not in plain and ("mmm" in plain or any(mark in plain for mark in "yd"))


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _format_number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.10g}"


def _val(element: etree._Element | None) -> str | None:
    return element.get("val") if element is not None else None


def _val_text(pt: etree._Element) -> str | None:
    v = pt.find(f"{{{C}}}v")
    return v.text if v is not None and v.text is not None else None


# ---------------------------------------------------------------------------------------------- chartex


def read_chartex(root: etree._Element) -> Chart | None:
    """Return the chart a ``cx:chartSpace`` describes, or None when it has neither series nor a title.

    The type is the first series' ``layoutId`` (e.g. 'waterfall'); categories come from the first data set's
    category dimension (levels joined outermost first), each series' values from its value dimension.
    """
    data_sets = {item.get("id", ""): item for item in root.iter(f"{{{CX}}}data")}
    series = list(root.iter(f"{{{CX}}}series"))
    columns: list[ChartSeries] = []
    categories: tuple[str, ...] = ()
    for position, ser in enumerate(series):
        data = data_sets.get(_cx_data_id(ser))
        if data is None:
            continue
        categories = categories or _cx_categories(data)
        name = _cx_text(ser.find(f"{{{CX}}}tx")) or f"Series {position + 1}"
        columns.append(ChartSeries(name=name, values=_cx_values(data)))
    chart = root.find(f"{{{CX}}}chart")
    title = _cx_text(chart.find(f"{{{CX}}}title")) if chart is not None else ""
    if not columns and not title:
        return None
    chart_type = (series[0].get("layoutId") if series else None) or "unknown"
    return Chart(chart_type=chart_type, title=title or None, categories=categories, series=tuple(columns))


def _cx_data_id(series: etree._Element) -> str:
    data_id = series.find(f"{{{CX}}}dataId")
    return data_id.get("val", "") if data_id is not None else ""


def _cx_text(element: etree._Element | None) -> str:
    """Return the text of a chartex title or series name: rich text runs, else the cached ``cx:v``."""
    if element is None:
        return ""
    lines = ["".join(t.text or "" for t in p.iter(qn("a:t"))) for p in element.iter(qn("a:p"))]
    lines = lines or [v.text or "" for v in element.iter(f"{{{CX}}}v")]
    return " ".join(line.strip() for line in lines if line.strip())


def _cx_levels(dimension: etree._Element) -> list[list[str | None]]:
    levels = []
    for level in dimension.findall(f"{{{CX}}}lvl"):
        points = {to_int(pt.get("idx"), -1): pt.text for pt in level.findall(f"{{{CX}}}pt")}
        count = min(max(to_int(level.get("ptCount"), 0), max(points, default=-1) + 1), MAX_POINTS)
        levels.append([points.get(index) for index in range(count)])
    return levels


def _cx_categories(data: etree._Element) -> tuple[str, ...]:
    dimension = next((d for d in data.findall(f"{{{CX}}}strDim") if d.get("type") == "cat"), None)
    levels = _cx_levels(dimension) if dimension is not None else []
    if not levels:
        return ()
    labels = []
    for index, leaf in enumerate(levels[0]):
        outer = [level[index] if index < len(level) else None for level in reversed(levels[1:])]
        labels.append(" / ".join(part.strip() for part in [*outer, leaf] if part and part.strip()))
    return tuple(labels)


def _cx_values(data: etree._Element) -> tuple[float | None, ...]:
    dimension = next((d for d in data.findall(f"{{{CX}}}numDim") if d.get("type") in ("val", "size")), None)
    levels = _cx_levels(dimension) if dimension is not None else []
    return tuple(_number(value) for value in levels[0]) if levels else ()
