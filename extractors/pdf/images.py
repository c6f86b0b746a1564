"""PDF page images to assets: sizes checked before decoding, JPEGs kept as they are, others written as PNG."""

from __future__ import annotations

import ctypes
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from converter.errors import MissingDependencyError
from converter.model import Asset, Image

from .geometry import Frame, sane
from .layout import Placed
from .open import INSTALL_HINT

MAX_IMAGE_PIXELS = 40_000_000
"""Images larger than this (decoded) are skipped: a decompression bomb must not exhaust memory."""
MAX_DOCUMENT_PIXELS = 400_000_000
MAX_IMAGES_PER_PAGE = 200
MIN_DISPLAY_POINTS = 10.0
"""Images shown smaller than this in both directions (bullets, rules, tracking pixels) are left out."""
MAX_STRUCT_ELEMENTS = 5_000
PNG_COMPRESS_LEVEL = 3
"""zlib level for decoded images: level 3 is several times faster than Pillow's default 6, a little larger."""
SIMPLE_FILTERS = frozenset({"ASCIIHexDecode", "ASCII85Decode", "RunLengthDecode", "FlateDecode", "LZWDecode",
                            "AHx", "A85", "RL", "Fl", "LZW"})


@dataclass
class ImageStore:
    """Assets keyed by sha256, plus what the document's images left to report."""

    assets: dict[str, Asset] = field(default_factory=dict)
    encoded: dict[str, Asset] = field(default_factory=dict)
    """Assets by the digest of the image's stored stream: a logo on every page is decoded once."""
    pixels: int = 0
    tiny: int = 0

    def add(self, data: bytes, media_type: str, extension: str) -> Asset:
        """Return the asset for ``data``, stored once however often it is used."""
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self.assets:
            self.assets[digest] = Asset(id=digest, media_type=media_type, extension=extension, size=len(data),
                                        data=data)
        return self.assets[digest]


@dataclass
class PageImages:
    """The images placed on one page, and what was skipped (for the page's warnings)."""

    placed: list[Placed] = field(default_factory=list)
    found: int = 0
    too_large: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def read_images(raw: Any, page: Any, frame: Frame, store: ImageStore, where: Any) -> PageImages:
    """Return the page's images as placed ``Image`` blocks; sizes are checked before any pixel is decoded.

    Alt text comes from the structure tree (``/Alt`` on the element that owns the image's marked content)
    when the PDF is tagged; most PDFs are not (the document then gets one ``pdf.missing-alt-text`` warning).
    """
    result = PageImages()
    alts: dict[int, str] | None = None
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=8):
        result.found += 1
        if result.found > MAX_IMAGES_PER_PAGE:
            break
        bounds = obj.get_bounds()
        box = frame.box(*bounds) if sane(*bounds) else (0.0, 0.0, 0.0, 0.0)
        if box[2] - box[0] < MIN_DISPLAY_POINTS and box[3] - box[1] < MIN_DISPLAY_POINTS:
            store.tiny += 1
            continue
        if alts is None:
            alts = alt_texts(raw, page)
        image = _read_image(raw, obj, store, result, alts, where)
        if image is not None:
            result.placed.append(Placed(image, *box))
    return result


def _read_image(raw: Any, obj: Any, store: ImageStore, result: PageImages, alts: dict[int, str],
                where: Any) -> Image | None:
    try:
        width, height = obj.get_px_size()
    except Exception:  # noqa: BLE001 - pdfium cannot size it: nothing can be decoded either
        result.failed.append("unknown size")
        return None
    label = f"{width:,} x {height:,} pixels"
    if width * height > MAX_IMAGE_PIXELS or store.pixels + width * height > MAX_DOCUMENT_PIXELS:
        result.too_large.append(label)
        return None
    try:
        asset = _asset(obj, store, width * height)
    except MissingDependencyError:
        raise
    except Exception:  # noqa: BLE001 - a damaged image stream loses the image, not the page
        result.failed.append(label)
        return None
    alt = alts.get(raw.FPDFPageObj_GetMarkedContentID(obj.raw), "") if alts else ""
    return Image(asset=asset.id, alt=alt, width_px=width, height_px=height, where=where)


def _asset(obj: Any, store: ImageStore, pixels: int) -> Asset:
    """Return the image's asset, decoding it only the first time its stored stream is seen."""
    stream = hashlib.sha256(bytes(obj.get_data(decode_simple=False)))
    stream.update(repr((obj.get_filters(), obj.get_px_size())).encode())
    key = stream.hexdigest()
    if key not in store.encoded:
        store.pixels += pixels
        store.encoded[key] = store.add(*encode_image(obj))
    return store.encoded[key]


def encode_image(obj: Any) -> tuple[bytes, str, str]:
    """Return ``(bytes, media type, extension)``: a JPEG stream as stored, anything else decoded to PNG."""
    filters = list(obj.get_filters())
    if filters and filters[-1] in ("DCTDecode", "DCT") and all(f in SIMPLE_FILTERS for f in filters[:-1]):
        data = bytes(obj.get_data(decode_simple=True))
        if data[:3] == b"\xff\xd8\xff":
            return data, "image/jpeg", "jpg"
    try:
        import PIL.Image  # noqa: F401 - pypdfium2's to_pil needs it
    except ImportError as error:
        raise MissingDependencyError(f"saving PDF images needs Pillow: {INSTALL_HINT}") from error
    bitmap = obj.get_bitmap(render=False)
    try:
        picture = bitmap.to_pil()
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    finally:
        bitmap.close()
    return buffer.getvalue(), "image/png", "png"


def alt_texts(raw: Any, page: Any) -> dict[int, str]:
    """Return alt text by marked-content id from the page's structure tree (empty when untagged)."""
    tree = raw.FPDF_StructTree_GetForPage(page.raw)
    if not tree:
        return {}
    found: dict[int, str] = {}
    try:
        stack = [raw.FPDF_StructTree_GetChildAtIndex(tree, i) for i in range(raw.FPDF_StructTree_CountChildren(tree))]
        visited = 0
        while stack and visited < MAX_STRUCT_ELEMENTS:
            element = stack.pop()
            visited += 1
            if not element:
                continue
            _collect_alt(raw, element, found)
            count = raw.FPDF_StructElement_CountChildren(element)
            stack.extend(raw.FPDF_StructElement_GetChildAtIndex(element, i) for i in range(max(count, 0)))
    finally:
        raw.FPDF_StructTree_Close(tree)
    return found


def _collect_alt(raw: Any, element: Any, found: dict[int, str]) -> None:
    alt = _utf16(raw.FPDF_StructElement_GetAltText, element).strip()
    if not alt:
        return
    for index in range(max(raw.FPDF_StructElement_GetMarkedContentIdCount(element), 0)):
        mcid = raw.FPDF_StructElement_GetMarkedContentIdAtIndex(element, index)
        if mcid >= 0:
            found.setdefault(mcid, alt)


def _utf16(getter: Any, handle: Any) -> str:
    """Return a string from a pdfium getter that fills a UTF-16LE buffer and reports the bytes needed."""
    size = getter(handle, None, 0)
    if size <= 2 or size > 1_000_000:
        return ""
    buffer = ctypes.create_string_buffer(size)
    getter(handle, buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", "replace")
