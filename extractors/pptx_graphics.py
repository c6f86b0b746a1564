"""PPTX pictures and graphic frames: images with alt text, tables with merged cells, and the frames we skip."""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree

from converter.model import Block, Image, ListBlock, ListItem, Paragraph, Span, Table, TableCell, TableRow

from ._ooxml import parse_xml
from .pptx_context import SlideContext, is_true, qn, to_int
from .pptx_text import read_spans

EMU_PER_PX = 9525
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
CHART_URIS = (
    "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "http://schemas.microsoft.com/office/drawing/2014/chartex",
)
DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
OLE_URI = "http://schemas.openxmlformats.org/presentationml/2006/ole"
_MEDIA_TAGS = ("a:videoFile", "a:audioFile", "a:quickTimeFile", "a:wavAudioFile", "a:audioCd")
_P14_MEDIA = "{http://schemas.microsoft.com/office/powerpoint/2010/main}media"
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
_FILE_NAME = re.compile(r"[\w\-. ]+\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)", re.IGNORECASE)
Box = tuple[int, int, int, int]


# ---------------------------------------------------------------------------------------------- pictures


def read_picture(pic: etree._Element, ctx: SlideContext, box: Box | None) -> list[Block]:
    """Return a picture as an ``Image`` block whose asset is stored once; media and broken parts warn."""
    if is_media(pic):
        ctx.warn("pptx.media-skipped", "audio or video is not carried over yet; add it to the course by hand", pic)
        return []
    blip = pic.find(f"{qn('p:blipFill')}/{qn('a:blip')}")
    embed = blip.get(qn("r:embed")) if blip is not None else None
    if blip is not None and not embed and blip.get(qn("r:link")):
        ctx.warn("pptx.external-image-skipped", "a linked picture outside the file was not fetched", pic)
        return []
    rel = ctx.relationship(embed)
    if rel is not None and rel.is_external:
        ctx.warn("pptx.external-image-skipped", "a linked picture outside the file was not fetched", pic)
        return []
    part = rel.target_part if rel is not None else None
    if part is None or not part.blob:
        ctx.warn("pptx.image-missing", "a picture's image data is missing from the file; it was left out", pic)
        return []
    asset = ctx.deck.assets.add(part.blob, part.content_type, part.partname.ext)
    return [_image(pic, asset.id, ctx, box)]


def _image(pic: etree._Element, asset_id: str, ctx: SlideContext, box: Box | None) -> Image:
    c_nv_pr = next(pic.iter(qn("p:cNvPr")), None)
    alt = (c_nv_pr.get("descr") or "").strip() if c_nv_pr is not None else ""
    decorative = c_nv_pr is not None and _is_decorative(c_nv_pr)
    if not decorative:
        _check_alt(alt, ctx, pic)
    width, height = (round(box[2] / EMU_PER_PX), round(box[3] / EMU_PER_PX)) if box else (None, None)
    return Image(
        asset=asset_id, alt=alt, width_px=width or None, height_px=height or None, decorative=decorative,
        where=ctx.where(pic),
    )


def _check_alt(alt: str, ctx: SlideContext, pic: etree._Element) -> None:
    if not alt:
        ctx.warn("pptx.missing-alt-text", "a picture has no alternative text; describe it for screen readers", pic)
    elif _FILE_NAME.fullmatch(alt):
        ctx.warn("pptx.missing-alt-text", f"a picture's alternative text is only its file name ({alt!r})", pic)


def _is_decorative(c_nv_pr: etree._Element) -> bool:
    return any(is_true(mark.get("val")) for mark in c_nv_pr.iter(_DECORATIVE))


def is_media(pic: etree._Element) -> bool:
    """Return True when a picture is the poster frame of an audio or video clip."""
    nv_pr = pic.find(f"{qn('p:nvPicPr')}/{qn('p:nvPr')}")
    if nv_pr is None:
        return False
    return any(nv_pr.find(qn(tag)) is not None for tag in _MEDIA_TAGS) or next(nv_pr.iter(_P14_MEDIA), None) is not None


# ---------------------------------------------------------------------------------------------- graphic frames


def read_graphic_frame(frame: etree._Element, ctx: SlideContext) -> list[Block]:
    """Return a table's block; charts, SmartArt and OLE objects warn and keep only their easy text."""
    data = frame.find(f"{qn('a:graphic')}/{qn('a:graphicData')}")
    uri = data.get("uri", "") if data is not None else ""
    if uri == TABLE_URI and data.find(qn("a:tbl")) is not None:
        return read_table(data.find(qn("a:tbl")), ctx, frame)
    if uri in CHART_URIS:
        return read_chart(data, ctx, frame)
    if uri == DIAGRAM_URI:
        return read_smartart(data, ctx, frame)
    if uri == OLE_URI:
        ctx.warn("pptx.ole-object-skipped", "an embedded object (OLE) was left out", frame)
        return []
    ctx.warn("pptx.unsupported-shape", f"a graphic frame of an unknown kind ({uri or 'no type'}) was left out", frame)
    return []


def read_table(tbl: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[Block]:
    """Return a ``Table``: spans become colspan/rowspan, continuation cells (hMerge/vMerge) are omitted."""
    rows = tuple(TableRow(cells=read_row(tr, ctx, frame)) for tr in tbl.findall(qn("a:tr")))
    if not rows:
        return []
    tbl_pr = tbl.find(qn("a:tblPr"))
    header = 1 if tbl_pr is not None and is_true(tbl_pr.get("firstRow")) else 0
    return [Table(rows=rows, header_rows=header, where=ctx.where(frame))]


def read_row(tr: etree._Element, ctx: SlideContext, frame: etree._Element) -> tuple[TableCell, ...]:
    cells = []
    for tc in tr.findall(qn("a:tc")):
        if is_true(tc.get("hMerge")) or is_true(tc.get("vMerge")):
            continue
        cells.append(read_cell(tc, ctx, frame))
    return tuple(cells)


def read_cell(tc: etree._Element, ctx: SlideContext, frame: etree._Element) -> TableCell:
    body = tc.find(qn("a:txBody"))
    lines = [read_spans(p, ctx, frame) for p in body.findall(qn("a:p"))] if body is not None else []
    return TableCell(
        paragraphs=tuple(line for line in lines if line),
        colspan=max(to_int(tc.get("gridSpan"), 1), 1),
        rowspan=max(to_int(tc.get("rowSpan"), 1), 1),
    )


def read_chart(data: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[Block]:
    """Warn that the chart is not read yet; keep its title as a paragraph when it has one."""
    ctx.warn("pptx.chart-not-read", "a chart was not carried over yet (its title, if any, is kept)", frame)
    chart_ref = next((el for el in data if el.get(qn("r:id"))), None)
    part = ctx.related_part(chart_ref.get(qn("r:id")) if chart_ref is not None else None)
    if part is None:
        return []
    root = parse_xml(part.blob, str(part.partname), ctx.deck.file)
    title = next(root.iter(qn("c:title")), None)
    text = " ".join((t.text or "").strip() for t in title.iter(qn("a:t"))) if title is not None else ""
    return [Paragraph(spans=(Span(text=text.strip()),), where=ctx.where(frame))] if text.strip() else []


def read_smartart(data: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[Block]:
    """Warn that the diagram is not read as a diagram; keep the text of its nodes as a flat list."""
    ctx.warn("pptx.smartart-not-read", "a SmartArt diagram was not carried over as a diagram; its text is kept", frame)
    rel_ids = data.find(qn("dgm:relIds"))
    part = ctx.related_part(rel_ids.get(qn("r:dm")) if rel_ids is not None else None)
    if part is None:
        return []
    root = parse_xml(part.blob, str(part.partname), ctx.deck.file)
    data_ctx = replace(ctx, part=part)
    items = []
    for point, level in smartart_outline(root):
        body = point.find(qn("dgm:t"))
        if point.get("type", "node") in ("node", "asst") and body is not None:
            lines = (read_spans(p, data_ctx, frame) for p in body.findall(qn("a:p")))
            items.extend(ListItem(spans=spans, level=min(level, 8)) for spans in lines if spans)
    return [ListBlock(items=tuple(items), where=ctx.where(frame))] if items else []


def smartart_outline(root: etree._Element) -> list[tuple[etree._Element, int]]:
    """Return SmartArt data points in outline order with their depth (0 = top level), walking parent links.

    Points no link reaches follow at depth 0, so no text is lost to a broken diagram.
    """
    points = {point.get("modelId", ""): point for point in root.iter(qn("dgm:pt"))}
    children: dict[str, list[tuple[int, str]]] = {}
    for cxn in root.iter(qn("dgm:cxn")):
        if cxn.get("type", "parOf") == "parOf":
            children.setdefault(cxn.get("srcId", ""), []).append((to_int(cxn.get("srcOrd")), cxn.get("destId", "")))
    stack = [(model_id, -1) for model_id, point in reversed(points.items()) if point.get("type") == "doc"]
    order: dict[str, int] = {}
    while stack:
        model_id, depth = stack.pop()
        if model_id in order or model_id not in points:
            continue
        order[model_id] = max(depth, 0)
        stack.extend((child, depth + 1) for _, child in sorted(children.get(model_id, []), reverse=True))
    order.update({model_id: 0 for model_id in points if model_id not in order})
    return [(points[model_id], depth) for model_id, depth in order.items()]
