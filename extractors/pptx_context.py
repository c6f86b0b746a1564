"""Shared state of one PPTX read: namespaces, the asset store, deck-wide and per-slide context."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from converter.model import Asset, Location
from converter.result import Messages

if TYPE_CHECKING:
    from .pptx_styles import PlaceholderStyles

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "p15": "http://schemas.microsoft.com/office/powerpoint/2012/main",
    "a14": "http://schemas.microsoft.com/office/drawing/2010/main",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "cx": "http://schemas.microsoft.com/office/drawing/2014/chartex",
    "dsp": "http://schemas.microsoft.com/office/drawing/2008/diagram",
}
TRUE_VALUES = frozenset({"1", "true", "on"})
_MEDIA_TYPES = {
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "jpe": "image/jpeg", "gif": "image/gif",
    "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "svg": "image/svg+xml", "webp": "image/webp",
    "emf": "image/x-emf", "wmf": "image/x-wmf",
    "mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime", "webm": "video/webm", "ogv": "video/ogg",
    "wmv": "video/x-ms-wmv", "avi": "video/x-msvideo", "mpg": "video/mpeg", "mpeg": "video/mpeg",
    "asf": "video/x-ms-asf", "swf": "application/x-shockwave-flash",
    "mp3": "audio/mpeg", "m4a": "audio/mp4", "aac": "audio/aac", "wav": "audio/wav", "oga": "audio/ogg",
    "ogg": "audio/ogg", "opus": "audio/ogg", "flac": "audio/flac", "wma": "audio/x-ms-wma", "mid": "audio/midi",
    "midi": "audio/midi", "aif": "audio/aiff", "aiff": "audio/aiff",
}
_MEDIA_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}


def qn(tag: str) -> str:
    """Return Clark notation for a prefixed tag: ``qn('a:t')`` -> ``{http://...drawingml/2006/main}t``."""
    prefix, local = tag.split(":", 1)
    return f"{{{NS[prefix]}}}{local}"


def is_true(value: str | None) -> bool:
    """Return True for an xsd:boolean attribute that is set ('1' or 'true')."""
    return (value or "").strip().lower() in TRUE_VALUES


def to_int(value: str | None, default: int = 0) -> int:
    """Return ``value`` as an int, or ``default`` when it is missing or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def shape_name(element: etree._Element) -> str:
    """Return a shape's name and id as PowerPoint's selection pane shows them, e.g. ``Picture 3 (id 7)``."""
    c_nv_pr = next(element.iter(qn("p:cNvPr"), qn("p14:cNvPr")), None)
    if c_nv_pr is None:
        return etree.QName(element).localname
    return f"{c_nv_pr.get('name') or 'unnamed'} (id {c_nv_pr.get('id', '?')})"


class AssetStore:
    """Pictures, audio and video keyed by the sha256 of their bytes: the same picture on 40 slides is stored once."""

    def __init__(self) -> None:
        self._assets: dict[str, Asset] = {}

    def add(self, data: bytes, content_type: str, extension: str) -> Asset:
        """Return the asset for ``data``, adding it on first sight."""
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self._assets:
            ext = _clean_extension(extension)
            media_type = _media_type(content_type, ext)
            self._assets[digest] = Asset(id=digest, media_type=media_type, extension=ext, size=len(data), data=data)
        return self._assets[digest]

    def all(self) -> tuple[Asset, ...]:
        return tuple(self._assets.values())


def _clean_extension(extension: str) -> str:
    ext = extension.lower().lstrip(".")
    return ext if ext.isalnum() and 0 < len(ext) <= 8 else "bin"


def _media_type(content_type: str, ext: str) -> str:
    content_type = _MEDIA_ALIASES.get(content_type.lower(), content_type.lower())
    if content_type.startswith("image/"):
        return content_type
    if ext in _MEDIA_TYPES:
        return _MEDIA_TYPES[ext]
    return content_type if content_type.startswith(("audio/", "video/")) else "application/octet-stream"


@dataclass
class DeckContext:
    """What every slide reader shares: file name, messages, assets, slide numbers by part name."""

    file: str
    messages: Messages
    row_tolerance: int
    path: Path | None = None
    slide_numbers: dict[str, int] = field(default_factory=dict)
    assets: AssetStore = field(default_factory=AssetStore)
    languages: Counter[str] = field(default_factory=Counter)
    layouts: dict[str, Any] = field(default_factory=dict)


@dataclass
class SlideContext:
    """One slide (or notes slide) being read: its python-pptx part gives relationships and related parts;
    ``styles`` are its layout's and master's placeholder list styles (None for notes and damaged decks)."""

    deck: DeckContext
    unit: int
    part: Any
    placeholder_boxes: dict[tuple[str, str], tuple[int, int, int, int]] = field(default_factory=dict)
    styles: PlaceholderStyles | None = None

    def where(self, element: etree._Element | None = None) -> Location:
        """Return the location of this slide, or of one shape on it."""
        return Location(file=self.deck.file, unit=self.unit, shape=shape_name(element) if element is not None else None)

    def warn(self, code: str, text: str, element: etree._Element | None = None) -> None:
        self.deck.messages.warn(code, text, self.where(element))

    def info(self, code: str, text: str, element: etree._Element | None = None) -> None:
        self.deck.messages.info(code, text, self.where(element))

    def relationship(self, r_id: str | None) -> Any | None:
        """Return python-pptx's relationship ``r_id`` of this part, or None when it is empty or dangling."""
        if not r_id:
            return None
        rels = self.part.rels
        return rels[r_id] if r_id in rels else None

    def related_part(self, r_id: str | None) -> Any | None:
        """Return the internal part ``r_id`` points to, or None when it is external, empty or dangling."""
        rel = self.relationship(r_id)
        if rel is None or rel.is_external:
            return None
        return rel.target_part
