"""PPTX pictures and graphic frames: images, audio and video, tables, charts, SmartArt, and the frames we skip."""

from __future__ import annotations

import re

from lxml import etree

from converter.model import Block, Image, Table, TableCell, TableRow

from .chart import read_chart
from .context import SlideContext, is_true, qn, to_int
from .drawings import METAFILES
from .media import is_media, read_media
from .parts import Part
from .smartart import read_smartart
from .text import read_spans

EMU_PER_PX = 9525
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CHARTEX_URI = "http://schemas.microsoft.com/office/drawing/2014/chartex"
CHART_URIS = (CHART_URI, CHARTEX_URI)
DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
OLE_URI = "http://schemas.openxmlformats.org/presentationml/2006/ole"
EQUATION_PROG_IDS = ("Equation.", "MathType", "Equation.DSMT")
"""``progId`` starts of OLE equations: Microsoft Equation 3.0 and MathType."""
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
_FILE_NAME = re.compile(r"[\w\-. ]+\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)", re.IGNORECASE)
Box = tuple[int, int, int, int]
_TR, _TC, _TX_BODY, _P = qn("a:tr"), qn("a:tc"), qn("a:txBody"), qn("a:p")


# ---------------------------------------------------------------------------------------------- pictures


def read_picture(pic: etree._Element, ctx: SlideContext, box: Box | None) -> list[Block]:
    """Return a picture as an ``Image`` block whose asset is stored once (a WMF/EMF picture waits in
    ``deck.previews`` for LibreOffice to make it PNG); the poster frame of an audio or video clip gives the clip's
    ``Media`` block instead; broken parts warn."""
    if is_media(pic):
        return read_media(pic, ctx)
    blip = pic.find(f"{qn('p:blipFill')}/{qn('a:blip')}")
    embed = blip.get(qn("r:embed")) if blip is not None else None
    if blip is not None and not embed and blip.get(qn("r:link")):
        ctx.warn("pptx.external-image-skipped", "a linked picture outside the file was not fetched", pic,
                 instead="left out")
        return []
    rel = ctx.relationship(embed)
    if rel is not None and rel.external:
        ctx.warn("pptx.external-image-skipped", "a linked picture outside the file was not fetched", pic,
                 instead="left out")
        return []
    part = ctx.related_part(embed) if rel is not None else None
    if part is None or not part.blob:
        ctx.warn("pptx.image-missing", "a picture's image data is missing from the file; it was left out", pic,
                 instead="left out")
        return []
    extension = part.ext.lower().lstrip(".")
    if extension in METAFILES:
        return [_image(pic, ctx.deck.previews.add(part.blob, extension, ctx.where(pic), equation=False), ctx, box)]
    asset = ctx.deck.assets.add(part.blob, part.content_type, part.ext)
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


# ---------------------------------------------------------------------------------------------- graphic frames


def read_graphic_frame(frame: etree._Element, ctx: SlideContext) -> list[Block]:
    """Return a table, chart or SmartArt frame's blocks; OLE objects and unknown frames warn."""
    data = frame.find(f"{qn('a:graphic')}/{qn('a:graphicData')}")
    if data is None:  # a frame without graphic data: of no known kind
        data = etree.Element(qn("a:graphicData"))
    uri = data.get("uri", "")
    if uri == TABLE_URI and (tbl := data.find(qn("a:tbl"))) is not None:
        return read_table(tbl, ctx, frame)
    if uri in CHART_URIS:
        return read_chart(data, ctx, frame)
    if uri == DIAGRAM_URI:
        return read_smartart(data, ctx, frame)
    if uri == OLE_URI:
        return read_ole_object(data, ctx, frame)
    ctx.warn("pptx.unsupported-shape", f"a graphic frame of an unknown kind ({uri or 'no type'}) was left out", frame,
             instead="left out")
    return []


def read_ole_object(data: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[Block]:
    """Return an OLE equation (Equation Editor, MathType) as an ``Image(role="equation")`` whose asset is, for
    now, its WMF/EMF preview's key in ``deck.previews`` (``pictures`` makes it a PNG); other objects warn."""
    objects = list(data.iter(qn("p:oleObj")))
    prog_id = next((obj.get("progId", "") for obj in objects if obj.get("progId")), "")
    preview = _ole_preview(objects, ctx)
    if not prog_id.startswith(EQUATION_PROG_IDS) or preview is None:
        ctx.warn("pptx.ole-object-skipped", f"an embedded object ({prog_id or 'OLE'}) was left out", frame,
                 instead="left out")
        return []
    key = ctx.deck.previews.add(preview.blob, preview.ext.lower(), ctx.where(frame))
    c_nv_pr = next(frame.iter(qn("p:cNvPr")), None)
    alt = (c_nv_pr.get("descr") or "").strip() if c_nv_pr is not None else ""
    return [Image(asset=key, role="equation", alt=alt or "Equation", where=ctx.where(frame))]


def _ole_preview(objects: list[etree._Element], ctx: SlideContext) -> Part | None:
    """Return the part of an OLE object's preview picture (``p:oleObj/p:pic`` blip, in the Fallback) when it
    is a WMF or EMF, or None."""
    for obj in objects:
        blip = obj.find(f"{qn('p:pic')}/{qn('p:blipFill')}/{qn('a:blip')}")
        part = ctx.related_part(blip.get(qn("r:embed"))) if blip is not None else None
        if part is not None and part.blob and part.ext.lower().lstrip(".") in ("wmf", "emf"):
            return part
    return None


def read_table(tbl: etree._Element, ctx: SlideContext, frame: etree._Element) -> list[Block]:
    """Return a ``Table``: spans become colspan/rowspan, continuation cells (hMerge/vMerge) are omitted."""
    rows = tuple(TableRow(cells=read_row(tr, ctx, frame)) for tr in tbl.iterchildren(_TR))
    if not rows:
        return []
    tbl_pr = tbl.find(qn("a:tblPr"))
    header = 1 if tbl_pr is not None and is_true(tbl_pr.get("firstRow")) else 0
    return [Table(rows=rows, header_rows=header, where=ctx.where(frame))]


def read_row(tr: etree._Element, ctx: SlideContext, frame: etree._Element) -> tuple[TableCell, ...]:
    cells = []
    for tc in tr.iterchildren(_TC):
        if is_true(tc.get("hMerge")) or is_true(tc.get("vMerge")):
            continue
        cells.append(read_cell(tc, ctx, frame))
    return tuple(cells)


def read_cell(tc: etree._Element, ctx: SlideContext, frame: etree._Element) -> TableCell:
    body = next(tc.iterchildren(_TX_BODY), None)
    lines = [read_spans(p, ctx, frame) for p in body.iterchildren(_P)] if body is not None else []
    return TableCell(
        paragraphs=tuple(line for line in lines if line),
        colspan=max(to_int(tc.get("gridSpan"), 1), 1),
        rowspan=max(to_int(tc.get("rowSpan"), 1), 1),
    )
