"""DOCX drawings: pictures (DrawingML and VML) to content-addressed images, text boxes handed back for reading."""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from converter.model import Image

from .context import DocContext, TextBox
from .graphics import C_NS, CX_NS, DGM_NS, read_chart_ref, read_smartart
from .wordml import qn, to_int

EMU_PER_PX = 9525
MAX_PX = 100_000
"""Sizes beyond this are damage, not pictures: they are capped rather than passed on."""
_FILE_NAME = re.compile(r"[\w \-.()]+\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)", re.I)
_VML_SIZE = re.compile(r"(width|height)\s*:\s*(\d+(?:\.\d+)?)\s*(pt|px|in|cm|mm)?", re.I)
_PX_PER_UNIT = {"pt": 96 / 72, "px": 1.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, None: 96 / 72}
_TXBX, _BLIP, _IMAGEDATA = qn("w:txbxContent"), qn("a:blip"), qn("v:imagedata")
_O_TITLE = "{urn:schemas-microsoft-com:office:office}title"
_O_RELID = "{urn:schemas-microsoft-com:office:office}relid"
_FILLS = tuple(qn(tag) for tag in ("a:solidFill", "a:gradFill", "a:pattFill", "a:blipFill"))


def read_graphic(element: etree._Element, ctx: DocContext) -> None:
    """Read a ``w:drawing``, ``w:pict`` or ``w:object`` into ``ctx.side``: its pictures, then its text boxes.

    Text boxes are not read here: their ``w:txbxContent`` goes back to the block reader, which knows
    paragraphs and tables. Nothing inside a text box is collected twice.
    """
    blips: list[etree._Element] = []
    imagedata: list[etree._Element] = []
    boxes: list[etree._Element] = []
    _collect(element, blips, imagedata, boxes)
    if element.tag == qn("w:drawing"):
        for frame in element:
            _read_frame_pictures(frame, ctx, [b for b in blips if _inside(b, frame)])
            _read_frame_graphics(frame, ctx)
    for data in imagedata:
        read_vml_picture(data, ctx)
    if element.tag == qn("w:object") and imagedata:
        ctx.info("docx.object-preview", "an embedded object is shown as its preview picture only",
                 instead="preview picture")
    for box in boxes:
        ctx.side.append(TextBox(box, _framed(box)))


def _collect(element: etree._Element, blips: list[etree._Element], imagedata: list[etree._Element],
             boxes: list[etree._Element]) -> None:
    """Gather pictures and outermost text boxes below ``element``, never looking inside a text box."""
    for child in element:
        tag = child.tag
        if tag == _TXBX:
            boxes.append(child)
        elif tag == _BLIP:
            blips.append(child)
        elif tag == _IMAGEDATA:
            imagedata.append(child)
        elif isinstance(tag, str):
            _collect(child, blips, imagedata, boxes)


def _inside(element: etree._Element, ancestor: etree._Element) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _read_frame_pictures(frame: etree._Element, ctx: DocContext, blips: list[etree._Element]) -> None:
    """Read the pictures of one ``wp:inline``/``wp:anchor``, with its alt text and size."""
    doc_pr = frame.find(qn("wp:docPr"))
    extent = frame.find(qn("wp:extent"))
    alt = _alt(doc_pr)
    name = doc_pr.get("name") if doc_pr is not None else None
    width, height = (_px(extent.get("cx")), _px(extent.get("cy"))) if extent is not None else (0, 0)
    decorative = doc_pr is not None and any(is_on_attr(d) for d in doc_pr.iter(qn("adec:decorative")))
    for blip in blips:
        r_id = blip.get(qn("r:embed"))
        if not r_id and blip.get(qn("r:link")):
            ctx.warn("docx.linked-image", f"a linked picture ({_link_target(blip, ctx)}) is not fetched", name,
                     instead="left out")
            continue
        add_picture(ctx, r_id, alt, (width, height), name, decorative)


def _px(emu: str | None) -> int:
    return min(max(round(to_int(emu) / EMU_PER_PX), 0), MAX_PX)


def _read_frame_graphics(frame: etree._Element, ctx: DocContext) -> None:
    """Read the chart or SmartArt diagram a frame's ``a:graphicData`` holds, if any."""
    data = frame.find(f"{qn('a:graphic')}/{qn('a:graphicData')}")
    doc_pr = frame.find(qn("wp:docPr"))
    name = doc_pr.get("name") if doc_pr is not None else None
    for child in data if data is not None else ():
        block = None
        if child.tag in (f"{{{C_NS}}}chart", f"{{{CX_NS}}}chart"):
            block = read_chart_ref(child, ctx, name)
        elif child.tag == f"{{{DGM_NS}}}relIds":
            block = read_smartart(child, ctx, name)
        if block is not None:
            ctx.side.append(block)


def is_on_attr(element: etree._Element) -> bool:
    return (element.get("val") or "").strip().lower() in ("1", "true", "on")


def _alt(doc_pr: etree._Element | None) -> str:
    if doc_pr is None:
        return ""
    return " ".join((doc_pr.get("descr") or doc_pr.get("title") or "").split())


def _link_target(blip: etree._Element, ctx: DocContext) -> str:
    rel = ctx.relationship(blip.get(qn("r:link")))
    return repr(rel.target[:80]) if rel is not None and rel.target else "target unknown"


def read_vml_picture(data: etree._Element, ctx: DocContext) -> None:
    """Read a VML ``v:imagedata`` (old-style pictures, object previews) with its shape's alt text and size."""
    shape = data.getparent()
    r_id = data.get(qn("r:id")) or data.get(_O_RELID)
    alt = " ".join((shape.get("alt") or data.get(_O_TITLE) or "").split()) if shape is not None else ""
    size = _vml_size(shape.get("style") or "") if shape is not None else (0, 0)
    name = shape.get("id") if shape is not None else None
    if not r_id and data.get(qn("r:href")):
        ctx.warn("docx.linked-image", "a linked picture is not fetched", name, instead="left out")
        return
    add_picture(ctx, r_id, alt, size, name, False)


def _vml_size(style: str) -> tuple[int, int]:
    found = {key.lower(): float(value) * _PX_PER_UNIT[unit.lower() if unit else None]
             for key, value, unit in _VML_SIZE.findall(style)}
    return min(int(found.get("width", 0)), MAX_PX), min(int(found.get("height", 0)), MAX_PX)


def add_picture(ctx: DocContext, r_id: str | None, alt: str, size: tuple[int, int], name: str | None,
                decorative: bool) -> None:
    """Store the picture related as ``r_id`` once and add an image block to ``ctx.side``; warn when absent."""
    rel = ctx.relationship(r_id)
    if rel is not None and rel.external:
        ctx.warn("docx.linked-image", f"a linked picture ({(rel.target or '')[:80]!r}) is not fetched", name,
                 instead="left out")
        return
    target = rel.target if rel is not None else None
    data = ctx.package.get(target) if target else None
    if not data or not target:
        ctx.warn("docx.image-missing", f"a picture's data (relationship {r_id!r}) is missing; left out", name,
                 instead="left out")
        return
    part = ctx.package.find(target) or target
    if not decorative:
        check_alt(alt, ctx, name)
    asset = ctx.assets.add(data, ctx.content_types.of(part) or "", posixpath.splitext(part)[1])
    width, height = size
    ctx.side.append(Image(asset=asset.id, alt=alt, width_px=width or None, height_px=height or None,
                          decorative=decorative, where=ctx.where(name)))


def check_alt(alt: str, ctx: DocContext, name: str | None) -> None:
    """Warn when a picture has no alternative text, or only its file name (Word once filled that in)."""
    if not alt:
        ctx.warn("docx.missing-alt-text", "a picture has no alternative text; describe it for screen readers", name)
    elif _FILE_NAME.fullmatch(alt):
        ctx.warn("docx.missing-alt-text", f"a picture's alternative text is only its file name ({alt!r})", name)


def _framed(box: etree._Element) -> bool:
    """Return True when the shape holding a text box is filled or outlined (so it reads as a boxed panel)."""
    shape = next((a for a in box.iterancestors() if a.tag in (qn("wps:wsp"), qn("v:shape"), qn("v:rect"),
                                                               qn("v:roundrect"))), None)
    if shape is None:
        return False
    if shape.tag == qn("wps:wsp"):
        return _framed_dml(shape)
    return (shape.get("filled") or "t").lower() not in ("f", "false") or \
        (shape.get("stroked") or "t").lower() not in ("f", "false")


def _framed_dml(wsp: etree._Element) -> bool:
    sp_pr = wsp.find(qn("wps:spPr"))
    if sp_pr is not None:
        if any(sp_pr.find(fill) is not None for fill in _FILLS):
            return True
        line = sp_pr.find(qn("a:ln"))
        if line is not None and line.find(qn("a:noFill")) is None:
            return True
    style = wsp.find(qn("wps:style"))
    return style is not None and any(to_int(ref.get("idx")) > 0 for ref in style if isinstance(ref.tag, str))
